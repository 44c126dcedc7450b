// One method per operationId, built from the generated table at run time and
// typed from the generated `operations` types: a new operation in the spec
// shows up here after `pnpm build` with no hand edit.
import { operationIndex, type OperationId, type StreamOperationId } from "./generated/operations.js";
import type { OperationMethods } from "./generated/methods.js";
import type { StreamEventMap } from "./generated/models.js";
import { eventStream, type EventStream } from "./sse.js";
import type { operations } from "./generated/schema.js";
import { BeeosUsageError, InvalidResponseError, REQUEST_ID_HEADER, apiErrorFrom } from "./errors.js";
import { checkNumber, mergeHeaders, randomKey, type CallLimits, type RequestOptions } from "./request-options.js";
import type { Transport } from "./transport.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Params<K extends OperationId> = operations[K]["parameters"];
type IsOptional<T, P extends keyof T> = {} extends Pick<T, P> ? true : false;

/** `{ name: T }`, `{ name?: T }` or `{ name?: never }`, following how the spec declares the slot. */
type Slot<T, P extends keyof T, Name extends string> = [NonNullable<T[P]>] extends [never]
  ? { [N in Name]?: never }
  : IsOptional<T, P> extends true
    ? { [N in Name]?: NonNullable<T[P]> }
    : { [N in Name]: NonNullable<T[P]> };

/** The JSON body of a request or response object of the spec; never when it has none. */
export type JsonContent<R> = [NonNullable<R>] extends [never]
  ? never
  : NonNullable<R> extends { content: { "application/json": infer B } }
    ? B
    : never;

/**
 * What a success body resolves to, by its media type: JSON as typed by the spec,
 * an event stream as the raw byte stream, other text as a string, anything else
 * as a Blob, and no content as undefined.
 */
type SuccessContent<R> = [NonNullable<R>] extends [never]
  ? undefined
  : NonNullable<R> extends { content: infer C }
    ? [C] extends [never]
      ? undefined
      : C extends { "application/json": infer B }
        ? B
        : C extends { "text/event-stream": unknown }
          ? ReadableStream<Uint8Array>
          : keyof C extends `text/${string}`
            ? string
            : Blob
    : undefined;

// Checked on a type parameter (O), so TypeScript waits for the operation before deciding.
type BodyOf<O> = O extends { requestBody?: infer R }
  ? [JsonContent<R>] extends [never]
    ? { body?: never }
    : O extends { requestBody: unknown }
      ? { body: JsonContent<R> }
      : { body?: JsonContent<R> }
  : { body?: never };
type BodySlot<K extends OperationId> = BodyOf<operations[K]>;

/**
 * Accepted in the first argument for compatibility; the second argument (RequestOptions)
 * is the way to pass headers and a signal.
 */
export interface RequestExtras {
  /** Extra request headers; prefer `headers` in the options argument. */
  headers?: Record<string, string>;
  /** Cancels the request; prefer `signal` in the options argument. */
  signal?: AbortSignal;
}

/** The one argument of an operation method: `{ path?, query?, body?, headers?, signal? }`. */
export type OperationInput<K extends OperationId> = Simplify<
  Slot<Params<K>, "path", "path"> & Slot<Params<K>, "query", "query"> & BodySlot<K> & RequestExtras
>;

type Responses<K extends OperationId> = operations[K]["responses"];
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206 | "2XX";

/** The success body of an operation, as the spec declares it. */
export type SuccessBody<K extends OperationId> = [Extract<keyof Responses<K>, SuccessStatus>] extends [never]
  ? unknown
  : SuccessContent<Responses<K>[Extract<keyof Responses<K>, SuccessStatus>]>;

/**
 * What an operation method resolves to: the JSON success body plus the request id (not
 * enumerable); an event stream, a Blob, text or nothing as they are.
 */
export type OperationResult<K extends OperationId> = SuccessBody<K> extends ReadableStream<Uint8Array> | Blob | string | undefined
  ? SuccessBody<K>
  : SuccessBody<K> extends object
    ? SuccessBody<K> & { readonly requestId: string | undefined }
    : SuccessBody<K>;

/** What a method returns: the result, or for an event-stream operation the stream to iterate. */
type MethodReturn<K extends OperationId> = K extends StreamOperationId ? EventStream<StreamEvent<K>> : Promise<OperationResult<K>>;

export type OperationMethod<K extends OperationId> = {} extends OperationInput<K>
  ? (input?: OperationInput<K>, options?: RequestOptions) => MethodReturn<K>
  : (input: OperationInput<K>, options?: RequestOptions) => MethodReturn<K>;

// One documented method per operation, generated from the spec (summary, description, parameters).
export type { OperationMethods } from "./generated/methods.js";

/** What openapi-fetch's `request` needs from us; the typed surface is the one above. */
export type RawRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** What every call of one client shares. */
export interface CallContext {
  request: RawRequest;
  /** The client's fetch for openapi-fetch, taking this call's limits. */
  transport: Transport;
  /** The configured token, scrubbed from errors. */
  secrets: readonly string[];
  /** The client's retries; an event stream reconnects as often. */
  maxRetries: number;
}

type Row = { method: string; path: string; parseAs?: "text" | "blob"; stream?: unknown; idempotencyHeader?: string };

/** Headers, signal and limits of one call, from the legacy extras in `input` and the options argument. */
function callSettings(where: string, row: Row, extras: Record<string, unknown>, options: RequestOptions) {
  if (options === null || typeof options !== "object") throw new BeeosUsageError(`${where}: the options argument must be an object`);
  if (extras["signal"] !== undefined && options.signal !== undefined) {
    throw new BeeosUsageError(`${where}: pass \`signal\` in the options argument only, not also in the input`);
  }
  const limits: CallLimits = {};
  const timeoutMs = checkNumber(options.timeoutMs, "timeoutMs", 1, false, where);
  const maxRetries = checkNumber(options.maxRetries, "maxRetries", 0, true, where);
  if (timeoutMs !== undefined) limits.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) limits.maxRetries = maxRetries;
  const name = row.idempotencyHeader ?? "Idempotency-Key";
  const key = options.idempotencyKey;
  if (key !== undefined && (typeof key !== "string" || key === "")) throw new BeeosUsageError(`${where}: idempotencyKey must be a non-empty string`);
  const given = extras["headers"] as HeadersInit | undefined;
  // Most calls set no header: no Headers object is built for them.
  let headers: Headers | undefined;
  if (given !== undefined || options.headers !== undefined || key !== undefined || row.idempotencyHeader !== undefined) {
    headers = mergeHeaders(where, given, options.headers, key === undefined ? undefined : [[name, key]]);
    // One key per call, kept on every retry: the server runs the operation at most once.
    if (key === undefined && row.idempotencyHeader !== undefined && !headers.has(name)) headers.set(name, randomKey());
  }
  return { headers, signal: (options.signal ?? extras["signal"]) as AbortSignal | undefined, limits };
}

/** Sends one call of an operation and returns the raw answer; a non-2xx answer throws its typed error. */
async function send(context: CallContext, id: OperationId, input: object, options: RequestOptions, stream: boolean) {
  const row: Row = operationIndex[id];
  const { method, path } = row;
  const where = `${id} (${method} ${path})`;
  if (input === null || typeof input !== "object") {
    throw new BeeosUsageError(`${where}: the argument must be an object like { path, query, body }, got ${input === null ? "null" : typeof input}`);
  }
  const { path: pathParams, query, body, ...extras } = input as Record<string, unknown>;
  const { headers, signal, limits } = callSettings(where, row, extras, options);
  const parseAs = stream ? "stream" : (row.parseAs ?? "text");
  const init: Record<string, unknown> = { params: { path: pathParams, query }, parseAs };
  if (headers !== undefined) init["headers"] = headers;
  if (body !== undefined) init["body"] = body;
  if (signal !== undefined) init["signal"] = signal;
  // A stream's reconnects are the event stream's own (it resumes where it was): one attempt per connection here.
  if (stream) Object.assign(limits, { stream: true, maxRetries: 0 });
  // openapi-fetch takes a fetch per request: this call's limits travel with it to the transport.
  if (limits.timeoutMs !== undefined || limits.maxRetries !== undefined || limits.stream) init["fetch"] = (req: Request) => context.transport(req, limits);
  const { data, error, response } = await context.request(method, path, init);
  if (!response.ok) throw apiErrorFrom(response, error, where, context.secrets);
  return { data, response, where, row };
}

export async function callOperation<K extends OperationId>(
  context: CallContext,
  id: K,
  input: Partial<OperationInput<K>> = {},
  options: RequestOptions = {},
): Promise<OperationResult<K>> {
  const { data, response, where, row } = await send(context, id, input, options, false);
  const requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined;
  // Blobs and non-JSON text are handed over as they came.
  if (row.parseAs !== undefined) return data as OperationResult<K>;
  let result: unknown = undefined;
  if (typeof data === "string" && data !== "") {
    try {
      result = JSON.parse(data);
    } catch {
      throw new InvalidResponseError({
        status: response.status,
        message: `${where}: HTTP ${response.status} with a body that is not valid JSON (${data.length} characters)`,
        requestId,
        response,
        body: data,
        secrets: context.secrets,
      });
    }
  }
  if (result !== null && typeof result === "object") {
    // Not enumerable: the body stays exactly what the server sent when spread or serialised.
    Object.defineProperty(result, "requestId", { value: requestId, enumerable: false, configurable: true });
  }
  return result as OperationResult<K>;
}

/**
 * An event-stream operation: iterate it to connect. A dropped connection resumes
 * from the last event's id, through the parameter the spec names for it.
 */
export function streamOperation<K extends StreamOperationId>(
  context: CallContext,
  id: K,
  input: Partial<OperationInput<K>> = {},
  options: RequestOptions = {},
): EventStream<StreamEvent<K>> {
  const resume = (operationIndex[id] as { stream?: { in: "query" | "header"; name: string } | true }).stream;
  const { signal, maxRetries, ...rest } = options;
  const { signal: inputSignal, ...plain } = input as Record<string, unknown>;
  return eventStream<StreamEvent<K>>({
    ...(signal ?? inputSignal ? { signal: (signal ?? inputSignal) as AbortSignal } : {}),
    maxReconnects: maxRetries ?? context.maxRetries,
    async open(lastEventId, connection) {
      let call = plain;
      if (lastEventId !== undefined && typeof resume === "object") {
        call =
          resume.in === "query"
            ? { ...plain, query: { ...(plain["query"] as object | undefined), [resume.name]: lastEventId } }
            : { ...plain, headers: mergeHeaders(id, plain["headers"] as HeadersInit | undefined, [[resume.name, lastEventId]]) };
      }
      return (await send(context, id, call, { ...rest, signal: connection }, true)).response;
    },
  });
}

/** One event of a stream operation: its id, its name and its data, typed per event name from the spec. */
export type StreamEvent<K extends StreamOperationId> = StreamEventMap[K] extends infer E
  ? E extends { data: infer D }
    ? { id: string | undefined; event: E extends { event: infer N } ? N : "message"; data: D }
    : never
  : never;

export function operationMethods(context: CallContext): OperationMethods {
  const methods: Record<string, (input?: object, options?: RequestOptions) => Promise<unknown>> = {};
  for (const id of Object.keys(operationIndex) as OperationId[]) {
    methods[id] =
      "stream" in operationIndex[id]
        ? (input, options) => streamOperation(context, id as StreamOperationId, input, options) as never
        : (input, options) => callOperation(context, id, input, options);
  }
  return methods as unknown as OperationMethods;
}

// Any lone UTF-16 surrogate: such strings cannot be percent-encoded.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Rejects path parameter values that would change which path is requested
 * (`..`, `/`) or leave a template in it, before anything is sent.
 */
export function checkPathParams(template: string, params: Record<string, unknown> | undefined): void {
  for (const match of template.match(/\{[^{}]+\}/g) ?? []) {
    const name = match.slice(1, -1).replace(/^[.;]/, "").replace(/\*$/, "");
    const value = params?.[name];
    const problem =
      value === undefined || value === null
        ? "is missing"
        : typeof value === "number"
          ? Number.isFinite(value) ? undefined : `is ${value}`
          : typeof value !== "string"
            ? `must be a string, got ${Array.isArray(value) ? "an array" : typeof value}`
            : value === ""
              ? "is empty"
              : value === "." || value === ".."
                ? `is "${value}", which would change the path`
                : value.includes("/")
                  ? `contains "/", which would change the path`
                  : LONE_SURROGATE.test(value)
                    ? "contains a lone UTF-16 surrogate, which cannot be encoded"
                    : undefined;
    if (problem) throw new BeeosUsageError(`${template}: path parameter "${name}" ${problem}; no request was sent`);
  }
}

/** Query values must be encodable; anything else is a clear error instead of a URIError. */
export function checkQuery(query: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(query ?? {})) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v === "string" && LONE_SURROGATE.test(v)) {
        throw new BeeosUsageError(`query parameter "${name}" contains a lone UTF-16 surrogate, which cannot be encoded; no request was sent`);
      }
    }
  }
}
