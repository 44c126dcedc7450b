// @ts-check
// Synthetic OpenAPI 3.1 specs of any size, split into files the way spec/ is (a
// file per path item and per component) and clean under the root redocly.yaml,
// so every stage does its full work on them. Each resource brings five
// operations, a ~20-field schema and an example, and uses the shared parameters
// and error responses.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";

const $ref = (/** @type {string} */ file) => ({ $ref: file });
const str = (maxLength = 0) => ({ type: "string", ...(maxLength && { maxLength }) });
const int = (/** @type {string} */ format, maximum = 0) => ({ type: "integer", format, minimum: 0, ...(maximum && { maximum }) });
const object = (/** @type {string[]} */ required, /** @type {object} */ properties, description = "") => ({ type: "object", ...(description && { description }), required, properties });
const [date, tier, labels, config] = [{ type: "string", format: "date-time" }, { type: "string", enum: ["free", "standard", "premium"] }, { type: "array", items: str(64) }, { type: "object", additionalProperties: true }];
const RECORD = {
  ...{ id: { ...str(128), description: "Unique id." }, ownerId: { ...str(), description: "Owner of the record." }, name: str(128), description: str(4096), status: $ref("./Status.yaml") },
  ...{ labels, sizeBytes: int("int64"), replicas: int("int32", 64), ratio: { type: "number" }, enabled: { type: "boolean" }, region: str(), endpoint: { type: "string", format: "uri" } },
  ...{ config: { ...config, description: "Free-form settings." }, metadata: $ref("./Metadata.yaml"), parentId: { type: ["string", "null"] }, tier, errorMessage: str() },
  ...{ createdAt: date, updatedAt: date, deletedAt: date },
};
const CREATE = { name: str(128), description: str(4096), labels, replicas: int("int32", 64), region: str(64), config, tier };
/** @type {Record<string, string>} */
const ERRORS = { BadRequest: "400", Unauthorized: "401", NotFound: "404", Conflict: "409", RateLimited: "429", ServerError: "5XX" };
/** @type {Array<[string, string, string, string, number, string, string, string[]]>} path suffix, method, verb, summary, status, description, body schema, errors besides 401, 429 and 5XX */
const OPERATIONS = [
  ["", "get", "list", "List % records", 200, "A page.", "ListEnvelope", ["BadRequest"]],
  ["", "post", "create", "Create a %", 201, "Created.", "Envelope", ["BadRequest", "Conflict"]],
  ["/{id}", "get", "get", "Get a %", 200, "The record.", "Envelope", ["NotFound"]],
  ["/{id}", "delete", "delete", "Delete a %", 200, "Deleted.", "", ["NotFound", "Conflict"]],
  ["/{id}/start", "post", "start", "Start a %", 200, "Started.", "Envelope", ["NotFound", "Conflict"]],
];

/** Writes a spec of `operations` operations (a multiple of 5) into `dir`; returns its root file and its operations. @param {string} dir @param {number} operations */
export function writeSyntheticSpec(dir, operations) {
  if (!Number.isInteger(operations) || operations <= 0 || operations % 5 !== 0) throw new Error(`a synthetic spec has a multiple of 5 operations, got ${operations}`);
  /** @type {Record<string, any>} */
  const files = {
    "components/schemas/Status.yaml": { type: "string", description: "Lifecycle state; new values may appear.", examples: ["running"] },
    "components/schemas/Metadata.yaml": { type: "object", description: "String hints.", additionalProperties: { type: "string" } },
    "components/schemas/Error.yaml": object(["code", "message"], { code: str(), message: str(), request_id: str(), param: str() }),
    "components/schemas/ErrorEnvelope.yaml": object(["success", "error"], { success: { const: false }, error: $ref("./Error.yaml") }),
    "components/parameters/Page.yaml": { name: "page", in: "query", description: "Zero-based page index.", schema: int("int32") },
    "components/parameters/PageSize.yaml": { name: "pageSize", in: "query", description: "Rows per page.", schema: int("int32", 200) },
    "components/parameters/Search.yaml": { name: "search", in: "query", description: "Free-text filter.", schema: str() },
    "components/parameters/Id.yaml": { name: "id", in: "path", required: true, description: "Record id.", schema: str(128) },
  };
  for (const [name, status] of Object.entries(ERRORS)) {
    const example = { success: false, error: { code: name.toLowerCase(), message: `${name} error`, request_id: "req_1" } };
    const headers = status === "429" && { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } };
    files[`components/responses/${name}.yaml`] = { description: `${name} error.`, ...headers, content: { "application/json": { schema: $ref("../schemas/ErrorEnvelope.yaml"), example } } };
  }
  /** @type {[Record<string, object>, object[], Array<{ method: string, path: string }>]} */
  const [paths, tags, ops] = [{}, [], []];
  const param = (/** @type {string} */ name) => $ref(`../components/parameters/${name}.yaml`);
  for (let i = 0; i < operations / 5; i++) {
    const R = `Res${i}`;
    tags.push({ name: `res${i}`, description: `Operations on ${R} records.` });
    for (const [suffix, method, verb, summary, status, description, schema, errors] of OPERATIONS) {
      const [path, file, what] = [`/api/v1/res${i}${suffix}`, `paths/res${i}${suffix.replaceAll("/", "_")}.yaml`, summary.replace("%", R)];
      const item = (files[file] ??= suffix ? { parameters: [param("Id")] } : {});
      paths[path] = $ref(file);
      ops.push({ method, path });
      const json = (/** @type {string} */ name) => ({ schema: $ref(`../components/schemas/${R}${name}.yaml`), ...(verb === "get" && { examples: { [R]: $ref(`../components/examples/${R}.yaml`) } }) });
      const body = schema ? json(schema) : { schema: object(["success"], { success: { const: true }, data: str() }) };
      item[method] = {
        ...{ operationId: `${verb}${R}`, summary: what, description: `${what}. Synthetic operation ${verb}${R} of a generated spec.`, tags: [`res${i}`] },
        ...(verb === "list" && { parameters: ["Page", "PageSize", "Search"].map(param) }),
        ...(verb === "create" && { requestBody: { required: true, content: { "application/json": json("Create") } } }),
        responses: { [status]: { description, content: { "application/json": body } } },
      };
      for (const n of [...errors, "Unauthorized", "RateLimited", "ServerError"]) item[method].responses[ERRORS[n] ?? ""] = $ref(`../components/responses/${n}.yaml`);
    }
    const data = { id: `res${i}_abc123`, ownerId: "user_abc123", name: `record-${i}`, status: "running", labels: ["blue"], sizeBytes: 1024, replicas: 2, metadata: { source: "bench" }, createdAt: "2026-05-14T18:00:00Z" };
    Object.assign(files, {
      [`components/schemas/${R}.yaml`]: object(["id", "ownerId", "name", "status", "labels", "sizeBytes", "createdAt"], RECORD, `One ${R} record.`),
      [`components/schemas/${R}Create.yaml`]: object(["name"], CREATE, `What a new ${R} is made of.`),
      [`components/schemas/${R}Envelope.yaml`]: object(["success", "data"], { success: { const: true }, data: $ref(`./${R}.yaml`) }),
      [`components/schemas/${R}ListEnvelope.yaml`]: object(["success", "data", "total"], { success: { const: true }, data: { type: "array", items: $ref(`./${R}.yaml`) }, total: int("int64") }),
      [`components/examples/${R}.yaml`]: { summary: `A ${R}`, value: { success: true, data } },
    });
  }
  /** @type {Record<string, Record<string, object>>} */
  const components = { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } } };
  for (const [file, kind = "", name = ""] of Object.keys(files).map((f) => /^components\/(\w+)\/(\w+)\.yaml$/.exec(f) ?? [])) if (file) (components[kind] ??= {})[name] = $ref(file);
  const info = { title: `Synthetic API (${operations} operations)`, version: "1.0.0", description: "Generated to measure how the pipeline grows with the size of an API." };
  const about = { contact: { name: "Bench", url: "https://synthetic.test" }, license: { name: "MIT", identifier: "MIT" } };
  const servers = [{ url: "https://api.synthetic.test", description: "Nowhere: the spec is only built, never called." }];
  files["openapi.yaml"] = { openapi: "3.1.0", info: { ...info, ...about }, servers, security: [{ bearerAuth: [] }], tags, paths, components };
  for (const [file, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), stringify(body, { lineWidth: 0, aliasDuplicateObjects: false }));
  }
  return { root: join(dir, "openapi.yaml"), ops };
}
