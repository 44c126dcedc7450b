import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AbortedError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  createBeeosClient,
  type AttemptRecord,
  type BeeosClientOptions,
} from "../src/index.js";
import { parseRetryAfter, retryAfterFrom } from "../src/errors.js";
import { backoffMs } from "../src/transport.js";
import { envelope, instance, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const fast = { initialDelayMs: 1, maxDelayMs: 5 };
const client = (options: BeeosClientOptions = {}) =>
  createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123", retry: fast, ...options });

/** Answers each attempt in turn with the given statuses (the last one repeats). */
function sequence(...statuses: number[]) {
  server.handle((_req, res, n) => {
    const status = statuses[Math.min(n, statuses.length) - 1] ?? 500;
    if (status === 0) return void res.socket?.destroy();
    if (status < 300) return json(res, status, { success: true, data: status === 201 ? instance() : [] });
    json(res, status, envelope(`e${status}`, "failed"));
  });
}

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe("retries", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries a GET answered %i and succeeds on the third attempt", async (status) => {
    sequence(status, status, 200);
    const page = await client().listProviders();
    expect(page.data).toEqual([]);
    expect(server.seen).toHaveLength(3);
  });

  it("gives up after maxRetries and throws the last answer's error", async () => {
    sequence(503);
    const err = await rejection(client({ maxRetries: 2 }).listProviders());
    expect(err).toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(3);

    sequence(503);
    await rejection(client({ maxRetries: 0 }).listProviders());
    expect(server.seen).toHaveLength(1);

    sequence(503);
    await rejection(client({ maxRetries: 4 }).listProviders());
    expect(server.seen).toHaveLength(5);
  });

  it("does not retry other 4xx answers", async () => {
    sequence(404, 200);
    expect(await rejection(client().getInstance({ path: { id: "i1" } }))).toBeInstanceOf(NotFoundError);
    expect(server.seen).toHaveLength(1);
    sequence(400, 200);
    await rejection(client().listProviders());
    expect(server.seen).toHaveLength(1);
  });

  it("retries a DELETE, but a POST only with an Idempotency-Key (sending the same body each time)", async () => {
    sequence(500, 200);
    await client().destroyInstance({ path: { id: "i1" } });
    expect(server.seen.map((s) => s.method)).toEqual(["DELETE", "DELETE"]);

    sequence(503, 200);
    expect(await rejection(client().startInstance({ path: { id: "i1" } }))).toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(1);

    sequence(503, 0, 201);
    const body = { name: "my-agent-1", agentFramework: "openclaw" };
    const deployed = await client().deployInstance({ body, headers: { "Idempotency-Key": "deploy-1" } });
    expect(deployed.data.id).toBe("instance_abc123");
    expect(server.seen).toHaveLength(3);
    for (const seen of server.seen) {
      expect(seen.method).toBe("POST");
      expect(seen.headers["idempotency-key"]).toBe("deploy-1");
      expect(JSON.parse(seen.body)).toEqual(body);
    }
  });

  it("retries dropped connections and then throws a ConnectionError", async () => {
    sequence(0, 0, 200);
    await client().listProviders();
    expect(server.seen).toHaveLength(3);

    sequence(0);
    const err = await rejection(client({ maxRetries: 1 }).listProviders());
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(2);
  });

  it("retries a refused connection for any method, since nothing was sent, but not a POST the server received", async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.close();
    const attempts: AttemptRecord[] = [];
    const refused = createBeeosClient({ baseUrl: url, token: "oag_x", retry: fast, logger: (_line, record) => void attempts.push(record) });
    expect(await rejection(refused.startInstance({ path: { id: "i1" } }))).toBeInstanceOf(ConnectionError);
    expect(attempts.map((a) => `${a.method} ${a.attempt}`)).toEqual(["POST 1", "POST 2", "POST 3"]);

    // Refused only after a redirect: a server did answer, so the POST is not sent again.
    server.handle((_req, res) => void res.writeHead(307, { location: `${url}/api/v1/instances/i1/start` }).end());
    expect(await rejection(client().startInstance({ path: { id: "i1" } }))).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(1);

    sequence(0, 200);
    expect(await rejection(client().startInstance({ path: { id: "i1" } }))).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(1);
  });

  it("throws a ConnectionError when nothing listens", async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.close();
    const err = await rejection(createBeeosClient({ baseUrl: url, token: "oag_x", retry: fast }).listProviders());
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain("connection failed");
  });

  it("runs each attempt beneath the middleware chain", async () => {
    sequence(503, 503, 200);
    const beeos = client();
    const seenByMiddleware: string[] = [];
    beeos.use({
      onRequest: ({ request }) => void seenByMiddleware.push(`request ${request.method}`),
      onResponse: ({ response }) => void seenByMiddleware.push(`response ${response.status}`),
    });
    await beeos.listProviders();
    expect(server.seen).toHaveLength(3);
    expect(seenByMiddleware).toEqual(["request GET", "response 200"]);
  });

  it("waits as long as Retry-After says, in seconds", async () => {
    server.handle((_req, res, n) =>
      n === 1 ? json(res, 429, envelope("rate_limited", "slow"), { "retry-after": "1" }) : json(res, 200, { success: true, data: [] }),
    );
    await client({ retry: { initialDelayMs: 1, maxDelayMs: 1 } }).listProviders();
    const [first, second] = server.seen;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("waits as long as retry-after-ms says, in milliseconds, before Retry-After", async () => {
    server.handle((_req, res, n) =>
      n === 1
        ? json(res, 429, envelope("rate_limited", "slow"), { "retry-after": "30", "retry-after-ms": "300" })
        : json(res, 200, { success: true, data: [] }),
    );
    await client({ retry: { initialDelayMs: 1, maxDelayMs: 1 } }).listProviders();
    const [first, second] = server.seen;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(280);
    expect(second!.at - first!.at).toBeLessThan(5000);

    const headers = (h: Record<string, string>) => new Headers(h);
    expect(retryAfterFrom(headers({ "retry-after-ms": "1500.4", "retry-after": "9" }))).toBe(1500);
    expect(retryAfterFrom(headers({ "retry-after-ms": "soon", "retry-after": "9" }))).toBe(9000);
    expect(retryAfterFrom(headers({}))).toBeUndefined();
  });

  it("throws at once, with retryAfterMs, when the server asks for a longer wait than maxRetryAfterMs", async () => {
    server.handle((_req, res) => json(res, 503, envelope("busy", "later"), { "retry-after": "3600" }));
    const started = Date.now();
    const busy = await rejection(client({ retry: { ...fast, maxRetryAfterMs: 30 } }).listProviders());
    expect(busy).toBeInstanceOf(ServerError);
    expect((busy as ServerError).retryAfterMs).toBe(3_600_000);
    expect(server.seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);

    server.handle((_req, res) => json(res, 429, envelope("rate_limited", "slow"), { "retry-after-ms": "120000", "retry-after": "1" }));
    const limited = await rejection(client({ retry: { ...fast, maxRetryAfterMs: 60_000 } }).listProviders());
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(120_000);
    expect(JSON.parse(JSON.stringify(limited))).toMatchObject({ retryAfterMs: 120_000 });
    expect(server.seen).toHaveLength(1);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {

    const now = Date.parse("2026-05-14T18:00:00Z");
    expect(parseRetryAfter("Thu, 14 May 2026 18:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Thu, 14 May 2026 17:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("2.5", now)).toBe(2500);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("backs off exponentially with jitter, within bounds", () => {
    const timing = { initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
    expect(backoffMs(1, timing, () => 0)).toBe(250);
    expect(backoffMs(1, timing, () => 1)).toBe(500);
    expect(backoffMs(3, timing, () => 1)).toBe(2000);
    expect(backoffMs(10, timing, () => 1)).toBe(8000);
    const waits = new Set(Array.from({ length: 20 }, () => backoffMs(2, timing)));
    expect(waits.size).toBeGreaterThan(1);
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(500);
  });

  it("spaces real attempts by the backoff", async () => {
    sequence(500, 500, 200);
    await client({ retry: { initialDelayMs: 100, maxDelayMs: 1000 } }).listProviders();
    const [a, b, c] = server.seen.map((s) => s.at);
    expect(b! - a!).toBeGreaterThanOrEqual(45);
    expect(c! - b!).toBeGreaterThanOrEqual(95);
  });
});

describe("timeouts and cancellation", () => {
  it("times out an attempt that gets no answer, retries it, then throws a TimeoutError", async () => {
    server.handle(() => undefined);
    const started = Date.now();
    const err = await rejection(client({ timeoutMs: 100, maxRetries: 1 }).listProviders());
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(100);
    expect(server.seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("times out a body that stops halfway", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,"data":[');
    });
    const err = await rejection(client({ timeoutMs: 150, maxRetries: 0 }).listProviders());
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it("an abort during the wait before a retry stops at once", async () => {
    server.handle((_req, res) => json(res, 503, envelope("busy", "later"), { "retry-after": "5" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await rejection(client({ maxRetries: 3 }).listProviders({ signal: controller.signal }));
    expect(err).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.seen).toHaveLength(1);
  });

  it("an abort during an attempt stops it and no retry follows", async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await rejection(client({ maxRetries: 3, timeoutMs: 10_000 }).listProviders({ signal: controller.signal }));
    expect(err).toBeInstanceOf(AbortedError);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.seen).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    sequence(200);
    const err = await rejection(client().listProviders({ signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(AbortedError);
    expect(server.seen).toHaveLength(0);
  });
});
