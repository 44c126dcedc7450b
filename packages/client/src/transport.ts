// Sends one logical request: every attempt, retry and redirect below it is a real
// request through the plugged-in fetch. It sits beneath the middleware chain, so
// middleware sees one logical request. Nothing is rebuilt on the way: the URL,
// headers and body the client made go to fetch as they are.
import {
  AbortedError,
  type BeeosError,
  ConnectionError,
  REQUEST_ID_HEADER,
  TimeoutError,
  retryAfterFrom,
} from "./errors.js";
import { redact } from "./redact.js";
import type { CallLimits } from "./request-options.js";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** What the logger gets for every attempt. */
export interface AttemptRecord {
  method: string;
  /** Path and query of the request, redacted. */
  path: string;
  /** HTTP status, or undefined when no answer came. */
  status: number | undefined;
  durationMs: number;
  /** 1 for the first try. */
  attempt: number;
  requestId: string | undefined;
  /** Why the attempt failed without an answer, when it did. */
  error?: string;
  /** Wait before the next attempt, when one follows. */
  retryInMs?: number;
}

/** A function, or an object with `info` (for example `console`): one redacted line per attempt. */
export type BeeosLogger = ((line: string, record: AttemptRecord) => void) | { info(line: string): void };

export interface RetryTiming {
  /** First backoff wait; doubles per retry. Default 500 ms. */
  initialDelayMs?: number | undefined;
  /** Longest backoff wait. Default 8 s. */
  maxDelayMs?: number | undefined;
  /** Longest wait a `Retry-After` (or `retry-after-ms`) may ask for; a longer one ends the call at once. Default 60 s. */
  maxRetryAfterMs?: number | undefined;
}

/** RetryTiming with every default filled in. */
export type RetryTimingResolved = { [K in keyof RetryTiming]-?: number };

export interface TransportOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  retry: RetryTimingResolved;
  logger: BeeosLogger | undefined;
  secrets: readonly string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/** Methods that may be sent again: doing them twice is doing them once. */
export const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "DELETE"]);
// Headers that identify the caller: never carried to another origin.
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
// Failures of the connect step (Node's codes): before any response they mean the request never
// reached a server, so even a POST can be sent again. Browsers do not say why a fetch failed,
// so there this never matches.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function neverSent(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 3) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && NOT_SENT.has(code)) return true;
  // Several addresses tried at once (happy eyeballs) fail as one AggregateError.
  if (err instanceof AggregateError && err.errors.length > 0 && err.errors.every((e) => neverSent(e, depth + 1))) return true;
  return neverSent((err as { cause?: unknown }).cause, depth + 1);
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Full-jitter exponential backoff: a random wait in [delay/2, delay]. */
export function backoffMs(retry: number, timing: RetryTimingResolved, random: () => number = Math.random): number {
  const delay = Math.min(timing.maxDelayMs, timing.initialDelayMs * 2 ** (retry - 1));
  return Math.round(delay / 2 + (random() * delay) / 2);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

class AttemptTimeout extends Error {}

function emit(logger: BeeosLogger, record: AttemptRecord, secrets: readonly string[]): void {
  const outcome = record.status === undefined ? `failed (${record.error ?? "no answer"})` : String(record.status);
  const line = redact(
    `beeos ${record.method} ${record.path} -> ${outcome} in ${record.durationMs}ms` +
      ` (attempt ${record.attempt}, request id ${record.requestId ?? "-"})` +
      (record.retryInMs === undefined ? "" : `, retrying in ${record.retryInMs}ms`),
    secrets,
  );
  try {
    if (typeof logger === "function") logger(line, record);
    else logger.info(line);
  } catch {
    // A broken logger must not break the request it reports on.
  }
}

/** One logical request, as the client built it: sent as is, again on each retry. */
export interface Outgoing {
  method: string;
  url: string;
  /** Lower-case names; never changed here (a redirect works on a copy). */
  headers: Record<string, string>;
  /** A string, bytes, a Blob or FormData: anything that can be sent more than once. */
  body?: BodyInit | undefined;
  signal?: AbortSignal | undefined;
  /** Safe to send again after an answer (an idempotent method, or an idempotency key). */
  retriable: boolean;
}

/** How the body of the final answer is handed over: read as text or a Blob, or (`stream`, 2xx only) unread. */
export type ReadAs = "text" | "blob" | "stream";

export interface Received {
  response: Response;
  /** The body as `read` asked (undefined for a stream, or a status that has none); the response's own body is used up. */
  data: string | Blob | undefined;
}

export type Transport = (request: Outgoing, limits?: CallLimits, read?: ReadAs) => Promise<Received>;

export function createTransport(options: TransportOptions): Transport {
  const { fetch: fetchImpl, retry, logger, secrets } = options;

  /** One attempt: follows redirects itself so credentials never cross origins, then reads the body. */
  // `answered` turns true at the first response (a redirect too): from then on the request reached a server.
  async function attempt(request: Outgoing, state: { answered: boolean }, read: ReadAs, signal: AbortSignal): Promise<Received> {
    let current = request.url;
    let method = request.method;
    let body = request.body;
    // Copied only when a redirect changes them: a retry starts again from the caller's headers.
    let headers = request.headers;
    const copy = () => (headers === request.headers ? (headers = { ...headers }) : headers);
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(current, { method, headers, body: body ?? null, signal, redirect: "manual" });
      state.answered = true;
      if (response.type === "opaqueredirect") {
        // Browsers hide the target of a manual redirect, so it cannot be checked for its origin.
        throw new ConnectionError(`${method} ${new URL(current).pathname}: the server redirected and this runtime hides the target, so the redirect was not followed`, { secrets });
      }
      const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
      if (location === null) {
        // A live event stream never "completes": it is handed over as it flows.
        if (read === "stream" && response.ok) return { response, data: undefined };
        const data = NULL_BODY_STATUS.has(response.status) ? undefined : read === "blob" && response.ok ? await response.blob() : await response.text();
        return { response, data };
      }
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new ConnectionError(`${request.method} ${new URL(request.url).pathname}: more than ${MAX_REDIRECTS} redirects`, { secrets });
      const next = new URL(location, current);
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw new ConnectionError(`${request.method} ${new URL(request.url).pathname}: refusing a redirect to a ${next.protocol} URL`, { secrets });
      }
      if (next.origin !== new URL(current).origin) {
        const h = copy();
        for (const name of CREDENTIAL_HEADERS) delete h[name];
      }
      if ((response.status === 303 && method !== "HEAD") || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        const h = copy();
        delete h["content-type"];
        delete h["content-length"];
      }
      current = next.href;
    }
  }

  return async function beeosFetch(request: Outgoing, limits: CallLimits = {}, read: ReadAs = "text"): Promise<Received> {
    const { timeoutMs = options.timeoutMs, maxRetries = options.maxRetries } = limits;
    const { method, signal: callerSignal } = request;
    // Redacted only when a message or a log line needs it, not on every call.
    let redactedPath: string | undefined;
    const path = () => {
      const url = new URL(request.url);
      return (redactedPath ??= redact(url.pathname + url.search, secrets));
    };
    const aborted = (cause: unknown) => new AbortedError(`${method} ${path()}: aborted by the caller`, { cause });

    for (let n = 1; ; n++) {
      if (callerSignal?.aborted) throw aborted(callerSignal.reason);
      const controller = new AbortController();
      const onAbort = () => controller.abort(callerSignal?.reason);
      callerSignal?.addEventListener("abort", onAbort, { once: true });
      const timer = setTimeout(() => controller.abort(new AttemptTimeout()), timeoutMs);
      const started = logger ? Date.now() : 0;
      let received: Received | undefined;
      let failure: BeeosError | undefined;
      let unsent = false;
      const state = { answered: false };
      try {
        received = await attempt(request, state, read, controller.signal);
      } catch (err) {
        if (callerSignal?.aborted) failure = aborted(callerSignal.reason);
        else if (controller.signal.reason instanceof AttemptTimeout) {
          failure = new TimeoutError(`${method} ${path()}: no complete answer within ${timeoutMs}ms (attempt ${n})`, timeoutMs);
        } else if (err instanceof ConnectionError) failure = err;
        else {
          unsent = !state.answered && neverSent(err);
          const detail = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
          failure = new ConnectionError(`${method} ${path()}: connection failed: ${detail}`, { cause: err, secrets });
        }
      } finally {
        clearTimeout(timer);
        callerSignal?.removeEventListener("abort", onAbort);
      }

      const response = received?.response;
      const status = response?.status;
      let wait: number | undefined;
      if (
        n <= maxRetries &&
        (request.retriable || unsent) &&
        !(failure instanceof AbortedError) &&
        (failure !== undefined || (status !== undefined && isRetryableStatus(status)))
      ) {
        const hinted = response ? retryAfterFrom(response.headers) : undefined;
        // A longer wait than allowed is not shortened (that would hammer a server that asked for
        // quiet) but handed back now: the answer's error carries `retryAfterMs`.
        if (hinted === undefined) wait = backoffMs(n, retry);
        else if (hinted <= retry.maxRetryAfterMs) wait = hinted;
      }
      if (logger) {
        emit(
          logger,
          {
            method,
            path: path(),
            status,
            durationMs: Date.now() - started,
            attempt: n,
            requestId: response?.headers.get(REQUEST_ID_HEADER) ?? undefined,
            ...(failure ? { error: failure.message } : {}),
            ...(wait === undefined ? {} : { retryInMs: wait }),
          },
          secrets,
        );
      }
      if (wait === undefined) {
        if (failure) throw failure;
        return received as Received;
      }
      if (callerSignal) {
        try {
          await sleep(wait, callerSignal);
        } catch (reason) {
          throw aborted(reason);
        }
      } else await sleep(wait);
    }
  };
}
