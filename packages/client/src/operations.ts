// One method per operationId, built from the generated table at run time and
// typed from the generated `operations` types: a new operation in the spec
// shows up here after `pnpm build` with no hand edit.
import { operationIndex, type OperationId } from "./generated/operations.js";
import type { operations } from "./generated/schema.js";
import { BeeosUsageError, InvalidResponseError, REQUEST_ID_HEADER, apiErrorFrom } from "./errors.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Params<K extends OperationId> = operations[K]["parameters"];
type IsOptional<T, P extends keyof T> = {} extends Pick<T, P> ? true : false;

/** `{ name: T }`, `{ name?: T }` or `{ name?: never }`, following how the spec declares the slot. */
type Slot<T, P extends keyof T, Name extends string> = [NonNullable<T[P]>] extends [never]
  ? { [N in Name]?: never }
  : IsOptional<T, P> extends true
    ? { [N in Name]?: NonNullable<T[P]> }
    : { [N in Name]: NonNullable<T[P]> };

type JsonContent<R> = [NonNullable<R>] extends [never]
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

type BodySlot<K extends OperationId> = [JsonContent<operations[K]["requestBody"]>] extends [never]
  ? { body?: never }
  : IsOptional<operations[K], "requestBody"> extends true
    ? { body?: JsonContent<operations[K]["requestBody"]> }
    : { body: JsonContent<operations[K]["requestBody"]> };

/** Options every operation method accepts besides the spec's inputs. */
export interface RequestExtras {
  /** Extra request headers, for example `Idempotency-Key` (which makes a POST retriable). */
  headers?: Record<string, string>;
  /** Cancels the request, and any retry still to come. */
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

export type OperationMethod<K extends OperationId> = {} extends OperationInput<K>
  ? (input?: OperationInput<K>) => Promise<OperationResult<K>>
  : (input: OperationInput<K>) => Promise<OperationResult<K>>;

export type OperationMethods = { [K in OperationId]: OperationMethod<K> };

/** What openapi-fetch's `request` needs from us; the typed surface is the one above. */
export type RawRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export async function callOperation<K extends OperationId>(
  request: RawRequest,
  id: K,
  input: Partial<OperationInput<K>> = {},
): Promise<OperationResult<K>> {
  const row: { method: string; path: string; parseAs?: "text" | "blob"; stream?: unknown } = operationIndex[id];
  const { method, path } = row;
  const where = `${id} (${method} ${path})`;
  if (input === null || typeof input !== "object") {
    throw new BeeosUsageError(`${where}: the argument must be an object like { path, query, body }, got ${input === null ? "null" : typeof input}`);
  }
  const { path: pathParams, query, body, headers, signal } = input as Record<string, unknown>;
  const parseAs = row.stream !== undefined ? "stream" : (row.parseAs ?? "text");
  const init: Record<string, unknown> = { params: { path: pathParams, query }, parseAs };
  if (body !== undefined) init["body"] = body;
  if (headers !== undefined) init["headers"] = headers;
  if (signal !== undefined) init["signal"] = signal;
  const { data, error, response } = await request(method, path, init);
  if (!response.ok) throw apiErrorFrom(response, error, where);
  const requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined;
  // Event streams, blobs and non-JSON text are handed over as they came.
  if (parseAs !== "text" || row.parseAs === "text") return data as OperationResult<K>;
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
      });
    }
  }
  if (result !== null && typeof result === "object") {
    // Not enumerable: the body stays exactly what the server sent when spread or serialised.
    Object.defineProperty(result, "requestId", { value: requestId, enumerable: false, configurable: true });
  }
  return result as OperationResult<K>;
}

export function operationMethods(request: RawRequest): OperationMethods {
  const methods: Record<string, (input?: object) => Promise<unknown>> = {};
  for (const id of Object.keys(operationIndex) as OperationId[]) {
    methods[id] = (input) => callOperation(request, id, input);
  }
  return methods as OperationMethods;
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
