import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { deref as derefJson, listOperations } from "@beeos/spec/document";

/** A JSON Schema as it sits in the bundled document (refs not yet followed). */
export type Schema = Record<string, unknown>;

export interface NamedExample {
  key: string;
  value: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Schema;
  example: unknown;
}

export interface ResponseSpec {
  /** As written in the spec: "200", "404", "5XX". */
  documented: string;
  /** Concrete statuses this entry stands for; a range expands to the codes its description names. */
  statuses: number[];
  /** JSON pointer (into the document) of the application/json schema, if any. */
  schemaPointer: string | undefined;
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
}

export interface SpecModel {
  document: Record<string, unknown>;
  operations: Operation[];
  /** Every entry of components.examples, by name. */
  componentExamples: Map<string, unknown>;
}

export function specPath(): string {
  return createRequire(import.meta.url).resolve("@beeos/spec/openapi.json");
}

const escapePointer = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");
export const pointerOf = (...tokens: string[]) => `#/${tokens.map(escapePointer).join("/")}`;

/** The shared walk of the bundled document, typed for this suite's use. */
export function deref<T = Record<string, unknown>>(document: Record<string, unknown>, node: unknown): T {
  return derefJson(document, node) as T;
}

function namedExamples(document: Record<string, unknown>, media: Record<string, unknown> | undefined): NamedExample[] {
  if (!media) return [];
  const examples = media["examples"] as Record<string, unknown> | undefined;
  const named = Object.entries(examples ?? {}).map(([key, ex]) => ({ key, value: deref<{ value: unknown }>(document, ex).value }));
  if (named.length === 0 && media["example"] !== undefined) named.push({ key: "example", value: media["example"] });
  return named;
}

/**
 * A range like `5XX` stands for the codes its description names (e.g. "500 …, 503 …, 504 …");
 * when it names none, for the lowest code of the range, which is what Prism serves for it.
 */
export function statusesOf(documented: string, description: string): number[] {
  if (/^\d{3}$/.test(documented)) return [Number(documented)];
  const range = /^([1-5])XX$/i.exec(documented);
  if (!range) throw new Error(`Response key ${JSON.stringify(documented)} is neither a status nor a range like 5XX`);
  const digit = range[1] as string;
  const named = [...description.matchAll(new RegExp(`\\b${digit}\\d\\d\\b`, "g"))].map((m) => Number(m[0]));
  const unique = [...new Set(named)].sort((a, b) => a - b);
  return unique.length > 0 ? unique : [Number(`${digit}00`)];
}

export function loadSpec(path: string = specPath()): SpecModel {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`Cannot read the bundled spec at ${path} (run \`pnpm build\`): ${(error as Error).message}`);
  }
  const operations: Operation[] = [];
  for (const { operationId, method, path, operation: op, parameters } of listOperations(document)) {
    const pointer = pointerOf("paths", path, method);
    const params = parameters.map((p: Record<string, unknown>): Parameter => {
      const schema = (p["schema"] ?? {}) as Schema;
      return {
        name: String(p["name"]),
        in: p["in"] as Parameter["in"],
        required: p["required"] === true,
        schema,
        example: p["example"] ?? deref(document, schema)["example"] ?? (deref(document, schema)["examples"] as unknown[] | undefined)?.[0],
      };
    });
    let requestBody: Operation["requestBody"];
    if (op["requestBody"]) {
      const body = deref(document, op["requestBody"]);
      const media = (body["content"] as Record<string, Record<string, unknown>> | undefined)?.["application/json"];
      if (media) {
        requestBody = { required: body["required"] === true, schema: (media["schema"] ?? {}) as Schema, examples: namedExamples(document, media) };
      }
    }
    const responses: ResponseSpec[] = Object.entries((op["responses"] ?? {}) as Record<string, unknown>).map(([documented, raw]) => {
      const response = deref(document, raw);
      const content = response["content"] as Record<string, Record<string, unknown>> | undefined;
      const media = content?.["application/json"];
      return {
        documented,
        statuses: statusesOf(documented, String(response["description"] ?? "")),
        schemaPointer: media?.["schema"] ? pointerOf("paths", path, method, "responses", documented, "content", "application/json", "schema") : undefined,
        examples: namedExamples(document, media),
      };
    });
    operations.push({ operationId, method: method.toUpperCase(), path, pointer, parameters: params, requestBody, responses });
  }
  const componentExamples = new Map<string, unknown>();
  const examples = ((document["components"] as Record<string, unknown> | undefined)?.["examples"] ?? {}) as Record<string, { value: unknown }>;
  for (const [name, ex] of Object.entries(examples)) componentExamples.set(name, ex.value);
  return { document, operations, componentExamples };
}

export const isSuccess = (status: number) => status >= 200 && status < 300;
