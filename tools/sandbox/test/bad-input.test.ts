// Bad input: each case gets the spec's error envelope, and nothing changes.
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harness, settled, type Harness } from "./helpers.js";

let h: Harness;
const T = "bad-input-token";

beforeAll(async () => {
  h = await harness({ bodyTimeoutMs: 1500 });
});
afterAll(async () => {
  await h.sandbox.close();
});

/** Everything the token can see, to prove a refused request changed nothing. */
async function snapshot(): Promise<string> {
  const parts = await Promise.all(
    ["/api/v1/instances?pageSize=200", "/api/v1/agents?limit=200", "/api/v1/tasks?state=all", "/api/v1/agents/agent_abc123/conversations?state=all"].map(async (p) => (await h.call("GET", p, { token: T })).body),
  );
  return JSON.stringify(parts, (key, value) => (key === "totalRunSeconds" || key === "lastSyncedAt" ? undefined : value));
}

/** A request with the path exactly as written (fetch and URL would fold `..` away). */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.sandbox.url}/`, { method, path, headers: { authorization: `Bearer ${T}`, ...headers } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const expectEnvelope = (body: any, code: string) => {
  expect(body.success).toBe(false);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.request_id).toMatch(/^req_/);
};

describe("bad input", () => {
  let before: string;
  beforeAll(async () => {
    await settled(h, T);
    before = await snapshot();
  });

  it("malformed JSON: 400 invalid_json", async () => {
    const res = await h.call("POST", "/api/v1/instances", { token: T, raw: '{"name": "x",', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expectEnvelope(res.body, "invalid_json");
  });

  it("a body over 64 KiB: 413 where documented, else 400, with or without Content-Length", async () => {
    const big = { name: "big", agentFramework: "openclaw", systemPrompt: "x".repeat(8000), providerConfig: { blob: "y".repeat(70_000) } };
    const res = await h.call("POST", "/api/v1/instances", { token: T, body: big });
    expect(res.status).toBe(413);
    expectEnvelope(res.body, "payload_too_large");
    // Chunked: no Content-Length, the limit still holds while reading.
    const chunked = await fetch(`${h.sandbox.url}/api/v1/instances`, {
      method: "POST",
      headers: { authorization: `Bearer ${T}`, "content-type": "application/json" },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(JSON.stringify(big)));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const webhook = await h.call("POST", "/api/v1/agents/agent_abc123/tasks/task_x/webhooks", { token: T, body: { url: "http://127.0.0.1:1/", token: "z".repeat(70_000) } });
    expect(webhook.status).toBe(400);
    expectEnvelope(webhook.body, "payload_too_large");
  });

  it("a wrong content type: 400 (the spec documents no 415)", async () => {
    const res = await h.call("POST", "/api/v1/instances", { token: T, raw: '{"name":"x","agentFramework":"openclaw"}', headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(400);
    expectEnvelope(res.body, "invalid_body");
    expect(res.body.error.message).toContain("application/json");
  });

  it("unknown fields where the schema forbids them: 400 naming the field", async () => {
    const rename = await h.call("PATCH", "/api/v1/agents/agent_abc123", { token: T, body: { visibility: "public", colour: "red" } });
    expect(rename.status).toBe(400);
    expectEnvelope(rename.body, "invalid_param");
    expect(rename.body.error.param).toBe("colour");
    const rpc = await h.call("POST", "/api/v1/instances/instance_abc123/methods", { token: T, body: { jsonrpc: "2.0", id: 1, method: "skills/list", params: {}, extra: true } });
    expect(rpc.body.error.param).toBe("extra");
  });

  it("a wrong type or a missing field: 400 naming it", async () => {
    const res = await h.call("POST", "/api/v1/instances", { token: T, body: { name: 42 } });
    expect(res.body.error).toMatchObject({ code: "invalid_param", param: "name" });
    const missing = await h.call("POST", "/api/v1/instances", { token: T, body: { agentFramework: "openclaw" } });
    expect(missing.body.error).toMatchObject({ code: "missing_param", param: "name" });
    const query = await h.call("GET", "/api/v1/instances?page=-1", { token: T });
    expect(query.body.error).toMatchObject({ code: "invalid_param", param: "page" });
    const text = await h.call("GET", "/api/v1/instances?pageSize=ten", { token: T });
    expect(text.body.error).toMatchObject({ code: "invalid_param", param: "pageSize" });
  });

  // Refused before routing, so a traversal never reaches another resource. The status is 400, or
  // 404 (`not_found`) where the operation the path names documents no 400 (getInstance).
  it.each([
    ["GET", "/api/v1/instances/..", 404, "not_found"],
    ["GET", "/api/v1/instances/%2e%2e", 404, "not_found"],
    ["GET", "/api/v1/instances/%2E%2e/instances", 400, "invalid_param"],
    ["DELETE", "/api/v1/instances/../instances/instance_abc123", 400, "invalid_param"],
    ["DELETE", "/api/v1/instances/%2e%2e/instances/instance_abc123", 400, "invalid_param"],
    ["GET", "/api/v1/instances/instance_abc123%00", 404, "not_found"],
    ["GET", "/api/v1/instances/a%2Fb", 404, "not_found"],
    ["GET", "/api/v1/files/..", 400, "invalid_param"],
    ["GET", "/api/v1/files/%zz", 400, "invalid_param"],
  ])("%s %s: %i %s", async (method, path, status, code) => {
    const res = await raw(method, path);
    expect(res.status).toBe(status);
    expectEnvelope(res.body, code);
    expect(res.body.error.message).toMatch(/path segment/);
  });

  it("a 10 KB id: the documented 400, or 404 where the operation has no 400", async () => {
    const id = "i".repeat(10_240);
    const get = await raw("GET", `/api/v1/instances/${id}`);
    expect(get.status).toBe(404);
    expectEnvelope(get.body, "not_found");
    expect(get.body.error.message).toContain("10240 characters");
    const file = await raw("GET", `/api/v1/files/${id}`);
    expect(file.status).toBe(400);
    expectEnvelope(file.body, "invalid_param");
    const del = await raw("DELETE", `/api/v1/instances/${id}`);
    expect(del.status).toBe(404);
  });

  it("a client that never finishes its body is timed out, and others are served meanwhile", async () => {
    const socket = connect(h.sandbox.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (d) => (answer += d));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(`POST /api/v1/instances HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${T}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":"slo`);
    const started = Date.now();
    // Others are served while the slow body hangs.
    for (let i = 0; i < 5; i++) {
      const res = await h.call("GET", "/api/v1/instances?pageSize=1", { token: "someone-else" });
      expect(res.status).toBe(200);
    }
    // All five were answered while the slow body was still pending.
    expect(answer).toBe("");
    expect(Date.now() - started).toBeLessThan(1500);
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ""));
    expectEnvelope(body, "invalid_body");
    expect(body.error.message).toContain("did not arrive within 1500 ms");
  });

  it("changed nothing", async () => {
    expect(await snapshot()).toBe(before);
    expect(h.violations).toEqual([]);
  });
});
