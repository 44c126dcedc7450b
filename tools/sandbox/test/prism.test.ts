// Held to the spec by Prism: the main workflow and one successful call of every kind, through
// Prism's validating proxy (errors on). Prism marks each answer off the spec with an
// `sl-violations` header (and, with errors on, a 500); there must be none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@beeos/mock-server";
import { createBeeosClient } from "@beeos/client";
import { startSandbox, type Sandbox } from "../src/index.js";
import { eventually } from "./helpers.js";

let sandbox: Sandbox;
let prism: MockServer;
const violations: string[] = [];
const answers: number[] = [];
const recording: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await fetch(request);
  answers.push(response.status);
  const header = response.headers.get("sl-violations");
  if (header) violations.push(`${request.method} ${new URL(request.url).pathname} ${response.status}: ${header}`);
  return response;
};

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 200 });
  prism = await startMockServer({ upstream: sandbox.url, errors: true });
});
afterAll(async () => {
  await prism?.close();
  await sandbox?.close();
});

describe("through Prism's validating proxy", () => {
  it("the lifecycle workflow and every kind of call answer without a violation", async () => {
    const beeos = createBeeosClient({ token: "prism-token", baseUrl: prism.url, fetch: recording, maxRetries: 0 });
    const { data: deployed } = await beeos.deployInstance({ body: { name: "via-prism", agentFramework: "openclaw" } });
    await beeos.waitForInstance(deployed.id, { intervalMs: 10, timeoutMs: 10_000 });
    const agentId = (await beeos.listAgents({ query: { instance_id: deployed.id } })).data[0]!.id;
    await beeos.invokeAgent({ path: { agentId }, body: { message: "hello" } });
    const { data: task } = await beeos.createTask({ path: { agentId }, body: { message: "work" } });
    const done = await beeos.waitForTask({ agentId, taskId: task.task_id }, { intervalMs: 10, timeoutMs: 10_000 });
    expect(done.status).toBe("completed");
    const taskPath = { agentId, taskId: task.task_id };
    const events = [];
    for await (const ev of beeos.streamTaskEvents({ path: taskPath })) events.push(ev);
    expect(events.at(-1)?.event).toBe("end");
    await beeos.listTaskMessages({ path: taskPath, query: { include_deltas: true } });
    await beeos.listAgentTasks({ path: { agentId }, query: { state: "all" } });
    await beeos.listUserTasks({ query: { state: "all" } });
    const { data: hook } = await beeos.registerTaskWebhook({ path: taskPath, body: { url: "http://127.0.0.1:9/hook", secret: "0123456789abcdef" } });
    await beeos.listTaskWebhooks({ path: taskPath });
    const hookPath = { ...taskPath, webhookId: hook.webhook_id };
    const dead = await eventually(async () => (await beeos.listWebhookDeliveries({ path: hookPath })).data.deliveries.find((d) => d.status === "dead_letter"), 10_000, "a dead letter");
    await beeos.redeliverWebhook({ path: { ...hookPath, deliveryId: dead.delivery_id } });
    await beeos.deleteTaskWebhook({ path: hookPath });
    await beeos.updateAgent({ path: { agentId }, body: { visibility: "unlisted" } });
    await beeos.getAgent({ path: { agentId } });

    const { data: conv } = await beeos.createConversation({ path: { agentId }, body: { metadata: { topic: "t" } } });
    const convPath = { agentId, convId: conv.conversation_id };
    const { data: sent } = await beeos.sendConversationMessage({ path: convPath, body: { message: "hi" } });
    await eventually(async () => (await beeos.listConversationMessages({ path: convPath })).data.messages.length === 2, 5000, "the reply");
    await beeos.getConversation({ path: convPath });
    await beeos.listConversations({ path: { agentId } });
    await beeos.renameConversation({ path: convPath, body: { title: "Topic" } });
    await beeos.setConversationModel({ path: { agentId, conversationId: conv.conversation_id }, body: { modelOverrideId: "anthropic/claude-opus-4" } });
    await beeos.clearConversation({ path: { agentId, conversationId: conv.conversation_id } });
    void sent;
    await beeos.deleteConversation({ path: convPath });

    const id = "instance_abc123";
    await beeos.getMobileInfo({ path: { id } });
    await beeos.mobileScreenshot({ path: { id } });
    await beeos.mobileTap({ path: { id }, body: { x: 10, y: 10 } });
    await beeos.mobileSwipe({ path: { id }, body: { x1: 1, y1: 2, x2: 3, y2: 4 } });
    await beeos.mobileScroll({ path: { id }, body: { direction: "down" } });
    await beeos.mobileType({ path: { id }, body: { text: "x" } });
    await beeos.mobileKey({ path: { id }, body: { keys: ["KEYCODE_HOME"] } });
    await beeos.mobilePressButton({ path: { id }, body: { button: "home" } });
    await beeos.getDeviceInfo({ path: { id } });
    const desk = "instance_researchdesk";
    await beeos.getComputerInfo({ path: { id: desk } });
    await beeos.computerScreenshot({ path: { id: desk } });
    await beeos.computerClick({ path: { id: desk }, body: { x: 1, y: 1 } });
    await beeos.computerMove({ path: { id: desk }, body: { x: 1, y: 1 } });
    await beeos.computerScroll({ path: { id: desk }, body: { direction: "up" } });
    await beeos.computerType({ path: { id: desk }, body: { text: "x" } });
    await beeos.computerKey({ path: { id: desk }, body: { keys: ["ctrl", "l"] } });
    const { data: upload } = await beeos.presignFileUpload({ body: { filename: "a.pdf", content_type: "application/pdf" } });
    await beeos.getFile({ path: { id: upload.file_id } });
    await beeos.listProviders();
    await beeos.listDeployRegions({ query: { providerId: "openclaw-k8s" } });
    await beeos.listDeployModels({ query: { agentFramework: "openclaw" } });

    await beeos.getRuntimeCapabilities({ path: { instanceId: id } });
    await beeos.invokeRuntimeMethod({ path: { instanceId: id }, body: { jsonrpc: "2.0", id: 1, method: "nope/x", params: {} } });
    await beeos.listRuntimeOperations({ path: { instanceId: id }, query: { status: "active" } });
    await beeos.createTerminalSession({ path: { instanceId: id }, body: { platformAgentId: "6d2b9f4e-1a3c-4e8b-b7d5-2c9e0f1a4b67" } });
    await beeos.createCanvasSession({ path: { instanceId: id }, body: { platformAgentId: "6d2b9f4e-1a3c-4e8b-b7d5-2c9e0f1a4b67", conversationId: "0b6f2f7e-3c1d-4c55-8f0e-9d2a7e4b1c30" } });

    await beeos.stopInstance({ path: { id: deployed.id } });
    await beeos.waitForInstance(deployed.id, { until: "stopped", intervalMs: 10, timeoutMs: 10_000 });
    await beeos.startInstance({ path: { id: deployed.id } });
    await beeos.restartInstance({ path: { id: "instance_releasenoteswriter" } });
    await beeos.destroyInstance({ path: { id: deployed.id } });
    await beeos.paginate("listInstances", { query: { pageSize: 2 } }).toArray();

    // Error answers go through the same check.
    await beeos.getInstance({ path: { id: "instance_does_not_exist" } }).catch(() => undefined);
    await beeos.stopInstance({ path: { id: "instance_pixel8lab" } }).catch(() => undefined);
    await beeos.deleteAgent({ path: { agentId } }).catch(() => undefined);

    expect(answers.length).toBeGreaterThan(60);
    expect(violations).toEqual([]);
  });

  it("the runtime stream and its operations", async () => {
    const beeos = createBeeosClient({ token: "prism-token-2", baseUrl: prism.url, fetch: recording, maxRetries: 0 });
    const instanceId = "instance_abc123";
    const accepted = await recording(`${prism.url}/api/v1/instances/${instanceId}/methods`, {
      method: "POST",
      headers: { authorization: "Bearer prism-token-2", "content-type": "application/json", "idempotency-key": "k" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "skills/install", params: {} }),
    });
    expect(accepted.status).toBe(202);
    const operationId = accepted.headers.get("x-beeos-operation-id")!;
    const seen = [];
    for await (const ev of beeos.streamRuntimeOperationEvents({ path: { instanceId, operationId } })) seen.push(ev);
    expect(seen.length).toBe(3);
    await beeos.getRuntimeOperation({ path: { instanceId, operationId } });
    // The seeded example operation runs until cancelled, so this cancel is accepted.
    const example = "3f1c2a9e-8b7d-4e6f-9a10-5c2b7d4e8f01";
    await beeos.cancelRuntimeOperation({ path: { instanceId, operationId: example } });
    await eventually(async () => (await beeos.getRuntimeOperation({ path: { instanceId, operationId: example } })).terminal, 5000, "the cancellation");
    await beeos.cancelRuntimeOperation({ path: { instanceId, operationId: example } }).catch(() => undefined);
    expect(violations).toEqual([]);
  });
});
