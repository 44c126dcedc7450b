// Reading the bundled document: its local $refs, its operations, the one rule
// for which examples count, and how each operation pages or streams (stated in
// the spec by `x-beeos-pagination` and `x-beeos-stream`, never guessed). Every
// package that derives something from the spec reads it through here.
import { pointerOf, resolvePointer, tokensOf } from "./pointer.js";

/** The bundled document, walked as plain JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const PAGINATION_EXTENSION = "x-beeos-pagination";
export const STREAM_EXTENSION = "x-beeos-stream";
export const EVENT_STREAM = "text/event-stream";

/** Follows local `$ref`s until a node that is not a reference. */
export function deref(document: Json, node: unknown): Json {
  const seen = new Set<string>();
  while (node !== null && typeof node === "object" && typeof (node as { $ref?: unknown }).$ref === "string") {
    const ref = (node as { $ref: string }).$ref;
    if (!ref.startsWith("#/")) throw new Error(`$ref ${ref} is not local; read the bundled spec (@beeos/spec/openapi.json)`);
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    node = resolvePointer(document, ref);
    if (node === undefined) throw new Error(`$ref ${ref} points at nothing in the bundled spec`);
  }
  return node;
}

export interface NamedExample {
  /** The key under `examples`, or "example" for a lone `example`. */
  key: string;
  value: unknown;
}

/**
 * The examples of a media type or parameter object, in the one order every
 * consumer uses: a lone `example` first, then each named `examples` entry in
 * document order. The first one is "the" example.
 */
export function examplesOf(document: Json, holder: Json): NamedExample[] {
  if (!holder || typeof holder !== "object") return [];
  const out: NamedExample[] = [];
  if (holder.example !== undefined) out.push({ key: "example", value: holder.example });
  for (const [key, raw] of Object.entries((holder.examples ?? {}) as Record<string, unknown>)) {
    const ex = deref(document, raw);
    if (ex && typeof ex === "object" && "value" in ex) out.push({ key, value: ex.value });
  }
  return out;
}

/**
 * The example of a parameter, by the one rule: the parameter's own first example, else
 * its schema's `example`, else the first of the schema's `examples` (a JSON Schema list).
 */
export function parameterExample(document: Json, param: Json): unknown {
  const own = examplesOf(document, param)[0];
  if (own) return own.value;
  const schema = deref(document, param?.schema);
  if (schema?.example !== undefined) return schema.example;
  return Array.isArray(schema?.examples) ? schema.examples[0] : undefined;
}

export interface MediaInfo {
  mediaType: string;
  /** The schema as written (refs not followed), or undefined. */
  schema: Json;
  /** JSON pointer of that schema inside the document, when there is one. */
  schemaPointer: string | undefined;
  examples: NamedExample[];
}

export interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description: string | undefined;
  schema: Json;
  /** The parameter object, dereferenced. */
  raw: Json;
  examples: NamedExample[];
  /** The parameter's example: its first named one, else its schema's (`parameterExample`). */
  example: unknown;
}

export interface SpecResponse {
  /** As written: "200", "404", "5XX", "default". */
  status: string;
  description: string;
  content: MediaInfo[];
  /** Header names the response documents. */
  headers: string[];
}

export type Pagination =
  | { style: "page"; items: string; sizeParam: string; pageParam: string; total?: string }
  | { style: "offset"; items: string; sizeParam: string; offsetParam: string; total?: string }
  | { style: "cursor" | "since"; items: string; sizeParam: string; cursorParam: string; nextCursor?: string; nextCursorFromItem?: string };
export type PaginationStyle = Pagination["style"];

export interface StreamEvent {
  /** The SSE `event:` name. */
  name: string;
  /** JSON pointer of the schema of the event's `data` (parsed as JSON). */
  dataPointer: string;
}

export interface StreamInfo {
  status: string;
  /** How a dropped stream resumes from the last `id:` it received. */
  resume: { in: "query" | "header"; name: string } | undefined;
  /** Each event name the stream documents, with its data schema. */
  events: StreamEvent[];
  /** JSON pointer of the schema of one event (a named component when the spec names it). */
  eventSchemaPointer: string | undefined;
}

export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** The first tag, if any. */
  tag: string | undefined;
  summary: string | undefined;
  description: string | undefined;
  deprecated: boolean;
  /** JSON pointer of the operation object. */
  pointer: string;
  /** The operation object itself. */
  operation: Json;
  /** Path-item and operation parameters, dereferenced; the operation's own win. */
  parameters: SpecParameter[];
  requestBody: { required: boolean; content: MediaInfo[] } | undefined;
  responses: SpecResponse[];
  pagination: Pagination | undefined;
  stream: StreamInfo | undefined;
}

/** A problem with the spec's own extensions, naming the operation and the field. */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
    this.name = "SpecError";
  }
}

function mediaOf(document: Json, content: Json, base: readonly string[]): MediaInfo[] {
  return Object.entries((content ?? {}) as Record<string, Json>).map(([mediaType, media]) => ({
    mediaType,
    schema: media?.schema,
    schemaPointer: media?.schema ? pointerOf(...base, mediaType, "schema") : undefined,
    examples: examplesOf(document, media),
  }));
}

const PAGINATION_KEYS: Record<PaginationStyle, { required: string[]; optional: string[] }> = {
  page: { required: ["items", "sizeParam", "pageParam"], optional: ["total"] },
  offset: { required: ["items", "sizeParam", "offsetParam"], optional: ["total"] },
  cursor: { required: ["items", "sizeParam", "cursorParam"], optional: ["nextCursor", "nextCursorFromItem"] },
  since: { required: ["items", "sizeParam", "cursorParam"], optional: ["nextCursor", "nextCursorFromItem"] },
};

function readPagination(raw: Json, where: string, pointer: string, params: SpecParameter[]): Pagination | undefined {
  if (raw === undefined) return undefined;
  const at = `${where}: ${PAGINATION_EXTENSION}`;
  if (!raw || typeof raw !== "object") throw new SpecError(`${at} must be an object`, pointer);
  const style = raw.style as PaginationStyle;
  const keys = PAGINATION_KEYS[style];
  if (!keys) throw new SpecError(`${at}.style must be one of ${Object.keys(PAGINATION_KEYS).join(", ")}, got ${JSON.stringify(raw.style)}`, pointer);
  for (const key of Object.keys(raw)) {
    if (key !== "style" && !keys.required.includes(key) && !keys.optional.includes(key)) {
      throw new SpecError(`${at}.${key} does not apply to style "${style}" (allowed: ${[...keys.required, ...keys.optional].join(", ")})`, pointer);
    }
  }
  for (const key of [...keys.required, ...keys.optional]) {
    if (raw[key] !== undefined && (typeof raw[key] !== "string" || raw[key] === "")) {
      throw new SpecError(`${at}.${key} must be a non-empty string, got ${JSON.stringify(raw[key])}`, pointer);
    }
  }
  for (const key of keys.required) {
    if (raw[key] === undefined) throw new SpecError(`${at}.${key} is required for style "${style}"`, pointer);
  }
  for (const key of Object.keys(raw).filter((k) => k.endsWith("Param"))) {
    if (!params.some((p) => p.in === "query" && p.name === raw[key])) {
      throw new SpecError(`${at}.${key} names "${raw[key]}", which is not a query parameter of the operation`, pointer);
    }
  }
  if ((style === "cursor" || style === "since") && (raw.nextCursor === undefined) === (raw.nextCursorFromItem === undefined)) {
    throw new SpecError(`${at} needs exactly one of nextCursor and nextCursorFromItem for style "${style}"`, pointer);
  }
  return raw as Pagination;
}

function readStream(document: Json, raw: Json, where: string, pointer: string, responses: SpecResponse[], params: SpecParameter[]): StreamInfo | undefined {
  const streaming = responses.find((r) => /^2/.test(r.status) && r.content.some((m) => m.mediaType === EVENT_STREAM));
  if (!streaming) {
    if (raw !== undefined) throw new SpecError(`${where}: ${STREAM_EXTENSION} is set but no 2xx response is ${EVENT_STREAM}`, pointer);
    return undefined;
  }
  let resume: StreamInfo["resume"];
  if (raw !== undefined) {
    const r = raw?.resume;
    if (!r || (r.in !== "query" && r.in !== "header") || typeof r.name !== "string") {
      throw new SpecError(`${where}: ${STREAM_EXTENSION}.resume must be { in: query | header, name }`, pointer);
    }
    if (!params.some((p) => p.in === r.in && p.name.toLowerCase() === r.name.toLowerCase())) {
      throw new SpecError(`${where}: ${STREAM_EXTENSION}.resume names the ${r.in} parameter "${r.name}", which the operation does not declare`, pointer);
    }
    resume = { in: r.in, name: r.name };
  }
  const media = streaming.content.find((m) => m.mediaType === EVENT_STREAM) as MediaInfo;
  // The stream is text; the schema of one event is its `contentSchema` (or, failing that, the schema itself).
  const outer = media.schema ? deref(document, media.schema) : undefined;
  const outerPointer: string | undefined = typeof media.schema?.$ref === "string" ? media.schema.$ref : media.schemaPointer;
  const node = outer?.contentSchema ?? media.schema;
  const nodePointer = outer?.contentSchema
    ? typeof outer.contentSchema.$ref === "string" ? outer.contentSchema.$ref : `${outerPointer}/contentSchema`
    : outerPointer;
  const schema = node ? deref(document, node) : undefined;
  const schemaPointer: string | undefined = typeof node?.$ref === "string" ? node.$ref : nodePointer;
  const list = schema?.oneOf ? "oneOf" : schema?.anyOf ? "anyOf" : undefined;
  const variants: Array<[Json, string | undefined]> = list
    ? (schema[list] as Json[]).map((v, i) => [v, typeof v?.$ref === "string" ? v.$ref : `${schemaPointer}/${list}/${i}`])
    : schema
      ? [[schema, schemaPointer]]
      : [];
  const events: StreamEvent[] = [];
  for (const [variant, pointer] of variants) {
    const v = deref(document, variant);
    if (!v?.properties?.data) continue;
    // An event without a constant name is the SSE default, `message`.
    const named = deref(document, v.properties.event)?.const;
    const name = typeof named === "string" ? named : "message";
    const dataRef = v.properties.data.$ref;
    events.push({ name, dataPointer: typeof dataRef === "string" ? dataRef : `${pointer}/properties/data` });
  }
  return { status: streaming.status, resume, events, eventSchemaPointer: schemaPointer };
}

/**
 * Every operation, in document order. Throws on an operation without an
 * operationId, a repeated operationId, or an extension that does not fit the
 * operation (naming the operation and the field).
 */
export function listOperations(document: Json): SpecOperation[] {
  if (!document || typeof document !== "object" || !document.paths || typeof document.paths !== "object") {
    throw new Error("the bundled spec has no `paths` object");
  }
  const operations: SpecOperation[] = [];
  const ids = new Map<string, string>();
  for (const [path, rawItem] of Object.entries(document.paths as Record<string, Json>)) {
    const item = deref(document, rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const pointer = pointerOf("paths", path, method);
      if (typeof op.operationId !== "string") throw new SpecError(`${where} has no operationId`, pointer);
      const operationId: string = op.operationId;
      if (ids.has(operationId)) throw new SpecError(`operationId ${operationId} is used by ${ids.get(operationId)} and ${where}`, pointer);
      ids.set(operationId, where);
      const byKey = new Map<string, SpecParameter>();
      for (const rawParam of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const p = deref(document, rawParam);
        byKey.set(`${p.in}:${p.name}`, {
          name: p.name,
          in: p.in,
          required: p.required === true,
          description: p.description,
          schema: p.schema ?? {},
          raw: p,
          examples: examplesOf(document, p),
          example: parameterExample(document, p),
        });
      }
      const parameters = [...byKey.values()];
      let requestBody: SpecOperation["requestBody"];
      if (op.requestBody) {
        const body = deref(document, op.requestBody);
        const base = typeof op.requestBody.$ref === "string" ? [op.requestBody.$ref] : ["paths", path, method, "requestBody"];
        requestBody = { required: body.required === true, content: mediaOf(document, body.content, contentBase(base)) };
      }
      const responses: SpecResponse[] = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, raw]) => {
        const response = deref(document, raw);
        const base = typeof raw?.$ref === "string" ? [raw.$ref] : ["paths", path, method, "responses", status];
        return {
          status,
          description: String(response?.description ?? ""),
          content: mediaOf(document, response?.content, contentBase(base)),
          headers: Object.keys(response?.headers ?? {}),
        };
      });
      const label = `${operationId} (${where})`;
      operations.push({
        operationId,
        method,
        path,
        tag: Array.isArray(op.tags) && typeof op.tags[0] === "string" ? op.tags[0] : undefined,
        summary: op.summary,
        description: op.description,
        deprecated: op.deprecated === true,
        pointer,
        operation: op,
        parameters,
        requestBody,
        responses,
        pagination: readPagination(op[PAGINATION_EXTENSION], label, pointer, parameters),
        stream: readStream(document, op[STREAM_EXTENSION], label, pointer, responses, parameters),
      });
    }
  }
  return operations;
}

/** Pointer tokens of `…/content` under a response or body that may itself be a `$ref`. */
function contentBase(base: readonly string[]): string[] {
  // A `$ref` base is already a pointer: keep its tokens so pointerOf re-escapes them once.
  if (base.length === 1 && base[0]!.startsWith("#/")) {
    return [...tokensOf(base[0]!), "content"];
  }
  return [...base, "content"];
}

/** The success responses (2xx, or 2XX) of an operation, in document order. */
export const successResponses = (op: SpecOperation): SpecResponse[] => op.responses.filter((r) => /^2/.test(r.status));

/** The JSON media type object of a response or body, if it has one. */
export const jsonMedia = (content: readonly MediaInfo[]): MediaInfo | undefined =>
  content.find((m) => m.mediaType === "application/json" || /\+json$/.test(m.mediaType));

/** Reads a dotted path (`data.items`) out of a parsed body. */
export function readField(body: unknown, dotted: string): unknown {
  let at = body;
  for (const part of dotted.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** The local `$ref` a node holds, or undefined when it is no local reference. */
export function refTarget(node: unknown): string | undefined {
  if (node === null || typeof node !== "object") return undefined;
  const ref = (node as { $ref?: unknown }).$ref;
  return typeof ref === "string" && ref.startsWith("#") ? ref : undefined;
}

/** Follows local `$ref`s like `deref`, and also says at which pointer the node it ends on lives. */
export function derefWithPointer(document: Json, node: unknown, pointer: string): { node: Json; pointer: string } {
  const seen = new Set<string>();
  for (let ref = refTarget(node); ref !== undefined && !seen.has(ref); ref = refTarget(node)) {
    seen.add(ref);
    pointer = ref;
    node = resolvePointer(document, ref);
  }
  return { node, pointer };
}

/**
 * The components (`#/components/<kind>/<name>`) a node reaches through `$ref`s,
 * followed transitively, in the order they are first reached.
 */
export function reachableComponents(document: Json, node: unknown): Set<string> {
  const components = new Set<string>();
  const followed = new Set<string>();
  const visit = (at: unknown): void => {
    if (Array.isArray(at)) return at.forEach(visit);
    if (at === null || typeof at !== "object") return;
    const ref = refTarget(at);
    if (ref !== undefined && !followed.has(ref)) {
      followed.add(ref);
      const tokens = tokensOf(ref);
      if (tokens[0] === "components" && tokens.length >= 3) components.add(pointerOf(...tokens.slice(0, 3)));
      visit(resolvePointer(document, ref));
    }
    for (const [key, value] of Object.entries(at)) if (key !== "$ref") visit(value);
  };
  visit(node);
  return components;
}

export const FINAL_VALUES_EXTENSION = "x-beeos-final-values";
/** On a string schema: its `examples` are the known values of an open set (the server may add more). */
export const OPEN_ENUM_EXTENSION = "x-beeos-open-enum";

/**
 * The value sets that say which of their values are final (`x-beeos-final-values` on a
 * schema: a status that never changes again), by schema name. Waiters stop there.
 */
export function finalValues(document: Json): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, schema] of Object.entries((document?.components?.schemas ?? {}) as Record<string, Json>)) {
    const values = schema?.[FINAL_VALUES_EXTENSION];
    if (values === undefined) continue;
    if (!Array.isArray(values) || values.some((v) => typeof v !== "string")) {
      throw new SpecError(`schema ${name}: ${FINAL_VALUES_EXTENSION} must be a list of strings`, pointerOf("components", "schemas", name));
    }
    out[name] = values;
  }
  return out;
}
