import type { ErrorTypeName } from "./generated/operations.js";
import type { components } from "./generated/schema.js";
import { redact, redactValue } from "./redact.js";

type ErrorObject = components["schemas"]["Error"];
type ErrorEnvelope = components["schemas"]["ErrorResponse"];

export interface BeeosErrorOptions {
  cause?: unknown;
  /** Exact strings to scrub from the message besides the usual patterns: the configured token. */
  secrets?: readonly string[] | undefined;
}

/** Base of every error this client throws. Messages are already free of tokens. */
export class BeeosError extends Error {
  constructor(message: string, options?: BeeosErrorOptions) {
    super(redact(message, options?.secrets), options);
  }

  override toString(): string {
    return `${this.name}: ${this.message}`;
  }

  /**
   * What `JSON.stringify` shows: the name, the message and the error's own fields. Never the
   * raw response, headers or cause: those are not enumerable, so the spread leaves them out.
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/** A mistake in how the client was set up or called; no request was sent. */
export class BeeosUsageError extends BeeosError {}

/** The connection failed before an answer arrived (DNS, refused, reset, a redirect that cannot be followed safely). */
export class ConnectionError extends BeeosError {}

/** One attempt took longer than `timeoutMs` (after the retries allowed). */
export class TimeoutError extends BeeosError {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired; no retry follows. */
export class AbortedError extends BeeosError {}

/** `paginate` stopped because the server's pages cannot be walked to an end. */
export class PaginationError extends BeeosError {}

export interface ApiErrorInit {
  status: number;
  message: string;
  code?: string | undefined;
  type?: string | undefined;
  requestId?: string | undefined;
  param?: string | undefined;
  metadata?: Record<string, string> | undefined;
  response: Response;
  body?: unknown;
  /** The configured token, scrubbed from every field when the server echoes it. */
  secrets?: readonly string[] | undefined;
}

/** The server answered with a non-2xx status (or a 2xx body that cannot be read). */
export class BeeosApiError extends BeeosError {
  readonly status: number;
  /** Stable machine code from the error envelope; undefined when the body was not the envelope. */
  readonly code: string | undefined;
  /** Broad class from the envelope (`error.type`), passed through even when unknown. */
  readonly type: string | undefined;
  readonly requestId: string | undefined;
  readonly param: string | undefined;
  readonly metadata: Record<string, string> | undefined;
  /** How long the server asked to wait (`retry-after-ms`, else `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;
  /** The raw response (its body already read). Not enumerable, so logs and JSON skip it. */
  declare readonly response: Response;
  /** The parsed body, or its text when it was not JSON. Not enumerable. */
  declare readonly body: unknown;

  constructor(init: ApiErrorInit) {
    const secrets = init.secrets;
    super(init.message, { secrets });
    // Every field may come from the server, so every field is scrubbed.
    this.status = init.status;
    this.code = redactValue(init.code, secrets);
    this.type = redactValue(init.type, secrets);
    this.requestId = redactValue(init.requestId, secrets);
    this.param = redactValue(init.param, secrets);
    this.metadata = redactValue(init.metadata, secrets);
    this.retryAfterMs = retryAfterFrom(init.response.headers);
    Object.defineProperties(this, {
      response: { value: init.response },
      body: { value: redactValue(init.body, secrets) },
    });
  }
}

/** 400 and 422: the request is malformed or fails validation (see `param`). */
export class BadRequestError extends BeeosApiError {}
/** 401: the token is missing, malformed, expired or revoked. */
export class AuthenticationError extends BeeosApiError {}
/** 403: the caller does not own the resource. */
export class PermissionDeniedError extends BeeosApiError {}
/** 404 */
export class NotFoundError extends BeeosApiError {}
/** 409: the resource's state does not allow the operation. */
export class ConflictError extends BeeosApiError {}
/** 413: the body is over the route's limit. */
export class PayloadTooLargeError extends BeeosApiError {}
/** 429: too many requests; `retryAfterMs` is the server's hint, when it sent one. */
export class RateLimitError extends BeeosApiError {}
/** 5xx */
export class ServerError extends BeeosApiError {}
/** A 2xx answer whose body is not the JSON the spec promises. */
export class InvalidResponseError extends BeeosApiError {}

// Names live on the prototypes: they survive minification, and are not own fields that logs repeat.
// (WebhookVerificationError lives with verifyWebhook, so apps that verify no webhooks do not ship it.)
for (const [name, Class] of Object.entries({
  BeeosError,
  BeeosUsageError,
  ConnectionError,
  TimeoutError,
  AbortedError,
  PaginationError,
  BeeosApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitError,
  ServerError,
  InvalidResponseError,
})) {
  Class.prototype.name = name;
}

type ApiErrorClass = new (init: ApiErrorInit) => BeeosApiError;

// The status decides first; `type` only picks a class for statuses without one of their own.
const BY_STATUS = new Map<number, ApiErrorClass>([
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [413, PayloadTooLargeError],
  [422, BadRequestError],
  [429, RateLimitError],
]);
// Keyed by the spec's documented error types: `satisfies` fails the build when the spec adds or drops one.
const BY_TYPE: Record<string, ApiErrorClass | undefined> = {
  invalid_request_error: BadRequestError,
  validation_error: BadRequestError,
  authentication_error: AuthenticationError,
  permission_error: PermissionDeniedError,
  not_found_error: NotFoundError,
  conflict_error: ConflictError,
  rate_limit_error: RateLimitError,
  api_error: ServerError,
} satisfies Record<ErrorTypeName, ApiErrorClass>;

function classFor(status: number, type: string | undefined): ApiErrorClass {
  return (
    BY_STATUS.get(status) ??
    (status >= 500 && status <= 599 ? ServerError : undefined) ??
    (type !== undefined && Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type] : undefined) ??
    BeeosApiError
  );
}

// Header names the spec declares on every response; `satisfies` ties them to the generated types.
export const REQUEST_ID_HEADER = "X-Request-Id" satisfies keyof components["responses"]["Unauthorized"]["headers"];
export const RETRY_AFTER_HEADER = "Retry-After" satisfies keyof components["responses"]["RateLimited"]["headers"];

// Not in the spec; sent by gateways that want sub-second waits, so it wins when present.
export const RETRY_AFTER_MS_HEADER = "retry-after-ms";

/** The server's wait hint in milliseconds: `retry-after-ms`, else `Retry-After`; undefined when neither reads. */
export function retryAfterFrom(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get(RETRY_AFTER_MS_HEADER)?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  return parseRetryAfter(headers.get(RETRY_AFTER_HEADER), now);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  if (!body || typeof body !== "object") return false;
  const error = (body as { error?: unknown }).error;
  return Boolean(error) && typeof error === "object" && typeof (error as ErrorObject).code === "string";
}

const optString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function describeBody(body: unknown, response: Response, secrets: readonly string[]): string {
  const kind = response.headers.get("content-type")?.split(";")[0]?.trim() || "no content type";
  if (body === undefined || body === "") return `an empty body (${kind})`;
  // Redacted before it is cut, so a token across the cut cannot leave a readable half.
  const text = redact(typeof body === "string" ? body : JSON.stringify(body), secrets);
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 120);
  const what = typeof body === "string" ? "a body that is not JSON" : "JSON that is not the error envelope";
  return `${what} (${kind}): ${JSON.stringify(snippet)}${text.length > 120 ? "…" : ""}`;
}

/**
 * Builds the error for a non-2xx answer. `body` is what the transport read:
 * parsed JSON, the raw text when it was not JSON, or undefined when empty.
 */
export function apiErrorFrom(response: Response, body: unknown, where: string, secrets: readonly string[] = []): BeeosApiError {
  const status = response.status;
  // The spec's envelope (`{ error: { code, type, message, … } }`), whose every field is read; else
  // some operations' errors of their own shape, with a top-level `code` (and `message`).
  const e: Partial<ErrorObject> | undefined = isEnvelope(body) ? body.error : undefined;
  const own = body && typeof body === "object" && !Array.isArray(body) && typeof (body as { code?: unknown }).code === "string" ? (body as Partial<ErrorObject>) : undefined;
  const coded = e ?? own;
  const type = optString(e?.type);
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  return new (classFor(status, type))({
    status,
    message: coded
      ? `${where}: ${status} ${coded.code}: ${optString(coded.message) ?? "(no message)"}`
      : `${where}: HTTP ${status}${statusText} with ${describeBody(body, response, secrets)}`,
    code: coded?.code,
    type,
    requestId: optString(e?.request_id) ?? response.headers.get(REQUEST_ID_HEADER) ?? undefined,
    param: optString(e?.param),
    metadata: e?.metadata && typeof e.metadata === "object" && !Array.isArray(e.metadata) ? e.metadata : undefined,
    response,
    body,
    secrets,
  });
}
