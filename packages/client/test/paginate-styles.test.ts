// paginate over the other three styles the spec declares (offset, since and
// cursor), each against a real node:http server that pages honestly or not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaginationError, createBeeosClient } from "../src/index.js";
import { json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const beeos = () => createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123", maxRetries: 0 });
const rows = Array.from({ length: 7 }, (_, i) => ({ id: `row_${i}`, task_id: `row_${i}`, offset: 100 + i * 3 }));
const asked = (name: string) => server.seen.map((s) => new URL(s.url, "http://x").searchParams.get(name));

/** Serves `rows` after the position a request names, `limit` at a time, shaped by `shape`. */
function serve(position: (q: URLSearchParams) => number, shape: (page: typeof rows, from: number) => unknown) {
  server.handle((req, res) => {
    const q = new URL(req.url ?? "", "http://x").searchParams;
    const from = position(q);
    const page = rows.slice(from, from + Number(q.get("limit") ?? 50));
    json(res, 200, shape(page, from));
  });
}

describe("paginate, the other styles", () => {
  it("offset: listAgents walks offset 0, 3, 6 and stops at total", async () => {
    serve((q) => Number(q.get("offset") ?? 0), (page) => ({ success: true, data: page, total: rows.length }));
    const ids = (await beeos().paginate("listAgents", { query: { limit: 3 } }).toArray()).map((a) => a.id);
    expect(ids).toEqual(rows.map((r) => r.id));
    expect(asked("offset")).toEqual(["0", "3", "6"]);
  });

  it("since with a next position in the body: listUserTasks follows next_since until it is empty", async () => {
    serve(
      (q) => (q.get("since") ? Number(q.get("since")!.slice(2)) : 0),
      (page, from) => ({ success: true, data: { tasks: page, next_since: from + page.length < rows.length ? `s_${from + page.length}` : "" } }),
    );
    const ids = (await beeos().paginate("listUserTasks", { query: { limit: 3 } }).toArray()).map((t) => t.task_id);
    expect(ids).toEqual(rows.map((r) => r.id));
    expect(asked("since")).toEqual([null, "s_3", "s_6"]);
  });

  it("since from the last item: listTaskMessages resumes after the last offset and ends on an empty page", async () => {
    serve(
      (q) => rows.findIndex((r) => r.offset > Number(q.get("since") ?? -1)),
      (page) => ({ success: true, data: { messages: page } }),
    );
    const walk = beeos().paginate("listTaskMessages", { path: { agentId: "a", taskId: "t" }, query: { limit: 3 } });
    const offsets = (await walk.toArray()).map((m) => m.offset);
    expect(offsets).toEqual(rows.map((r) => r.offset));
    expect(asked("since")).toEqual([null, "106", "115", "118"]);
  });

  it("cursor: listRuntimeOperations stops when nextCursor is absent, and refuses a cursor that repeats", async () => {
    serve(
      (q) => Number(q.get("cursor") ?? 0),
      (page, from) => ({ operations: page, ...(from + page.length < rows.length ? { nextCursor: String(from + page.length) } : {}) }),
    );
    const walk = beeos().paginate("listRuntimeOperations", { path: { instanceId: "i" }, query: { status: "active", limit: 4 } });
    expect((await walk.toArray()).length).toBe(rows.length);
    expect(asked("cursor")).toEqual([null, "4"]);

    serve(() => 0, (page) => ({ operations: page.slice(0, 1).map((r) => ({ ...r, id: `${r.id}_${Math.random()}` })), nextCursor: "same" }));
    const stuck = beeos().paginate("listRuntimeOperations", { path: { instanceId: "i" }, query: { status: "active", limit: 1 } }).toArray();
    await expect(stuck).rejects.toThrow(PaginationError);
    await expect(beeos().paginate("listRuntimeOperations", { path: { instanceId: "i" }, query: { status: "active", limit: 1 } }).toArray()).rejects.toThrow(
      /gave the same cursor \(same\) twice/,
    );
  });
});
