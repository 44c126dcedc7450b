// The one place the sandbox reads the bundled spec: operations, and ajv validators compiled
// from the spec's own parameter, body and response schemas (never hand-written ones).
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import {
  deref,
  derefWithPointer,
  finalValues,
  jsonMedia,
  listOperations,
  loadBundledSpec,
  pointerOf,
  type Json,
  type SpecOperation,
  type SpecParameter,
} from "@beeos/spec";

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const DOC_ID = "beeos-openapi.json";
const INT_RANGES = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] } as const;

export interface ParamCheck {
  param: SpecParameter;
  /** JSON pointer of the parameter's schema. */
  schemaPointer: string;
}

export interface CompiledOperation {
  op: SpecOperation;
  params: ParamCheck[];
  /** JSON pointer of the JSON request body's schema, when the operation takes one. */
  bodyPointer: string | undefined;
  bodyRequired: boolean;
  /** Documented statuses, as written ("200", "4XX", "default"). */
  statuses: string[];
}

export interface SpecModel {
  document: Json;
  operations: CompiledOperation[];
  byId: Map<string, CompiledOperation>;
  /** Validates a value against the schema at a pointer; returns readable problems (empty when valid). */
  check(schemaPointer: string, value: unknown): Problem[];
  /** Final values of status sets, by schema name (`x-beeos-final-values`). */
  finals: Record<string, string[]>;
}

export interface Problem {
  /** Where in the value, as a JSON pointer into it ("" for the root). */
  path: string;
  message: string;
  keyword: string;
  /** For `additionalProperties` and `required`, the property concerned. */
  property: string | undefined;
}

let cached: SpecModel | undefined;

/** The bundled spec, read and compiled once per process. */
export function specModel(): SpecModel {
  cached ??= buildModel(loadBundledSpec());
  return cached;
}

function buildModel(document: Json): SpecModel {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  for (const [name, [min, max]] of Object.entries(INT_RANGES)) {
    ajv.addFormat(name, { type: "number", validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
  }
  ajv.addSchema(document, DOC_ID);
  const compiled = new Map<string, ValidateFunction>();
  const check = (schemaPointer: string, value: unknown): Problem[] => {
    let validate = compiled.get(schemaPointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOC_ID}${schemaPointer}` });
      compiled.set(schemaPointer, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => {
      const params = e.params as { additionalProperty?: string; missingProperty?: string };
      return {
        path: e.instancePath,
        message: e.message ?? e.keyword,
        keyword: e.keyword,
        property: params.additionalProperty ?? params.missingProperty,
      };
    });
  };

  const operations = listOperations(document).map((op): CompiledOperation => {
    const params: ParamCheck[] = [];
    const seen = new Set<string>();
    // The operation's own parameters win over the path item's, as in listOperations.
    const sources: [unknown[] | undefined, string][] = [
      [op.operation.parameters as unknown[] | undefined, `${op.pointer}/parameters`],
      [pathItemOf(document, op)?.parameters as unknown[] | undefined, `${pointerOf("paths", op.path)}/parameters`],
    ];
    for (const [list, base] of sources) {
      (list ?? []).forEach((raw, i) => {
        const { node, pointer } = derefWithPointer(document, raw, `${base}/${i}`);
        const key = `${node.in}:${node.name}`;
        if (seen.has(key)) return;
        seen.add(key);
        const param = op.parameters.find((p) => p.in === node.in && p.name === node.name);
        if (param && node.schema) params.push({ param, schemaPointer: `${pointer}/schema` });
      });
    }
    const media = op.requestBody ? jsonMedia(op.requestBody.content) : undefined;
    return {
      op,
      params,
      bodyPointer: media?.schemaPointer,
      bodyRequired: op.requestBody?.required ?? false,
      statuses: op.responses.map((r) => r.status),
    };
  });
  return {
    document,
    operations,
    byId: new Map(operations.map((o) => [o.op.operationId, o])),
    check,
    finals: finalValues(document),
  };
}

function pathItemOf(document: Json, op: SpecOperation): Json {
  return document.paths?.[op.path];
}

/** Whether the operation documents a status, directly or through a range (`4XX`) or `default`. */
export function documents(op: CompiledOperation, status: number): boolean {
  const s = String(status);
  return op.statuses.some((d) => d === s || d.toUpperCase() === `${s[0]}XX`);
}

/** The response schema pointer for a status (JSON media), following ranges and `default`. */
export function responseSchemaPointer(op: CompiledOperation, status: number, mediaType = "application/json"): string | undefined {
  const s = String(status);
  const response =
    op.op.responses.find((r) => r.status === s) ??
    op.op.responses.find((r) => r.status.toUpperCase() === `${s[0]}XX`) ??
    op.op.responses.find((r) => r.status === "default");
  return response?.content.find((c) => c.mediaType === mediaType)?.schemaPointer;
}

/** Response headers the spec marks `required` for a status. */
export function requiredHeaders(op: CompiledOperation, status: number): string[] {
  const response = responseFor(op, status);
  if (!response) return [];
  const document = specModel().document;
  const raw = deref(document, op.op.operation.responses?.[response.status]);
  return Object.entries((raw?.headers ?? {}) as Record<string, unknown>)
    .filter(([, header]) => deref(document, header)?.required === true)
    .map(([name]) => name);
}

/** The documented response for a status, following ranges and `default`. */
export function responseFor(op: CompiledOperation, status: number) {
  const s = String(status);
  return (
    op.op.responses.find((r) => r.status === s) ??
    op.op.responses.find((r) => r.status.toUpperCase() === `${s[0]}XX`) ??
    op.op.responses.find((r) => r.status === "default")
  );
}
