// The client's core: its settings, checked once, and `send`, the one way a request
// leaves it. Operation functions, the methods of `createBeeosClient` and the
// path-based surface all go through `send`, so each rule (token, headers,
// middleware, errors) lives in one place.
import { defaultServerUrl } from "./generated/operations.js";
import { BeeosUsageError, apiErrorFrom } from "./errors.js";
import { checkNumber, type CallLimits } from "./request-options.js";
import { createTransport, IDEMPOTENT, type BeeosLogger, type FetchLike, type Outgoing, type ReadAs, type Received, type RetryTiming, type Transport } from "./transport.js";
import { VERSION } from "./version.js";

/** The first server the spec lists (production). */
export const DEFAULT_BASE_URL: string = defaultServerUrl;

// Every option also accepts `undefined`, so `{ token: process.env.BEEOS_API_KEY }` compiles
// under exactOptionalPropertyTypes and means the same as leaving it out.
export interface BeeosClientOptions {
  /** A user JWT or an `oag_` User API Key, checked at creation. Default: the `BEEOS_API_KEY` environment variable. */
  token?: string | undefined;
  /** Absolute http(s) URL of the API. Default: `BEEOS_BASE_URL`, else `BEEOS_API_URL`, else the spec's first server. */
  baseUrl?: string | undefined;
  /** Any fetch (for tests, proxies, custom agents). Default: the global fetch. */
  fetch?: FetchLike | undefined;
  /** Per attempt, until the whole body arrived. Default 60 000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, for idempotent requests only. Default 2. */
  maxRetries?: number | undefined;
  /** Backoff timing of retries. */
  retry?: RetryTiming | undefined;
  /** Gets one redacted line per attempt. */
  logger?: BeeosLogger | undefined;
  /** Headers sent with every request; a call's `headers` option wins over them. */
  defaultHeaders?: HeadersInit | undefined;
}

/**
 * What every call of one client shares. Made by `createBeeosCore` (or `createBeeosClient`,
 * whose client is a core too); pass it as the first argument of an operation function.
 */
export interface BeeosCore {
  readonly baseUrl: string;
  /** @internal The options as given, for `withOptions`. */
  readonly options: BeeosClientOptions;
  /** @internal */
  readonly transport: Transport;
  /** @internal The configured token (or none), scrubbed from every error and log line. */
  readonly secrets: readonly string[];
  /** @internal */
  readonly maxRetries: number;
  /** @internal Sent with every request: lower-case names, `authorization` included when there is a token. */
  readonly headers: Readonly<Record<string, string>>;
  /** @internal Set by the path-based surface's `use`: the middleware chain every request then goes through. */
  intercept: Interceptor | undefined;
}

function env(name: string): string | undefined {
  // Browsers have no process; reading it through globalThis keeps this entry free of Node-only imports.
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === "" ? undefined : value;
}

function checkBaseUrl(raw: string, option: string): string {
  const from = `createBeeosClient: ${option}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BeeosUsageError(`${from} must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new BeeosUsageError(`${from} must use http or https, got ${url.protocol}`);
  if (url.username || url.password) throw new BeeosUsageError(`${from} must not contain credentials (user:password@); pass the token as \`token\``);
  if (url.search || url.hash) throw new BeeosUsageError(`${from} must not have a query or fragment, got ${JSON.stringify(raw)}`);
  return url.href.replace(/\/+$/, "");
}

const checkCount = (value: number | undefined, name: string, min: number, fallback: number): number =>
  checkNumber(value, name, min, name === "maxRetries", "createBeeosClient") ?? fallback;

/**
 * A token goes into a header: a line break would split it (header injection), and
 * anything outside visible ASCII is refused by fetch later with a message that may
 * quote it. The error names the position and the kind of character, never the token.
 */
function checkToken(token: string | undefined, from: string): string | undefined {
  if (token === undefined || token === "") return undefined;
  if (typeof token !== "string") throw new BeeosUsageError(`createBeeosClient: ${from} must be a string, got ${typeof token}`);
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x21 && c <= 0x7e) continue;
    const kind = c === 10 ? "a line feed (LF)" : c === 13 ? "a carriage return (CR)" : c === 32 ? "a space" : c < 32 || c === 127 ? "a control character" : "a non-ASCII character";
    throw new BeeosUsageError(
      `createBeeosClient: ${from} has ${kind} at position ${i + 1} of ${token.length}; a token is visible ASCII only (check for a trailing newline or a pasted space)`,
    );
  }
  return token;
}

/** `beeos-client/1.2.3 (node/20.19.0)` on server runtimes; browsers send their own and may refuse ours. */
function userAgent(): string | undefined {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process?.versions;
  const runtime = (["bun", "deno", "node"] as const).find((name) => versions?.[name]);
  return runtime === undefined ? undefined : `beeos-client/${VERSION} (${runtime}/${versions?.[runtime] ?? ""})`;
}

/**
 * Headers merged in order into lower-case names, later ones winning. Invalid names or values
 * become a usage error that does not quote them: a header value may well be a credential.
 */
export function headerRecord(where: string, ...all: (HeadersInit | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const init of all) {
    if (init === undefined) continue;
    try {
      new Headers(init).forEach((value, name) => void (out[name] = value));
    } catch {
      throw new BeeosUsageError(`${where}: a header name or value is not valid HTTP (line breaks, control or non-ASCII characters); no request was sent`);
    }
  }
  return out;
}

/** A core without operation methods: with the operation functions, an app ships only what it calls. */
export function createBeeosCore(options: BeeosClientOptions = {}): BeeosCore {
  // BEEOS_API_URL is the name other tools use; BEEOS_BASE_URL wins when both are set.
  const urlFrom = options.baseUrl !== undefined ? "baseUrl" : env("BEEOS_BASE_URL") !== undefined ? "BEEOS_BASE_URL" : "BEEOS_API_URL";
  const rawUrl = options.baseUrl ?? env("BEEOS_BASE_URL") ?? env("BEEOS_API_URL");
  const baseUrl = rawUrl === undefined ? DEFAULT_BASE_URL : checkBaseUrl(rawUrl, urlFrom);
  // Read once: the token checked here is the one sent and the one scrubbed from errors.
  const token = options.token !== undefined ? checkToken(options.token, "token") : checkToken(env("BEEOS_API_KEY"), "BEEOS_API_KEY");
  const agent = userAgent();
  const headers = headerRecord("createBeeosClient: defaultHeaders", agent === undefined ? undefined : { "user-agent": agent }, options.defaultHeaders);
  if (token !== undefined && headers["authorization"] === undefined) headers["authorization"] = `Bearer ${token}`;
  const fetchImpl: FetchLike | undefined = options.fetch ?? (globalThis.fetch ? (input, init) => globalThis.fetch(input, init) : undefined);
  if (!fetchImpl) throw new BeeosUsageError("createBeeosClient: no fetch in this runtime; pass `fetch`");
  const maxRetries = checkCount(options.maxRetries, "maxRetries", 0, 2);
  const secrets = token === undefined ? [] : [token];
  const transport = createTransport({
    fetch: fetchImpl,
    timeoutMs: checkCount(options.timeoutMs, "timeoutMs", 1, 60_000),
    maxRetries,
    retry: {
      initialDelayMs: checkCount(options.retry?.initialDelayMs, "retry.initialDelayMs", 0, 500),
      maxDelayMs: checkCount(options.retry?.maxDelayMs, "retry.maxDelayMs", 0, 8_000),
      maxRetryAfterMs: checkCount(options.retry?.maxRetryAfterMs, "retry.maxRetryAfterMs", 0, 60_000),
    },
    logger: options.logger,
    secrets,
  });
  // Frozen: calls without headers of their own hand this very object to fetch, so a fetch
  // wrapper that writes to `init.headers` must not change what every later call sends.
  return { baseUrl, options, transport, secrets, maxRetries, headers: Object.freeze(headers), intercept: undefined };
}

/** One request as `send` takes it: the URL is complete, the headers are this call's extra ones. */
export interface SendRequest {
  method: string;
  url: string;
  /** Lower-case names; merged over the client's. */
  headers?: Record<string, string> | undefined;
  body?: BodyInit | undefined;
  signal?: AbortSignal | undefined;
  /** Sends it again after a retryable answer even when the method is not idempotent. */
  retriable?: boolean;
  /** For messages: `listInstances (GET /api/v1/instances)`. */
  where: string;
  /** For middleware: the path template and the params it was filled from. */
  schemaPath: string;
  params: Record<string, unknown>;
}

/** Sends a request through something in between (middleware): the same arguments as the transport, and the request as `send` got it. */
export type Interceptor = (core: BeeosCore, sent: SendRequest, outgoing: Outgoing, limits: CallLimits | undefined, read: ReadAs) => Promise<Received>;

/** Sends a request with the client's headers (and middleware, when any) and reads its answer. */
export async function send(core: BeeosCore, request: SendRequest, limits: CallLimits | undefined, read: ReadAs): Promise<Received> {
  if (core.secrets.length === 0 && core.headers["authorization"] === undefined && request.headers?.["authorization"] === undefined) {
    throw new BeeosUsageError(
      `${request.method} ${new URL(request.url).pathname}: no API token. Pass \`token\` to createBeeosClient() or set the BEEOS_API_KEY environment variable.`,
    );
  }
  const headers = request.headers === undefined ? core.headers : { ...core.headers, ...request.headers };
  const retriable = request.retriable === true || IDEMPOTENT.has(request.method);
  const outgoing: Outgoing = { method: request.method, url: request.url, headers, body: request.body, signal: request.signal, retriable };
  return core.intercept ? core.intercept(core, request, outgoing, limits, read) : core.transport(outgoing, limits, read);
}

/** An error answer's body: parsed JSON when it is JSON, else its text; undefined when empty. */
export function errorBody(data: string | Blob | undefined): unknown {
  if (typeof data !== "string") return data;
  if (data === "") return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return data; // Not JSON: the text is the body.
  }
}

/** A non-2xx answer as its typed error. */
export function errorFor(core: BeeosCore, received: Received, where: string) {
  return apiErrorFrom(received.response, errorBody(received.data), where, core.secrets);
}
