// Operations: the types of their inputs and results, and `operation`, which makes the
// function of one operation from its generated row (functions.ts). Each call builds
// its URL, headers and body once and hands them to `send`; nothing is rebuilt below.
import type { OperationId, OperationTable, StreamOperationId } from "./generated/operations.js";
import type { StreamEventMap } from "./generated/models.js";
import type { operations } from "./generated/schema.js";
import { errorFor, headerRecord, send, type BeeosCore, type SendRequest } from "./core.js";
import { eventStream, type EventStream } from "./sse.js";
import { BeeosUsageError, InvalidResponseError, REQUEST_ID_HEADER } from "./errors.js";
import { checkNumber, randomKey, type CallLimits, type RequestOptions } from "./request-options.js";
import type { ReadAs } from "./transport.js";

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
export type MethodReturn<K extends OperationId> = K extends StreamOperationId ? EventStream<StreamEvent<K>> : Promise<OperationResult<K>>;

/** The arguments after the client: the input (optional when nothing in it is required) and this call's options. */
export type OperationArgs<K extends OperationId> = {} extends OperationInput<K>
  ? [input?: OperationInput<K>, options?: RequestOptions]
  : [input: OperationInput<K>, options?: RequestOptions];

/** A method of `createBeeosClient`'s client. */
export type OperationMethod<K extends OperationId> = (...args: OperationArgs<K>) => MethodReturn<K>;

/** An operation function: `listInstances(core, input?, options?)`, with what it knows of its operation. */
export type OperationFunction<K extends OperationId> = ((core: BeeosCore, ...args: OperationArgs<K>) => MethodReturn<K>) & {
  readonly operationId: K;
} & OperationTable[K];

/** One event of a stream operation: its id, its name and its data, typed per event name from the spec. */
export type StreamEvent<K extends StreamOperationId> = StreamEventMap[K] extends infer E
  ? E extends { data: infer D }
    ? { id: string | undefined; event: E extends { event: infer N } ? N : "message"; data: D }
    : never
  : never;

/** What the client knows of an operation at run time. */
export interface Row {
  method: string;
  path: string;
  parseAs?: "text" | "blob";
  stream?: { in: "query" | "header"; name: string } | true;
  idempotencyHeader?: string;
  pagination?: object;
}

const encode = encodeURIComponent;

/** The query string (with its `?`), as openapi-fetch writes it: arrays repeated, objects as `name[key]`. */
export function queryString(query: Record<string, unknown> | undefined): string {
  let out = "";
  if (query === undefined) return out;
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const v of value) out += `&${encode(name)}=${encode(String(v))}`;
    } else if (typeof value === "object") {
      for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== null) out += `&${encode(name)}[${encode(key)}]=${encode(String(v))}`;
    } else out += `&${encode(name)}=${encode(String(value))}`;
  }
  return out === "" ? out : `?${out.slice(1)}`;
}

/** The path with its parameters filled in, each checked and encoded as one segment. `where` names the call in errors. */
export function fillPath(where: string, template: string, params: Record<string, unknown> | undefined): string {
  if (!template.includes("{")) return template;
  checkPathParams(where, template, params);
  return template.replace(/\{([^{}]+)\}/g, (_m, name: string) => encode(String(params?.[name])));
}

/** A JSON body as text (sent again as is on a retry); anything fetch sends natively as it is. */
export function encodeBody(body: unknown, headers: Record<string, string> | undefined): { body: BodyInit | undefined; headers: Record<string, string> | undefined } {
  if (body === undefined) return { body, headers };
  if (typeof body === "string" || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof Blob || body instanceof FormData || body instanceof URLSearchParams) {
    return { body: body as BodyInit, headers };
  }
  return { body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } };
}

/** The request of one call, from its row, input and options; nothing is sent yet. */
function build(core: BeeosCore, id: string, row: Row, input: object, options: RequestOptions) {
  const where = `${id} (${row.method} ${row.path})`;
  if (input === null || typeof input !== "object") {
    throw new BeeosUsageError(`${where}: the argument must be an object like { path, query, body }, got ${input === null ? "null" : typeof input}`);
  }
  if (options === null || typeof options !== "object") throw new BeeosUsageError(`${where}: the options argument must be an object`);
  const { path: pathParams, query, body, headers: inputHeaders, signal: inputSignal } = input as Record<string, unknown>;
  if (inputSignal !== undefined && options.signal !== undefined) {
    throw new BeeosUsageError(`${where}: pass \`signal\` in the options argument only, not also in the input`);
  }
  checkQuery(where, query as Record<string, unknown> | undefined);
  const url = core.baseUrl + fillPath(where, row.path, pathParams as Record<string, unknown> | undefined) + queryString(query as Record<string, unknown> | undefined);
  // Most calls set no header: they send the client's own record, copied by nobody.
  let headers: Record<string, string> | undefined;
  if (inputHeaders !== undefined || options.headers !== undefined) headers = headerRecord(where, inputHeaders as HeadersInit | undefined, options.headers);
  const key = options.idempotencyKey;
  if (key !== undefined && (typeof key !== "string" || key === "")) throw new BeeosUsageError(`${where}: idempotencyKey must be a non-empty string`);
  const keyName = (row.idempotencyHeader ?? "Idempotency-Key").toLowerCase();
  // One key per call, kept on every retry: the server runs the operation at most once.
  if (key !== undefined) headers = { ...headers, [keyName]: key };
  else if (row.idempotencyHeader !== undefined && headers?.[keyName] === undefined) headers = { ...headers, [keyName]: randomKey() };
  const encoded = encodeBody(body, headers);
  const limits: CallLimits = {};
  const timeoutMs = checkNumber(options.timeoutMs, "timeoutMs", 1, false, where);
  const maxRetries = checkNumber(options.maxRetries, "maxRetries", 0, true, where);
  if (timeoutMs !== undefined) limits.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) limits.maxRetries = maxRetries;
  const request: SendRequest = {
    method: row.method,
    url,
    headers: encoded.headers,
    body: encoded.body,
    signal: (options.signal ?? inputSignal) as AbortSignal | undefined,
    retriable: encoded.headers?.[keyName] !== undefined,
    where,
    schemaPath: row.path,
    params: { path: pathParams, query },
  };
  return { request, limits };
}

/** Sends one call; a non-2xx answer throws its typed error. */
async function sendCall(core: BeeosCore, id: string, row: Row, input: object, options: RequestOptions, read: ReadAs) {
  const { request, limits } = build(core, id, row, input, options);
  const received = await send(core, request, limits, read);
  if (!received.response.ok) throw errorFor(core, received, request.where);
  return { ...received, where: request.where };
}

export async function callOperation(core: BeeosCore, id: string, row: Row, input: object = {}, options: RequestOptions = {}): Promise<unknown> {
  const { data, response, where } = await sendCall(core, id, row, input, options, row.parseAs === "blob" ? "blob" : "text");
  // Blobs and non-JSON text are handed over as they came.
  if (row.parseAs !== undefined) return data;
  if (typeof data !== "string" || data === "") return undefined;
  let result: unknown;
  try {
    result = JSON.parse(data);
  } catch {
    throw new InvalidResponseError({
      status: response.status,
      message: `${where}: HTTP ${response.status} with a body that is not valid JSON (${data.length} characters)`,
      requestId: response.headers.get(REQUEST_ID_HEADER) ?? undefined,
      response,
      body: data,
      secrets: core.secrets,
    });
  }
  if (result !== null && typeof result === "object") {
    // Not enumerable: the body stays exactly what the server sent when spread or serialised.
    Object.defineProperty(result, "requestId", { value: response.headers.get(REQUEST_ID_HEADER) ?? undefined, enumerable: false, configurable: true });
  }
  return result;
}

/**
 * An event-stream operation: iterate it to connect. A dropped connection resumes
 * from the last event's id, through the parameter the spec names for it.
 */
export function streamOperation(core: BeeosCore, id: string, row: Row, input: object = {}, options: RequestOptions = {}): EventStream<unknown> {
  const resume = row.stream;
  const { signal, maxRetries, ...rest } = options;
  const { signal: inputSignal, ...plain } = input as Record<string, unknown>;
  const stop = (signal ?? inputSignal) as AbortSignal | undefined;
  return eventStream({
    ...(stop ? { signal: stop } : {}),
    maxReconnects: maxRetries ?? core.maxRetries,
    async open(lastEventId, connection) {
      let call = plain;
      if (lastEventId !== undefined && typeof resume === "object") {
        call =
          resume.in === "query"
            ? { ...plain, query: { ...(plain["query"] as object | undefined), [resume.name]: lastEventId } }
            : { ...plain, headers: { ...headerRecord(id, plain["headers"] as HeadersInit | undefined), [resume.name.toLowerCase()]: lastEventId } };
      }
      // A stream's reconnects are the event stream's own (it resumes where it was): one attempt per connection here.
      return (await sendCall(core, id, row, call, { ...rest, maxRetries: 0, signal: connection }, "stream")).response;
    },
  });
}

/** Makes the function of one operation; generated code calls this once per operation. */
export function operation<K extends OperationId>(operationId: K, method: string, path: string, extra?: Omit<Row, "method" | "path">): OperationFunction<K> {
  const row: Row = { method, path, ...extra };
  const fn = (core: BeeosCore, input?: object, options?: RequestOptions) => callOperation(core, operationId, row, input, options);
  return Object.assign(fn, { operationId }, row) as unknown as OperationFunction<K>;
}

/** The same for an event-stream operation: a separate maker, so apps without streams ship no SSE parser. */
export function streamingOperation<K extends OperationId>(operationId: K, method: string, path: string, extra: Omit<Row, "method" | "path">): OperationFunction<K> {
  const row: Row = { method, path, ...extra };
  const fn = (core: BeeosCore, input?: object, options?: RequestOptions) => streamOperation(core, operationId, row, input, options);
  return Object.assign(fn, { operationId }, row) as unknown as OperationFunction<K>;
}

// Any lone UTF-16 surrogate: such strings cannot be percent-encoded.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Rejects path parameter values that would change which path is requested
 * (`..`, `/`) or leave a template in it, before anything is sent.
 */
export function checkPathParams(where: string, template: string, params: Record<string, unknown> | undefined): void {
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
                ? `is ${quote(value)}, which would change the path`
                : value.includes("/")
                  ? `is ${quote(value)}, which contains "/" and would change the path`
                  : LONE_SURROGATE.test(value)
                    ? `is ${quote(value)}, which contains a lone UTF-16 surrogate and cannot be encoded`
                    : undefined;
    if (problem) throw new BeeosUsageError(`${where}: path parameter "${name}" ${problem}; no request was sent`);
  }
}

/** A value for a message: JSON-quoted (a lone surrogate shows as its escape), at most 60 characters. */
const quote = (value: string): string => JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value);

/** Query values must be encodable; anything else is a clear error instead of a URIError. */
export function checkQuery(where: string, query: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(query ?? {})) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v === "string" && LONE_SURROGATE.test(v)) {
        throw new BeeosUsageError(`${where}: query parameter "${name}" is ${quote(v)}, which contains a lone UTF-16 surrogate and cannot be encoded; no request was sent`);
      }
    }
  }
}
