import { deref, isSuccess, type Operation, type Parameter, type Schema, type SpecModel } from "./spec.js";

/** What the client sends: the shape every operation method of @beeos/client takes. */
export interface ClientInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HappyScenario {
  name: string;
  op: Operation;
  input: ClientInput;
  /** The documented success status Prism is expected to pick. */
  status: number;
}

export interface ErrorScenario {
  name: string;
  op: Operation;
  input: ClientInput;
  status: number;
  documented: string;
  exampleKey: string | undefined;
  /** `error.code` of the example Prism serves, which the client must surface. */
  code: string | undefined;
}

export interface NegativeScenario {
  name: string;
  op: Operation;
  input: ClientInput;
  /** The parameter or body property the request breaks. */
  target: string;
  constraint: "minimum" | "maximum" | "minLength" | "maxLength" | "required" | "type";
}

/** A value that satisfies a schema: its example when it has one, else the smallest valid value. */
export function sampleValue(document: Record<string, unknown>, raw: Schema): unknown {
  const schema = deref(document, raw);
  if (schema["example"] !== undefined) return schema["example"];
  if (Array.isArray(schema["examples"]) && schema["examples"].length > 0) return schema["examples"][0];
  if (schema["default"] !== undefined) return schema["default"];
  if (schema["const"] !== undefined) return schema["const"];
  if (Array.isArray(schema["enum"])) return schema["enum"][0];
  const type = Array.isArray(schema["type"]) ? schema["type"][0] : schema["type"];
  switch (type) {
    case "integer":
    case "number":
      return typeof schema["minimum"] === "number" ? schema["minimum"] : 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object": {
      const props = (schema["properties"] ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const name of (schema["required"] ?? []) as string[]) out[name] = sampleValue(document, props[name] ?? {});
      return out;
    }
    default:
      return "x".repeat(Math.max(1, Number(schema["minLength"] ?? 1)));
  }
}

/** Path and query parameters, and the header parameters the operation requires, each with its example. */
function validInput(spec: SpecModel, op: Operation): ClientInput {
  const input: ClientInput = {};
  for (const p of op.parameters) {
    if (p.in === "header" && p.required) {
      (input.headers ??= {})[p.name] = String(p.example ?? sampleValue(spec.document, p.schema));
      continue;
    }
    if (p.in !== "path" && p.in !== "query") continue;
    const bag = (input[p.in] ??= {});
    bag[p.name] = p.example ?? sampleValue(spec.document, p.schema);
  }
  return input;
}

const successStatuses = (op: Operation) => [...new Set(op.responses.flatMap((r) => r.statuses).filter(isSuccess))].sort((a, b) => a - b);

/**
 * The lowest success status (what Prism picks on its own) once per request body example;
 * every other documented success status once, forced with `Prefer: code=`.
 */
export function happyScenarios(spec: SpecModel): HappyScenario[] {
  return spec.operations.flatMap((op) => {
    const base = validInput(spec, op);
    const [lowest, ...others] = successStatuses(op);
    const bodies = !op.requestBody
      ? [undefined]
      : op.requestBody.examples.length > 0
        ? op.requestBody.examples
        : [{ key: "generated", value: sampleValue(spec.document, op.requestBody.schema) }];
    const label = (ex: { key: string } | undefined) => (ex ? ` (${ex.key})` : "");
    const withBody = (ex: { value: unknown } | undefined): ClientInput => (ex ? { ...base, body: ex.value } : base);
    if (lowest === undefined) return [];
    return [
      ...bodies.map((ex) => ({ name: `${op.operationId}${label(ex)} → ${lowest}`, op, input: withBody(ex), status: lowest })),
      ...others.map((status) => ({
        name: `${op.operationId}${label(bodies[0])} → ${status}`,
        op,
        input: { ...withBody(bodies[0]), headers: { ...base.headers, Prefer: `code=${status}` } },
        status,
      })),
    ];
  });
}

/** The `code` an error example carries: in the envelope's `error`, or at the top for operations with their own error shape. */
const errorCode = (value: unknown): string | undefined => {
  const body = value as { code?: unknown; error?: { code?: unknown } } | undefined;
  const code = body?.error?.code ?? body?.code;
  return typeof code === "string" ? code : undefined;
};

/** Every documented non-2xx status, once per named example (Prefer: code=…, example=…). */
export function errorScenarios(spec: SpecModel): ErrorScenario[] {
  return spec.operations.flatMap((op) => {
    const base = validInput(spec, op);
    if (op.requestBody) base.body = op.requestBody.examples[0]?.value ?? sampleValue(spec.document, op.requestBody.schema);
    return op.responses.flatMap((response) =>
      response.statuses.filter((s) => !isSuccess(s)).flatMap((status) => {
        const examples = response.examples.length > 0 ? response.examples : [undefined];
        return examples.map((ex) => ({
          name: `${op.operationId} → ${status}${ex ? ` (${ex.key})` : ""}`,
          op,
          input: { ...base, headers: { ...base.headers, Prefer: ex ? `code=${status}, example=${ex.key}` : `code=${status}` } },
          status,
          documented: response.documented,
          exampleKey: ex?.key,
          code: errorCode(ex?.value),
        }));
      }),
    );
  });
}

type Constraint = NegativeScenario["constraint"];

/** Values that break each bound a schema declares, one per bound. */
function violations(document: Record<string, unknown>, raw: Schema): Array<{ constraint: Constraint; value: unknown }> {
  const schema = deref(document, raw);
  const out: Array<{ constraint: Constraint; value: unknown }> = [];
  const type = schema["type"];
  if (typeof schema["minimum"] === "number") out.push({ constraint: "minimum", value: schema["minimum"] - 1 });
  if (typeof schema["maximum"] === "number") out.push({ constraint: "maximum", value: schema["maximum"] + 1 });
  if (typeof schema["maxLength"] === "number") out.push({ constraint: "maxLength", value: "x".repeat(schema["maxLength"] + 1) });
  if (typeof schema["minLength"] === "number" && schema["minLength"] > 0) out.push({ constraint: "minLength", value: "" });
  if (type === "integer" || type === "number") out.push({ constraint: "type", value: "not-a-number" });
  else if (type === "string") out.push({ constraint: "type", value: 12345 });
  else if (type === "boolean") out.push({ constraint: "type", value: "not-a-boolean" });
  else if (type === "array" || type === "object") out.push({ constraint: "type", value: 12345 });
  return out;
}

function paramNegatives(spec: SpecModel, op: Operation, base: ClientInput, p: Parameter): NegativeScenario[] {
  if (p.in !== "path" && p.in !== "query") return [];
  const out: NegativeScenario[] = [];
  for (const v of violations(spec.document, p.schema)) {
    // Every path segment is a string on the wire, and an empty one changes the route instead of the value.
    if (p.in === "path" && (v.constraint === "type" || v.constraint === "minLength")) continue;
    // A query string has no types either: a number sent where a string is expected arrives as text.
    if (p.in === "query" && v.constraint === "type" && typeof v.value === "number") continue;
    out.push({
      name: `${op.operationId}: ${p.in} ${p.name} breaks ${v.constraint}`,
      op,
      input: { ...base, [p.in]: { ...base[p.in], [p.name]: v.value } },
      target: p.name,
      constraint: v.constraint,
    });
  }
  if (p.required && p.in === "query") {
    const query = { ...base.query };
    delete query[p.name];
    out.push({ name: `${op.operationId}: query ${p.name} missing`, op, input: { ...base, query }, target: p.name, constraint: "required" });
  }
  return out;
}

function bodyNegatives(spec: SpecModel, op: Operation, base: ClientInput): NegativeScenario[] {
  if (!op.requestBody) return [];
  const schema = deref(spec.document, op.requestBody.schema);
  const valid = (op.requestBody.examples[0]?.value ?? sampleValue(spec.document, schema)) as Record<string, unknown>;
  const out: NegativeScenario[] = [];
  const props = (schema["properties"] ?? {}) as Record<string, Schema>;
  for (const name of (schema["required"] ?? []) as string[]) {
    const body = { ...valid };
    delete body[name];
    out.push({ name: `${op.operationId}: body ${name} missing`, op, input: { ...base, body }, target: name, constraint: "required" });
  }
  for (const [name, propSchema] of Object.entries(props)) {
    for (const v of violations(spec.document, propSchema)) {
      out.push({ name: `${op.operationId}: body ${name} breaks ${v.constraint}`, op, input: { ...base, body: { ...valid, [name]: v.value } }, target: name, constraint: v.constraint });
    }
    const items = deref(spec.document, propSchema)["items"] as Schema | undefined;
    if (items) {
      for (const v of violations(spec.document, items)) {
        out.push({ name: `${op.operationId}: body ${name}[0] breaks ${v.constraint}`, op, input: { ...base, body: { ...valid, [name]: [v.value] } }, target: name, constraint: v.constraint });
      }
    }
  }
  return out;
}

/** One request per bound in the spec (parameters and body properties), each breaking only that bound. */
export function negativeScenarios(spec: SpecModel): NegativeScenario[] {
  return spec.operations.flatMap((op) => {
    const base = validInput(spec, op);
    if (op.requestBody) base.body = op.requestBody.examples[0]?.value ?? sampleValue(spec.document, op.requestBody.schema);
    return [...op.parameters.flatMap((p) => paramNegatives(spec, op, base, p)), ...bodyNegatives(spec, op, base)];
  });
}

export { validInput };
