// The rules that tie the client's examples to the spec, and the curl samples derived
// from it, on small hand-made inputs where each rule can be seen failing; and every
// operation's curl sample pasted into bash against Prism's mock of the spec.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startMockServer } from "@beeos/mock-server";
import { listOperations, loadBundledSpec, successResponses, type Json } from "@beeos/spec";
import { describe, expect, it } from "vitest";
import { clientCalls, curlSample, matchExamples } from "../scripts/lib/samples.mjs";
import { operationTitle, referenceRoute } from "../scripts/lib/spec.mjs";

const bundled = loadBundledSpec();
const operations = listOperations(bundled);
const find = (list: ReturnType<typeof listOperations>, id: string) => {
  const op = list.find((o) => o.operationId === id);
  if (!op) throw new Error(`the spec has no ${id}`);
  return op;
};
const byId = (id: string) => find(operations, id);
/** A copy of the bundled spec with one more path, and that path's operations. */
const withPath = (path: string, item: Json) => {
  const spec = structuredClone(bundled);
  spec.paths[path] = item;
  return { spec, op: (id: string) => find(listOperations(spec), id) };
};
const lines = (curl: string) => curl.split(" \\\n  ");
const members = ["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "use", "eject", "paginate"];

const program = (body: string) => `import { createBeeosClient } from "@beeos/client";\nconst beeos = createBeeosClient();\n${body}\n`;
const check = (examples: Array<{ file: string; source: string }>, includedByGuides = new Set<string>()) =>
  matchExamples({ operations, examples, clientMembers: members, includedByGuides, examplesLabel: "examples" });
const everySample = () => operations.map((op) => ({ file: `${op.operationId}.ts`, source: program(`await beeos.${op.operationId}();`) }));

describe("clientCalls", () => {
  it("finds calls on clients made by createBeeosClient, with line and column", () => {
    const { clients, calls } = clientCalls("x.ts", program(`const other = { listInstances() {} };\nother.listInstances();\nawait beeos.getInstance({ path: { id: "a" } });`));
    expect(clients).toEqual(["beeos"]);
    expect(calls).toEqual([{ member: "getInstance", arg: undefined, literalArg: false, line: 5, column: 13 }]);
  });
});

describe("matchExamples", () => {
  it("accepts one sample per operation and returns each file's source", () => {
    const { samples, problems } = check(everySample());
    expect(problems).toEqual([]);
    expect([...samples.keys()].sort()).toEqual(operations.map((o) => o.operationId).sort());
    expect(samples.get("listInstances")).toContain("beeos.listInstances()");
  });

  it("fails an example that calls an operation the spec no longer has, naming file, line and column", () => {
    const examples = [...everySample(), { file: "walkthrough.ts", source: program(`await beeos.pauseInstance({ path: { id: "a" } });`) }];
    const { problems } = check(examples, new Set(["walkthrough.ts"]));
    expect(problems).toEqual(["examples/walkthrough.ts:3:13: pauseInstance() is no operation of the spec (and no method of the client)"]);
  });

  it("fails a raw call on a path or method the spec does not have, and paginate over an unknown operation", () => {
    const source = program(
      [`await beeos.GET("/api/v1/instances");`, `await beeos.GET("/api/v1/widgets");`, `await beeos.PATCH("/api/v1/instances");`, `beeos.paginate("listWidgets");`].join("\n"),
    );
    const { problems } = check([...everySample(), { file: "raw.ts", source }], new Set(["raw.ts"]));
    expect(problems).toEqual([
      "examples/raw.ts:4:13: GET /api/v1/widgets is not an operation of the spec",
      "examples/raw.ts:5:13: PATCH /api/v1/instances is not an operation of the spec",
      'examples/raw.ts:6:7: paginate("listWidgets") names no operation of the spec',
    ]);
  });

  it("fails a file named after no operation that no guide includes, and only notes an operation without a sample", () => {
    const examples = everySample().filter((e) => e.file !== "stopInstance.ts");
    examples.push({ file: "listWidgets.ts", source: program(`await beeos.listInstances();`) });
    const { samples, problems, notes } = check(examples);
    expect(problems).toEqual([
      "examples/listWidgets.ts: no operation of the spec is named listWidgets and no guide includes this file; rename it after an operationId or include it in a guide",
    ]);
    expect(notes).toEqual(["stopInstance: no TypeScript sample, since there is no examples/stopInstance.ts; the reference shows the curl sample only"]);
    expect(samples.has("stopInstance")).toBe(false);
  });

  it("counts a raw call on an operation's method and path as calling it", () => {
    const op = byId("getInstance");
    const examples = everySample().map((e) => (e.file === "getInstance.ts" ? { ...e, source: program(`await beeos.GET("${op.path}");`) } : e));
    expect(check(examples).problems).toEqual([]);
  });

  it("fails a sample that does not call its own operation", () => {
    const examples = everySample().map((e) => (e.file === "getInstance.ts" ? { ...e, source: program(`await beeos.listInstances();`) } : e));
    expect(check(examples).problems).toEqual(["examples/getInstance.ts: the sample of getInstance never calls getInstance"]);
  });

  it("counts paginate(<operation>) as calling that operation", () => {
    const examples = everySample().map((e) => (e.file === "listInstances.ts" ? { ...e, source: program(`for await (const i of beeos.paginate("listInstances")) console.log(i);`) } : e));
    expect(check(examples).problems).toEqual([]);
  });
});

describe("curlSample", () => {
  it("GET: -G, the required query parameters and one illustrative filter, not every filter; the bearer token from the environment", () => {
    const op = byId("listInstances");
    const curl = lines(curlSample(bundled, op));
    expect(curl[0]).toBe(`curl -G '${bundled.servers[0].url}${op.path}'`);
    expect(curl[1]).toBe(`-H "Authorization: Bearer $BEEOS_API_KEY"`);
    const query = curl.filter((l) => l.startsWith("--data-urlencode"));
    const required = op.parameters.filter((p) => p.in === "query" && p.required);
    expect(query.length).toBe(required.length + 1);
    const shown = query.map((l) => /^--data-urlencode '([^=]+)=/.exec(l)?.[1]);
    const paging = [op.pagination && "pageParam" in op.pagination ? op.pagination.pageParam : undefined, op.pagination?.sizeParam];
    expect(paging.filter((name) => shown.includes(name)), "a filter illustrates the query, not a paging parameter").toEqual([]);
    expect(curl.join("\n")).not.toContain("{");
  });

  it("path parameters take their example, a JSON body its first example", () => {
    const get = curlSample(bundled, byId("getInstance"));
    expect(get).toMatch(/^curl -X GET 'https:\/\/[^']+\/api\/v1\/instances\/[^{}/']+'/);
    const deploy = curlSample(bundled, byId("deployInstance"));
    expect(deploy).toContain("-H 'Content-Type: application/json'");
    const body = /-d '([\s\S]*)'$/.exec(deploy)?.[1];
    expect(JSON.parse(body ?? "")).toHaveProperty("name");
  });

  it("takes the body's lone `example` before its named `examples` (the first of examplesOf)", () => {
    const { spec, op } = withPath("/api/v1/widgets", {
      post: {
        operationId: "createWidget",
        requestBody: { content: { "application/json": { examples: { named: { value: { from: "examples" } } }, example: { from: "example" } } } },
        responses: { "201": { description: "created" } },
      },
    });
    expect(curlSample(spec, op("createWidget"))).toContain(`"from": "example"`);
  });

  it("quotes a single quote in a body for the shell", () => {
    const spec = structuredClone(bundled);
    spec.paths["/api/v1/instances"].post.requestBody = { content: { "application/json": { example: { name: "it's mine" } } } };
    expect(curlSample(spec, find(listOperations(spec), "deployInstance"))).toContain(`"name": "it'\\''s mine"`);
  });

  it("an event stream: -N and Accept: text/event-stream; required headers and queries shown, optional headers left out", () => {
    const { spec, op } = withPath("/api/v1/widgets/{id}/events", {
      get: {
        operationId: "streamWidgetEvents",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" }, example: "w1" },
          { name: "X-Trace", in: "header", required: true, schema: { type: "string" }, example: "t-1" },
          { name: "Last-Event-ID", in: "header", schema: { type: "string" }, example: "9" },
          { name: "since", in: "query", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { description: "events", content: { "text/event-stream": { schema: { type: "string" } } } } },
      },
    });
    const notes: string[] = [];
    const curl = lines(curlSample(spec, op("streamWidgetEvents"), (note: string) => notes.push(note)));
    expect(curl[0]).toBe(`curl -N -G '${bundled.servers[0].url}/api/v1/widgets/w1/events'`);
    expect(curl).toContain(`-H 'X-Trace: t-1'`);
    expect(curl).toContain(`-H 'Accept: text/event-stream'`);
    expect(curl).toContain(`--data-urlencode 'since=<since>'`);
    expect(curl.join("\n")).not.toContain("Last-Event-ID");
    expect(notes).toEqual(["the query parameter since has no example, so the curl sample shows <since>"]);
  });

  it("PUT of a binary body with a binary answer, PATCH with a 204, an answer only `default` describes", () => {
    const { spec, op } = withPath("/api/v1/widgets/{id}", {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", example: "w1" } }],
      put: {
        operationId: "putWidgetImage",
        requestBody: { content: { "image/png": { schema: { type: "string", format: "binary" } } } },
        responses: { "200": { description: "the image", content: { "image/png": { schema: { type: "string", format: "binary" } } } } },
      },
      patch: { operationId: "patchWidget", requestBody: { content: { "application/merge-patch+json": { example: { name: "w" } } } }, responses: { "204": { description: "done" } } },
      get: { operationId: "getWidget", responses: { default: { description: "any", content: { "application/json": { schema: {} } } } } },
    });
    const put = lines(curlSample(spec, op("putWidgetImage")));
    expect(put[0]).toBe(`curl -X PUT '${bundled.servers[0].url}/api/v1/widgets/w1'`);
    expect(put.slice(2)).toEqual([`-H 'Content-Type: image/png'`, `--data-binary '@body.png'`, `-H 'Accept: image/png'`, `-o 'putWidgetImage.png'`]);
    expect(lines(curlSample(spec, op("patchWidget"))).slice(2)).toEqual([`-H 'Content-Type: application/merge-patch+json'`, `-d '{\n  "name": "w"\n}'`]);
    expect(lines(curlSample(spec, op("getWidget")))).toEqual([`curl -X GET '${bundled.servers[0].url}/api/v1/widgets/w1'`, `-H "Authorization: Bearer $BEEOS_API_KEY"`]);
  });
});

describe("curl samples pasted into a shell", () => {
  it("a server and token of the caller's choice (the local sandbox), lines continued with a backslash, none but a URL or the body longer than 100 characters", () => {
    const curl = curlSample(bundled, byId("listInstances"), () => {}, { server: "http://127.0.0.1:4010/", token: "${BEEOS_API_KEY:-oag_sandbox}" });
    expect(lines(curl)[0]).toBe(`curl -G 'http://127.0.0.1:4010${byId("listInstances").path}'`);
    expect(lines(curl)[1]).toBe(`-H "Authorization: Bearer \${BEEOS_API_KEY:-oag_sandbox}"`);
    for (const op of operations) {
      const sample = curlSample(bundled, op);
      const outsideBody = sample.replace(/-d '[\s\S]*?'(?= \\\n|$)/g, "-d '…'");
      const url = /^\s*'https?:\/\/[^\s']+' \\$/;
      for (const line of outsideBody.split("\n")) if (!url.test(line)) expect(line.length, `${op.operationId}: ${line}`).toBeLessThanOrEqual(100);
      expect(sample.split("\n").slice(0, -1).every((line) => line.endsWith(" \\") || !line.startsWith("curl")), op.operationId).toBe(true);
    }
  });

  it("every operation's sample, run by bash against Prism's mock of the spec, is a request the spec allows (2xx)", async () => {
    const run = promisify(execFile);
    // Prism validates each request against the spec and answers 4xx for one it does not allow.
    const mock = await startMockServer({ host: "127.0.0.1", port: 0 });
    const dir = mkdtempSync(join(tmpdir(), "beeos-docs-curl-"));
    try {
      const failures: string[] = [];
      for (const op of operations) {
        // The spec documents no success for some operations; Prism cannot answer those with one.
        if (successResponses(op).length === 0) continue;
        const sample = curlSample(bundled, op, () => {}, { server: mock.url, token: "${BEEOS_API_KEY:-oag_sandbox}" });
        // The status on a line of its own; a bounded time, since an event stream never ends.
        const command = sample.replace(/^curl /, `curl -sS --max-time 5 -w '\\n@@%{http_code}' `);
        const result = await run("bash", ["--noprofile", "--norc", "-c", command], { cwd: dir, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "" } }).catch(
          (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? "", stderr: err.stderr ?? "" }),
        );
        const status = Number(/@@(\d{3})$/.exec(result.stdout)?.[1] ?? 0);
        if (status < 200 || status > 299) failures.push(`${op.operationId}: HTTP ${status}: ${result.stdout.slice(0, 200)} ${result.stderr.slice(0, 200)}\n${sample}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("reference routes", () => {
  it("route by the first tag and the lower-cased operationId, as Redoc does", () => {
    expect(referenceRoute(byId("listInstances"))).toBe("#/instances/listinstances");
    expect(referenceRoute({ tag: "Widget Things", operationId: "getWidget" })).toBe("#/widget-things/getwidget");
  });

  it("route an operation without a tag under other/, and name an operation without a summary by its operationId", () => {
    expect(referenceRoute({ tag: undefined, operationId: "getWidget" })).toBe("#/other/getwidget");
    expect(operationTitle({ summary: undefined, operationId: "getWidget" })).toBe("getWidget");
    expect(operationTitle(byId("listInstances"))).toBe(byId("listInstances").summary);
  });
});
