// The rules that tie the client's examples to the spec, and the curl samples derived
// from it, on small hand-made inputs where each rule can be seen failing.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { clientCalls, curlSample, matchExamples } from "../scripts/lib/samples.mjs";
import { listOperations, referenceRoute } from "../scripts/lib/spec.mjs";

const require = createRequire(import.meta.url);
const bundled = JSON.parse(readFileSync(require.resolve("@beeos/spec/openapi.json"), "utf8"));
const operations = listOperations(bundled);
const byId = (id: string) => {
  const op = operations.find((o) => o.operationId === id);
  if (!op) throw new Error(`the bundled spec has no ${id}`);
  return op;
};
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

  it("reports an operation without a sample, and a file named after no operation that no guide includes", () => {
    const examples = everySample().filter((e) => e.file !== "stopInstance.ts");
    examples.push({ file: "listWidgets.ts", source: program(`await beeos.listInstances();`) });
    const { problems } = check(examples);
    expect(problems).toEqual([
      "examples/listWidgets.ts: no operation of the spec is named listWidgets and no guide includes this file; rename it after an operationId or include it in a guide",
      `stopInstance (POST ${byId("stopInstance").path}) has no TypeScript sample: add examples/stopInstance.ts`,
    ]);
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
  it("GET with query parameters: -G, one --data-urlencode per example value, the bearer token from the environment", () => {
    const curl = curlSample(bundled, byId("listInstances"));
    const lines = curl.split(" \\\n  ");
    expect(lines[0]).toBe(`curl -G '${bundled.servers[0].url}${byId("listInstances").path}'`);
    expect(lines[1]).toBe(`-H "Authorization: Bearer $BEEOS_API_KEY"`);
    expect(lines.filter((l) => l.startsWith("--data-urlencode")).length).toBeGreaterThan(0);
    expect(curl).not.toContain("{");
  });

  it("path parameters take their example, a JSON body its first example", () => {
    const get = curlSample(bundled, byId("getInstance"));
    expect(get).toMatch(/^curl -X GET 'https:\/\/[^']+\/api\/v1\/instances\/[^{}/']+'/);
    const deploy = curlSample(bundled, byId("deployInstance"));
    expect(deploy).toContain("-H 'Content-Type: application/json'");
    const body = /-d '([\s\S]*)'$/.exec(deploy)?.[1];
    expect(JSON.parse(body ?? "")).toHaveProperty("name");
  });

  it("quotes a single quote in a body for the shell", () => {
    const spec = structuredClone(bundled);
    const op = listOperations(spec).find((o) => o.operationId === "deployInstance")!;
    op.operation.requestBody = { content: { "application/json": { example: { name: "it's mine" } } } };
    expect(curlSample(spec, op)).toContain(`"name": "it'\\''s mine"`);
  });
});

describe("spec helpers", () => {
  it("lists every operation with its tag, and routes the reference by tag and lower-cased operationId", () => {
    const ids = Object.values(bundled.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
      Object.values(item).flatMap((op) => (op && typeof op === "object" && op.operationId ? [op.operationId] : [])),
    );
    expect(operations.map((o) => o.operationId).sort()).toEqual(ids.sort());
    expect(referenceRoute(byId("listInstances"))).toBe("#/instances/listinstances");
  });

  it("names an operation without an operationId", () => {
    expect(() => listOperations({ paths: { "/x": { get: { tags: ["t"] } } } })).toThrow("GET /x has no operationId");
  });
});
