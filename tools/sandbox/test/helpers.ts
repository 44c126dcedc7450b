// Test harness: a sandbox per suite (fast clock, self-check on), a fetch that validates every
// JSON answer against the spec with its own ajv (independent of the sandbox's), and raw calls.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { listOperations, loadBundledSpec, responseSchemaPointerOf } from "./spec-access.js";
import { startMockServer, type MockServer } from "@beeos/mock-server";
import { startSandbox, type ResponseViolation, type Sandbox, type SandboxOptions } from "../src/index.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const document = loadBundledSpec();
export const operations = listOperations(document);

const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
addFormats(ajv);
ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
ajv.addSchema(document, "spec.json");
const validators = new Map<string, ValidateFunction>();

/** The operation a request reached, by method and path template. */
export function operationFor(method: string, pathname: string) {
  const segments = pathname.split("/").slice(1);
  const matches = operations.filter((o) => {
    if (o.method !== method.toLowerCase()) return false;
    const template = o.path.split("/").slice(1);
    return template.length === segments.length && template.every((t, i) => t.startsWith("{") || t === segments[i]);
  });
  // A literal segment beats a parameter (`/instances/{id}` vs a longer literal path).
  return matches.sort((a, b) => b.path.split("{").length - a.path.split("{").length).at(-1);
}

/** Problems of a value against a schema of the spec, by pointer (e.g. a webhook payload). */
export function checkSchema(pointer: string, value: unknown): string[] {
  let validate = validators.get(pointer);
  if (!validate) validators.set(pointer, (validate = ajv.compile({ $ref: `spec.json${pointer}` })));
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}

/** Problems of one answer against the spec: undocumented status, or a body off its schema. */
export function checkAnswer(method: string, url: string, status: number, contentType: string, body: unknown): string[] {
  const pathname = new URL(url).pathname;
  if (pathname.startsWith("/__sandbox/")) return [];
  const op = operationFor(method, pathname);
  // Not an operation (an unknown path): nothing in the spec to hold it to.
  if (!op) return [];
  const s = String(status);
  const response = op.responses.find((r) => r.status === s) ?? op.responses.find((r) => r.status.toUpperCase() === `${s[0]}XX`) ?? op.responses.find((r) => r.status === "default");
  if (!response) return [`${op.operationId}: status ${status} is not documented`];
  if (!contentType.includes("json")) return [];
  const pointer = responseSchemaPointerOf(response);
  if (!pointer) return [`${op.operationId} ${status}: JSON body where the spec documents none`];
  let validate = validators.get(pointer);
  if (!validate) validators.set(pointer, (validate = ajv.compile({ $ref: `spec.json${pointer}` })));
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${op.operationId} ${status}: ${e.instancePath || "(root)"} ${e.message}`);
}

/**
 * With BEEOS_SANDBOX_VIA_PRISM=1 every harness call goes through Prism's validating proxy
 * (errors on), and each `sl-violations` header Prism adds counts as a violation.
 */
const viaPrism = process.env.BEEOS_SANDBOX_VIA_PRISM === "1";

export interface Harness {
  sandbox: Sandbox;
  /** Where API calls go: the sandbox, or Prism in front of it. */
  url: string;
  /** Everything off-spec seen so far, by the sandbox's self-check or by the checking fetch. */
  violations: string[];
  /** A fetch that checks each JSON answer against the spec. */
  fetch: typeof fetch;
  call(method: string, path: string, init?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function harness(options: SandboxOptions = {}): Promise<Harness> {
  const violations: string[] = [];
  const sandbox = await startSandbox({
    speed: 200,
    bodyTimeoutMs: 500,
    onViolation: (v: ResponseViolation) => violations.push(`${v.operationId} ${v.status}: ${v.problems.join("; ")}`),
    ...options,
  });
  let prism: MockServer | undefined;
  if (viaPrism) prism = await startMockServer({ upstream: sandbox.url, errors: true });
  const front = prism?.url ?? sandbox.url;
  const close = sandbox.close.bind(sandbox);
  (sandbox as { close: () => Promise<void> }).close = async () => {
    await prism?.close();
    await close();
  };
  const checking: typeof fetch = async (input, init) => {
    let request = new Request(input, init);
    if (prism && request.url.startsWith(sandbox.url) && !new URL(request.url).pathname.startsWith("/__sandbox/")) {
      // A fresh request with the body read out: re-wrapping a streamed body loses it.
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
      request = new Request(prism.url + request.url.slice(sandbox.url.length), { method: request.method, headers: request.headers, signal: request.signal, ...(body && body.byteLength ? { body } : {}) });
    }
    const response = await fetch(request);
    const slViolations = response.headers.get("sl-violations");
    if (slViolations) violations.push(`prism ${request.method} ${request.url}: ${slViolations}`);
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("problem+json")) {
      // Prism answered itself (it refused the request before the sandbox saw it); only its
      // `sl-violations` header, recorded above, says anything about the sandbox.
      return response;
    }
    if (!type.includes("event-stream")) {
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        violations.push(`${request.method} ${request.url}: body is not JSON: ${text.slice(0, 80)}`);
      }
      violations.push(...checkAnswer(request.method, request.url, response.status, type, body));
    } else {
      violations.push(...checkAnswer(request.method, request.url, response.status, type, undefined));
    }
    return response;
  };
  return {
    sandbox,
    url: front,
    violations,
    fetch: checking,
    async call(method, path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token !== null) headers.authorization ??= `Bearer ${init.token ?? "test-token"}`;
      let body: string | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      const response = await checking(`${sandbox.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        // an event stream or plain text; returned as text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `fn` returns something truthy, or fails after `ms`. */
export async function eventually<T>(fn: () => Promise<T> | T, ms = 5000, what = "condition"): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits until none of the token's instances is on its way somewhere (seeded ones move too). */
export async function settled(h: Harness, token: string): Promise<void> {
  await eventually(async () => {
    const { body } = await h.call("GET", "/api/v1/instances?pageSize=200", { token });
    return body.data.every((i: any) => i.status === i.desiredStatus);
  }, 10_000, "the instances to settle");
}

/** The SSE frames of a streamed answer, each as soon as its blank line arrives (without it). */
export async function* streamedFrames(res: Response): AsyncGenerator<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    text += decoder.decode(value, { stream: true });
    const frames = text.split("\n\n");
    text = frames.pop()!;
    yield* frames;
  }
}
