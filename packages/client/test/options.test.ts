// The options argument of every operation method, the client's defaultHeaders,
// withOptions, and the Idempotency-Key the client adds where the spec declares one.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AbortedError, BeeosUsageError, ServerError, TimeoutError, createBeeosClient, type BeeosClientOptions } from "../src/index.js";
import { randomKey } from "../src/request-options.js";
import { instance, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const fast = { initialDelayMs: 1, maxDelayMs: 5 };
const client = (options: BeeosClientOptions = {}) => createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123", retry: fast, ...options });
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Answers each attempt in turn with the given statuses (the last one repeats). */
function sequence(...statuses: number[]) {
  server.handle((_req, res, n) => {
    const status = statuses[Math.min(n, statuses.length) - 1] ?? 500;
    json(res, status, status < 300 ? { success: true, data: instance() } : { success: false, error: { code: `e${status}`, message: "failed" } });
  });
}

describe("the options argument", () => {
  it("overrides timeoutMs and maxRetries for one call only", async () => {
    sequence(503);
    const beeos = client({ maxRetries: 0 });
    expect(await rejection(beeos.getInstance({ path: { id: "i1" } }, { maxRetries: 3 }))).toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(4);
    sequence(503);
    await rejection(beeos.getInstance({ path: { id: "i1" } }));
    expect(server.seen).toHaveLength(1);

    server.handle(() => undefined);
    const started = Date.now();
    const err = await rejection(client({ timeoutMs: 60_000 }).listProviders(undefined, { timeoutMs: 100, maxRetries: 0 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(100);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("takes a signal, and refuses one in both places", async () => {
    sequence(200);
    expect(await rejection(client().listProviders({}, { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortedError);
    const both = await rejection(client().listProviders({ signal: new AbortController().signal }, { signal: new AbortController().signal }));
    expect(both).toBeInstanceOf(BeeosUsageError);
    expect(server.seen).toHaveLength(0);
  });

  it("sends headers given as a Headers object, pairs or a record, over defaultHeaders and the legacy input headers", async () => {
    sequence(200);
    const beeos = client({ defaultHeaders: [["X-Team", "core"], ["X-Trace", "default"]] });
    await beeos.getInstance({ path: { id: "i1" }, headers: { "X-Trace": "legacy", "X-Legacy": "1" } }, { headers: new Headers({ "x-trace": "call" }) });
    await beeos.getInstance({ path: { id: "i1" } }, { headers: [["X-Pair", "p"]] });
    const [first, second] = server.seen;
    expect(first!.headers).toMatchObject({ "x-team": "core", "x-trace": "call", "x-legacy": "1" });
    expect(second!.headers).toMatchObject({ "x-team": "core", "x-trace": "default", "x-pair": "p" });
  });

  it("refuses invalid options and headers before sending, without quoting the header value", async () => {
    sequence(200);
    const where = client();
    for (const bad of [{ timeoutMs: 0 }, { maxRetries: 1.5 }, { idempotencyKey: "" }]) {
      expect(await rejection(where.listProviders(undefined, bad))).toBeInstanceOf(BeeosUsageError);
    }
    const err = await rejection(where.listProviders(undefined, { headers: { "X-Secret": "s3cret\r\nInjected: yes" } }));
    expect(err).toBeInstanceOf(BeeosUsageError);
    expect(String(err)).not.toContain("s3cret");
    expect(() => createBeeosClient({ token: "oag_x", defaultHeaders: { "Bad Name": "x" } })).toThrow(BeeosUsageError);
    expect(server.seen).toHaveLength(0);
  });

  it("pass to every page of paginate", async () => {
    server.handle((_req, res) => json(res, 200, { success: true, data: [instance()], total: 1 }));
    await client().paginate("listInstances", {}, { headers: { "X-Page": "yes" }, maxPages: 5 }).toArray();
    expect(server.seen.map((s) => s.headers["x-page"])).toEqual(["yes"]);
  });
});

describe("withOptions", () => {
  it("derives a client that keeps everything else and merges headers and retry timing", async () => {
    sequence(503);
    const logged: string[] = [];
    const base = client({ maxRetries: 0, defaultHeaders: { "X-Team": "core" }, logger: (line) => void logged.push(line) });
    const patient = base.withOptions({ maxRetries: 2, defaultHeaders: { "X-Extra": "1" }, retry: { maxRetryAfterMs: 5 }, timeoutMs: undefined });
    const started = Date.now();
    await rejection(patient.listProviders());
    expect(server.seen).toHaveLength(3);
    // The base's 1 ms backoff is kept: the defaults (500 ms, then 1 s) would take far longer.
    expect(Date.now() - started).toBeLessThan(500);
    expect(server.seen[0]!.headers).toMatchObject({ "x-team": "core", "x-extra": "1", authorization: "Bearer oag_test_token_123" });
    expect(logged).toHaveLength(3);
    sequence(503);
    await rejection(base.listProviders());
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.headers["x-extra"]).toBeUndefined();
  });
});

describe("idempotency keys", () => {
  it("sends one random key per call where the spec declares the header, the same on every retry", async () => {
    sequence(503, 503, 201);
    const beeos = client();
    await beeos.createConversation({ path: { agentId: "agent_1" }, body: {} });
    const keys = server.seen.map((s) => s.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);

    sequence(201);
    await beeos.createConversation({ path: { agentId: "agent_1" }, body: {} });
    expect(server.seen[0]!.headers["idempotency-key"]).toMatch(UUID);
    expect(server.seen[0]!.headers["idempotency-key"]).not.toBe(keys[0]);
  });

  it("are v4 UUIDs also where randomUUID is missing (browsers on http pages)", () => {
    const webCrypto = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => webCrypto.getRandomValues(bytes) });
    try {
      const keys = new Set(Array.from({ length: 50 }, () => randomKey()));
      expect(keys.size).toBe(50);
      for (const key of keys) expect(key).toMatch(UUID);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("keeps the caller's key, from the option or a header", async () => {
    sequence(201);
    const beeos = client();
    await beeos.createConversation({ path: { agentId: "a" }, body: {} }, { idempotencyKey: "mine-1" });
    await beeos.createConversation({ path: { agentId: "a" }, body: {} }, { headers: { "idempotency-key": "mine-2" } });
    await beeos.createConversation({ path: { agentId: "a" }, body: {}, headers: { "Idempotency-Key": "mine-3" } });
    expect(server.seen.map((s) => s.headers["idempotency-key"])).toEqual(["mine-1", "mine-2", "mine-3"]);
  });

  it("adds none where the spec declares none, unless asked, and then retries that POST", async () => {
    sequence(503, 200);
    expect(await rejection(client().startInstance({ path: { id: "i1" } }))).toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.headers["idempotency-key"]).toBeUndefined();

    sequence(503, 200);
    await client().startInstance({ path: { id: "i1" } }, { idempotencyKey: "start-1" });
    expect(server.seen.map((s) => s.headers["idempotency-key"])).toEqual(["start-1", "start-1"]);
  });
});
