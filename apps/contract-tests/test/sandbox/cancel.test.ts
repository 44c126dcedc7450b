// Cancelling what is still under way, on the real-time sandbox (at a high speed everything
// is over before a cancel arrives, and the documented answer is then 409): a running task,
// an agent reply being written, a runtime operation. Each ends in its cancelled state, and
// the runtime operation's event stream says so, resumable with `Last-Event-ID`.
import { describe, expect, test, type TestContext } from "vitest";
import { urlFor } from "../../src/harness.js";
import { inputFor, operation, runningComputer, sandboxClient, sandboxTarget, type Ids } from "../../src/sandbox.js";
import { loadSpec } from "../../src/spec.js";
import { checkFrames, parseEventStream } from "../../src/sse.js";
import { createValidator } from "../../src/validate.js";

const spec = loadSpec();
const validate = createValidator(spec);

describe("cancelling work under way (real-time sandbox, through the proxy)", () => {
  const sc = sandboxClient("cancel", "slow");
  const ids: Ids = {};
  const call = async (operationId: string, ctx: TestContext, step: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const op = operation(spec, operationId);
    const input = inputFor(spec, op, ids, step.body);
    if (step.headers) input.headers = { ...input.headers, ...step.headers };
    const answer = await sc.call(op, input);
    (ctx.task.meta.contracts ??= []).push({ operationId, kind: "workflow", status: answer.status });
    const response = op.responses.find((r) => r.statuses.includes(answer.status));
    if (response?.schemaPointer) expect(validate(response.schemaPointer, answer.body)).toEqual([]);
    return answer;
  };
  const dataOf = (body: unknown) => ((body as { data?: Record<string, unknown> }).data ?? body) as Record<string, unknown>;

  test("cancelTask on a running task: 200, and the waiter sees it end canceled", async (ctx) => {
    const { instanceId, agentId } = await runningComputer(spec, sc);
    Object.assign(ids, { instances: instanceId, agents: agentId });
    const created = await call("createTask", ctx, { body: { message: "Cancel me while I work.", idempotency_key: crypto.randomUUID() } });
    ids["tasks"] = String(dataOf(created.body)["task_id"]);
    const cancelled = await call("cancelTask", ctx);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(dataOf(cancelled.body)["status"]).toBe("canceled");
    const task = await sc.client.waitForTask({ agentId, taskId: ids["tasks"] }, { timeoutMs: 15_000 });
    expect(task.status).toBe("canceled");
  });

  test("cancelConversation while the reply is being written: 202 with its operation id", async (ctx) => {
    const conversation = await call("createConversation", ctx);
    ids["conversations"] = String(dataOf(conversation.body)["conversation_id"]);
    const sent = await call("sendConversationMessage", ctx, { body: { message: "Write a long answer.", idempotency_key: crypto.randomUUID() } });
    const target = String(dataOf(sent.body)["message_id"]);
    const answer = await call("cancelConversation", ctx, { body: { target_message_id: target, reason: "changed my mind" } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    // The spec documents X-BeeOS-Operation-Id as always sent by this operation.
    expect(answer.headers.get("x-beeos-operation-id")).toBeTruthy();
  });

  test("cancelRuntimeOperation on an active operation: 202; its event stream ends cancelled and resumes with Last-Event-ID", async (ctx) => {
    const invoked = await call("invokeRuntimeMethod", ctx);
    expect(invoked.status, JSON.stringify(invoked.body)).toBe(202);
    ids["operations"] = String((invoked.body as { operationId?: string }).operationId);
    const active = (await call("listRuntimeOperations", ctx)).body as { operations?: Array<{ id: string }> };
    expect(active.operations?.map((o) => o.id), "an active operation is listed").toContain(ids["operations"]);
    const cancel = await call("cancelRuntimeOperation", ctx);
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    const op = operation(spec, "streamRuntimeOperationEvents");
    const url = urlFor(sandboxTarget("slow").proxyUrl, op, inputFor(spec, op, ids));
    const read = async (lastEventId?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${sc.token}`, accept: "text/event-stream", ...(lastEventId ? { [op.stream!.resume!.name]: lastEventId } : {}) };
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
      (ctx.task.meta.contracts ??= []).push({ operationId: op.operationId, kind: "workflow", status: response.status });
      expect(response.headers.get("sl-violations")).toBeNull();
      expect(response.status).toBe(200);
      return parseEventStream(await response.text());
    };
    const all = await read();
    expect(all.problems).toEqual([]);
    expect(checkFrames(op, all.frames, validate)).toEqual([]);
    const last = JSON.parse(all.frames.at(-1)?.data ?? "{}") as { event?: { outcome?: string } };
    expect(last.event?.outcome).toBe("cancelled");
    expect(op.stream?.resume?.in).toBe("header");
    const first = all.frames.find((f) => f.id !== undefined);
    expect(first, "events carry ids").toBeDefined();
    const resumed = await read(first!.id);
    expect(resumed.frames.map((f) => f.id)).toEqual(all.frames.slice(all.frames.indexOf(first!) + 1).map((f) => f.id));
    expect(((await call("getRuntimeOperation", ctx)).body as { status?: string }).status).toBe("cancelled");
  });
});
