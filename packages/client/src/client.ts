import createClient, { createQuerySerializer, defaultPathSerializer, type Client } from "openapi-fetch";
import { defaultServerUrl, type PaginatedOperationId } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { BeeosUsageError } from "./errors.js";
import { checkPathParams, checkQuery, operationMethods, type OperationInput, type OperationMethods, type RawRequest } from "./operations.js";
import { paginate, type PageIterable, type PaginateOptions } from "./paginate.js";
import { createTransport, type BeeosLogger, type FetchLike, type RetryTiming } from "./transport.js";

/** The first server the spec lists (production). */
export const DEFAULT_BASE_URL: string = defaultServerUrl;

// Every option also accepts `undefined`, so `{ token: process.env.BEEOS_API_KEY }` compiles
// under exactOptionalPropertyTypes and means the same as leaving it out.
export interface BeeosClientOptions {
  /** A user JWT or an `oag_` User API Key. Default: the `BEEOS_API_KEY` environment variable. */
  token?: string | undefined;
  /** Absolute http(s) URL of the API. Default: `BEEOS_BASE_URL`, else the spec's first server. */
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
}

export type BeeosClient = Client<paths> &
  OperationMethods & {
    /** Walks every page of a paginated operation; `for await` yields items, `.pages()` pages. */
    paginate<K extends PaginatedOperationId>(id: K, input?: OperationInput<K>, options?: PaginateOptions): PageIterable<K>;
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

function checkCount(value: number | undefined, name: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || (name === "maxRetries" && !Number.isInteger(value))) {
    throw new BeeosUsageError(`createBeeosClient: ${name} must be a ${name === "maxRetries" ? "whole " : ""}number >= ${min}, got ${String(value)}`);
  }
  return value;
}

export function createBeeosClient(options: BeeosClientOptions = {}): BeeosClient {
  const baseUrl =
    options.baseUrl !== undefined
      ? checkBaseUrl(options.baseUrl, "baseUrl")
      : env("BEEOS_BASE_URL") !== undefined
        ? checkBaseUrl(env("BEEOS_BASE_URL") as string, "BEEOS_BASE_URL")
        : DEFAULT_BASE_URL;
  const token = () => options.token ?? env("BEEOS_API_KEY");
  const initialToken = token();
  const fetchImpl: FetchLike | undefined = options.fetch ?? (globalThis.fetch ? (input, init) => globalThis.fetch(input, init) : undefined);
  if (!fetchImpl) throw new BeeosUsageError("createBeeosClient: no fetch in this runtime; pass `fetch`");

  const transport = createTransport({
    fetch: fetchImpl,
    token,
    timeoutMs: checkCount(options.timeoutMs, "timeoutMs", 1, 60_000),
    maxRetries: checkCount(options.maxRetries, "maxRetries", 0, 2),
    retry: {
      initialDelayMs: checkCount(options.retry?.initialDelayMs, "retry.initialDelayMs", 0, 500),
      maxDelayMs: checkCount(options.retry?.maxDelayMs, "retry.maxDelayMs", 0, 8_000),
      maxRetryAfterMs: checkCount(options.retry?.maxRetryAfterMs, "retry.maxRetryAfterMs", 0, 60_000),
    },
    logger: options.logger,
    secrets: initialToken ? [initialToken] : [],
  });

  const querySerializer = createQuerySerializer();
  const raw = createClient<paths>({
    baseUrl,
    fetch: transport as (request: Request) => Promise<Response>,
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
  const methods = operationMethods(request);
  return Object.assign(raw, methods, {
    paginate: <K extends PaginatedOperationId>(id: K, input?: OperationInput<K>, opts?: PaginateOptions) =>
      paginate((opId, args) => methods[opId](args as never), id, input, opts),
  }) as BeeosClient;
}
