// The tree-shakable way in: `createBeeosCore` and one function per operation.
// Same wire behaviour as the client's methods, checked against a real server.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  BeeosUsageError,
  createBeeosClient,
  createBeeosCore,
  deployInstance,
  getInstance,
  listInstances,
  NotFoundError,
  operationIndex,
  paginate,
  streamTaskEvents,
  type InstanceStatus,
  type OperationFunction,
} from "../src/index.js";
import * as functions from "../src/generated/functions.js";
import { envelope, instance, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const core = () => createBeeosCore({ baseUrl: server.url, token: "oag_test_token_123", maxRetries: 0 });

describe("operation functions", () => {
  it("exist for every operation of the table, each knowing its route", () => {
    const { operationFunctions, ...fns } = functions as unknown as Record<string, OperationFunction<"listInstances">>;
    expect(Object.keys(fns).sort()).toEqual(Object.keys(operationIndex).sort());
    expect((operationFunctions as unknown as { operationId: string }[]).map((f) => f.operationId)).toEqual(Object.keys(operationIndex));
    for (const [id, fn] of Object.entries(fns)) {
      expect(fn.operationId).toBe(id);
      expect(`${fn.method} ${fn.path}`).toBe(`${operationIndex[id as "listInstances"].method} ${operationIndex[id as "listInstances"].path}`);
    }
  });

  it("send what the methods send and resolve to the body with its request id", async () => {
    server.handle((_req, res) => json(res, 200, { success: true, data: [instance()], total: 1 }, { "x-request-id": "req_fn" }));
    const page = await listInstances(core(), { query: { status: "running", pageSize: 5 } });
    expect(page.data[0]?.id).toBe(instance()["id"]);
    expect(page.requestId).toBe("req_fn");
    const viaMethod = await createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123" }).listInstances({ query: { status: "running", pageSize: 5 } });
    const [fromFn, fromMethod] = server.seen;
    expect(fromFn!.url).toBe("/api/v1/instances?status=running&pageSize=5");
    expect(fromMethod!.url).toBe(fromFn!.url);
    expect(fromFn!.headers["authorization"]).toBe("Bearer oag_test_token_123");
    expect(viaMethod).toEqual(page);
  });

  it("throw the typed error of a non-2xx answer", async () => {
    server.handle((_req, res) => json(res, 404, envelope("instance_not_found", "no such instance", { type: "not_found_error" })));
    const err = await getInstance(core(), { path: { id: "instance_missing" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toContain("getInstance (GET /api/v1/instances/{id})");
  });

  it("send a JSON body and an idempotency key where the spec declares one", async () => {
    server.handle((_req, res) => json(res, 201, { success: true, data: instance() }));
    await deployInstance(core(), { body: { agentFramework: "openclaw", name: "fn-test" } } as never, { idempotencyKey: "key-fn-1" });
    const [seen] = server.seen;
    expect(seen!.method).toBe("POST");
    expect(seen!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen!.body)).toEqual({ agentFramework: "openclaw", name: "fn-test" });
    expect(seen!.headers["idempotency-key"]).toBe("key-fn-1");
  });

  it("page with paginate(core, fn) as the client's paginate does", async () => {
    const all = Array.from({ length: 5 }, (_, i) => instance({ id: `inst_${i}` }));
    server.handle((req, res) => {
      const q = new URL(req.url ?? "", "http://x").searchParams;
      const [page, size] = [Number(q.get("page")), Number(q.get("pageSize"))];
      json(res, 200, { success: true, data: all.slice(page * size, (page + 1) * size), total: all.length });
    });
    const ids: string[] = [];
    for await (const item of paginate(core(), listInstances, { query: { pageSize: 2 } })) ids.push(item.id);
    expect(ids).toEqual(all.map((i) => i["id"]));
    expect(server.seen.map((s) => new URL(s.url, "http://x").searchParams.get("page"))).toEqual(["0", "1", "2"]);
  });

  it("refuse a function whose operation does not page", () => {
    expect(() => paginate(core(), getInstance as never)).toThrow(BeeosUsageError);
  });

  it("stream events from a stream operation", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('id: 1\nevent: message\ndata: {"type":"status","offset":1}\n\nid: 2\nevent: end\ndata: {"reason":"completed"}\n\n');
    });
    const seen: string[] = [];
    for await (const ev of streamTaskEvents(core(), { path: { agentId: "agent_1", taskId: "task_1" } })) seen.push(`${ev.id}:${ev.event}`);
    expect(seen).toEqual(["1:message", "2:end"]);
  });

  it("are typed from the spec: required inputs, results and open value sets", () => {
    expectTypeOf(listInstances).parameters.toMatchTypeOf<[ReturnType<typeof createBeeosCore>, ...unknown[]]>();
    // @ts-expect-error getInstance needs its path parameter
    void (() => getInstance(createBeeosCore({ token: "oag_x" })));
    // @ts-expect-error a query parameter the spec does not have
    void (() => listInstances(createBeeosCore({ token: "oag_x" }), { query: { colour: "red" } }));
    expectTypeOf<"running">().toMatchTypeOf<InstanceStatus>();
    // A value added to the API later still type-checks: the set is open.
    expectTypeOf<"hibernating">().toMatchTypeOf<InstanceStatus>();
    expectTypeOf<number>().not.toMatchTypeOf<InstanceStatus>();
  });
});
