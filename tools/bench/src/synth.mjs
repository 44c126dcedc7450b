// @ts-check
// Synthetic OpenAPI 3.1 specs of any size, split into files the way spec/ is
// (one file per path item and per component) and clean under the repository's
// strict lint rules, so every stage of the pipeline does its full work on them.
// Each resource brings five operations (list, create, get, delete, start),
// schemas of about twenty fields, an example, and uses the shared components.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

export const OPERATIONS_PER_RESOURCE = 5;

/** @param {number} operations */
export function resourceCount(operations) {
  if (!Number.isInteger(operations) || operations < OPERATIONS_PER_RESOURCE || operations % OPERATIONS_PER_RESOURCE !== 0) {
    throw new Error(`a synthetic spec has a multiple of ${OPERATIONS_PER_RESOURCE} operations, got ${operations}`);
  }
  return operations / OPERATIONS_PER_RESOURCE;
}

const ref = (/** @type {string} */ file) => ({ $ref: file });
const errorResponses = (/** @type {string[]} */ names, /** @type {string} */ up) =>
  Object.fromEntries(names.map((n) => [n === "ServerError" ? "5XX" : STATUS[n], ref(`${up}components/responses/${n}.yaml`)]));
/** @type {Record<string, string>} */
const STATUS = { BadRequest: "400", Unauthorized: "401", NotFound: "404", Conflict: "409", RateLimited: "429" };

/** @param {number} i */
function resource(i) {
  const Name = `Res${i}`;
  const item = {
    type: "object",
    description: `One ${Name} record.`,
    required: ["id", "ownerId", "name", "status", "labels", "sizeBytes", "createdAt"],
    properties: {
      id: { type: "string", maxLength: 128, description: "Unique id." },
      ownerId: { type: "string", description: "Owner of the record." },
      name: { type: "string", maxLength: 128 },
      description: { type: "string", maxLength: 4096 },
      status: ref("./Status.yaml"),
      labels: { type: "array", items: { type: "string", maxLength: 64 } },
      sizeBytes: { type: "integer", format: "int64", minimum: 0 },
      replicas: { type: "integer", format: "int32", minimum: 0, maximum: 64 },
      ratio: { type: "number" },
      enabled: { type: "boolean" },
      region: { type: "string" },
      endpoint: { type: "string", format: "uri" },
      config: { type: "object", additionalProperties: true, description: "Free-form settings." },
      metadata: ref("./Metadata.yaml"),
      parentId: { type: ["string", "null"] },
      tier: { type: "string", enum: ["free", "standard", "premium"] },
      errorMessage: { type: "string" },
      createdAt: { type: "string", format: "date-time" },
      updatedAt: { type: "string", format: "date-time" },
      deletedAt: { type: "string", format: "date-time" },
    },
  };
  const create = {
    type: "object",
    description: `What a new ${Name} is made of.`,
    required: ["name"],
    properties: {
      name: { type: "string", maxLength: 128 },
      description: { type: "string", maxLength: 4096 },
      labels: { type: "array", items: { type: "string", maxLength: 64 } },
      replicas: { type: "integer", format: "int32", minimum: 0, maximum: 64 },
      region: { type: "string", maxLength: 64 },
      config: { type: "object", additionalProperties: true },
      tier: { type: "string", enum: ["free", "standard", "premium"] },
    },
  };
  const envelope = {
    type: "object",
    required: ["success", "data"],
    properties: { success: { const: true }, data: ref(`./${Name}.yaml`) },
  };
  const list = {
    type: "object",
    required: ["success", "data", "total"],
    properties: { success: { const: true }, data: { type: "array", items: ref(`./${Name}.yaml`) }, total: { type: "integer", format: "int64" } },
  };
  const example = {
    summary: `A ${Name}`,
    value: {
      success: true,
      data: {
        id: `res${i}_abc123`,
        ownerId: "user_abc123",
        name: `record-${i}`,
        status: "running",
        labels: ["blue"],
        sizeBytes: 1024,
        replicas: 2,
        metadata: { source: "bench" },
        createdAt: "2026-05-14T18:00:00Z",
      },
    },
  };
  return { Name, item, create, envelope, list, example };
}

/**
 * Writes the spec into `dir` and returns the path of its root file.
 * @param {string} dir
 * @param {number} operations
 */
export function writeSyntheticSpec(dir, operations) {
  const count = resourceCount(operations);
  /** @type {Array<[string, unknown]>} */
  const files = [];
  /** @type {Record<string, unknown>} */
  const paths = {};
  /** @type {Record<string, unknown>} */
  const schemas = {};
  /** @type {Record<string, unknown>} */
  const examples = {};
  /** @type {Array<{ name: string, description: string }>} */
  const tags = [];
  const up = "../";

  for (const [name, schema] of Object.entries({
    Status: { type: "string", description: "Lifecycle state; new values may appear.", examples: ["running"] },
    Metadata: { type: "object", description: "String hints.", additionalProperties: { type: "string" } },
    Error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, request_id: { type: "string" }, param: { type: "string" } },
    },
    ErrorEnvelope: { type: "object", required: ["success", "error"], properties: { success: { const: false }, error: ref("./Error.yaml") } },
  })) {
    files.push([`components/schemas/${name}.yaml`, schema]);
    schemas[name] = ref(`components/schemas/${name}.yaml`);
  }
  const responses = Object.fromEntries(
    ["BadRequest", "Unauthorized", "NotFound", "Conflict", "RateLimited", "ServerError"].map((name) => {
      const body = {
        description: `${name} error.`,
        ...(name === "RateLimited" ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } } : {}),
        content: {
          "application/json": {
            schema: ref("../schemas/ErrorEnvelope.yaml"),
            example: { success: false, error: { code: name.toLowerCase(), message: `${name} error`, request_id: "req_1" } },
          },
        },
      };
      files.push([`components/responses/${name}.yaml`, body]);
      return [name, ref(`components/responses/${name}.yaml`)];
    }),
  );
  const parameters = {
    Page: { name: "page", in: "query", description: "Zero-based page index.", schema: { type: "integer", format: "int32", minimum: 0 } },
    PageSize: { name: "pageSize", in: "query", description: "Rows per page.", schema: { type: "integer", format: "int32", minimum: 0, maximum: 200 } },
    Search: { name: "search", in: "query", description: "Free-text filter.", schema: { type: "string" } },
    Id: { name: "id", in: "path", required: true, description: "Record id.", schema: { type: "string", maxLength: 128 } },
  };
  for (const [name, body] of Object.entries(parameters)) files.push([`components/parameters/${name}.yaml`, body]);
  const param = (/** @type {string} */ name) => ref(`${up}components/parameters/${name}.yaml`);

  for (let i = 0; i < count; i++) {
    const r = resource(i);
    const tag = `res${i}`;
    tags.push({ name: tag, description: `Operations on ${r.Name} records.` });
    for (const [suffix, schema] of [["", r.item], ["Create", r.create], ["Envelope", r.envelope], ["ListEnvelope", r.list]]) {
      files.push([`components/schemas/${r.Name}${suffix}.yaml`, schema]);
      schemas[`${r.Name}${suffix}`] = ref(`components/schemas/${r.Name}${suffix}.yaml`);
    }
    files.push([`components/examples/${r.Name}.yaml`, r.example]);
    examples[r.Name] = ref(`components/examples/${r.Name}.yaml`);
    const json = (/** @type {string} */ schema, /** @type {boolean} */ withExample = false) => ({
      "application/json": {
        schema: ref(`${up}components/schemas/${schema}.yaml`),
        ...(withExample ? { examples: { [r.Name]: ref(`${up}components/examples/${r.Name}.yaml`) } } : {}),
      },
    });
    const op = (/** @type {string} */ id, /** @type {string} */ summary, /** @type {object} */ rest) => ({
      operationId: id,
      summary,
      description: `${summary}. Synthetic operation ${id} of a generated spec.`,
      tags: [tag],
      ...rest,
    });
    const base = `/api/v1/res${i}`;
    files.push([
      `paths/res${i}.yaml`,
      {
        get: op(`listRes${i}`, `List ${r.Name} records`, {
          parameters: [param("Page"), param("PageSize"), param("Search")],
          responses: { 200: { description: "A page.", content: json(`${r.Name}ListEnvelope`) }, ...errorResponses(["BadRequest", "Unauthorized", "RateLimited", "ServerError"], up) },
        }),
        post: op(`createRes${i}`, `Create a ${r.Name}`, {
          requestBody: { required: true, content: json(`${r.Name}Create`) },
          responses: { 201: { description: "Created.", content: json(`${r.Name}Envelope`) }, ...errorResponses(["BadRequest", "Unauthorized", "Conflict", "RateLimited", "ServerError"], up) },
        }),
      },
    ]);
    files.push([
      `paths/res${i}_{id}.yaml`,
      {
        parameters: [param("Id")],
        get: op(`getRes${i}`, `Get a ${r.Name}`, {
          responses: { 200: { description: "The record.", content: json(`${r.Name}Envelope`, true) }, ...errorResponses(["Unauthorized", "NotFound", "RateLimited", "ServerError"], up) },
        }),
        delete: op(`deleteRes${i}`, `Delete a ${r.Name}`, {
          responses: {
            200: { description: "Deleted.", content: { "application/json": { schema: { type: "object", required: ["success"], properties: { success: { const: true }, data: { type: "string" } } } } } },
            ...errorResponses(["Unauthorized", "NotFound", "Conflict", "RateLimited", "ServerError"], up),
          },
        }),
      },
    ]);
    files.push([
      `paths/res${i}_{id}_start.yaml`,
      {
        parameters: [param("Id")],
        post: op(`startRes${i}`, `Start a ${r.Name}`, {
          responses: { 200: { description: "Started.", content: json(`${r.Name}Envelope`) }, ...errorResponses(["Unauthorized", "NotFound", "Conflict", "RateLimited", "ServerError"], up) },
        }),
      },
    ]);
    paths[base] = ref(`paths/res${i}.yaml`);
    paths[`${base}/{id}`] = ref(`paths/res${i}_{id}.yaml`);
    paths[`${base}/{id}/start`] = ref(`paths/res${i}_{id}_start.yaml`);
  }

  const root = {
    openapi: "3.1.0",
    info: {
      title: `Synthetic API (${operations} operations)`,
      version: "1.0.0",
      description: "Generated to measure how the pipeline grows with the size of an API.",
      contact: { name: "Bench", url: "https://synthetic.test" },
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "https://api.synthetic.test", description: "Nowhere: the spec is only built, never called." }],
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      schemas,
      parameters: Object.fromEntries(Object.keys(parameters).map((n) => [n, ref(`components/parameters/${n}.yaml`)])),
      responses,
      examples,
    },
  };
  files.push(["openapi.yaml", root]);
  for (const [file, body] of files) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), stringify(body, { lineWidth: 0 }));
  }
  return join(dir, "openapi.yaml");
}

/**
 * A program using the generated types through openapi-fetch, as an app would:
 * a fixed set of calls spread over the API, so that only the API's size grows.
 * @param {number} operations
 */
export function usageSource(operations, calls = 12) {
  const count = resourceCount(operations);
  const lines = [
    `import createClient from "openapi-fetch";`,
    `import type { components, paths } from "./schema.js";`,
    ``,
    `const client = createClient<paths>({ baseUrl: "https://api.synthetic.test" });`,
    ``,
    `export async function run(): Promise<number> {`,
    `  let seen = 0;`,
  ];
  for (let c = 0; c < calls; c++) {
    const i = Math.floor((c * count) / calls) % count;
    lines.push(
      `  {`,
      `    const list = await client.GET("/api/v1/res${i}", { params: { query: { page: 0, pageSize: 50 } } });`,
      `    const rows: components["schemas"]["Res${i}"][] = list.data?.data ?? [];`,
      `    seen += rows.length + (list.data?.total ?? 0);`,
      `    const one = await client.GET("/api/v1/res${i}/{id}", { params: { path: { id: rows[0]?.id ?? "x" } } });`,
      `    if (one.error) throw new Error(one.error.error.message);`,
      `    const made = await client.POST("/api/v1/res${i}", { body: { name: "n", tier: "free" } });`,
      `    seen += made.data?.data.replicas ?? 0;`,
      `  }`,
    );
  }
  lines.push(`  return seen;`, `}`, ``);
  return lines.join("\n");
}
