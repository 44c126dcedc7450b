// The HTTP side: one hono route per spec operation, and the pipeline every request goes
// through (path safety, auth, parameters, body, idempotency, handler, self-check).
import { createHash, randomBytes } from "node:crypto";
import { Hono, type Context } from "hono";
import type { HttpBindings } from "@hono/node-server";
import { ApiError, chooseStatus, errorBody } from "./errors.js";
import { documents, requiredHeaders, responseSchemaPointer, specModel, type CompiledOperation, type Problem } from "./spec.js";
import type { Ctx, Handler, Result } from "./context.js";
import type { World } from "./world.js";
import type { ResponseViolation } from "./types.js";

export interface PipelineOptions {
  world: World;
  handlers: Record<string, Handler>;
  bodyLimitBytes: number;
  bodyTimeoutMs: number;
  baseUrl: () => string;
  log: (line: string) => void;
  onViolation: ((v: ResponseViolation) => void) | undefined;
  /** Called by the reset route. */
  reset: () => Promise<void>;
}

type Env = { Bindings: HttpBindings };

/** `Authorization: Bearer <token>` with an RFC 6750 token of at most 4 KiB. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
const MAX_TOKEN = 4096;

/** The hono path of a spec path: `{id}` becomes `:id`. */
export const honoPath = (specPath: string): string => specPath.replace(/\{([^}]+)\}/g, ":$1");

/** Which operation a raw path would reach (for choosing an error status before routing). */
function operationForRawPath(method: string, segments: string[]): CompiledOperation | undefined {
  return specModel().operations.find((o) => {
    if (o.op.method !== method) return false;
    const template = o.op.path.split("/").slice(1);
    return template.length === segments.length && template.every((t, i) => t.startsWith("{") || t === segments[i]);
  });
}

export function buildApp(options: PipelineOptions): Hono<Env> {
  const { world, handlers } = options;
  const model = specModel();
  const app = new Hono<Env>();
  const gaps = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();

  const fail = (c: Context<Env>, op: CompiledOperation | undefined, error: ApiError, extraHeaders: Record<string, string> = {}): Response => {
    const requestId = c.get("requestId" as never) as string;
    let { status, gap } = chooseStatus(op, error.status);
    if (gap && op) {
      const key = `${op.op.operationId} ${error.status}`;
      if (!gaps.has(key)) {
        gaps.add(key);
        options.log(`spec gap: ${op.op.operationId} documents no ${error.status}; answering ${status} anyway`);
      }
    }
    const code = status === 404 && error.code === "invalid_param" ? "not_found" : error.code;
    const body = errorBody(new ApiError(error.status, code, error.message, error.param, error.metadata), status, requestId);
    if (op) selfCheck(op, status, body, c);
    return c.json(body, status as 400, { "X-Request-Id": requestId, ...extraHeaders });
  };

  const selfCheck = (op: CompiledOperation, status: number, body: unknown, c: Context<Env>, headers: Record<string, string> = {}): void => {
    if (!options.onViolation) return;
    const problems: string[] = [];
    const sent = new Set(["x-request-id", ...Object.keys(headers).map((k) => k.toLowerCase())]);
    for (const name of requiredHeaders(op, status)) if (!sent.has(name.toLowerCase())) problems.push(`required header ${name} is missing`);
    if (!documents(op, status)) problems.push(`status ${status} is not documented`);
    const pointer = responseSchemaPointer(op, status);
    if (pointer) problems.push(...model.check(pointer, body).map(describe));
    else if (body !== undefined) problems.push(`status ${status} documents no JSON body`);
    if (problems.length) options.onViolation({ operationId: op.op.operationId, method: c.req.method, path: c.req.path, status, problems });
  };

  // Every response carries a request id, as the spec's X-Request-Id header says.
  app.use("*", async (c, next) => {
    c.set("requestId" as never, `req_${randomBytes(6).toString("hex")}` as never);
    const started = Date.now();
    await next();
    if (!c.res.headers.has("X-Request-Id")) c.res.headers.set("X-Request-Id", c.get("requestId" as never) as string);
    options.log(`${c.req.method} ${c.req.path} ${c.res.status} ${Date.now() - started}ms`);
  });

  // Raw path safety before routing: the URL parser would fold `..` and `%2e%2e` into another
  // path, so a traversal could reach a different resource. Refuse such segments outright.
  app.use("*", async (c, next) => {
    const raw = (c.env.incoming?.url ?? new URL(c.req.url).pathname).split("?")[0]!;
    const segments = raw.split("/").slice(1);
    for (const segment of segments) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return fail(c, operationForRawPath(c.req.method.toLowerCase(), segments), new ApiError(400, "invalid_param", `path segment \`${segment.slice(0, 64)}\` is not valid percent-encoding`, "path"));
      }
      if (decoded === "." || decoded === ".." || /[\u0000/\\]/.test(decoded)) {
        return fail(c, operationForRawPath(c.req.method.toLowerCase(), segments), new ApiError(400, "invalid_param", `path segment \`${segment.slice(0, 64)}\` is not allowed (dot segments, slashes and NUL are refused)`, "path"));
      }
    }
    await next();
  });

  app.post("/__sandbox/reset", async (c) => {
    await options.reset();
    return c.json({ success: true, data: "reset" });
  });
  app.get("/__sandbox/health", (c) => c.json({ success: true, data: "ok" }));
  app.put("/__sandbox/files/:id", async (c) => {
    // The target of presigned uploads: accepts the bytes and records their size.
    const bytes = (await c.req.arrayBuffer()).byteLength;
    for (const space of world.spaces.values()) {
      const file = space.files.get(c.req.param("id"));
      if (file) file.size = bytes;
    }
    return c.body(null, 200);
  });

  for (const op of model.operations) {
    const handler = handlers[op.op.operationId];
    if (!handler) continue;
    app.on(op.op.method.toUpperCase(), honoPath(op.op.path), async (c) => {
      try {
        return await run(c, op, handler);
      } catch (error) {
        if (error instanceof ApiError) return fail(c, op, error);
        options.log(`internal error in ${op.op.operationId}: ${(error as Error).stack ?? String(error)}`);
        return fail(c, op, new ApiError(500, "internal_error", "the sandbox failed; see its log"));
      }
    });
  }

  app.notFound((c) => fail(c, undefined, new ApiError(404, "not_found", `no operation at ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    options.log(`internal error: ${error.stack ?? String(error)}`);
    return fail(c, undefined, new ApiError(500, "internal_error", "the sandbox failed; see its log"));
  });

  async function run(c: Context<Env>, op: CompiledOperation, handler: Handler): Promise<Response> {
    // 1. The bearer token.
    const authorization = c.req.header("authorization");
    if (authorization === undefined || authorization.trim() === "") {
      throw new ApiError(401, "missing_token", "send `Authorization: Bearer <token>`; any well-formed token works in the sandbox");
    }
    const match = BEARER.exec(authorization.trim());
    if (!match || match[1]!.length > MAX_TOKEN) {
      throw new ApiError(401, "invalid_token", "the Authorization header is not `Bearer <token>` with a well-formed token (letters, digits and -._~+/ only, at most 4096 characters)");
    }
    const token = match[1]!;

    // 2. Parameters, validated with the spec's own schemas.
    const path: Record<string, string> = {};
    const query: Record<string, unknown> = {};
    const headers: Record<string, string | undefined> = {};
    for (const { param, schemaPointer } of op.params) {
      let raw: string | undefined;
      if (param.in === "path") raw = c.req.param(param.name);
      else if (param.in === "query") raw = c.req.query(param.name);
      else if (param.in === "header") raw = c.req.header(param.name);
      const where = `${param.in === "header" ? "header" : `${param.in} parameter`} \`${param.name}\``;
      if (raw === undefined || (param.in === "header" && raw === "")) {
        if (param.required) throw new ApiError(400, "missing_param", `${where} is required`, param.name);
        continue;
      }
      const value = coerce(raw, param.schema);
      const problems = model.check(schemaPointer, value);
      if (problems.length) {
        const shown = raw.length > 64 ? `${raw.slice(0, 64)}... (${raw.length} characters)` : raw;
        throw new ApiError(400, "invalid_param", `${where} \`${shown}\` ${problems.map((p) => p.message).join("; ")}`, param.name);
      }
      if (param.in === "path") path[param.name] = raw;
      else if (param.in === "query") query[param.name] = value;
      else headers[param.name.toLowerCase()] = raw;
    }

    // 3. The body: size, time, media type, JSON, schema.
    let rawBody = "";
    let body: unknown;
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && method !== "DELETE") {
      rawBody = await readBody(c);
      if (op.bodyPointer) {
        if (rawBody.trim() === "") {
          if (op.bodyRequired) throw new ApiError(400, "invalid_body", "this operation needs a JSON body");
        } else {
          const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
          if (type !== "application/json" && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
            throw new ApiError(415, "invalid_body", `Content-Type must be application/json, got \`${type || "(none)"}\``);
          }
          try {
            body = JSON.parse(rawBody);
          } catch (error) {
            throw new ApiError(400, "invalid_json", `the body is not valid JSON: ${(error as Error).message}`);
          }
          const problems = model.check(op.bodyPointer, body);
          if (problems.length) throw bodyError(problems);
        }
      }
    }

    // 4. Idempotency: the same key with the same request answers the recorded response.
    const space = world.space(token);
    const idemKey = headers["idempotency-key"] ?? (typeof (body as any)?.idempotency_key === "string" ? (body as any).idempotency_key : undefined);
    const fingerprint = createHash("sha256").update(`${method} ${c.req.path}\n${canonical(body)}`).digest("hex");
    const recordKey = idemKey !== undefined ? `${op.op.operationId}|${idemKey}` : undefined;
    if (recordKey) {
      // A duplicate that arrives while the first is still being answered waits for that answer.
      const running = inFlight.get(`${token}|${recordKey}`);
      if (running) await running.catch(() => undefined);
      const seen = space.idempotency.get(recordKey);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          const status = documents(op, 422) ? 422 : 409;
          throw new ApiError(status, "idempotency_key_reused", `Idempotency key \`${idemKey}\` was already used with a different request; use a new key for a new request`);
        }
        selfCheck(op, seen.status, seen.body, c, seen.headers);
        return render(c, seen.status, seen.body, { ...seen.headers, "Idempotent-Replayed": "true" });
      }
    }

    // 5. The handler.
    const ctx: Ctx = {
      token,
      space,
      world,
      op,
      path,
      query,
      headers,
      body,
      accept: c.req.header("accept") ?? "",
      baseUrl: options.baseUrl(),
      signal: c.req.raw.signal,
      checkEvent: (event) => {
        if (!options.onViolation) return;
        const pointer = op.op.stream?.eventSchemaPointer;
        if (!pointer) return;
        const problems = model.check(pointer, event).map(describe);
        if (problems.length) options.onViolation({ operationId: op.op.operationId, method, path: c.req.path, status: 200, problems });
      },
    };
    let settle = () => {};
    if (recordKey) inFlight.set(`${token}|${recordKey}`, new Promise<void>((resolve) => (settle = resolve)));
    let result: Result;
    try {
      result = await handler(ctx);
    } finally {
      if (recordKey) inFlight.delete(`${token}|${recordKey}`);
      settle();
    }
    if (result instanceof Response) return result;
    const ok = result.status >= 200 && result.status < 300;
    if (ok && recordKey) space.idempotency.set(recordKey, { fingerprint, status: result.status, body: result.body, headers: result.headers ?? {} });
    // Acknowledged changes reach the state file before the answer leaves.
    if (ok && method !== "GET") world.persist();
    selfCheck(op, result.status, result.body, c, result.headers);
    return render(c, result.status, result.body, result.headers ?? {});
  }

  function render(c: Context<Env>, status: number, body: unknown, headers: Record<string, string>): Response {
    const all = { "X-Request-Id": c.get("requestId" as never) as string, ...headers };
    if (body === undefined) return c.body(null, status as 204, all);
    return c.json(body as object, status as 200, all);
  }

  /** Reads the body within the size limit and the time limit. */
  async function readBody(c: Context<Env>): Promise<string> {
    const limit = options.bodyLimitBytes;
    const tooLarge = () => new ApiError(413, "payload_too_large", `the request body is larger than the ${limit}-byte limit`);
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > limit) {
      closeAfterAnswer(c);
      throw tooLarge();
    }
    const stream = c.req.raw.body;
    if (!stream) return "";
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), options.bodyTimeoutMs);
    });
    try {
      for (;;) {
        const next = await Promise.race([reader.read(), timeout]);
        if (next === "timeout") {
          closeAfterAnswer(c);
          void reader.cancel().catch(() => undefined);
          throw new ApiError(400, "invalid_body", `the request body did not arrive within ${options.bodyTimeoutMs} ms`);
        }
        if (next.done) break;
        size += next.value.byteLength;
        if (size > limit) {
          closeAfterAnswer(c);
          void reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(next.value);
      }
    } finally {
      clearTimeout(timer);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  /** After answering a request whose body we stopped reading, drop the connection. */
  function closeAfterAnswer(c: Context<Env>): void {
    const { incoming, outgoing } = c.env ?? {};
    if (!incoming || !outgoing) return;
    outgoing.setHeader("Connection", "close");
    outgoing.once("finish", () => incoming.socket?.destroy());
  }

  return app;
}

function describe(p: Problem): string {
  return `${p.path || "(root)"} ${p.message}${p.property ? ` (${p.property})` : ""}`;
}

function bodyError(problems: Problem[]): ApiError {
  const first = problems[0]!;
  const at = first.path ? first.path.slice(1).replace(/\//g, ".") : "";
  const field = first.property ? (at ? `${at}.${first.property}` : first.property) : at || "body";
  if (first.keyword === "additionalProperties") return new ApiError(400, "invalid_param", `unknown field \`${field}\` in the body`, field);
  if (first.keyword === "required") return new ApiError(400, "missing_param", `the body is missing \`${field}\``, field);
  return new ApiError(400, "invalid_param", `body field \`${field}\` ${first.message}`, field);
}

/** Query and path values arrive as text; the schema says what they are. */
function coerce(raw: string, schema: any): unknown {
  const type = Array.isArray(schema?.type) ? schema.type.find((t: string) => t !== "null") : schema?.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/** Key order does not change a JSON request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "";
}
