// Every operation of the spec against the stateful sandbox, through Prism's validating
// proxy, in an order that builds the state each one needs: catalog → deploy → lifecycle →
// devices → files → agents → tasks (events, webhooks) → conversations → runtime → teardown.
// Inputs are the spec's examples with path parameters bound to what earlier steps made;
// each answer is held to the spec twice (Prism, then Ajv) and, where state makes it
// knowable, to what the earlier steps did (create then get, filters, lifecycle).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "@beeos/client";
import { afterAll, describe, expect, test, type TestContext } from "vitest";
import { collect, urlFor } from "../../src/harness.js";
import { inputFor, operation, sandboxClient, sandboxTarget, type Answer, type Ids } from "../../src/sandbox.js";
import { isSuccess, loadSpec } from "../../src/spec.js";
import { checkFrames, parseEventStream } from "../../src/sse.js";
import { createValidator } from "../../src/validate.js";
import { listWebhooks } from "../../src/webhooks.js";

const spec = loadSpec();
const validate = createValidator(spec);
const exercised = new Set<string>();

interface Step {
  ids?: Ids;
  body?: unknown;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Statuses this step may get; default: the operation's documented successes. */
  expect?: number[];
}

const data = (a: Answer): Record<string, unknown> => ((a.body as { data?: unknown }).data ?? a.body) as Record<string, unknown>;
const str = (value: unknown, what: string): string => {
  if (typeof value !== "string" || value === "") throw new Error(`expected ${what} to be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
};

describe("every operation against the stateful sandbox, through Prism's validating proxy", () => {
  const sc = sandboxClient("operations");
  const ids: Ids = {};
  const devices: { mobile?: string | undefined; computer?: string | undefined } = {};

  async function run(ctx: TestContext, operationId: string, step: Step = {}): Promise<Answer> {
    const op = operation(spec, operationId);
    const input = inputFor(spec, op, { ...ids, ...step.ids }, step.body);
    if (step.query) input.query = { ...input.query, ...step.query };
    if (step.headers) input.headers = { ...input.headers, ...step.headers };
    const answer = await sc.call(op, input);
    exercised.add(operationId);
    (ctx.task.meta.contracts ??= []).push({ operationId, kind: "workflow", status: answer.status });
    const allowed = step.expect ?? op.responses.flatMap((r) => r.statuses).filter(isSuccess);
    expect(allowed, `${operationId} answered ${answer.status}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
    const response = op.responses.find((r) => r.statuses.includes(answer.status));
    if (response?.schemaPointer) expect(validate(response.schemaPointer, answer.body), `${operationId} ${answer.status} against the spec`).toEqual([]);
    return answer;
  }

  // ---- catalog ------------------------------------------------------------------------
  test.for(["listProviders", "listDeployRegions", "listDeployModels"])("%s", async (id, ctx) => {
    expect((await run(ctx, id)).status).toBe(200);
  });

  test("listInstances: the token's seeded instances, running devices of both kinds among them", async (ctx) => {
    const items = (await run(ctx, "listInstances", { query: { page: 0, pageSize: 200 } })).body as { data: Array<{ id: string; osType: string; status: string }> };
    expect(items.data.length).toBeGreaterThan(0);
    devices.mobile = items.data.find((i) => i.osType === "android" && i.status === "running")?.id;
    devices.computer = items.data.find((i) => i.osType !== "android" && i.status === "running")?.id;
    expect(devices, "the sandbox seeds a running android and a running computer instance").toEqual({ mobile: expect.any(String), computer: expect.any(String) });
  });

  // ---- an instance's life -------------------------------------------------------------
  const deployExamples = operation(spec, "deployInstance").requestBody?.examples ?? [];
  test.for(deployExamples.map((ex) => [ex.key, ex] as const))("deployInstance (%s), then getInstance and listInstances return it", async ([, ex], ctx) => {
    const created = data(await run(ctx, "deployInstance", { body: ex.value }));
    const id = str(created["id"], "the deployed instance's id");
    // The lifecycle below drives the first instance that deployed.
    ids["instances"] ??= id;
    expect(data(await run(ctx, "getInstance", { ids: { instances: id } }))["id"]).toBe(id);
    const listed = (await run(ctx, "listInstances", { query: { pageSize: 200 } })).body as { data: Array<{ id: string }> };
    expect(listed.data.map((i) => i.id), "a deployed instance is listed").toContain(id);
  });

  test("the deployed instance comes up, then stop → stopped, start → running, restart", async (ctx) => {
    const id = str(ids["instances"], "the instance id");
    const wait = (until: string) => sc.client.waitForInstance(id, { until: [until], intervalMs: 20, timeoutMs: 15_000 });
    expect((await wait("running")).status).toBe("running");
    await run(ctx, "stopInstance");
    expect((await wait("stopped")).status).toBe("stopped");
    // A settled status, so the filter can be checked without racing a transition.
    const stopped = (await run(ctx, "listInstances", { query: { status: "stopped", pageSize: 200 } })).body as { data: Array<{ id: string; status: string }> };
    expect(stopped.data.map((i) => i.id)).toContain(id);
    expect(stopped.data.every((i) => i.status === "stopped"), "status=stopped lists only stopped instances").toBe(true);
    await run(ctx, "startInstance");
    expect((await wait("running")).status).toBe("running");
    await run(ctx, "restartInstance");
    expect((await wait("running")).status).toBe("running");
    exercised.add("getInstance");
  });

  // ---- devices -------------------------------------------------------------------------
  const deviceOps = spec.operations.filter((op) => /\/(computer|mobile|device)(\/|$)/.test(op.path)).map((op) => op.operationId);
  test.for(deviceOps)("%s on a running device of its kind", async (id, ctx) => {
    const kind = /\/computer/.test(operation(spec, id).path) ? devices.computer : devices.mobile;
    expect(kind, "an earlier step found a running device of this kind").toBeDefined();
    await run(ctx, id, { ids: { instances: kind } });
  });

  // ---- files ---------------------------------------------------------------------------
  test("presignFileUpload, then getFile finds it", async (ctx) => {
    const presigned = data(await run(ctx, "presignFileUpload"));
    ids["files"] = str(presigned["file_id"], "file_id");
    expect(data(await run(ctx, "getFile"))).toMatchObject({ file_id: ids["files"] });
  });

  // ---- agents --------------------------------------------------------------------------
  test("listAgents with an instance filter, getAgent, updateAgent", async (ctx) => {
    const all = (await run(ctx, "listAgents", { query: { limit: 100, offset: 0 } })).body as { data: Array<{ id: string; instanceId?: string }> };
    expect(all.data.length).toBeGreaterThan(0);
    const agent = all.data.find((a) => a.instanceId === devices.computer) ?? all.data[0]!;
    ids["agents"] = agent.id;
    if (agent.instanceId) {
      const mine = (await run(ctx, "listAgents", { query: { instance_id: agent.instanceId, limit: 100, offset: 0 } })).body as { data: Array<{ instanceId?: string }> };
      expect(mine.data.every((a) => a.instanceId === agent.instanceId), "instance_id filters").toBe(true);
    }
    expect(data(await run(ctx, "getAgent"))["id"]).toBe(ids["agents"]);
    const update = operation(spec, "updateAgent").requestBody?.examples[0]?.value as Record<string, unknown>;
    const updated = data(await run(ctx, "updateAgent"));
    for (const [key, value] of Object.entries(update)) expect(updated[key], `updateAgent kept ${key}`).toEqual(value);
  });

  test("invokeAgent answers JSON, and an event stream when asked", async (ctx) => {
    const files = ids["files"];
    const example = operation(spec, "invokeAgent").requestBody?.examples[0]?.value as Record<string, unknown>;
    // The example attaches a file by id: attach the one this token uploaded.
    const body = files ? { ...example, attachments: [{ file_id: files, filename: "report.pdf" }] } : example;
    expect(data(await run(ctx, "invokeAgent", { body }))).toHaveProperty("text");
    const op = operation(spec, "invokeAgent");
    const input = inputFor(spec, op, ids, body);
    const { proxyUrl } = sandboxTarget();
    const response = await fetch(urlFor(proxyUrl, op, input), {
      method: "POST",
      headers: { authorization: `Bearer ${sc.token}`, accept: "text/event-stream", "content-type": "application/json" },
      body: JSON.stringify(input.body),
      signal: AbortSignal.timeout(15_000),
    });
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { frames, problems } = parseEventStream(await response.text());
    expect(problems).toEqual([]);
    expect(frames.length).toBeGreaterThan(0);
    expect(checkFrames(op, frames, validate)).toEqual([]);
  });

  // ---- tasks, their events and webhooks ------------------------------------------------
  // One receiver, two URLs: `/hook` acknowledges; `/flaky` fails until told otherwise, so
  // its deliveries are retried, end up failed, and can be redelivered.
  const deliveries: Array<{ path: string; headers: IncomingMessage["headers"]; body: string }> = [];
  let flakyFails = true;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c)).on("end", () => {
      const path = req.url ?? "";
      deliveries.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(path === "/flaky" && flakyFails ? 503 : 204).end();
    });
  });
  const listening = new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  const secret = "whsec_contract_suite_0001";
  const hookToken = "hook-token-contract";
  let flakyHook: string | undefined;
  const until = async (what: string, ok: () => boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  test("createTask, getTask, and a webhook registered at once", async (ctx) => {
    await listening;
    const created = data(await run(ctx, "createTask", { body: { ...(operation(spec, "createTask").requestBody?.examples[0]?.value as object), idempotency_key: crypto.randomUUID() } }));
    ids["tasks"] = str(created["task_id"], "task_id");
    expect(data(await run(ctx, "getTask"))["task_id"]).toBe(ids["tasks"]);
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const hook = data(await run(ctx, "registerTaskWebhook", { body: { url: `${base}/hook`, secret, token: hookToken } }));
    ids["webhooks"] = str(hook["webhook_id"], "webhook_id");
    const flaky = data(await run(ctx, "registerTaskWebhook", { body: { url: `${base}/flaky`, secret, token: hookToken } }));
    flakyHook = str(flaky["webhook_id"], "webhook_id");
    const listed = data(await run(ctx, "listTaskWebhooks")) as { webhooks?: Array<{ webhook_id: string }> };
    expect(listed.webhooks?.map((w) => w.webhook_id)).toEqual(expect.arrayContaining([ids["webhooks"], flakyHook]));
  });

  test("streamTaskEvents: framed events to the end, each against the spec; resuming with the last id skips what was read", async (ctx) => {
    const op = operation(spec, "streamTaskEvents");
    const { proxyUrl } = sandboxTarget();
    const url = urlFor(proxyUrl, op, inputFor(spec, op, ids)).href;
    const read = async (query: string) => {
      const response = await fetch(`${url}${query}`, { headers: { authorization: `Bearer ${sc.token}`, accept: "text/event-stream" }, signal: AbortSignal.timeout(15_000) });
      expect(response.headers.get("sl-violations")).toBeNull();
      expect(response.status).toBe(200);
      return parseEventStream(await response.text());
    };
    const all = await read("");
    exercised.add(op.operationId);
    (ctx.task.meta.contracts ??= []).push({ operationId: op.operationId, kind: "stream", status: 200 });
    expect(all.problems).toEqual([]);
    expect(checkFrames(op, all.frames, validate)).toEqual([]);
    expect(all.frames.at(-1)?.event, "a task stream ends with `end` once the task is final").toBe("end");
    const withIds = all.frames.filter((f) => f.id !== undefined);
    expect(withIds.length, "message events carry ids to resume from").toBeGreaterThan(0);
    const resume = op.stream?.resume;
    expect(resume?.in).toBe("query");
    const first = withIds[0]!;
    const again = await read(`?${resume!.name}=${encodeURIComponent(first.id!)}`);
    expect(again.problems).toEqual([]);
    expect(again.frames.filter((f) => f.id !== undefined).map((f) => f.id)).toEqual(withIds.slice(1).map((f) => f.id));
    // The client reads the same stream the same way.
    const viaClient = await collect(sc.client.streamTaskEvents({ path: { agentId: String(ids["agents"]), taskId: String(ids["tasks"]) } }) as AsyncIterable<{ event: string }>);
    expect(viaClient.map((e) => e.event)).toEqual(all.frames.map((f) => f.event));
  });

  test("the task is final; its messages and the task lists agree", async (ctx) => {
    const task = data(await run(ctx, "getTask"));
    const final = (spec.document as { components: { schemas: Record<string, { "x-beeos-final-values"?: string[] }> } }).components.schemas["TaskStatus"]?.["x-beeos-final-values"] ?? [];
    expect(final).toContain(task["status"]);
    const messages = data(await run(ctx, "listTaskMessages", { query: { limit: 100 } })) as { messages?: unknown[] };
    expect(messages.messages?.length).toBeGreaterThan(0);
    const mine = data(await run(ctx, "listAgentTasks", { query: { limit: 100, state: "all" } })) as { tasks?: Array<{ task_id: string }> };
    expect(mine.tasks?.map((t) => t.task_id)).toContain(ids["tasks"]);
    const user = data(await run(ctx, "listUserTasks", { query: { agent_id: ids["agents"], state: "all", limit: 100 } })) as { tasks?: Array<{ task_id: string; agent_id: string }> };
    expect(user.tasks?.map((t) => t.task_id)).toContain(ids["tasks"]);
    expect(user.tasks?.every((t) => t.agent_id === ids["agents"]), "agent_id filters").toBe(true);
  });

  test("webhook deliveries: every body fits the spec's payload schema, is signed and verifies; failures are retried and listed", async (ctx) => {
    const [webhook] = listWebhooks(spec);
    const isFinal = (d: { body: string }) => (JSON.parse(d.body) as { final?: boolean }).final === true;
    await until("the final delivery", () => deliveries.some((d) => d.path === "/hook" && isFinal(d)));
    for (const d of deliveries) {
      expect(validate(webhook!.schemaPointer, JSON.parse(d.body)), d.body).toEqual([]);
      const signature = d.headers["x-beeos-signature"];
      const header = webhook!.headers.find((h) => h.name.toLowerCase() === "x-beeos-signature")!;
      expect(validate(header.schemaPointer, signature)).toEqual([]);
      await expect(verifyWebhook({ secret, signature: String(signature), body: d.body })).resolves.toMatchObject({ task_id: ids["tasks"] });
      expect(d.headers.authorization).toBe(`Bearer ${hookToken}`);
    }
    const good = data(await run(ctx, "listWebhookDeliveries", { query: { limit: 100 } })) as { deliveries?: Array<{ delivery_id: string; status: string }> };
    expect(good.deliveries?.length).toBe(deliveries.filter((d) => d.path === "/hook").length);
    // The failing receiver got each event more than once (retries) before its deliveries gave up.
    const final = () => deliveries.filter((d) => d.path === "/flaky" && isFinal(d)).length;
    await until("retries of the final delivery to the failing receiver", () => final() > 1);
    const failed = async () =>
      ((data(await run(ctx, "listWebhookDeliveries", { ids: { webhooks: flakyHook }, query: { limit: 100 } })) as { deliveries?: Array<{ delivery_id: string; status: string }> }).deliveries ?? []).find((d) =>
        ["failed", "dead_letter"].includes(d.status),
      );
    let gaveUp: { delivery_id: string } | undefined;
    for (let i = 0; i < 200 && !gaveUp; i++) {
      gaveUp = await failed();
      if (!gaveUp) await new Promise((r) => setTimeout(r, 25));
    }
    expect(gaveUp, "a delivery to the failing receiver ends failed or dead_letter").toBeDefined();
    flakyFails = false;
    const before = deliveries.length;
    await run(ctx, "redeliverWebhook", { ids: { webhooks: flakyHook, deliveries: gaveUp!.delivery_id } });
    await until("the redelivery", () => deliveries.slice(before).some((d) => d.path === "/flaky"));
    await run(ctx, "deleteTaskWebhook");
    const after = data(await run(ctx, "listTaskWebhooks")) as { webhooks?: Array<{ webhook_id: string }> };
    expect(after.webhooks?.map((w) => w.webhook_id) ?? []).not.toContain(ids["webhooks"]);
  });

  test("cancelTask and continueTask on a fresh task answer as documented", async (ctx) => {
    const created = data(await run(ctx, "createTask", { body: { message: "Cancel me.", idempotency_key: crypto.randomUUID() } }));
    const taskId = str(created["task_id"], "task_id");
    // At high speed the task may already be final: then the spec's answer is 409.
    const cancelled = await run(ctx, "cancelTask", { ids: { tasks: taskId }, expect: [200, 409] });
    if (cancelled.status === 200) expect(data(cancelled)["status"]).toBe("canceled");
    await run(ctx, "continueTask", { ids: { tasks: taskId }, expect: [200, 409] });
  });

  // ---- conversations ---------------------------------------------------------------------
  test("createConversation is idempotent by key, and getConversation returns it", async (ctx) => {
    const key = crypto.randomUUID();
    const first = data(await run(ctx, "createConversation", { headers: { "Idempotency-Key": key } }));
    ids["conversations"] = str(first["conversation_id"], "conversation_id");
    const again = data(await run(ctx, "createConversation", { headers: { "Idempotency-Key": key } }));
    expect(again["conversation_id"], "the same Idempotency-Key gives the same conversation").toBe(ids["conversations"]);
    expect(data(await run(ctx, "getConversation"))["conversation_id"]).toBe(ids["conversations"]);
  });

  test("renameConversation changes the title getConversation returns", async (ctx) => {
    const title = (operation(spec, "renameConversation").requestBody?.examples[0]?.value as { title: string }).title;
    expect(data(await run(ctx, "renameConversation"))["title"]).toBe(title);
    expect(data(await run(ctx, "getConversation"))["title"]).toBe(title);
  });

  test("sendConversationMessage, then the message and the conversation are listed", async (ctx) => {
    const sent = data(await run(ctx, "sendConversationMessage", { body: { message: "What changed?", idempotency_key: crypto.randomUUID() } }));
    ids["messages"] = str(sent["message_id"], "message_id");
    const listed = data(await run(ctx, "listConversationMessages", { query: { limit: 100 } })) as { messages?: Array<{ message_id: string }> };
    expect(listed.messages?.map((m) => m.message_id)).toContain(ids["messages"]);
    const convs = data(await run(ctx, "listConversations", { query: { limit: 100 } })) as { conversations?: Array<{ conversation_id: string }> };
    expect(convs.conversations?.map((c) => c.conversation_id)).toContain(ids["conversations"]);
  });

  test("streamConversationEvents: framed events against the spec (read from the sandbox directly: the stream stays open, which a buffering proxy cannot pass)", async (ctx) => {
    const op = operation(spec, "streamConversationEvents");
    const { sandboxUrl } = sandboxTarget();
    const url = urlFor(sandboxUrl, op, inputFor(spec, op, ids));
    const controller = new AbortController();
    const response = await fetch(url, { headers: { authorization: `Bearer ${sc.token}`, accept: "text/event-stream" }, signal: controller.signal });
    exercised.add(op.operationId);
    (ctx.task.meta.contracts ??= []).push({ operationId: op.operationId, kind: "stream", status: response.status });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    let text = "";
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const deadline = Date.now() + 3_000;
    // Read until the backlog (at least the message sent above) has arrived and the stream goes quiet.
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 300))]);
      if (chunk === undefined) {
        if (text.includes("\n\n")) break;
        continue;
      }
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    controller.abort();
    // Only whole frames count: the read may stop in the middle of one.
    const whole = text.slice(0, text.lastIndexOf("\n\n") + 2);
    const { frames, problems } = parseEventStream(whole);
    expect(problems).toEqual([]);
    expect(frames.length).toBeGreaterThan(0);
    expect(checkFrames(op, frames, validate)).toEqual([]);
  });

  test("cancelConversation, clearConversation, setConversationModel", async (ctx) => {
    const target = str(ids["messages"], "the id of the message sent above");
    await run(ctx, "cancelConversation", { body: { target_message_id: target, reason: "asked the wrong question" }, expect: [202, 409] });
    await run(ctx, "clearConversation");
    await run(ctx, "setConversationModel");
  });

  test("deleteConversation closes it: still readable, state closed", async (ctx) => {
    await run(ctx, "deleteConversation");
    expect(data(await run(ctx, "getConversation"))["state"]).toBe("closed");
  });

  // ---- the runtime ---------------------------------------------------------------------
  test("runtime: capabilities, a method call that becomes an operation, its events, list, get and cancel", async (ctx) => {
    ids["instances"] = devices.computer;
    await run(ctx, "getRuntimeCapabilities");
    const invoked = await run(ctx, "invokeRuntimeMethod");
    if (invoked.status === 202) ids["operations"] = str((invoked.body as { operationId?: string }).operationId, "operationId");
    // Only active operations are listed, and at this speed the one just made may be over
    // already (cancel.test.ts lists one on the real-time sandbox): check what is listed is active.
    const listed = (await run(ctx, "listRuntimeOperations", { query: { limit: 100 } })).body as { operations: Array<{ id: string; terminal?: boolean }> };
    expect(listed.operations.filter((o) => o.terminal === true), "status=active lists no finished operation").toEqual([]);
    expect(ids["operations"], "the method call made a runtime operation").toBeDefined();
    expect((await run(ctx, "getRuntimeOperation")).body).toMatchObject({ id: ids["operations"] });
    const op = operation(spec, "streamRuntimeOperationEvents");
    const { proxyUrl } = sandboxTarget();
    const url = urlFor(proxyUrl, op, inputFor(spec, op, ids));
    const response = await fetch(url, { headers: { authorization: `Bearer ${sc.token}`, accept: "text/event-stream" }, signal: AbortSignal.timeout(15_000) });
    exercised.add(op.operationId);
    (ctx.task.meta.contracts ??= []).push({ operationId: op.operationId, kind: "stream", status: response.status });
    expect(response.headers.get("sl-violations")).toBeNull();
    expect([200, 409]).toContain(response.status);
    if (response.status === 200) {
      const { frames, problems } = parseEventStream(await response.text());
      expect(problems).toEqual([]);
      expect(checkFrames(op, frames, validate)).toEqual([]);
    }
    await run(ctx, "cancelRuntimeOperation", { expect: [202, 409] });
    await run(ctx, "createTerminalSession");
    await run(ctx, "createCanvasSession");
  });

  // ---- teardown --------------------------------------------------------------------------
  test("deleteAgent answers as documented (the spec lists no success)", async (ctx) => {
    const documented = operation(spec, "deleteAgent").responses.flatMap((r) => r.statuses);
    await run(ctx, "deleteAgent", { expect: documented.filter((s) => s < 500) });
  });

  test("destroyInstance, and the instance is gone or terminated", async (ctx) => {
    ids["instances"] = ids["instances"] === devices.computer ? undefined : ids["instances"];
    const created = data(await run(ctx, "deployInstance", { body: { ...(operation(spec, "deployInstance").requestBody?.examples.at(-1)?.value as object), name: "to-destroy" } }));
    ids["instances"] = str(created["id"], "id");
    expect(data(await run(ctx, "destroyInstance"))).toBe("destroyed");
    // Destroying takes a while: until then the instance wants `terminated`; then it is terminated or gone.
    const after = await run(ctx, "getInstance", { expect: [200, 404] });
    if (after.status === 200 && data(after)["status"] !== "terminated") {
      expect(data(after)["desiredStatus"]).toBe("terminated");
      for (let i = 0; i < 500; i++) {
        const now = await run(ctx, "getInstance", { expect: [200, 404] });
        if (now.status === 404 || data(now)["status"] === "terminated") return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`instance ${String(ids["instances"])} was never terminated after destroyInstance`);
    }
  });

  test("another token sees none of this token's resources", async () => {
    const other = sandboxClient("other");
    const answer = await other.call(operation(spec, "getTask"), inputFor(spec, operation(spec, "getTask"), ids));
    expect([403, 404]).toContain(answer.status);
  });

  test("every operation of the spec was exercised against the sandbox", () => {
    const missing = spec.operations.map((op) => op.operationId).filter((id) => !exercised.has(id));
    expect(missing).toEqual([]);
  });
});
