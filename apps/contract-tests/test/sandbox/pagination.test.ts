// Every paging style the spec declares, walked to its end through `beeos.paginate` against
// the stateful sandbox (through Prism's validating proxy), one item per page: the walk
// ends, never repeats an item, and yields exactly what one page of the largest size lists.
// This file uses the real-time sandbox: runtime operations are listed only while active,
// which at a high speed lasts less than a walk.
import { readField } from "@beeos/spec";
import { beforeAll, describe, expect, test } from "vitest";
import { itemsOf, paginationScenarios } from "../../src/pagination.js";
import { inputFor, operation, sandboxClient, type Ids } from "../../src/sandbox.js";
import { deref, loadSpec } from "../../src/spec.js";
import { createValidator } from "../../src/validate.js";

const spec = loadSpec();
const validate = createValidator(spec);
const scenarios = paginationScenarios(spec);
const COPIES = 3;

/** How an item is told apart from the others in a list: its id field, whatever the list calls it. */
const keyOf = (item: unknown): string => {
  const record = item as Record<string, unknown>;
  const id = ["id", "task_id", "conversation_id", "message_id", "delivery_id", "webhook_id", "offset"].map((k) => record[k]).find((v) => v !== undefined);
  return id === undefined ? JSON.stringify(item) : String(id);
};

describe("page walks to the end against the stateful sandbox", () => {
  const sc = sandboxClient("pagination", "slow");
  const ids: Ids = {};
  const call = async (operationId: string, extra: { body?: unknown; query?: Record<string, unknown>; ids?: Ids } = {}) => {
    const op = operation(spec, operationId);
    const input = inputFor(spec, op, { ...ids, ...extra.ids }, extra.body);
    if (extra.query) input.query = { ...input.query, ...extra.query };
    const answer = await sc.call(op, input);
    if (answer.status >= 300) throw new Error(`${operationId} answered ${answer.status} while building state: ${JSON.stringify(answer.body)}`);
    const body = answer.body as { data?: Record<string, unknown> };
    return (body.data ?? body) as Record<string, unknown>;
  };

  // Enough of every listed resource that a walk of one item per page spans several pages.
  beforeAll(async () => {
    const agents = (await sc.call(operation(spec, "listAgents"), { query: { limit: 100 } })).body as { data: Array<{ id: string; instanceId: string }> };
    const instances = (await sc.call(operation(spec, "listInstances"), { query: { pageSize: 200 } })).body as { data: Array<{ id: string; status: string; osType: string }> };
    const running = instances.data.find((i) => i.status === "running" && i.osType !== "android") ?? instances.data[0];
    ids["instances"] = running?.id;
    ids["agents"] = (agents.data.find((a) => a.instanceId === running?.id) ?? agents.data[0])?.id;
    for (let i = 0; i < COPIES; i++) {
      // Any of the spec's deploy examples will do here; operations.test.ts holds each of them to a 201.
      await call("deployInstance", { body: { ...(operation(spec, "deployInstance").requestBody?.examples.at(-1)?.value as object), name: `walk-${i}` } });
      const task = await call("createTask", { body: { message: `walk task ${i}`, idempotency_key: crypto.randomUUID() } });
      ids["tasks"] ??= String(task["task_id"]);
      const conversation = await call("createConversation", { body: { title: `walk ${i}` } });
      ids["conversations"] ??= String(conversation["conversation_id"]);
      await call("sendConversationMessage", { body: { message: `walk message ${i}`, idempotency_key: crypto.randomUUID() } });
    }
    await sc.client.waitForTask({ agentId: String(ids["agents"]), taskId: String(ids["tasks"]) }, { timeoutMs: 30_000 });
  }, 60_000);

  // Lists of things that exist only for a while are filled right before their walk.
  const fill: Record<string, () => Promise<unknown>> = {
    listRuntimeOperations: async () => {
      for (let i = 0; i < COPIES; i++) await call("invokeRuntimeMethod");
    },
  };

  test.for(scenarios.map((s) => [s.name, s] as const))("%s", async ([, s], ctx) => {
    await fill[s.op.operationId]?.();
    // No filters but the required ones, and every state where a list can show closed ones too.
    const base = inputFor(spec, s.op, ids);
    const state = s.op.parameters.find((p) => p.in === "query" && p.name === "state");
    const all = state && (deref(spec.document, state.schema)["enum"] as unknown[] | undefined)?.includes("all") ? { state: "all" } : {};
    const query = { ...base.query, ...all, [s.rule.sizeParam]: s.size };
    ctx.task.meta.contract = { operationId: s.op.operationId, kind: "pagination", status: 200 };
    const sizeSchema = deref(spec.document, s.op.parameters.find((p) => p.name === s.rule.sizeParam)!.schema);
    const largest = typeof sizeSchema["maximum"] === "number" ? sizeSchema["maximum"] : 100;
    const reference = await sc.call(s.op, { ...base, query: { ...query, [s.rule.sizeParam]: largest } });
    expect(reference.status).toBe(200);
    const expected = itemsOf(s.rule, reference.body).map(keyOf);
    const paginate = sc.client.paginate as unknown as (id: string, input: unknown, options: { maxPages: number }) => { pages(): AsyncIterable<unknown> };
    const walked: string[] = [];
    let pages = 0;
    for await (const page of paginate(s.op.operationId, { ...base, query }, { maxPages: 500 }).pages()) {
      pages += 1;
      expect(validate(s.schemaPointer, page)).toEqual([]);
      walked.push(...itemsOf(s.rule, page).map(keyOf));
    }
    expect(expected.length, "the list has items to walk").toBeGreaterThan(0);
    expect(new Set(walked).size, "no item twice").toBe(walked.length);
    expect(walked).toEqual(expected);
    expect(expected.length, "more items than one page holds, so the walk must turn pages").toBeGreaterThan(s.size);
    expect(pages, `${expected.length} items at ${s.size} per page`).toBeGreaterThanOrEqual(Math.ceil(expected.length / s.size));
    if (s.rule.style === "page" || s.rule.style === "offset") {
      if (s.rule.total) expect(readField(reference.body, s.rule.total), "total counts every item").toBe(expected.length);
    }
  });
});
