import createClient, { createQuerySerializer, defaultPathSerializer, type Client } from "openapi-fetch";
import { defaultServerUrl, type PaginatedOperationId } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { BeeosUsageError } from "./errors.js";
import { checkPathParams, checkQuery, operationMethods, type OperationInput, type OperationMethods, type RawRequest } from "./operations.js";
import { paginate, type PageIterable, type PaginateOptions } from "./paginate.js";
import { checkNumber, mergeHeaders, type RequestOptions } from "./request-options.js";
import { createTransport, type BeeosLogger, type FetchLike, type RetryTiming } from "./transport.js";
import { VERSION } from "./version.js";
import { waitForInstance, waitForTask, type Instance, type Task, type WaitForInstanceOptions, type WaitOptions, type WaiterClient } from "./waiters.js";

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

/** The options of each page's request in `paginate`. */
export type PageRequestOptions = Omit<RequestOptions, "idempotencyKey">;

export type BeeosClient = Client<paths> &
  OperationMethods & {
    /**
     * Walks every page of a paginated operation; `for await` yields items, `.pages()` pages.
     * The request options apply to every page (no idempotency key: one key for many reads would be wrong).
     */
    paginate<K extends PaginatedOperationId>(id: K, input?: OperationInput<K>, options?: PaginateOptions & PageRequestOptions): PageIterable<K>;
    /**
     * A client with these options changed and every other one (fetch, token, base URL, …) as
     * here; `retry` and `defaultHeaders` are merged into this client's. Middleware is not copied.
     */
    withOptions(options: Omit<BeeosClientOptions, "fetch">): BeeosClient;
    /** Polls the instance until its status is one of `until` (default `running`) or a final one; WaitTimeoutError after `timeoutMs`. */
    waitForInstance(id: string, options?: WaitForInstanceOptions): Promise<Instance>;
    /** Waits until the task reaches a final status, following its event stream between looks; WaitTimeoutError after `timeoutMs`. */
    waitForTask(task: { agentId: string; taskId: string }, options?: WaitOptions): Promise<Task>;
  };

function env(name: string): string | undefined {
  // Browsers have no process; reading it through globalThis keeps this entry free of Node-only imports.
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === "" ? undefined : value;
}

function checkBaseUrl(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BeeosUsageError(`${from} must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new BeeosUsageError(`${from} must use http or https, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new BeeosUsageError(`${from} must not contain credentials (user:password@); pass the token as \`token\``);
  }
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

// `undefined` in withOptions means "as before", not "back to the default".
const given = <T extends object>(options: T): Partial<T> =>
  Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;

export function createBeeosClient(options: BeeosClientOptions = {}): BeeosClient {
  // BEEOS_API_URL is the name other tools use; BEEOS_BASE_URL wins when both are set.
  const urlFrom = options.baseUrl !== undefined ? "baseUrl" : env("BEEOS_BASE_URL") !== undefined ? "BEEOS_BASE_URL" : "BEEOS_API_URL";
  const rawUrl = options.baseUrl ?? env("BEEOS_BASE_URL") ?? env("BEEOS_API_URL");
  const baseUrl = rawUrl === undefined ? DEFAULT_BASE_URL : checkBaseUrl(rawUrl, urlFrom);
  // Read once: the token checked here is the one sent and the one scrubbed from errors.
  const token = options.token !== undefined ? checkToken(options.token, "token") : checkToken(env("BEEOS_API_KEY"), "BEEOS_API_KEY");
  const secrets = token === undefined ? [] : [token];
  const agent = userAgent();
  const defaultHeaders = mergeHeaders("createBeeosClient: defaultHeaders", agent === undefined ? undefined : { "User-Agent": agent }, options.defaultHeaders);
  const fetchImpl: FetchLike | undefined = options.fetch ?? (globalThis.fetch ? (input, init) => globalThis.fetch(input, init) : undefined);
  if (!fetchImpl) throw new BeeosUsageError("createBeeosClient: no fetch in this runtime; pass `fetch`");

  const maxRetries = checkCount(options.maxRetries, "maxRetries", 0, 2);
  const transport = createTransport({
    fetch: fetchImpl,
    token,
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

  const querySerializer = createQuerySerializer();
  const raw = createClient<paths>({
    baseUrl,
    headers: defaultHeaders,
    fetch: (request: Request) => transport(request),
    pathSerializer(url, params) {
      checkPathParams(url.slice(baseUrl.length), params);
      return defaultPathSerializer(url, params);
    },
    querySerializer(query) {
      checkQuery(query as Record<string, unknown>);
      return querySerializer(query);
    },
  });
  raw.use({
    // The serializer above only runs when `params.path` exists; this catches its absence.
    onRequest({ schemaPath, params }) {
      checkPathParams(schemaPath, params.path as Record<string, unknown> | undefined);
      return undefined;
    },
  });

  const request = raw.request as unknown as RawRequest;
  const methods = operationMethods({ request, transport, secrets, maxRetries });
  // Found by name at run time: a client generated from another spec has no such operations.
  const named = methods as unknown as Record<string, ((input: object, options?: object) => unknown) | undefined>;
  const need = (id: string) => {
    const method = named[id];
    if (!method) throw new BeeosUsageError(`this API has no ${id} operation, which the waiter needs`);
    return method;
  };
  const follow = named["streamTaskEvents"];
  const waiter: WaiterClient = {
    getInstance: (input, opts) => need("getInstance")(input, opts) as ReturnType<WaiterClient["getInstance"]>,
    getTask: (input, opts) => need("getTask")(input, opts) as ReturnType<WaiterClient["getTask"]>,
    // Reading the stream to its end is the wait; its events are not needed here.
    followTask: follow
      ? async (task, signal) => {
          for await (const _event of follow({ path: task }, { signal }) as AsyncIterable<unknown>) void _event;
        }
      : undefined,
  };
  return Object.assign(raw, methods, {
    waitForInstance: (id: string, opts?: WaitForInstanceOptions) => waitForInstance(waiter, id, opts),
    waitForTask: (task: { agentId: string; taskId: string }, opts?: WaitOptions) => waitForTask(waiter, task, opts),
    paginate: <K extends PaginatedOperationId>(id: K, input?: OperationInput<K>, opts: PaginateOptions & PageRequestOptions = {}) => {
      const { maxPages, idempotencyKey: _dropped, ...perCall } = opts as PaginateOptions & RequestOptions;
      return paginate((opId, args) => methods[opId](args as never, perCall), id, input, maxPages === undefined ? {} : { maxPages });
    },
    withOptions: (overrides: Omit<BeeosClientOptions, "fetch">) => {
      const next = given(overrides);
      return createBeeosClient({
        ...options,
        baseUrl,
        token,
        ...next,
        fetch: options.fetch,
        retry: { ...options.retry, ...given(next.retry ?? {}) },
        defaultHeaders: mergeHeaders("withOptions: defaultHeaders", options.defaultHeaders, next.defaultHeaders),
      });
    },
  }) as BeeosClient;
}
