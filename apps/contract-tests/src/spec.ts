// The contract suite's view of the spec: @beeos/spec's operation list, with the
// few things only this suite needs (each documented status a response stands
// for, and where its JSON schema sits for Ajv).
import {
  bundledSpecPath,
  deref as derefJson,
  jsonMedia,
  listOperations,
  loadBundledSpec,
  type NamedExample,
  type SpecOperation,
  type StreamInfo,
} from "@beeos/spec";

export type { NamedExample };

/** A JSON Schema as it sits in the bundled document (refs not yet followed). */
export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Schema;
  example: unknown;
}

export interface ResponseSpec {
  /** As written in the spec: "200", "404", "5XX", "default". */
  documented: string;
  /** Concrete statuses this entry stands for; a range expands to the codes its description names. */
  statuses: number[];
  /** JSON pointer (into the document) of the JSON schema, if the response is JSON. */
  schemaPointer: string | undefined;
  /** Media types of the response (none for 204). */
  mediaTypes: string[];
  examples: NamedExample[];
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object, for error messages and Ajv refs. */
  pointer: string;
  parameters: Parameter[];
  requestBody: { required: boolean; schema: Schema; examples: NamedExample[] } | undefined;
  responses: ResponseSpec[];
  stream: StreamInfo | undefined;
  source: SpecOperation;
}

export interface SpecModel {
  document: Record<string, unknown>;
  operations: Operation[];
}

export const specPath = (): string => bundledSpecPath;

/** The shared walk of the bundled document, typed for this suite's use. */
export function deref<T = Record<string, unknown>>(document: Record<string, unknown>, node: unknown): T {
  return derefJson(document, node) as T;
}

/**
 * A range like `5XX` stands for the codes its description names (e.g. "500 …, 503 …, 504 …");
 * when it names none, for the lowest code of the range, which is what Prism serves for it.
 * `default` stands for no particular status and is not expanded.
 */
export function statusesOf(documented: string, description: string): number[] {
  if (/^\d{3}$/.test(documented)) return [Number(documented)];
  if (documented === "default") return [];
  const range = /^([1-5])XX$/i.exec(documented);
  if (!range) throw new Error(`Response key ${JSON.stringify(documented)} is neither a status, a range like 5XX nor default`);
  const digit = range[1] as string;
  const named = [...description.matchAll(new RegExp(`\\b${digit}\\d\\d\\b`, "g"))].map((m) => Number(m[0]));
  const unique = [...new Set(named)].sort((a, b) => a - b);
  return unique.length > 0 ? unique : [Number(`${digit}00`)];
}

export function loadSpec(path: string = bundledSpecPath): SpecModel {
  const document = loadBundledSpec(path) as Record<string, unknown>;
  const operations = listOperations(document).map((op): Operation => {
    const body = op.requestBody && jsonMedia(op.requestBody.content);
    return {
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      pointer: op.pointer,
      parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required, schema: p.schema as Schema, example: p.example })),
      requestBody: op.requestBody && body ? { required: op.requestBody.required, schema: (body.schema ?? {}) as Schema, examples: body.examples } : undefined,
      responses: op.responses.map((r) => {
        const json = jsonMedia(r.content);
        return {
          documented: r.status,
          statuses: statusesOf(r.status, r.description),
          schemaPointer: json?.schemaPointer,
          mediaTypes: r.content.map((m) => m.mediaType),
          examples: json?.examples ?? [],
        };
      }),
      stream: op.stream,
      source: op,
    };
  });
  return { document, operations };
}

export const isSuccess = (status: number) => status >= 200 && status < 300;
