// The spec checked against the published facts of the BeeOS Platform API.
// The seed operation, listInstances, must be exact.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { deref, listOperations as operations, loadBundledSpec, type Json } from "../src/index.js";

let doc: Json;
beforeAll(() => {
  doc = loadBundledSpec();
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

  it("has every operation of the fact sheet, with its method, path, tag and statuses", () => {
    const actual = Object.fromEntries(
      operations(doc).map((o) => [o.operationId, [`${o.method.toUpperCase()} ${o.path}`, o.tag, Object.keys(o.operation.responses).sort()]]),
    );
    expect(actual).toEqual(FACT_SHEET);
    expect(Object.keys(actual)).toHaveLength(65);
  });

  it("answers errors with the shared responses where the fact sheet's envelope applies", () => {
    const seedIds = ["listInstances", "deployInstance", "getInstance", "destroyInstance", "startInstance", "stopInstance", "restartInstance", "listProviders", "listDeployRegions", "listDeployModels"];
    for (const { operationId: id, operation: op } of operations(doc).filter((o) => seedIds.includes(o.operationId))) {
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (status.startsWith("2")) continue;
        expect(response.$ref, `${id} ${status}`).toMatch(/^#\/components\/responses\//);
      }
    }
    expect(doc.components.responses.RateLimited.headers["Retry-After"]).toBeDefined();
  });
});

// operationId: [method and path, tag, documented statuses], from the API's fact sheet.
// The runtime and session operations have no tag upstream; this spec gives them one.
const FACT_SHEET: Record<string, [string, string, string[]]> = {
  listProviders: ["GET /api/v1/providers", "deploy", ["200", "401", "429", "5XX"]],
  listDeployRegions: ["GET /api/v1/deploy/regions", "deploy", ["200", "400", "401", "429", "5XX"]],
  listDeployModels: ["GET /api/v1/deploy/models", "deploy", ["200", "400", "401", "429", "5XX"]],
  listInstances: ["GET /api/v1/instances", "instances", ["200", "400", "401", "429", "5XX"]],
  deployInstance: ["POST /api/v1/instances", "instances", ["201", "400", "401", "403", "409", "413", "429", "5XX"]],
  getInstance: ["GET /api/v1/instances/{id}", "instances", ["200", "401", "403", "404", "429", "5XX"]],
  destroyInstance: ["DELETE /api/v1/instances/{id}", "instances", ["200", "401", "403", "404", "409", "429", "5XX"]],
  startInstance: ["POST /api/v1/instances/{id}/start", "instances", ["200", "401", "403", "404", "409", "429", "5XX"]],
  stopInstance: ["POST /api/v1/instances/{id}/stop", "instances", ["200", "401", "403", "404", "409", "429", "5XX"]],
  restartInstance: ["POST /api/v1/instances/{id}/restart", "instances", ["200", "401", "403", "404", "409", "429", "5XX"]],
  getComputerInfo: ["GET /api/v1/instances/{id}/computer", "computer", ["200", "401", "404", "429", "503", "5XX"]],
  computerScreenshot: ["POST /api/v1/instances/{id}/computer/screenshot", "computer", ["200", "401", "404", "409", "429", "503", "504", "5XX"]],
  computerClick: ["POST /api/v1/instances/{id}/computer/click", "computer", ["200", "400", "401", "404", "409", "429", "503", "5XX"]],
  computerMove: ["POST /api/v1/instances/{id}/computer/move", "computer", ["200", "400", "401", "404", "429", "503", "5XX"]],
  computerScroll: ["POST /api/v1/instances/{id}/computer/scroll", "computer", ["200", "400", "401", "404", "429", "503", "5XX"]],
  computerType: ["POST /api/v1/instances/{id}/computer/type", "computer", ["200", "400", "401", "404", "429", "503", "5XX"]],
  computerKey: ["POST /api/v1/instances/{id}/computer/key", "computer", ["200", "400", "401", "404", "429", "503", "5XX"]],
  getMobileInfo: ["GET /api/v1/instances/{id}/mobile", "mobile", ["200", "401", "404", "429", "503", "5XX"]],
  mobileScreenshot: ["POST /api/v1/instances/{id}/mobile/screenshot", "mobile", ["200", "401", "404", "409", "429", "503", "504", "5XX"]],
  mobileTap: ["POST /api/v1/instances/{id}/mobile/tap", "mobile", ["200", "400", "401", "404", "409", "429", "503", "5XX"]],
  mobileSwipe: ["POST /api/v1/instances/{id}/mobile/swipe", "mobile", ["200", "400", "401", "404", "429", "503", "5XX"]],
  mobileScroll: ["POST /api/v1/instances/{id}/mobile/scroll", "mobile", ["200", "400", "401", "404", "429", "503", "5XX"]],
  mobileType: ["POST /api/v1/instances/{id}/mobile/type", "mobile", ["200", "400", "401", "404", "429", "503", "5XX"]],
  mobileKey: ["POST /api/v1/instances/{id}/mobile/key", "mobile", ["200", "400", "401", "404", "429", "503", "5XX"]],
  mobilePressButton: ["POST /api/v1/instances/{id}/mobile/press_button", "mobile", ["200", "400", "401", "404", "429", "503", "5XX"]],
  getDeviceInfo: ["GET /api/v1/instances/{id}/device/info", "instances", ["200", "401", "404", "429", "503", "5XX"]],
  presignFileUpload: ["POST /api/v1/files/presign-upload", "files", ["200", "400", "401", "413", "429", "5XX"]],
  getFile: ["GET /api/v1/files/{id}", "files", ["200", "400", "401", "404", "429", "5XX"]],
  listAgents: ["GET /api/v1/agents", "agents", ["200", "400", "401", "429", "5XX"]],
  getAgent: ["GET /api/v1/agents/{agentId}", "agents", ["200", "401", "403", "404", "429", "5XX"]],
  updateAgent: ["PATCH /api/v1/agents/{agentId}", "agents", ["200", "400", "401", "403", "404", "409", "413", "429", "5XX"]],
  deleteAgent: ["DELETE /api/v1/agents/{agentId}", "agents", ["401", "404", "409", "429", "5XX"]],
  invokeAgent: ["POST /api/v1/agents/{agentId}/invoke", "agents", ["200", "400", "401", "403", "404", "409", "413", "429", "5XX"]],
  listAgentTasks: ["GET /api/v1/agents/{agentId}/tasks", "tasks", ["200", "400", "401", "403", "404", "429", "5XX"]],
  createTask: ["POST /api/v1/agents/{agentId}/tasks", "tasks", ["202", "400", "401", "403", "404", "409", "413", "429", "5XX"]],
  listUserTasks: ["GET /api/v1/tasks", "tasks", ["200", "400", "401", "403", "429", "5XX"]],
  getTask: ["GET /api/v1/agents/{agentId}/tasks/{taskId}", "tasks", ["200", "401", "403", "404", "429", "5XX"]],
  listTaskMessages: ["GET /api/v1/agents/{agentId}/tasks/{taskId}/messages", "tasks", ["200", "400", "401", "403", "404", "429", "5XX"]],
  streamTaskEvents: ["GET /api/v1/agents/{agentId}/tasks/{taskId}/events", "tasks", ["200", "401", "403", "404", "429", "5XX"]],
  cancelTask: ["POST /api/v1/agents/{agentId}/tasks/{taskId}/cancel", "tasks", ["200", "400", "401", "403", "404", "409", "429", "5XX"]],
  continueTask: ["POST /api/v1/agents/{agentId}/tasks/{taskId}/continue", "tasks", ["200", "400", "401", "403", "404", "409", "429", "5XX"]],
  listConversations: ["GET /api/v1/agents/{agentId}/conversations", "conversations", ["200", "400", "401", "403", "404", "429", "5XX"]],
  createConversation: ["POST /api/v1/agents/{agentId}/conversations", "conversations", ["201", "400", "401", "403", "404", "409", "413", "429", "5XX"]],
  getConversation: ["GET /api/v1/agents/{agentId}/conversations/{convId}", "conversations", ["200", "401", "403", "404", "429", "5XX"]],
  renameConversation: ["PATCH /api/v1/agents/{agentId}/conversations/{convId}", "conversations", ["200", "400", "401", "404", "409"]],
  deleteConversation: ["DELETE /api/v1/agents/{agentId}/conversations/{convId}", "conversations", ["204", "401", "403", "404", "409", "429", "5XX"]],
  listConversationMessages: ["GET /api/v1/agents/{agentId}/conversations/{convId}/messages", "conversations", ["200", "400", "401", "403", "404", "429", "5XX"]],
  sendConversationMessage: ["POST /api/v1/agents/{agentId}/conversations/{convId}/messages", "conversations", ["202", "400", "401", "403", "404", "409", "413", "429", "5XX"]],
  listTaskWebhooks: ["GET /api/v1/agents/{agentId}/tasks/{taskId}/webhooks", "tasks", ["200", "401", "403", "404", "429", "5XX"]],
  registerTaskWebhook: ["POST /api/v1/agents/{agentId}/tasks/{taskId}/webhooks", "tasks", ["201", "400", "401", "403", "404", "429", "5XX"]],
  deleteTaskWebhook: ["DELETE /api/v1/agents/{agentId}/tasks/{taskId}/webhooks/{webhookId}", "tasks", ["204", "401", "403", "404", "429", "5XX"]],
  listWebhookDeliveries: ["GET /api/v1/agents/{agentId}/tasks/{taskId}/webhooks/{webhookId}/deliveries", "tasks", ["200", "400", "401", "403", "404", "429", "5XX"]],
  redeliverWebhook: ["POST /api/v1/agents/{agentId}/tasks/{taskId}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", "tasks", ["202", "400", "401", "403", "404", "409", "429", "5XX"]],
  streamConversationEvents: ["GET /api/v1/agents/{agentId}/conversations/{convId}/events", "conversations", ["200", "401", "403", "404", "429", "5XX"]],
  cancelConversation: ["POST /api/v1/agents/{agentId}/conversations/{conversationId}/cancel", "conversations", ["202", "400", "401", "404", "409"]],
  clearConversation: ["POST /api/v1/agents/{agentId}/conversations/{conversationId}/clear", "conversations", ["202", "400", "401", "404", "409"]],
  setConversationModel: ["PUT /api/v1/agents/{agentId}/conversations/{conversationId}/model", "conversations", ["202", "400", "401", "404", "409"]],
  getRuntimeCapabilities: ["GET /api/v1/instances/{instanceId}/runtime-capabilities", "runtime", ["200", "401", "404"]],
  invokeRuntimeMethod: ["POST /api/v1/instances/{instanceId}/methods", "runtime", ["200", "202", "400", "401", "409"]],
  listRuntimeOperations: ["GET /api/v1/instances/{instanceId}/operations", "runtime", ["200", "400", "401", "404"]],
  getRuntimeOperation: ["GET /api/v1/instances/{instanceId}/operations/{operationId}", "runtime", ["200", "404"]],
  streamRuntimeOperationEvents: ["GET /api/v1/instances/{instanceId}/operations/{operationId}/events", "runtime", ["200", "409"]],
  cancelRuntimeOperation: ["POST /api/v1/instances/{instanceId}/operations/{operationId}/cancel", "runtime", ["202", "400", "401", "404", "409", "422"]],
  createTerminalSession: ["POST /api/v1/instances/{instanceId}/terminal-sessions", "sessions", ["201", "400", "401", "404", "429", "5XX"]],
  createCanvasSession: ["POST /api/v1/instances/{instanceId}/canvas-sessions", "sessions", ["201", "400", "401", "404", "429", "5XX"]],
};

describe("the seed: GET /api/v1/instances", () => {
  it("takes exactly the seven query parameters, with their types and bounds", () => {
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
