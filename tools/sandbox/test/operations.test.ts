// The rest of the API, operation by operation, each answer checked against the spec.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBeeosClient } from "@beeos/client";
import { eventually, harness, streamedFrames, type Harness } from "./helpers.js";

let h: Harness;
const T = "ops-token";
const call = (method: string, path: string, init: Parameters<Harness["call"]>[2] = {}) => h.call(method, path, { token: T, ...init });

beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.sandbox.close();
});

const sseFrames = (text: string) =>
  text
    .split("\n\n")
    .filter((f) => f.includes("data: "))
    .map((f) => ({ id: /^id: (.*)$/m.exec(f)?.[1], event: /^event: (.*)$/m.exec(f)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(f)![1]!) }));

describe("catalog", () => {
  it("lists providers, regions and models, filtered", async () => {
    const providers = await call("GET", "/api/v1/providers");
    expect(providers.body.data.map((p: any) => p.meta.id)).toEqual(["openclaw-k8s", "device-farm"]);
    expect((await call("GET", "/api/v1/deploy/regions")).body.data.length).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/deploy/regions?providerId=nope")).body.data).toEqual([]);
    const phone = (await call("GET", "/api/v1/deploy/models?agentFramework=device-agent")).body.data;
    expect(phone.map((m: any) => m.id)).toEqual(["autoglm-phone"]);
  });

  it("deploys by variant, refuses an unknown one, and allows a name twice (the spec makes no name unique)", async () => {
    const ok = await call("POST", "/api/v1/instances", { body: { name: "by-variant", variantId: "device-agent-android-us" } });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ osType: "android", providerId: "device-farm", status: "pending" });
    expect((await call("POST", "/api/v1/instances", { body: { name: "v2", variantId: "nope" } })).body.error).toMatchObject({ code: "invalid_param", param: "variantId" });
    expect((await call("POST", "/api/v1/instances", { body: { name: "v3" } })).body.error).toMatchObject({ code: "missing_param" });
    const twice = await call("POST", "/api/v1/instances", { body: { name: "by-variant", agentFramework: "openclaw" } });
    expect(twice.status).toBe(201);
    expect(twice.body.data.id).not.toBe(ok.body.data.id);
  });
});

describe("device control", () => {
  it("drives a phone and a desktop; the wrong kind is 404, a stopped device 503", async () => {
    const phone = "/api/v1/instances/instance_abc123";
    const desk = "/api/v1/instances/instance_researchdesk";
    expect((await call("GET", `${phone}/mobile`)).body.data).toMatchObject({ online: true, os: "android" });
    expect((await call("GET", `${desk}/computer`)).body.data).toMatchObject({ online: true, os: "linux" });
    expect((await call("GET", `${phone}/computer`)).status).toBe(404);
    expect((await call("GET", `${desk}/mobile`)).status).toBe(404);
    const shot = await call("POST", `${phone}/mobile/screenshot`);
    expect(shot.body.data.format).toBe("png");
    expect((await call("GET", `/api/v1/files/${shot.body.data.file_id}`)).body.data.file_id).toBe(shot.body.data.file_id);
    expect((await call("POST", `${desk}/computer/screenshot`)).status).toBe(200);
    const mobile: [string, unknown][] = [["tap", { x: 540, y: 1200 }], ["swipe", { x1: 540, y1: 1800, x2: 540, y2: 600, duration_ms: 300 }], ["scroll", { direction: "down", amount: 3 }], ["type", { text: "hello", submit: true }], ["key", { keys: ["KEYCODE_SEARCH"] }], ["press_button", { button: "back" }]];
    for (const [action, body] of mobile) expect((await call("POST", `${phone}/mobile/${action}`, { body })).body).toEqual({ success: true, data: { ok: true } });
    const computer: [string, unknown][] = [["click", { x: 640, y: 360, button: "left", count: 2 }], ["move", { x: 960, y: 540 }], ["scroll", { direction: "up" }], ["type", { text: "report" }], ["key", { keys: ["ctrl", "l"] }]];
    for (const [action, body] of computer) expect((await call("POST", `${desk}/computer/${action}`, { body })).body).toEqual({ success: true, data: { ok: true } });
    expect((await call("POST", `${phone}/mobile/tap`, { body: { x: 5000, y: 1 } })).body.error).toMatchObject({ code: "invalid_param", param: "x" });
    const off = await call("POST", "/api/v1/instances/instance_pixel8lab/mobile/tap", { body: { x: 1, y: 1 } });
    expect(off.status).toBe(503);
    expect(off.body.error.code).toBe("device_offline");
    expect((await call("GET", `${phone}/device/info`)).body.data).toMatchObject({ type: "android", model: "Pixel 8" });
    expect((await call("GET", `${desk}/device/info`)).body.data.type).toBe("linux");
  });
});

describe("files", () => {
  it("presigns an upload, takes the bytes, and reports them", async () => {
    const presigned = await call("POST", "/api/v1/files/presign-upload", { body: { filename: "q2.pdf", content_type: "application/pdf" } });
    expect(presigned.status).toBe(200);
    const put = await fetch(presigned.body.data.upload_url, { method: "PUT", body: "x".repeat(1234), headers: { "content-type": "application/pdf" } });
    expect(put.status).toBe(200);
    const file = await call("GET", `/api/v1/files/${presigned.body.data.file_id}`);
    expect(file.body.data).toMatchObject({ filename: "q2.pdf", content_type: "application/pdf", size: 1234 });
    expect((await call("GET", "/api/v1/files/file_nope")).status).toBe(404);
    // Attachments must name the caller's files.
    const bad = await call("POST", "/api/v1/agents/agent_abc123/tasks", { body: { message: "read it", attachments: [{ file_id: "file_nope" }] } });
    expect(bad.body.error).toMatchObject({ code: "invalid_param", param: "attachments[0].file_id" });
    const good = await call("POST", "/api/v1/agents/agent_abc123/tasks", { body: { message: "read it", attachments: [{ file_id: presigned.body.data.file_id }] } });
    expect(good.status).toBe(202);
  });
});

describe("agents", () => {
  it("gets, updates (only known fields), and never deletes", async () => {
    const agent = await call("GET", "/api/v1/agents/agent_abc123");
    expect(agent.body.data.instanceId).toBe("instance_abc123");
    const updated = await call("PATCH", "/api/v1/agents/agent_abc123", { body: { visibility: "public", mcp_enabled: true } });
    expect(updated.body.data).toMatchObject({ visibility: "public", mcpEnabled: true });
    expect((await call("PATCH", "/api/v1/agents/agent_abc123", { body: {} })).body.error.code).toBe("invalid_param");
    expect((await call("PATCH", "/api/v1/agents/agent_abc123", { body: { name: "x" } })).body.error).toMatchObject({ code: "invalid_param", param: "name" });
    expect((await call("DELETE", "/api/v1/agents/agent_abc123")).status).toBe(409);
    expect((await call("DELETE", "/api/v1/agents/agent_nope")).status).toBe(404);
    const page = await call("GET", "/api/v1/agents?instance_id=instance_abc123");
    expect(page.body.total).toBe(1);
    expect(page.body.projection.syncState).toBe("synced");
    expect((await call("GET", "/api/v1/agents?limit=2&offset=1")).body.data).toHaveLength(2);
    expect((await call("GET", "/api/v1/agents?status=active")).body.total).toBe((await call("GET", "/api/v1/agents")).body.total);
    expect((await call("GET", "/api/v1/agents?status=retired")).body).toMatchObject({ data: [], total: 0 });
  });

  it("invokes as JSON and as an event stream; a stopped instance's agent is 409", async () => {
    const json = await call("POST", "/api/v1/agents/agent_abc123/invoke", { body: { message: "hi", context_id: "ctx_1" } });
    expect(json.body.data).toMatchObject({ context_id: "ctx_1", is_error: false });
    const sse = await call("POST", "/api/v1/agents/agent_abc123/invoke", { body: { message: "hi" }, headers: { accept: "text/event-stream" } });
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const frames = sseFrames(sse.body);
    expect(frames.map((f) => f.data.type)).toEqual(["reasoning", "delta", "delta", "done"]);
    expect(frames[1]!.data.text + frames[2]!.data.text).toBe(frames[3]!.data.text);
    expect((await call("POST", "/api/v1/agents/agent_pixel8lab/invoke", { body: { message: "hi" } })).status).toBe(409);
  });
});

describe("tasks", () => {
  const tasks = "/api/v1/agents/agent_abc123/tasks";

  it("lists messages with and without deltas, paged by offset", async () => {
    const { body } = await call("POST", tasks, { body: { message: "Summarise." } });
    const id = body.data.task_id;
    await eventually(async () => (await call("GET", `${tasks}/${id}`)).body.data.status === "completed", 5000, "completion");
    const clean = (await call("GET", `${tasks}/${id}/messages`)).body.data;
    expect(clean.messages.map((m: any) => m.type)).toEqual(["chat_message", "agent_reply"]);
    expect(clean.latest_offset).toBe(4);
    const all = (await call("GET", `${tasks}/${id}/messages?include_deltas=true&limit=2`)).body.data;
    expect(all.messages.map((m: any) => m.offset)).toEqual([1, 2]);
    expect(all).toMatchObject({ has_more: true, next_since: "2" });
    const rest = (await call("GET", `${tasks}/${id}/messages?include_deltas=true&since=2`)).body.data;
    expect(rest.messages.map((m: any) => m.offset)).toEqual([3, 4]);
    expect(rest.has_more).toBe(false);
    // The client's walk over a since/offset list ends, with every message once.
    const beeos = createBeeosClient({ token: T, baseUrl: h.sandbox.url, fetch: h.fetch, maxRetries: 0 });
    const walked = await beeos.paginate("listTaskMessages", { path: { agentId: "agent_abc123", taskId: id }, query: { limit: 1, include_deltas: true } }).toArray();
    expect(walked.map((m) => m.offset)).toEqual([1, 2, 3, 4]);
    const summary = (await call("GET", `/api/v1/tasks?state=closed&agent_id=agent_abc123`)).body.data.tasks.find((t: any) => t.task_id === id);
    expect(summary).toMatchObject({ state: "closed", close_reason: "completed" });
    expect((await call("GET", `/api/v1/tasks?state=open&instance_id=instance_abc123`)).body.data.tasks.some((t: any) => t.task_id === id)).toBe(false);
  });

  it("pauses for input and auth, continues, cancels, fails, rejects and times out", async () => {
    const start = async (message: string, extra: object = {}) => (await call("POST", tasks, { body: { message, ...extra } })).body.data.task_id as string;
    const status = async (id: string) => (await call("GET", `${tasks}/${id}`)).body.data.status as string;
    const waitFor = (id: string, want: string) => eventually(async () => (await status(id)) === want, 5000, `${id} ${want}`);

    const input = await start("Ask me first [input_required]");
    await waitFor(input, "input_required");
    expect((await call("POST", `${tasks}/${input}/continue`, { body: {} })).body.error.code).toBe("missing_param");
    expect((await call("POST", `${tasks}/${input}/continue`, { body: { input: "the engineering space" } })).body.data.status).toBe("running");
    await waitFor(input, "completed");
    expect((await call("POST", `${tasks}/${input}/continue`, { body: { input: "again" } })).status).toBe(409);

    const auth = await start("Needs access [auth_required]");
    await waitFor(auth, "auth_required");
    expect((await call("POST", `${tasks}/${auth}/continue`, { body: { auth_grant: true } })).body.data.status).toBe("running");
    await waitFor(auth, "completed");

    const slow = await start("Take your time [slow]");
    const canceled = await call("POST", `${tasks}/${slow}/cancel`, { body: { reason: "superseded" } });
    expect(canceled.body.data.status).toBe("canceled");
    expect((await call("POST", `${tasks}/${slow}/cancel`)).body.data.status).toBe("canceled");
    expect((await call("POST", `${tasks}/${input}/cancel`)).status).toBe(409);

    const failed = await start("Break [fail]");
    await waitFor(failed, "failed");
    expect((await call("GET", `${tasks}/${failed}`)).body.data.error).toBeTruthy();
    const rejected = await start("No [reject]");
    await waitFor(rejected, "rejected");
    const late = await start("Too slow [slow]", { deadline_ms: 2000 });
    await waitFor(late, "timeout");
    expect((await call("GET", `${tasks}/nope`)).status).toBe(404);
    expect((await call("GET", `/api/v1/agents/agent_nope/tasks`)).status).toBe(404);
  });
});

describe("conversations", () => {
  const base = "/api/v1/agents/agent_abc123/conversations";
  // Replies take a few tens of ms here, so a reply can be stopped while it is still being written.
  let hc: Harness;
  const call = (method: string, path: string, init: Parameters<Harness["call"]>[2] = {}) => hc.call(method, path, { token: T, ...init });
  beforeAll(async () => {
    hc = await harness({ speed: 5 });
  });
  afterAll(async () => {
    expect(hc.violations).toEqual([]);
    await hc.sandbox.close();
  });

  it("opens, talks, streams across turns, stops a reply, clears, sets the model, renames and closes", async () => {
    const created = await call("POST", base, { body: { metadata: { topic: "roadmap" } } });
    expect(created.status).toBe(201);
    const id = created.body.data.conversation_id;
    const url = `${hc.sandbox.url}${base}/${id}/events`;
    const controller = new AbortController();
    const streamed: any[] = [];
    const reading = (async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${T}` }, signal: controller.signal });
      for await (const frame of streamedFrames(res)) streamed.push(...sseFrames(`${frame}\n\n`));
    })().catch(() => undefined);
    const sent = await call("POST", `${base}/${id}/messages`, { body: { message: "What changed?" } });
    expect(sent.status).toBe(202);
    await eventually(() => streamed.some((e) => e.data.type === "agent_reply"), 5000, "the first reply");
    await call("POST", `${base}/${id}/messages`, { body: { message: "And since Monday?" } });
    await eventually(() => streamed.filter((e) => e.data.type === "agent_reply").length === 2, 5000, "the second reply");
    expect(streamed.map((e) => Number(e.id))).toEqual([1, 2, 3, 4, 5, 6]);

    const messages = (await call("GET", `${base}/${id}/messages`)).body.data;
    expect(messages.messages.map((m: any) => m.type)).toEqual(["chat_message", "agent_reply", "chat_message", "agent_reply"]);

    // Stop a reply in flight: the target must be one of the caller's messages still being answered.
    const third = (await call("POST", `${base}/${id}/messages`, { body: { message: "Never mind." } })).body.data.message_id;
    const opId = "0b6f2f7e-3c1d-4c55-8f0e-9d2a7e4b1c30";
    const cancel = await call("POST", `${base}/${id}/cancel`, { headers: { "x-beeos-operation-id": opId }, body: { target_message_id: third } });
    expect(cancel.status).toBe(202);
    expect(cancel.headers.get("x-beeos-operation-id")).toBe(opId);
    expect(cancel.body.data).toEqual({ operation_id: opId, status: "accepted" });
    expect((await call("POST", `${base}/${id}/cancel`, { body: { target_message_id: "msg_nope" } })).status).toBe(404);

    const model = await call("PUT", `${base}/${id}/model`, { headers: { "idempotency-key": "m1" }, body: { modelOverrideId: "anthropic/claude-opus-4" } });
    expect(model.status).toBe(202);
    expect(model.body).toBeUndefined();
    expect((await call("GET", `${base}/${id}`)).body.data).toMatchObject({ modelOverrideId: "anthropic/claude-opus-4", effectiveModelId: "anthropic/claude-opus-4" });
    await call("PUT", `${base}/${id}/model`, { headers: { "idempotency-key": "m2" }, body: { modelOverrideId: null } });
    expect((await call("GET", `${base}/${id}`)).body.data.modelOverrideId).toBeUndefined();

    const renamed = await call("PATCH", `${base}/${id}`, { headers: { "idempotency-key": "r1" }, body: { title: "Roadmap" } });
    expect(renamed.body.data).toMatchObject({ title: "Roadmap", metadata: { topic: "roadmap" } });
    expect((await call("PATCH", `${base}/${id}`, { body: { title: "No key" } })).body.error).toMatchObject({ code: "missing_param", param: "Idempotency-Key" });

    const cleared = await call("POST", `${base}/${id}/clear`, { headers: { "idempotency-key": "c1" } });
    expect(cleared.body).toMatchObject({ status: "accepted", conversationId: id, currentGeneration: "1" });
    expect((await call("GET", `${base}/${id}/messages`)).body.data.messages).toEqual([]);

    expect((await call("DELETE", `${base}/${id}`)).status).toBe(204);
    await eventually(() => streamed.some((e) => e.event === "end"), 5000, "the end of the stream");
    expect(streamed.at(-1)).toMatchObject({ event: "end", data: { reason: "channel_closed" } });
    controller.abort();
    await reading;
    expect((await call("POST", `${base}/${id}/messages`, { body: { message: "hello?" } })).status).toBe(409);
    expect((await call("DELETE", `${base}/${id}`)).status).toBe(409);
    expect((await call("GET", `${base}?state=closed`)).body.data.conversations.map((c: any) => c.conversation_id)).toContain(id);
    expect((await call("GET", `${base}`)).body.data.conversations.map((c: any) => c.conversation_id)).not.toContain(id);
  });

  it("pages conversations by since", async () => {
    for (let i = 0; i < 5; i++) await call("POST", base, { body: {} });
    const first = (await call("GET", `${base}?limit=2`)).body.data;
    expect(first.conversations).toHaveLength(2);
    const second = (await call("GET", `${base}?limit=2&since=${first.next_since}`)).body.data;
    expect(second.conversations.map((c: any) => c.conversation_id)).not.toContain(first.conversations[0].conversation_id);
    expect((await call("GET", `${base}?since=!!`)).status).toBe(400);
  });
});

describe("runtime", () => {
  const base = "/api/v1/instances/instance_abc123";

  it("answers capabilities, refuses unknown methods in JSON-RPC, runs and lists operations, issues tickets", async () => {
    const caps = await call("GET", `${base}/runtime-capabilities`);
    expect(caps.body.methods).toContain("skills/install");
    const refused = await call("POST", `${base}/methods`, { body: { jsonrpc: "2.0", id: "a", method: "nope/nothing", params: {} } });
    expect(refused.status).toBe(200);
    expect(refused.body.error.message).toBe("METHOD_NOT_SUPPORTED");
    const offline = await call("POST", "/api/v1/instances/instance_pixel8lab/methods", { body: { jsonrpc: "2.0", id: 2, method: "skills/list", params: {} } });
    expect(offline.body.error.message).toBe("INSTANCE_OFFLINE");
    const slow = await harness({ speed: 1 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await slow.call("POST", `${base}/methods`, { token: T, body: { jsonrpc: "2.0", id: i, method: "skills/list", params: {} } })).body.operationId);
      // The seeded example operation is active too, and comes first.
      const seeded = "3f1c2a9e-8b7d-4e6f-9a10-5c2b7d4e8f01";
      const page1 = (await slow.call("GET", `${base}/operations?status=active&limit=2`, { token: T })).body;
      expect(page1.operations.map((o: any) => o.id)).toEqual([seeded, ids[0]]);
      const page2 = (await slow.call("GET", `${base}/operations?status=active&limit=2&cursor=${page1.nextCursor}`, { token: T })).body;
      expect(page2.operations.map((o: any) => o.id)).toEqual(ids.slice(1));
      expect(page2.nextCursor).toBeUndefined();
      expect((await slow.call("GET", `${base}/operations`, { token: T })).body.error).toMatchObject({ code: "missing_param", param: "status" });
      const one = (await slow.call("GET", `${base}/operations/${ids[0]}`, { token: T })).body;
      expect(one).toMatchObject({ id: ids[0], status: "running", terminal: false });
      expect(slow.violations).toEqual([]);
    } finally {
      await slow.sandbox.close();
    }
    const terminal = await call("POST", `${base}/terminal-sessions`, { body: { platformAgentId: "6d2b9f4e-1a3c-4e8b-b7d5-2c9e0f1a4b67" } });
    expect(terminal.status).toBe(201);
    expect(terminal.body.ticket.split(".")).toHaveLength(3);
    const canvas = await call("POST", `${base}/canvas-sessions`, { body: { platformAgentId: "6d2b9f4e-1a3c-4e8b-b7d5-2c9e0f1a4b67", conversationId: "0b6f2f7e-3c1d-4c55-8f0e-9d2a7e4b1c30", canvasId: "main-board" } });
    expect(canvas.status).toBe(201);
    expect((await call("POST", `${base}/canvas-sessions`, { body: { platformAgentId: "x" } })).status).toBe(400);
  });

  it("cancels a running operation; a finished one is 409 in its own shape", async () => {
    const started = await call("POST", `${base}/methods`, { body: { jsonrpc: "2.0", id: 1, method: "skills/install", params: {} } });
    const id = started.body.operationId;
    await eventually(async () => (await call("GET", `${base}/operations/${id}`)).body.terminal, 5000, "the end");
    const late = await call("POST", `${base}/operations/${id}/cancel`, { headers: { "idempotency-key": "late" } });
    expect(late.status).toBe(409);
    expect(late.body).toEqual({ code: "OPERATION_NOT_CANCELLABLE", operationId: id, httpStatus: 409 });
  });
});

describe("the default seed", () => {
  it("moves what it seeds in flight: the provisioning instance comes up", async () => {
    const slow = await harness({ speed: 100 });
    try {
      const get = async () => (await slow.call("GET", "/api/v1/instances/instance_windowsqarunner", { token: "seed-motion" })).body.data.status;
      expect(await get()).toBe("provisioning");
      await eventually(async () => (await get()) === "running", 5000, "the seeded instance running");
    } finally {
      await slow.sandbox.close();
    }
  });

  it("holds the resources the spec's examples name, so the docs' calls find them", async () => {
    const t = "examples-token";
    const get = (path: string) => h.call("GET", path, { token: t });
    expect((await get("/api/v1/agents/agent_abc123/tasks/task_abc123")).body.data).toMatchObject({ task_id: "task_abc123", status: "completed" });
    expect((await get("/api/v1/agents/agent_abc123/tasks/task_abc123/messages")).body.data.messages.map((m: any) => m.message_id)).toEqual(["msg_abc123", "msg_def456"]);
    const events = (await get("/api/v1/agents/agent_abc123/tasks/task_abc123/events")).body as string;
    expect(events).toContain("event: end");
    expect((await get("/api/v1/agents/agent_abc123/tasks/task_abc123/webhooks")).body.data.webhooks.map((w: any) => w.webhook_id)).toEqual(["webhook_abc123"]);
    const deliveries = (await get("/api/v1/agents/agent_abc123/tasks/task_abc123/webhooks/webhook_abc123/deliveries")).body.data.deliveries;
    expect(deliveries.map((d: any) => d.delivery_id).sort()).toEqual(["delivery_abc123", "delivery_def456"]);
    const redo = "/api/v1/agents/agent_abc123/tasks/task_abc123/webhooks/webhook_abc123/deliveries";
    const copy = await h.call("POST", `${redo}/delivery_def456/redeliver`, { token: t });
    expect(copy.status).toBe(202);
    expect((await h.call("POST", `${redo}/delivery_abc123/redeliver`, { token: t })).status).toBe(409);
    // Newest first, capped by limit: the queued copy leads.
    const newest = (await get(`${redo}?limit=1`)).body.data.deliveries;
    expect(newest.map((d: any) => d.delivery_id)).toEqual([copy.body.data.delivery_id]);
    expect((await get("/api/v1/agents/agent_abc123/conversations/conv_abc123")).body.data.title).toBe("Quarterly planning");
    expect((await get("/api/v1/agents/agent_abc123/conversations/conv_abc123/messages")).body.data.messages.map((m: any) => m.type)).toEqual(["chat_message", "agent_reply"]);
    // Its reply is complete: nothing left to stop.
    const stop = await h.call("POST", "/api/v1/agents/agent_abc123/conversations/conv_abc123/cancel", { token: t, body: { target_message_id: "msg_abc123" } });
    expect(stop.status).toBe(409);
    expect((await get("/api/v1/files/file_abc123")).body.data.filename).toBe("invoice-2026-04.pdf");
    const op = "/api/v1/instances/instance_abc123/operations/3f1c2a9e-8b7d-4e6f-9a10-5c2b7d4e8f01";
    expect((await get(op)).body).toMatchObject({ status: "running", sequence: "3" });
    // The operation is still running, so its stream stays open: read the first event, then hang up.
    const live = await fetch(`${h.sandbox.url}${op}/events`, { headers: { authorization: `Bearer ${t}`, "last-event-id": "2" } });
    expect(live.status).toBe(200);
    const first = new TextDecoder().decode((await live.body!.getReader().read()).value);
    expect(first).toMatch(/^id: 3\n/);
    await live.body!.cancel().catch(() => undefined);
    expect((await h.call("POST", `${op}/cancel`, { token: t, headers: { "idempotency-key": "stop-it" } })).status).toBe(202);
    await eventually(async () => (await get(op)).body.status === "cancelled", 5000, "the cancellation");
  });
});

describe("the whole file", () => {
  it("gave no answer off the spec", () => {
    expect(h.violations).toEqual([]);
  });
});
