// The console's logic without a browser: what it knows of each operation (read from
// the spec at build time), the request and curl command it makes from a form, and its
// event-stream reader, against a real server on 127.0.0.1 that streams in pieces.
import { createServer, type Server } from "node:http";
import { deref, listOperations, loadBundledSpec } from "@beeos/spec";
import { afterAll, describe, expect, it } from "vitest";
import { consoleOperations } from "../scripts/lib/console.mjs";
import { chooseApiUrl, STORAGE_KEY } from "../src/console/api-url.js";
import { curlCommand, FieldError, fieldKey, initialValue, prepareRequest } from "../src/console/request.js";
import { EventStreamParser, send, type StreamEvent } from "../src/console/send.js";
import type { ConsoleOperation } from "../src/console/types.js";

const spec = loadBundledSpec();
const operations = listOperations(spec);
const notes: string[] = [];
const all = consoleOperations(spec, operations, (n) => notes.push(n)) as ConsoleOperation[];
const byId = (id: string) => {
  const op = all.find((o) => o.operationId === id);
  if (!op) throw new Error(`no console operation ${id}`);
  return op;
};

/** The form as the console first fills it: required fields at their examples. */
function initialForm(op: ConsoleOperation): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of op.params) values[fieldKey(f)] = f.required ? initialValue(f) : "";
  for (const f of op.body?.fields ?? []) values[fieldKey(f)] = initialValue(f);
  return values;
}

describe("the console's operations", () => {
  it("cover every operation of the spec, each with its path and query parameters", () => {
    expect(all.map((o) => o.operationId)).toEqual(operations.map((o) => o.operationId));
    for (const op of operations) {
      const entry = byId(op.operationId);
      expect(entry.method).toBe(op.method.toUpperCase());
      const wanted = op.parameters.filter((p) => p.in === "path" || p.in === "query").map((p) => `${p.in}:${p.name}`);
      expect(entry.params.map(fieldKey).filter((k) => !k.startsWith("header:")), op.operationId).toEqual(wanted);
    }
  });

  it("carry the spec's constraints: listInstances' pageSize is an integer from 0 to 200", () => {
    const op = operations.find((o) => o.operationId === "listInstances")!;
    const schema = deref(spec, op.parameters.find((p) => p.name === "pageSize")!.schema);
    const field = byId("listInstances").params.find((f) => f.name === "pageSize")!;
    expect(field).toMatchObject({ in: "query", type: "integer", required: false });
    expect(field.constraints).toMatchObject({ minimum: schema.minimum, maximum: schema.maximum });
  });

  it("give a JSON body one field per property, required ones marked, started at the body's example", () => {
    const deploy = byId("deployInstance");
    expect(deploy.body?.mediaType).toBe("application/json");
    const name = deploy.body!.fields.find((f) => f.name === "name")!;
    expect(name.required).toBe(true);
    expect(name.constraints?.maxLength).toBe(128);
    expect(initialValue(name)).not.toBe("");
  });

  it("mark the operations that answer with an event stream", () => {
    const streams = all.filter((o) => o.stream).map((o) => o.operationId);
    expect(streams).toContain("streamTaskEvents");
    expect(streams).not.toContain("listInstances");
  });

  it("link each operation to the reference and to itself in the console", () => {
    expect(byId("getInstance").console).toBe("/console.html?op=getInstance");
    expect(byId("getInstance").reference).toMatch(/^\/reference\.html#./);
  });
});

describe("a request from the form", () => {
  it("fills the path, sets only the query fields given, and sends the token as a bearer", () => {
    const op = byId("getInstance");
    const request = prepareRequest(op, "http://127.0.0.1:4010/", { ...initialForm(op), "path:id": "inst 1/2" }, "oag_test_token");
    expect(request.url).toBe("http://127.0.0.1:4010/api/v1/instances/inst%201%2F2");
    expect(request.headers["Authorization"]).toBe("Bearer oag_test_token");
    const list = byId("listInstances");
    const listed = prepareRequest(list, "http://h:1", { ...initialForm(list), "query:status": "running", "query:pageSize": "5" }, "");
    const url = new URL(listed.url);
    expect(url.pathname).toBe("/api/v1/instances");
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: "running", pageSize: "5" });
    expect(listed.headers["Authorization"]).toBeUndefined();
  });

  it("refuses a value outside the spec's constraints, naming the field", () => {
    const list = byId("listInstances");
    expect(() => prepareRequest(list, "http://h:1", { "query:pageSize": "500" }, "")).toThrow(new FieldError("query pageSize", "must be at most 200"));
    expect(() => prepareRequest(list, "http://h:1", { "query:pageSize": "ten" }, "")).toThrow(/query pageSize: must be an integer/);
    const get = byId("getInstance");
    expect(() => prepareRequest(get, "http://h:1", { "path:id": "" }, "")).toThrow(/path id: is required/);
    expect(() => prepareRequest(get, "localhost:4010", initialForm(get), "")).toThrow(/API URL: must be an http\(s\) URL/);
  });

  it("sends a JSON body of the fields that are set, and curl repeats it without printing the token", () => {
    const deploy = byId("deployInstance");
    const values = Object.fromEntries(Object.keys(initialForm(deploy)).map((k) => [k, ""]));
    values["body:name"] = "it's-mine";
    values["body:models"] = "a, b";
    const request = prepareRequest(deploy, "http://h:1", values, "oag_secret_value");
    expect(JSON.parse(request.body!)).toEqual({ name: "it's-mine", models: ["a", "b"] });
    expect(request.headers["Content-Type"]).toBe("application/json");
    const curl = curlCommand(request);
    expect(curl).toBe(
      [`curl -X POST 'http://h:1/api/v1/instances'`, `-H "Authorization: Bearer $BEEOS_API_KEY"`, `-H 'Content-Type: application/json'`, `--data-raw '{"name":"it'\\''s-mine","models":["a","b"]}'`].join(" \\\n  "),
    );
    expect(curl).not.toContain("oag_secret_value");
  });

  it("asks for an event stream with -N and Accept: text/event-stream", () => {
    const op = byId("streamTaskEvents");
    const curl = curlCommand(prepareRequest(op, "http://h:1", initialForm(op), "t"), true);
    expect(curl.split("\n")[0]).toMatch(/^curl -N -X GET 'http:\/\/h:1\/api\/v1\/agents\/[^/]+\/tasks\/[^/]+\/events'/);
    expect(curl).toContain(`-H 'Accept: text/event-stream'`);
  });
});

describe("the API URL", () => {
  const fetchOf = (status: number, body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status });
  const storage = (value: string | null) => ({ getItem: (key: string) => (key === STORAGE_KEY ? value : null) });

  it("comes from the address first, then /api-config.json, then what the user saved", async () => {
    expect(await chooseApiUrl({ search: "?apiUrl=http://a:1/", configUrl: "/api-config.json", storage: storage("http://s:3"), fetch: fetchOf(200, { apiUrl: "http://c:2" }) })).toEqual({ url: "http://a:1", from: "address" });
    expect(await chooseApiUrl({ search: "", configUrl: "/api-config.json", storage: storage("http://s:3"), fetch: fetchOf(200, { apiUrl: "http://c:2" }) })).toEqual({ url: "http://c:2", from: "api-config.json" });
    expect(await chooseApiUrl({ search: "", configUrl: "/api-config.json", storage: storage("http://s:3"), fetch: fetchOf(404, {}) })).toEqual({ url: "http://s:3", from: "saved" });
    expect(await chooseApiUrl({ search: "", configUrl: "/api-config.json", storage: storage(null), fetch: fetchOf(200, { apiUrl: 4010 }) })).toEqual({ url: "", from: "none" });
  });
});

describe("the event-stream reader", () => {
  it("splits events across chunk boundaries and line endings, joins data lines, skips comments", () => {
    const events: StreamEvent[] = [];
    const parser = new EventStreamParser((e) => events.push(e));
    for (const chunk of [": hello\r\nid: 1\r", "\nevent: message\ndata: {\"a\"", ":1}\n\n", "data: x\ndata: y\n\nevent: end\ndata: {}\n\n", "data: lost"]) parser.push(chunk);
    parser.end();
    expect(events).toEqual([
      { id: "1", event: "message", data: '{"a":1}' },
      { id: "1", event: "message", data: "x\ny" },
      { id: "1", event: "end", data: "{}" },
    ]);
  });

  describe("against a server that streams in pieces", () => {
    let server: Server;
    let release: () => void = () => {};
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it("sees the first event before the server has sent the second", async () => {
      server = createServer((req, res) => {
        res.writeHead(200, { "Content-Type": "text/event-stream", "X-Request-Id": "req_stream_1" });
        res.write('id: 1\nevent: message\ndata: {"n":1}\n\n');
        release = () => res.end('id: 2\nevent: end\ndata: {"n":2}\n\n');
      });
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const seen: string[] = [];
      const answer = await send(
        { method: "GET", url: `http://127.0.0.1:${port}/events`, headers: { Accept: "text/event-stream" }, body: undefined },
        {
          onEvent: (event) => {
            seen.push(event.data);
            // The second event exists only once the first has been seen.
            if (seen.length === 1) release();
          },
        },
      );
      expect(seen).toEqual(['{"n":1}', '{"n":2}']);
      expect(answer).toMatchObject({ status: 200, requestId: "req_stream_1", aborted: false });
      expect(answer.events.map((e) => e.event)).toEqual(["message", "end"]);
      expect(answer.totalMs).toBeGreaterThanOrEqual(answer.headersMs);
    });
  });
});
