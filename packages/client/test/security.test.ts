import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { inspect } from "node:util";
import { BeeosApiError, BeeosUsageError, ConnectionError, createBeeosClient, redact, type AttemptRecord } from "../src/index.js";
import { instance, json, startServer, type TestServer } from "./support/server.js";

let api: TestServer;
let other: TestServer;
beforeAll(async () => {
  [api, other] = await Promise.all([startServer(), startServer()]);
});
afterAll(() => Promise.all([api.close(), other.close()]));
afterEach(() => void vi.unstubAllEnvs());

const TOKEN = "oag_live_secret_token_9f8e7d";
const client = (options: Parameters<typeof createBeeosClient>[0] = {}) =>
  createBeeosClient({ baseUrl: api.url, token: TOKEN, retry: { initialDelayMs: 1 }, ...options });
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe("redirects", () => {
  it("never carries the token to another origin, whatever fetch is plugged in", async () => {
    other.handle((_req, res) => json(res, 200, { success: true, data: [] }));
    api.handle((_req, res) => {
      res.writeHead(302, { location: `${other.url}/api/v1/providers` });
      res.end();
    });
    const redirectModes: (string | undefined)[] = [];
    // A fetch that would follow redirects itself if the client let it.
    const plugged = (input: Request | string | URL, init?: RequestInit) => {
      redirectModes.push(init?.redirect);
      return globalThis.fetch(input, { ...init, redirect: init?.redirect ?? "follow" });
    };
    for (const beeos of [client(), client({ fetch: plugged })]) {
      const page = await beeos.listProviders();
      expect(page.data).toEqual([]);
      expect(api.seen.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(other.seen.at(-1)!.url).toBe("/api/v1/providers");
      expect(other.seen.at(-1)!.headers.authorization).toBeUndefined();
    }
    expect(redirectModes).toEqual(["manual", "manual"]);
  });

  it("keeps the token on a same-origin redirect and turns a 303 into a GET", async () => {
    api.handle((req, res) => {
      if (req.url === "/api/v1/instances/i1/start") {
        res.writeHead(303, { location: "/api/v1/instances/i1" });
        return void res.end();
      }
      json(res, 200, { success: true, data: instance({ id: "i1" }) });
    });
    const started = await client().startInstance({ path: { id: "i1" } });
    expect(started.data.id).toBe("i1");
    expect(api.seen.map((s) => `${s.method} ${s.url} ${s.headers.authorization}`)).toEqual([
      `POST /api/v1/instances/i1/start Bearer ${TOKEN}`,
      `GET /api/v1/instances/i1 Bearer ${TOKEN}`,
    ]);
  });

  it("stops a redirect loop and refuses non-http targets", async () => {
    api.handle((_req, res) => {
      res.writeHead(307, { location: "/again" });
      res.end();
    });
    const loop = await rejection(client({ maxRetries: 0 }).listProviders());
    expect(loop).toBeInstanceOf(ConnectionError);
    expect((loop as Error).message).toContain("redirects");

    api.handle((_req, res) => {
      res.writeHead(302, { location: "file:///etc/passwd" });
      res.end();
    });
    expect(String(await rejection(client({ maxRetries: 0 }).listProviders()))).toContain("file:");
  });
});

describe("path parameters", () => {
  it.each(["", ".", "..", "a/b", "../../providers", "/"])("rejects id %j before any request", async (id) => {
    api.handle((_req, res) => json(res, 200, { success: true, data: "destroyed" }));
    const err = await rejection(client().destroyInstance({ path: { id } }));
    expect(err).toBeInstanceOf(BeeosUsageError);
    expect((err as Error).message).toMatch(/^destroyInstance \(DELETE \/api\/v1\/instances\/\{id\}\): path parameter "id" /);
    expect(api.seen).toHaveLength(0);
  });

  it("names the call, the parameter and the value it refuses", async () => {
    expect(String(await rejection(client().destroyInstance({ path: { id: "../../providers" } })))).toBe(
      'BeeosUsageError: destroyInstance (DELETE /api/v1/instances/{id}): path parameter "id" is "../../providers", which contains "/" and would change the path; no request was sent',
    );
    expect(String(await rejection(client().listInstances({ query: { search: "caf\ud800" } })))).toBe(
      'BeeosUsageError: listInstances (GET /api/v1/instances): query parameter "search" is "caf\\ud800", which contains a lone UTF-16 surrogate and cannot be encoded; no request was sent',
    );
    expect(String(await rejection(client().DELETE("/api/v1/instances/{id}", { params: { path: { id: ".." } } })))).toBe(
      'BeeosUsageError: DELETE /api/v1/instances/{id}: path parameter "id" is "..", which would change the path; no request was sent',
    );
    expect(api.seen).toHaveLength(0);
  });

  it("rejects them on the openapi-fetch surface too, and a missing one", async () => {
    api.handle((_req, res) => json(res, 200, { success: true, data: "destroyed" }));
    expect(await rejection(client().DELETE("/api/v1/instances/{id}", { params: { path: { id: ".." } } }))).toBeInstanceOf(BeeosUsageError);
    const missing = await rejection(client().getInstance({} as never));
    expect(missing).toBeInstanceOf(BeeosUsageError);
    expect((missing as Error).message).toContain('"id" is missing');
    expect(api.seen).toHaveLength(0);
  });

  it("encodes ids that only look odd", async () => {
    api.handle((_req, res) => json(res, 200, { success: true, data: instance() }));
    await client().getInstance({ path: { id: "..a?b#c%2F" } });
    expect(api.seen[0]!.url).toBe("/api/v1/instances/..a%3Fb%23c%252F");
  });
});

describe("configuration", () => {
  it.each([
    ["openapi.beeos.ai", /absolute http\(s\) URL/],
    ["ftp://openapi.beeos.ai", /http or https/],
    ["https://user:pw@openapi.beeos.ai", /credentials/],
    ["https://openapi.beeos.ai?x=1", /query or fragment/],
  ])("rejects baseUrl %s", (baseUrl, message) => {
    expect(() => createBeeosClient({ baseUrl, token: TOKEN })).toThrow(message);
    expect(() => createBeeosClient({ baseUrl, token: TOKEN })).toThrow(BeeosUsageError);
  });

  it("checks BEEOS_BASE_URL the same way and uses it", async () => {
    vi.stubEnv("BEEOS_BASE_URL", "javascript:alert(1)");
    expect(() => createBeeosClient({ token: TOKEN })).toThrow(/BEEOS_BASE_URL must use http or https/);
    vi.stubEnv("BEEOS_BASE_URL", `${api.url}/`);
    vi.stubEnv("BEEOS_API_KEY", TOKEN);
    api.handle((_req, res) => json(res, 200, { success: true, data: [] }));
    await createBeeosClient().listProviders();
    expect(api.seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("names BEEOS_API_KEY when no token is set, at the first request", async () => {
    vi.stubEnv("BEEOS_API_KEY", "");
    api.handle((_req, res) => json(res, 200, { success: true, data: [] }));
    const beeos = createBeeosClient({ baseUrl: api.url });
    const err = await rejection(beeos.listProviders());
    expect(err).toBeInstanceOf(BeeosUsageError);
    expect((err as Error).message).toContain("BEEOS_API_KEY");
    expect(api.seen).toHaveLength(0);
  });

  it("rejects nonsense limits", () => {
    expect(() => createBeeosClient({ token: TOKEN, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createBeeosClient({ token: TOKEN, maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => createBeeosClient({ token: TOKEN, timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

describe("logger and request ids", () => {
  it("gets one redacted line per attempt with method, path, status, duration, attempt and request id", async () => {
    api.handle((_req, res, n) => json(res, n === 1 ? 503 : 200, { success: n !== 1, data: [] }, { "x-request-id": `req_${n}` }));
    const lines: string[] = [];
    const records: AttemptRecord[] = [];
    await client({ logger: (line, record) => void (lines.push(line), records.push(record)) }).listInstances({
      query: { search: TOKEN },
    });
    expect(lines).toHaveLength(2);
    expect(records.map((r) => [r.method, r.status, r.attempt, r.requestId])).toEqual([
      ["GET", 503, 1, "req_1"],
      ["GET", 200, 2, "req_2"],
    ]);
    expect(lines[0]).toMatch(/^beeos GET \/api\/v1\/instances\?search=(oag_)?\[redacted\] -> 503 in \d+ms \(attempt 1, request id req_1\), retrying in \d+ms$/);
    expect(lines.join("\n")).not.toContain(TOKEN);
    expect(JSON.stringify(records)).not.toContain(TOKEN);

    const info: string[] = [];
    await client({ logger: { info: (line: string) => void info.push(line) } }).listProviders();
    expect(info).toHaveLength(1);
  });

  it("a throwing logger does not break the request", async () => {
    api.handle((_req, res) => json(res, 200, { success: true, data: [] }));
    const page = await client({
      logger: () => {
        throw new Error("disk full");
      },
    }).listProviders();
    expect(page.data).toEqual([]);
  });

  it("exposes the request id on results without changing the body", async () => {
    const body = { success: true, data: [instance()], total: 1 };
    api.handle((_req, res) => json(res, 200, body, { "x-request-id": "req_ok_1" }));
    const page = await client().listInstances();
    expect(page.requestId).toBe("req_ok_1");
    expect(JSON.parse(JSON.stringify(page))).toEqual(body);
    expect(Object.keys(page)).toEqual(["success", "data", "total"]);
  });

  it("redacts tokens in free text", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-def_123";
    expect(redact(`Authorization: Bearer ${jwt}`)).toBe("Authorization: Bearer [redacted]");
    expect(redact(`jwt=${jwt}`)).toBe("jwt=[redacted jwt]");
    expect(redact("key oag_abcDEF123_xyz end")).toBe("key oag_[redacted] end");
    expect(redact("plain words stay")).toBe("plain words stay");
    expect(redact("custom-secret-value here", ["custom-secret-value"])).toBe("[redacted] here");
  });
});

describe("forward compatibility", () => {
  it("passes unknown enum values and extra fields through untouched", async () => {
    const future = instance({
      status: "hibernating",
      connectivity: "satellite",
      msConnectionStatus: "quantum",
      brandNewField: { nested: [1, 2, 3] },
    });
    api.handle((_req, res) => json(res, 200, { success: true, data: future, schemaVersion: 7 }));
    const got = await client().getInstance({ path: { id: "instance_abc123" } });
    expect(got.data).toEqual(future);
    expect(got.data.status).toBe("hibernating");
    expect((got as unknown as Record<string, unknown>)["schemaVersion"]).toBe(7);
  });
});

describe("the configured token", () => {
  it.each([
    ["a trailing newline", "oag_secret_part_1\n", /line feed \(LF\) at position 18 of 18/],
    ["a CR LF in the middle", "oag_secret_part_1\r\nX-Injected: 1", /carriage return \(CR\) at position 18/],
    ["a space", "oag_secret part_1", /a space at position 11/],
    ["a tab", "oag_secret\tpart_1", /control character/],
    ["a non-ASCII letter", "oag_secrét_part_1", /non-ASCII character at position 9/],
    ["a NUL", "oag_secret_part_1\u0000", /control character/],
  ])("is refused at creation when it has %s, in a message without the token", (_what, token, message) => {
    let err: unknown;
    try {
      createBeeosClient({ baseUrl: api.url, token });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BeeosUsageError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/^createBeeosClient: token has/);
    expect(inspect(err)).not.toContain("secret");
  });

  it("is checked when it comes from BEEOS_API_KEY too, naming the variable", () => {
    vi.stubEnv("BEEOS_API_KEY", `${TOKEN}\n`);
    expect(() => createBeeosClient({ baseUrl: api.url })).toThrow(/BEEOS_API_KEY has a line feed/);
    expect(() => createBeeosClient({ baseUrl: api.url })).not.toThrow(TOKEN);
  });

  // No JWT or oag_ shape, so only exact matching of the configured token can catch these.
  it.each([
    ["a short token, only where it stands alone", "x7Q", "max7Qing"],
    ["a long token, even inside other text", "Plain-Long-Secret-Value", "theres nothing like it"],
  ])("is scrubbed from message, body, metadata, JSON and logs: %s", async (_what, token, innocent) => {
    api.handle((req, res) =>
      json(res, 401, {
        success: false,
        error: { code: "invalid_token", message: `got ${String(req.headers.authorization)}; ${innocent}; ${token}`, metadata: { sent: token } },
        echo: [{ deep: `key=${token}&x=prefix${token}suffix` }],
      }),
    );
    const lines: string[] = [];
    const err = (await rejection(client({ token, maxRetries: 0, logger: (line) => void lines.push(line) }).listInstances({ query: { search: token } }))) as BeeosApiError;
    expect(err).toBeInstanceOf(BeeosApiError);
    const texts = [err.message, String(err), JSON.stringify(err), inspect(err, { depth: 9 }), JSON.stringify(err.body), lines.join("\n")];
    for (const text of texts) expect(text.replaceAll(innocent, "").replaceAll("max7Qing", "")).not.toMatch(new RegExp(`(^|[^A-Za-z0-9_])${token}([^A-Za-z0-9_]|$)`));
    expect(err.message).toContain(`got Bearer [redacted]; ${innocent}; [redacted]`);
    expect(err.metadata).toEqual({ sent: "[redacted]" });
    const deep = (err.body as { echo: { deep: string }[] }).echo[0]!.deep;
    expect(deep).toBe(token.length >= 8 ? "key=[redacted]&x=prefix[redacted]suffix" : `key=[redacted]&x=prefix${token}suffix`);
    expect(lines[0]).toContain("search=[redacted]");
  });

  it("is scrubbed in its URL-encoded form and across the cut of a quoted non-JSON body", async () => {
    const token = "Zk9+/Qw=Long/Base64+Token==";
    api.handle((_req, res) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`${"x".repeat(110)} ${token} trailing`);
    });
    const lines: string[] = [];
    const err = (await rejection(client({ token, maxRetries: 0, logger: (line) => void lines.push(line) }).listInstances({ query: { search: token } }))) as BeeosApiError;
    expect(lines[0]).not.toContain(encodeURIComponent(token));
    expect(lines[0]).toContain("search=[redacted]");
    expect(err.message).not.toContain("Zk9+/Qw");
    expect(err.body).toBe(`${"x".repeat(110)} [redacted] trailing`);
  });
});

describe("redact", () => {
  it("leaves prose after Bearer, Basic and Token alone", () => {
    for (const text of [
      "the bearer token is invalid or expired",
      "Basic tier",
      "Token expired.",
      "Bearer authentication required",
      "send a Bearer token, not Basic credentials",
      "Bearer invalid_or_expired.",
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it("redacts what looks like a credential", () => {
    expect(redact("Authorization: Basic dXNlcjpwYXNzd29yZA==")).toBe("Authorization: Basic [redacted]");
    expect(redact("Authorization: Basic dXNlcjpwYXNz")).toBe("Authorization: Basic [redacted]");
    expect(redact("bearer abc123def456, then")).toBe("bearer [redacted], then");
    expect(redact("Token 9f8e7d6c5b4a.")).toBe("Token [redacted].");
    expect(redact("x oag_abc y eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig z")).toBe("x oag_[redacted] y [redacted jwt] z");
  });

  it("redacts a given secret of any length, short ones only as a whole token", () => {
    expect(redact("pin 42 in 1427 and 42.", ["42"])).toBe("pin [redacted] in 1427 and [redacted].");
    expect(redact('{"t":"ab"} tab abc', ["ab"])).toBe('{"t":"[redacted]"} tab abc');
    expect(redact("xlongsecretvaluex", ["longsecretvalue"])).toBe("x[redacted]x");
    expect(redact("aaaa", ["aa"])).toBe("aaaa");
    expect(redact("aa aa", ["aa"])).toBe("[redacted] [redacted]");
  });
});
