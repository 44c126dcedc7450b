import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, createBeeosClient, verifyWebhook, type WebhookEvent } from "@beeos/client";
import { checkSchema, eventually, harness, settled, streamedFrames, type Harness } from "./helpers.js";
import { pointerOf } from "./spec-access.js";

let h: Harness;
const client = (token = "workflow-token") => createBeeosClient({ token, baseUrl: h.sandbox.url, fetch: h.fetch, maxRetries: 0 });

beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.sandbox.close();
});

describe("the lifecycle workflow through @beeos/client", () => {
  it("deploys, waits until running, invokes the agent, follows a task's events, stops and destroys", async () => {
    const beeos = client();
    const { data: deployed } = await beeos.deployInstance({ body: { name: "workflow-1", agentFramework: "openclaw" } });
    expect(deployed.status).toBe("pending");
    expect(deployed.desiredStatus).toBe("running");
    // Deployed instances show up in the list at once.
    const listed = await beeos.listInstances({ query: { search: "workflow-1" } });
    expect(listed.data.map((i) => i.id)).toEqual([deployed.id]);

    // Starting asks a stopped instance to start; a fresh deploy is already on its way (409, as the spec says).
    await expect(beeos.startInstance({ path: { id: deployed.id } })).rejects.toBeInstanceOf(ConflictError);
    const running = await beeos.waitForInstance(deployed.id, { intervalMs: 10, timeoutMs: 10_000 });
    expect(running.status).toBe("running");
    expect(running.connectivity).toBe("online");

    const { data: agents } = await beeos.listAgents({ query: { instanceId: deployed.id } });
    expect(agents).toHaveLength(1);
    const agentId = agents[0]!.id;
    const { data: reply } = await beeos.invokeAgent({ path: { agentId }, body: { message: "Say hello." } });
    expect(reply.is_error).toBe(false);
    expect(reply.text).toContain("Say hello.");

    const { data: created } = await beeos.createTask({ path: { agentId }, body: { message: "Index the product wiki." } });
    expect(created.status).toBe("queued");
    const events: { id?: string; event: string; data: any }[] = [];
    for await (const ev of beeos.streamTaskEvents({ path: { agentId, taskId: created.task_id } })) events.push(ev as never);
    expect(events.at(-1)).toMatchObject({ event: "end", data: { reason: "task_terminal" } });
    const messages = events.filter((e) => e.event === "message");
    expect(messages.map((m) => m.data.type)).toEqual(["chat_message", "agent_message_chunk", "agent_message_chunk", "agent_reply"]);
    expect(messages.map((m) => Number(m.id))).toEqual([1, 2, 3, 4]);
    const { data: task } = await beeos.getTask({ path: { agentId, taskId: created.task_id } });
    expect(task.status).toBe("completed");
    expect(task.result).toEqual({ text: messages.at(-1)!.data.body });

    const { data: stopping } = await beeos.stopInstance({ path: { id: deployed.id } });
    expect(stopping.desiredStatus).toBe("stopped");
    await expect(beeos.stopInstance({ path: { id: deployed.id } })).rejects.toBeInstanceOf(ConflictError);
    const stopped = await beeos.waitForInstance(deployed.id, { until: "stopped", intervalMs: 10, timeoutMs: 10_000 });
    expect(stopped.status).toBe("stopped");
    // A stopped instance's agent takes no work.
    await expect(beeos.createTask({ path: { agentId }, body: { message: "more" } })).rejects.toBeInstanceOf(ConflictError);
    const { data: starting } = await beeos.startInstance({ path: { id: deployed.id } });
    expect(starting).toMatchObject({ status: "pending", desiredStatus: "running" });
    expect((await beeos.waitForInstance(deployed.id, { intervalMs: 10, timeoutMs: 10_000 })).status).toBe("running");
    await beeos.stopInstance({ path: { id: deployed.id } });

    const destroyed = await beeos.destroyInstance({ path: { id: deployed.id } });
    expect(destroyed.data).toBe("destroyed");
    const gone = await beeos.waitForInstance(deployed.id, { until: "terminated", intervalMs: 10, timeoutMs: 10_000 });
    expect(gone.status).toBe("terminated");
    await expect(beeos.destroyInstance({ path: { id: deployed.id } })).rejects.toBeInstanceOf(ConflictError);
    await expect(beeos.getInstance({ path: { id: "instance_does_not_exist" } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("restarts a running instance through provisioning back to running", async () => {
    const beeos = client("restart-token");
    const { data } = await beeos.restartInstance({ path: { id: "instance_abc123" } });
    expect(data.status).toBe("provisioning");
    await expect(beeos.startInstance({ path: { id: "instance_abc123" } })).rejects.toBeInstanceOf(ConflictError);
    expect((await beeos.waitForInstance("instance_abc123", { intervalMs: 10, timeoutMs: 10_000 })).status).toBe("running");
  });

  it("honours every listInstances filter, combined with AND", async () => {
    const beeos = client("filter-token");
    await settled(h, "filter-token");
    const all = (await beeos.listInstances({ query: { pageSize: 200 } })).data;
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const status of ["running", "stopped"]) {
      const { data, total } = await beeos.listInstances({ query: { status } });
      expect(data.length).toBeGreaterThan(0);
      expect(data.every((i) => i.status === status)).toBe(true);
      expect(total).toBe(all.filter((i) => i.status === status).length);
    }
    const both = await beeos.listInstances({ query: { status: "running", providerId: "openclaw-k8s", agentFramework: "openclaw" } });
    expect(both.data.every((i) => i.status === "running" && i.providerId === "openclaw-k8s" && i.agentFramework === "openclaw")).toBe(true);
    expect(both.total).toBe(all.filter((i) => i.status === "running" && i.providerId === "openclaw-k8s" && i.agentFramework === "openclaw").length);
    expect((await beeos.listInstances({ query: { clusterId: "nope" } })).total).toBe(0);
    expect((await beeos.listInstances({ query: { search: "PIXEL" } })).data.map((i) => i.name)).toEqual(["pixel-8-lab"]);
  });
});

describe("a paginated walk with beeos.paginate", () => {
  let walker: Harness;
  beforeAll(async () => {
    const instances = Array.from({ length: 250 }, (_, i) => ({ id: `instance_${String(i).padStart(3, "0")}`, name: `fleet-${i}`, status: i % 3 === 0 ? "stopped" : "running" }));
    walker = await harness({ seed: { shared: { instances } } });
  });
  afterAll(async () => {
    await walker.sandbox.close();
  });

  it("visits all 250 seeded instances once, in order, for several page sizes", async () => {
    const beeos = createBeeosClient({ token: "walker", baseUrl: walker.sandbox.url, fetch: walker.fetch });
    for (const pageSize of [7, 50, 200]) {
      const ids = await beeos.paginate("listInstances", { query: { pageSize } }).toArray();
      expect(ids.map((i) => i.id)).toEqual(Array.from({ length: 250 }, (_, i) => `instance_${String(i).padStart(3, "0")}`));
    }
    const stopped = await beeos.paginate("listInstances", { query: { pageSize: 10, status: "stopped" } }).toArray();
    expect(stopped).toHaveLength(84);
    expect(walker.violations).toEqual([]);
  });

  it("walks agents by offset and tasks by since cursor", async () => {
    const beeos = createBeeosClient({ token: "walker", baseUrl: walker.sandbox.url, fetch: walker.fetch });
    const agents = await beeos.paginate("listAgents", { query: { limit: 30 } }).toArray();
    expect(new Set(agents.map((a) => a.id)).size).toBe(250);
    const agentId = agents.find((a) => a.instanceId === "instance_001")!.id;
    for (let i = 0; i < 12; i++) await beeos.createTask({ path: { agentId }, body: { message: `task ${i}` } });
    const tasks = await beeos.paginate("listUserTasks", { query: { limit: 5, state: "all" } }).toArray();
    expect(tasks).toHaveLength(12);
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(12);
    const perAgent = await beeos.paginate("listAgentTasks", { path: { agentId }, query: { limit: 4, state: "all" } }).toArray();
    expect(perAgent.map((t) => t.task_id)).toEqual(tasks.map((t) => t.task_id));
    expect(walker.violations).toEqual([]);
  });
});

describe("webhooks", () => {
  it("delivers a signed task event to a loopback receiver that verifies it with verifyWebhook", async () => {
    const secret = "whsec_sandbox_0123456789";
    const received: { event: WebhookEvent; auth: string | undefined }[] = [];
    let failFirst = true;
    const receiver = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (failFirst) {
        // The first attempt fails, so the sandbox must retry.
        failFirst = false;
        res.writeHead(503).end();
        return;
      }
      try {
        const event = await verifyWebhook({ secret, signature: req.headers["x-beeos-signature"], body: Buffer.concat(chunks) });
        received.push({ event, auth: req.headers.authorization });
        res.writeHead(204).end();
      } catch (error) {
        res.writeHead(400).end(String(error));
      }
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    try {
      const beeos = client("webhook-token");
      const agentId = "agent_abc123";
      const { data: task } = await beeos.createTask({ path: { agentId }, body: { message: "Index the product wiki." } });
      const { data: hook } = await beeos.registerTaskWebhook({ path: { agentId, taskId: task.task_id }, body: { url: hookUrl, secret, token: "receiver-token" } });
      expect(hook.has_secret).toBe(true);
      const listedHooks = (await beeos.listTaskWebhooks({ path: { agentId, taskId: task.task_id } })).data.webhooks;
      expect(listedHooks.map((w) => w.webhook_id)).toEqual([hook.webhook_id]);
      expect(JSON.stringify(listedHooks)).not.toContain(secret);

      await eventually(() => received.some((r) => r.event.final), 10_000, "the final delivery");
      const final = received.find((r) => r.event.final)!;
      expect(final.event).toMatchObject({ type: "task_status", task_id: task.task_id, status: "completed", final: true });
      // Every payload is the spec's webhook body.
      for (const r of received) expect(checkSchema(pointerOf("components", "schemas", "TaskWebhookEvent"), r.event)).toEqual([]);
      expect(final.auth).toBe("Bearer receiver-token");

      const path = { agentId, taskId: task.task_id, webhookId: hook.webhook_id };
      // Every delivery ends delivered; the one that met the 503 needed a second attempt.
      const deliveries = await eventually(async () => {
        const rows = (await beeos.listWebhookDeliveries({ path })).data.deliveries;
        return rows.every((d) => d.status === "succeeded") && rows.some((d) => d.attempt_num >= 2) ? rows : undefined;
      }, 10_000, "every delivery delivered");
      expect(deliveries.find((d) => d.attempt_num >= 2)?.last_response_status).toBe(204);
    } finally {
      receiver.close();
      receiver.closeAllConnections();
    }
  });

  it("dead-letters a delivery the receiver keeps refusing, and redelivers it on request", async () => {
    let accept = false;
    const bodies: string[] = [];
    const signatures: (string | undefined)[] = [];
    const receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      bodies.push(Buffer.concat(chunks).toString());
      signatures.push(req.headers["x-beeos-signature"] as string | undefined);
      res.writeHead(accept ? 200 : 500).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    try {
      const beeos = client("deadletter-token");
      const agentId = "agent_abc123";
      const { data: task } = await beeos.createTask({ path: { agentId }, body: { message: "x" } });
      await beeos.waitForTask({ agentId, taskId: task.task_id }, { timeoutMs: 10_000, intervalMs: 10 });
      // Registered after the end: the final status is still delivered once.
      const { data: hook } = await beeos.registerTaskWebhook({ path: { agentId, taskId: task.task_id }, body: { url: hookUrl, secret: "0123456789abcdef" } });
      const path = { agentId, taskId: task.task_id, webhookId: hook.webhook_id };
      const dead = await eventually(async () => (await beeos.listWebhookDeliveries({ path })).data.deliveries.find((d) => d.status === "dead_letter"), 10_000, "a dead letter");
      expect(dead.attempt_num).toBe(4);
      expect(dead.last_response_status).toBe(500);
      accept = true;
      const { data: copy } = await beeos.redeliverWebhook({ path: { ...path, deliveryId: dead.delivery_id } });
      expect(copy.status).toBe("pending");
      await eventually(async () => (await beeos.listWebhookDeliveries({ path })).data.deliveries.find((d) => d.delivery_id === copy.delivery_id && d.status === "succeeded"), 10_000, "the redelivery");
      // The copy carries exactly the payload and signature of the first attempt.
      expect(new Set(bodies).size).toBe(1);
      expect(new Set(signatures).size).toBe(1);
      await expect(beeos.redeliverWebhook({ path: { ...path, deliveryId: copy.delivery_id } })).rejects.toBeInstanceOf(ConflictError);
      await beeos.deleteTaskWebhook({ path });
      expect((await beeos.listTaskWebhooks({ path: { agentId, taskId: task.task_id } })).data.webhooks).toEqual([]);
    } finally {
      receiver.close();
      receiver.closeAllConnections();
    }
  });

  it("refuses a receiver that is not on loopback, naming the rule", async () => {
    const beeos = client("webhook-token-2");
    const { data: task } = await beeos.createTask({ path: { agentId: "agent_abc123" }, body: { message: "x" } });
    const error = await beeos.registerTaskWebhook({ path: { agentId: "agent_abc123", taskId: task.task_id }, body: { url: "https://hooks.example.com/beeos" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: "invalid_param", param: "url" });
    expect(String((error as Error).message)).toMatch(/loopback/);
  });
});

describe("event streams resume without loss or repeat", () => {
  it("streamTaskEvents with since", async () => {
    const beeos = client("sse-token");
    const agentId = "agent_abc123";
    const { data: task } = await beeos.createTask({ path: { agentId }, body: { message: "Stream me." } });
    await beeos.waitForTask({ agentId, taskId: task.task_id }, { timeoutMs: 10_000, intervalMs: 10 });
    const all: string[] = [];
    for await (const ev of beeos.streamTaskEvents({ path: { agentId, taskId: task.task_id } })) all.push(`${ev.event}:${ev.id ?? ""}`);
    for (const since of [0, 1, 2, 3, 4]) {
      const part: string[] = [];
      for await (const ev of beeos.streamTaskEvents({ path: { agentId, taskId: task.task_id }, query: { since } })) part.push(`${ev.event}:${ev.id ?? ""}`);
      expect(part).toEqual(all.filter((e) => !e.startsWith("message:") || Number(e.split(":")[1]) > since));
    }
  });

  it("a live task stream cut in the middle and resumed from its last id sees every event once", async () => {
    const agentId = "agent_abc123";
    const token = "sse-live-token";
    const slow = await harness({ speed: 20 });
    try {
      const beeos = createBeeosClient({ token, baseUrl: slow.sandbox.url });
      const { data: task } = await beeos.createTask({ path: { agentId }, body: { message: "Stream me live." } });
      const url = `${slow.sandbox.url}/api/v1/agents/${agentId}/tasks/${task.task_id}/events`;
      const ids: number[] = [];
      const read = async (since: number | undefined, stopAfter: number) => {
        const controller = new AbortController();
        const res = await fetch(since === undefined ? url : `${url}?since=${since}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
        let seen = 0;
        for await (const frame of streamedFrames(res)) {
          const id = /^id: (\d+)$/m.exec(frame)?.[1];
          if (id) {
            ids.push(Number(id));
            seen++;
          }
          if (seen >= stopAfter) {
            controller.abort();
            break;
          }
        }
      };
      await read(undefined, 2);
      await read(ids.at(-1), Infinity);
      expect(ids).toEqual([1, 2, 3, 4]);
    } finally {
      await slow.sandbox.close();
    }
  });

  it("streamRuntimeOperationEvents with Last-Event-ID, and 409 for an id ahead of the stream", async () => {
    const beeos = client("runtime-token");
    const path = { instanceId: "instance_abc123" };
    const accepted = await h.call("POST", "/api/v1/instances/instance_abc123/methods", { token: "runtime-token", headers: { "idempotency-key": "k1" }, body: { jsonrpc: "2.0", id: 1, method: "skills/install", params: { name: "pdf" } } });
    expect(accepted.status).toBe(202);
    const operationId = accepted.headers.get("x-beeos-operation-id")!;
    const all: string[] = [];
    for await (const ev of beeos.streamRuntimeOperationEvents({ path: { ...path, operationId } })) all.push(String(ev.id));
    expect(all).toEqual(["1", "2", "3"]);
    const rest = await h.call("GET", `/api/v1/instances/instance_abc123/operations/${operationId}/events`, { token: "runtime-token", headers: { "last-event-id": "1" } });
    expect([...String(rest.body).matchAll(/^id: (\d+)$/gm)].map((m) => m[1])).toEqual(["2", "3"]);
    const ahead = await h.call("GET", `/api/v1/instances/instance_abc123/operations/${operationId}/events`, { token: "runtime-token", headers: { "last-event-id": "9" } });
    expect(ahead.status).toBe(409);
    expect(ahead.body).toMatchObject({ code: "OPERATION_CURSOR_AHEAD", cursor: "9", lastSequence: "3", httpStatus: 409 });
  });
});

describe("tokens", () => {
  it("never see each other's resources", async () => {
    const alice = client("alice-token");
    const bob = client("bob-token");
    const { data: mine } = await alice.deployInstance({ body: { name: "alice-only", agentFramework: "openclaw" } });
    await expect(bob.getInstance({ path: { id: mine.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.destroyInstance({ path: { id: mine.id } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await bob.listInstances({ query: { search: "alice-only" } })).total).toBe(0);
    expect((await alice.getInstance({ path: { id: mine.id } })).data.ownerId).not.toBe((await bob.listInstances()).data[0]!.ownerId);
  });

  it("refuses a missing or malformed token with the documented 401", async () => {
    const missing = await h.call("GET", "/api/v1/instances", { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ type: "authentication_error", code: "missing_token" });
    for (const authorization of ["Bearer", "Basic abc", "Bearer a b", "Bearer tok\u00e9n", `Bearer ${"a".repeat(5000)}`]) {
      const bad = await h.call("GET", "/api/v1/instances", { headers: { authorization: encodeURI(authorization) === authorization ? authorization : "Bearer %%%" } });
      expect(bad.status).toBe(401);
      expect(bad.body.error.code).toBe("invalid_token");
    }
  });
});

describe("idempotency", () => {
  it("answers a repeated key and body with the same response and one effect", async () => {
    const token = "idem-token";
    const count = async () => (await h.call("GET", "/api/v1/agents/agent_abc123/conversations", { token })).body.data.conversations.length;
    const before = await count();
    const created = await h.call("POST", "/api/v1/agents/agent_abc123/conversations", { token, headers: { "idempotency-key": "conv-1" }, body: { metadata: { topic: "roadmap" } } });
    expect(created.status).toBe(201);
    const again = await h.call("POST", "/api/v1/agents/agent_abc123/conversations", { token, headers: { "idempotency-key": "conv-1" }, body: { metadata: { topic: "roadmap" } } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(created.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await count()).toBe(before + 1);
    const other = await h.call("POST", "/api/v1/agents/agent_abc123/conversations", { token, headers: { "idempotency-key": "conv-1" }, body: { metadata: { topic: "other" } } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
  });

  it("honours the body's idempotency_key on createTask, and 422 on cancelRuntimeOperation with a reused key", async () => {
    const token = "idem-token-2";
    const body = { message: "once", idempotency_key: "task-1" };
    const tasksNow = async () => (await h.call("GET", "/api/v1/tasks?state=all", { token })).body.data.tasks.length;
    const before = await tasksNow();
    const first = await h.call("POST", "/api/v1/agents/agent_abc123/tasks", { token, body });
    const second = await h.call("POST", "/api/v1/agents/agent_abc123/tasks", { token, body });
    expect(second.body).toEqual(first.body);
    expect(await tasksNow()).toBe(before + 1);
    const slowSandbox = await harness({ speed: 1 });
    try {
      const op = await slowSandbox.call("POST", "/api/v1/instances/instance_abc123/methods", { token, body: { jsonrpc: "2.0", id: 7, method: "cron/add", params: {} } });
      const opId = op.body.operationId;
      const cancel = await slowSandbox.call("POST", `/api/v1/instances/instance_abc123/operations/${opId}/cancel`, { token, headers: { "idempotency-key": "c1" } });
      expect(cancel.status).toBe(202);
      expect((await slowSandbox.call("POST", `/api/v1/instances/instance_abc123/operations/${opId}/cancel`, { token, headers: { "idempotency-key": "c1" } })).status).toBe(202);
      // The same key for another operation's cancel is a different request: 422, as this operation documents.
      const elsewhere = await slowSandbox.call("POST", `/api/v1/instances/instance_abc123/operations/3f1c2a9e-8b7d-4e6f-9a10-5c2b7d4e8f01/cancel`, { token, headers: { "idempotency-key": "c1" } });
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body.error.code).toBe("idempotency_key_reused");
      expect(slowSandbox.violations).toEqual([]);
    } finally {
      await slowSandbox.sandbox.close();
    }
  });

  it("answers two concurrent calls with the same key once", async () => {
    const body = { message: "at the same time", idempotency_key: "invoke-1" };
    const [a, b] = await Promise.all([0, 1].map(() => h.call("POST", "/api/v1/agents/agent_abc123/invoke", { token: "idem-token-3", body })));
    expect(a!.status).toBe(200);
    // No context_id given: a second effect would have made a new one.
    expect(b!.body).toEqual(a!.body);
  });

  it("gave no answer off the spec in this file", () => {
    expect(h.violations).toEqual([]);
  });
});
