// @ts-check
// What the console page knows of each operation, read from the spec at build time
// (through @beeos/spec) and written next to the site as console-operations.json: its
// method and path, its path, query and header parameters and the fields of its JSON
// body with their constraints and examples, and whether it answers with an event
// stream. The page itself (src/console/) only turns this into a form.
import { deref, EVENT_STREAM, examplesOf, jsonMedia, successResponses } from "@beeos/spec";
import { consoleHref, referenceHref } from "./pages.mjs";

/**
 * @typedef {import("./spec.mjs").Json} Json
 * @typedef {import("./spec.mjs").Operation} Operation
 * @typedef {import("../../src/console/types.js").ConsoleField} ConsoleField
 * @typedef {import("../../src/console/types.js").ConsoleOperation} ConsoleOperation
 */

/** The constraint keywords the form enforces or shows. */
const CONSTRAINTS = /** @type {const} */ (["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "format", "default", "minItems", "maxItems"]);

/**
 * A schema's own type: the first non-null one of a 3.1 type list; `enum` or `const`
 * values make it a choice.
 * @param {Json} schema
 * @returns {ConsoleField["type"]}
 */
function typeOf(schema) {
  const types = Array.isArray(schema?.type) ? schema.type.filter((/** @type {string} */ t) => t !== "null") : [schema?.type];
  const type = types[0];
  if (type === "string" || type === "integer" || type === "number" || type === "boolean" || type === "array" || type === "object") return type;
  if (Array.isArray(schema?.enum) || schema?.const !== undefined) return "string";
  return "json";
}

/**
 * One form field from a parameter or a body property.
 * @param {Json} spec
 * @param {{ name: string, in: ConsoleField["in"], required: boolean, description: string | undefined, schema: Json, example: unknown }} source
 * @returns {ConsoleField}
 */
function field(spec, { name, in: location, required, description, schema: raw, example }) {
  const schema = deref(spec, raw) ?? {};
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  const main = variants ? deref(spec, variants.find((/** @type {Json} */ v) => deref(spec, v)?.type !== "null")) ?? {} : schema;
  /** @type {ConsoleField} */
  const out = { name, in: location, required, type: typeOf(main), description: String(description ?? schema.description ?? main.description ?? "").trim() };
  /** @type {Record<string, unknown>} */
  const constraints = {};
  for (const key of CONSTRAINTS) if (main[key] !== undefined) constraints[key] = main[key];
  if (Object.keys(constraints).length > 0) out.constraints = /** @type {NonNullable<ConsoleField["constraints"]>} */ (constraints);
  const values = Array.isArray(main.enum) ? main.enum : main.const !== undefined ? [main.const] : undefined;
  if (values) out.enum = values.filter((/** @type {unknown} */ v) => v !== null).map(String);
  const items = main.type === "array" ? deref(spec, main.items) : undefined;
  if (items && Array.isArray(items.enum)) out.itemEnum = items.enum.map(String);
  const fallback = example ?? main.example ?? (Array.isArray(main.examples) ? main.examples[0] : undefined);
  if (fallback !== undefined) out.example = fallback;
  return out;
}

/**
 * @param {Json} spec
 * @param {Operation} op
 * @returns {ConsoleOperation}
 */
export function consoleOperation(spec, op) {
  const params = op.parameters
    .filter((p) => p.in !== "cookie" && !(p.in === "header" && /^(authorization|content-type|accept)$/i.test(p.name)))
    .map((p) => field(spec, { name: p.name, in: p.in === "path" ? "path" : p.in === "query" ? "query" : "header", required: p.required || p.in === "path", description: p.description, schema: p.schema, example: p.example }));
  /** @type {ConsoleOperation["body"]} */
  let body;
  if (op.requestBody) {
    const json = jsonMedia(op.requestBody.content);
    const media = json ?? op.requestBody.content[0];
    const example = media ? examplesOf(spec, media)[0]?.value : undefined;
    const schema = deref(spec, media?.schema) ?? {};
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const properties = /** @type {Record<string, Json>} */ (json && schema.properties && typeof schema.properties === "object" ? schema.properties : {});
    const exampleObject = example && typeof example === "object" && !Array.isArray(example) ? /** @type {Record<string, unknown>} */ (example) : {};
    body = {
      mediaType: media?.mediaType ?? "application/octet-stream",
      required: op.requestBody.required,
      // Fields only for a JSON object with named properties; any other body is one text box.
      fields: Object.entries(properties).map(([name, schemaOf]) =>
        field(spec, { name, in: "body", required: required.has(name), description: undefined, schema: schemaOf, example: exampleObject[name] }),
      ),
      ...(example === undefined ? {} : { example }),
    };
  }
  const stream = successResponses(op).some((r) => r.content.some((m) => m.mediaType === EVENT_STREAM));
  return {
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    tag: op.tag ?? "other",
    summary: op.summary ?? op.operationId,
    description: String(op.description ?? "").split(/\n\s*\n/)[0]?.trim() ?? "",
    deprecated: op.deprecated,
    stream,
    reference: referenceHref(op),
    console: consoleHref(op.operationId),
    params,
    ...(body ? { body } : {}),
  };
}

/**
 * The console's data for every operation, and what the console cannot offer (notes).
 * @param {Json} spec
 * @param {Operation[]} operations
 * @param {(note: string) => void} note
 */
export function consoleOperations(spec, operations, note) {
  return operations.map((op) => {
    const out = consoleOperation(spec, op);
    if (out.body && out.body.fields.length === 0 && !/json/.test(out.body.mediaType)) {
      note(`${op.operationId}: the console sends its ${out.body.mediaType} body as the text typed in, not as a file`);
    }
    return out;
  });
}
