// The spec checked against the published facts of the BeeOS Platform API.
// The seed operation, listInstances, must be exact.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { deref, listOperations as operations, type Json } from "../lib/document.mjs";
import { loadBundle } from "./bundled.js";

let doc: Json;
beforeAll(() => {
  doc = loadBundle();
});

const schema = (name: string) => doc.components.schemas[name];

function validator(name: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "beeos", components: doc.components }, "beeos");
  return ajv.compile({ $ref: `beeos#/components/schemas/${name}` });
}

describe("the document", () => {
  it("is OpenAPI 3.1 under the 2020-12 dialect, with the three servers", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(doc.servers.map((s: Json) => s.url)).toEqual([
      "https://openapi.beeos.ai",
      "https://openapi-staging.beeos.ai",
      "http://localhost:8095",
    ]);
  });

  it("requires bearer auth on every operation, accepting JWTs and oag_ keys", () => {
    const scheme = doc.components.securitySchemes.bearerAuth;
    expect(scheme).toMatchObject({ type: "http", scheme: "bearer" });
    expect(scheme.description).toContain("oag_");
    expect(scheme.description).toContain("JWT");
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    for (const { operationId: id, operation: op } of operations(doc)) {
      expect(op.security ?? doc.security, id).toEqual([{ bearerAuth: [] }]);
    }
  });

  it("has every operation of the fact sheet, each with id, summary, description and tag", () => {
    const table = operations(doc).map((o) => `${o.operationId} ${o.method.toUpperCase()} ${o.path} ${o.operation.tags.join(",")}`);
    expect(table.sort()).toEqual(
      [
        "listInstances GET /api/v1/instances instances",
        "deployInstance POST /api/v1/instances instances",
        "getInstance GET /api/v1/instances/{id} instances",
        "destroyInstance DELETE /api/v1/instances/{id} instances",
        "startInstance POST /api/v1/instances/{id}/start instances",
        "stopInstance POST /api/v1/instances/{id}/stop instances",
        "restartInstance POST /api/v1/instances/{id}/restart instances",
        "listProviders GET /api/v1/providers deploy",
        "listDeployRegions GET /api/v1/deploy/regions deploy",
        "listDeployModels GET /api/v1/deploy/models deploy",
      ].sort(),
    );
    for (const { operationId: id, operation: op } of operations(doc)) {
      expect(op.summary, id).toBeTruthy();
      expect(op.description, id).toBeTruthy();
    }
  });

  it("documents each operation's statuses, errors as shared responses", () => {
    const statuses = Object.fromEntries(operations(doc).map((o) => [o.operationId, Object.keys(o.operation.responses).sort()]));
    expect(statuses).toEqual({
      listInstances: ["200", "400", "401", "429", "5XX"],
      deployInstance: ["201", "400", "401", "403", "409", "413", "429", "5XX"],
      getInstance: ["200", "401", "403", "404", "429", "5XX"],
      destroyInstance: ["200", "401", "403", "404", "409", "429", "5XX"],
      startInstance: ["200", "401", "403", "404", "409", "429", "5XX"],
      stopInstance: ["200", "401", "403", "404", "409", "429", "5XX"],
      restartInstance: ["200", "401", "403", "404", "409", "429", "5XX"],
      listProviders: ["200", "401", "429", "5XX"],
      listDeployRegions: ["200", "400", "401", "429", "5XX"],
      listDeployModels: ["200", "400", "401", "429", "5XX"],
    });
    for (const { operationId: id, operation: op } of operations(doc)) {
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (status.startsWith("2")) continue;
        expect(response.$ref, `${id} ${status}`).toMatch(/^#\/components\/responses\//);
      }
    }
    expect(doc.components.responses.RateLimited.headers["Retry-After"]).toBeDefined();
  });
});

describe("the seed: GET /api/v1/instances", () => {
  it("takes exactly the six query parameters, with their types and bounds", () => {
    const seed = operations(doc).find((o) => o.operationId === "listInstances")!;
    const params = Object.fromEntries(seed.parameters.map((p: Json) => [p.name, { in: p.in, required: p.required ?? false, schema: p.schema }]));
    expect(Object.keys(params).sort()).toEqual(["agentFramework", "clusterId", "page", "pageSize", "providerId", "search", "status"]);
    expect(params.page).toMatchObject({ in: "query", required: false, schema: { type: "integer", format: "int32", minimum: 0 } });
    expect(params.page.schema.maximum).toBeUndefined();
    expect(params.pageSize).toMatchObject({
      in: "query",
      required: false,
      schema: { type: "integer", format: "int32", minimum: 0, maximum: 200 },
    });
    for (const name of ["status", "providerId", "agentFramework", "clusterId", "search"]) {
      expect(params[name], name).toMatchObject({ in: "query", required: false, schema: { type: "string" } });
    }
  });

  it("answers { success: true, data: Instance[], total: int64 }", () => {
    const seed = operations(doc).find((o) => o.operationId === "listInstances")!;
    const page = deref(doc, seed.operation.responses["200"].content["application/json"].schema);
    expect(page.required.sort()).toEqual(["data", "success", "total"]);
    expect(page.properties.success.const).toBe(true);
    expect(page.properties.total).toMatchObject({ type: "integer", format: "int64" });
    expect(page.properties.data.items.$ref).toBe("#/components/schemas/Instance");
  });

  it("describes all 38 Instance fields, the first nineteen always present", () => {
    const instance = schema("Instance");
    const required = [
      "id", "ownerId", "agentFramework", "providerId", "externalId", "osType", "hostingType",
      "cloudProvider", "name", "modelPrimary", "models", "status", "desiredStatus", "endpoint",
      "bridgeId", "identityId", "totalRunSeconds", "connectivity", "providerConfig",
    ];
    const optional = {
      haltReason: "string", publicIp: "string", clusterId: "string", region: "string", imageId: "string",
      imageRef: "string", isTrial: "boolean", expiresAt: "date-time", errorMessage: "string",
      systemPrompt: "string", mcpServers: "object", startedAt: "date-time", stoppedAt: "date-time",
      statusEnteredAt: "date-time", connectivityUpdatedAt: "date-time", createdAt: "date-time",
      updatedAt: "date-time", screenshotUrl: "string", screenshotUpdatedAt: "date-time",
      // later, publicly documented additions
      connectivityReason: "string", msConnectionStatus: "string", msConnectionUpdatedAt: "date-time",
      capabilities: "object",
    };
    expect([...instance.required].sort()).toEqual([...required].sort());
    expect(required.length + Object.keys(optional).length - 4).toBe(38);
    expect(Object.keys(instance.properties).sort()).toEqual([...required, ...Object.keys(optional)].sort());
    for (const [field, kind] of Object.entries(optional)) {
      const prop = deref(doc, instance.properties[field]);
      if (kind === "date-time") expect(prop, field).toMatchObject({ type: "string", format: "date-time" });
      else expect(prop.type, field).toBe(kind);
    }
    expect(instance.properties.totalRunSeconds).toMatchObject({ type: "integer", format: "int64" });
    expect(instance.properties.models).toMatchObject({ type: "array", items: { type: "string" } });
    expect(deref(doc, instance.properties.providerConfig).type).toBe("object");
  });
});

describe("values the server may add later", () => {
  const item = () => structuredClone(doc.components.examples.InstanceRunning.value.data);

  it("an Instance with unknown status, connectivity, osType and an extra field still validates", () => {
    const validate = validator("Instance");
    expect(validate(item()), JSON.stringify(validate.errors)).toBe(true);
    const future = {
      ...item(),
      status: "hibernating",
      desiredStatus: "archived",
      connectivity: "degraded",
      osType: "fuchsia",
      connectivityReason: "cosmic_rays",
      msConnectionStatus: "paused",
      somethingNew: { nested: true },
    };
    expect(validate(future), JSON.stringify(validate.errors)).toBe(true);
  });

  it("an error with an unknown type still validates", () => {
    const validate = validator("ErrorResponse");
    expect(validate({ success: false, error: { type: "quota_error", code: "quota_exceeded", message: "m" } })).toBe(true);
  });

  it("the schema is not vacuous: a wrong type or a missing required field is refused", () => {
    const validate = validator("Instance");
    expect(validate({ ...item(), totalRunSeconds: "3600" })).toBe(false);
    const { name: _name, ...nameless } = item();
    expect(validate(nameless)).toBe(false);
  });
});

describe("DeployInstanceRequest", () => {
  it("requires name and bounds every string the fact sheet bounds", () => {
    const req = schema("DeployInstanceRequest");
    expect(req.required).toEqual(["name"]);
    const max = Object.fromEntries(
      Object.entries<Json>(req.properties)
        .filter(([, p]) => p.maxLength !== undefined)
        .map(([k, p]) => [k, p.maxLength]),
    );
    expect(max).toEqual({
      name: 128, variantId: 128, agentFramework: 64, providerId: 64, modelPrimary: 128,
      systemPrompt: 8192, bridgeId: 128, clusterId: 128, preferredRegion: 64,
    });
    expect(req.properties.models.items.maxLength).toBe(128);
  });
});
