import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BeeosUsageError, NotFoundError, PaginationError, createBeeosClient } from "../src/index.js";
import { envelope, instance, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const beeos = () => createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123", maxRetries: 0 });
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

const fleet = Array.from({ length: 7 }, (_, i) => instance({ id: `inst_${i}`, status: i % 2 ? "stopped" : "running" }));

/** A server that pages honestly; `tweak` may bend each answer. */
function pagedServer(tweak: (page: number, body: { data: unknown[]; total: number }) => { data: unknown[]; total: number } = (_p, b) => b) {
  server.handle((req, res) => {
    const q = new URL(req.url ?? "", "http://x").searchParams;
    const page = Number(q.get("page") ?? 0);
    const size = Number(q.get("pageSize") ?? 50);
    const rows = fleet.filter((f) => !q.get("status") || f["status"] === q.get("status"));
    const body = tweak(page, { data: rows.slice(page * size, (page + 1) * size), total: rows.length });
    json(res, 200, { success: true, ...body }, { "x-request-id": `req_page_${page}` });
  });
}

const pagesAsked = () => server.seen.map((s) => new URL(s.url, "http://x").searchParams.get("page"));

describe("paginate", () => {
  it("walks every page, zero-based, until (page + 1) * pageSize >= total", async () => {
    pagedServer();
    const ids: string[] = [];
    for await (const item of beeos().paginate("listInstances", { query: { pageSize: 3 } })) ids.push(item.id);
    expect(ids).toEqual(fleet.map((f) => f["id"]));
    expect(pagesAsked()).toEqual(["0", "1", "2"]);
  });

  it("sends the filters with every page", async () => {
    pagedServer();
    const items = await beeos().paginate("listInstances", { query: { status: "running", pageSize: 2 } }).toArray();
    expect(items.map((i) => i.status)).toEqual(["running", "running", "running", "running"]);
    expect(server.seen).toHaveLength(2);
    for (const s of server.seen) expect(s.url).toContain("status=running");
  });

  it("yields whole pages with total and request id, starting where asked", async () => {
    pagedServer();
    const pages = [];
    for await (const page of beeos().paginate("listInstances", { query: { pageSize: 3, page: 1 } }).pages()) pages.push(page);
    expect(pages.map((p) => [p.data.length, p.total, p.requestId])).toEqual([
      [3, 7, "req_page_1"],
      [1, 7, "req_page_2"],
    ]);
  });

  it("asks once when there is nothing", async () => {
    pagedServer(() => ({ data: [], total: 0 }));
    expect(await beeos().paginate("listInstances").toArray()).toEqual([]);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.url).toContain("pageSize=50");
  });

  it("stops cleanly at an empty page even when total promises more", async () => {
    pagedServer((page, body) => ({ data: page >= 1 ? [] : body.data, total: 100 }));
    const items = await beeos().paginate("listInstances", { query: { pageSize: 3 } }).toArray();
    expect(items).toHaveLength(3);
    expect(server.seen).toHaveLength(2);
  });

  it("stops when the total shrinks below what was read", async () => {
    pagedServer((page, body) => ({ data: body.data, total: page === 0 ? 9 : 4 }));
    const items = await beeos().paginate("listInstances", { query: { pageSize: 3 } }).toArray();
    expect(items).toHaveLength(6);
    expect(pagesAsked()).toEqual(["0", "1"]);
  });

  it("fails clearly when the server ignores page", async () => {
    pagedServer((_page, body) => ({ data: fleet.slice(0, 3), total: body.total }));
    const err = await rejection(beeos().paginate("listInstances", { query: { pageSize: 3 } }).toArray());
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toMatch(/page=1 repeats the page before it.*ignore `page`/);
    expect(server.seen).toHaveLength(2);
  });

  it("fails clearly after maxPages when the total keeps growing", async () => {
    pagedServer((page) => ({ data: [instance({ id: `new_${page}` })], total: (page + 2) * 1 }));
    const walk = beeos().paginate("listInstances", { query: { pageSize: 1 } }, { maxPages: 5 });
    const err = await rejection(walk.toArray());
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toContain("maxPages");
    expect(server.seen).toHaveLength(5);
  });

  it("fails clearly when a page has no total or data", async () => {
    server.handle((_req, res) => json(res, 200, { success: true, data: [instance()] }));
    expect(String(await rejection(beeos().paginate("listInstances").toArray()))).toMatch(/PaginationError: .*`total`/);
    server.handle((_req, res) => json(res, 200, { success: true, total: 3 }));
    expect(String(await rejection(beeos().paginate("listInstances").toArray()))).toMatch(/PaginationError: .*`data`/);
  });

  it("rejects a page size or start that could not end, before any request", async () => {
    pagedServer();
    for (const query of [{ pageSize: 0 }, { pageSize: 2.5 }, { page: -1 }]) {
      expect(() => beeos().paginate("listInstances", { query })).toThrow(BeeosUsageError);
    }
    expect(() => beeos().paginate("listInstances", {}, { maxPages: 0 })).toThrow(/maxPages/);
    expect(server.seen).toHaveLength(0);
  });

  it("passes API errors of a later page through", async () => {
    server.handle((req, res) =>
      req.url?.includes("page=1")
        ? json(res, 404, envelope("not_found", "gone"))
        : json(res, 200, { success: true, data: [instance()], total: 5 }),
    );
    const seen: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const i of beeos().paginate("listInstances", { query: { pageSize: 1 } })) seen.push(i.id);
      })(),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(seen).toEqual(["instance_abc123"]);
  });
});
