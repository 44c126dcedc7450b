// One fixture pair per rule of the issue, plus mixed pairs: each case edits a
// copy of fixtures/base.yaml and states the classification and the gate's verdict.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { classify, type Change, type Classification } from "../src/classify.js";
import type { Document } from "../src/spec.js";
import { gate } from "../src/versions.js";
import { cli, here, tempDir } from "./helpers.js";

type Doc = Record<string, any>;
interface Case {
  name: string;
  edit: (d: Doc) => void;
  /** The rule that must rate it major, or undefined for a safe change. */
  breaking?: { rule: string; reason: RegExp; operation?: string; pointer?: string; parameter?: string };
  /** For safe changes: the impact of the change that must be reported. */
  safe?: "minor" | "patch";
}

const thing = (d: Doc) => d.components.schemas.Thing;
const input = (d: Doc) => d.components.schemas.ThingInput;

const cases: Case[] = [
  { name: "new optional response field", safe: "minor", edit: (d) => (thing(d).properties.color = { type: "string" }) },
  {
    name: "new value in a response enum",
    edit: (d) => thing(d).properties.status.enum.push("deleted"),
    breaking: { rule: "enum-values-added", reason: /'deleted'/, pointer: "#/components/schemas/Thing/properties/status/enum" },
  },
  { name: "new value in a request enum", safe: "patch", edit: (d) => input(d).properties.kind.enum.push("medium") },
  {
    name: "removed response field",
    edit: (d) => delete thing(d).properties.label,
    breaking: { rule: "property-removed", reason: /`label`/, pointer: "#/components/schemas/Thing/properties/label" },
  },
  {
    name: "response field stops being always present",
    edit: (d) => (thing(d).required = ["id", "status"]),
    breaking: { rule: "required-properties-removed", reason: /`size`/, pointer: "#/components/schemas/Thing/required" },
  },
  {
    name: "response field becomes nullable",
    edit: (d) => (thing(d).properties.size.type = ["integer", "null"]),
    breaking: { rule: "schema-type-changed", reason: /widened/ },
  },
  {
    name: "response header stops being always present",
    edit: (d) => (d.components.headers.RequestId.required = false),
    breaking: { rule: "response-header-became-optional", reason: /X-Request-Id/, operation: "listThings (GET /things)" },
  },
  {
    name: "new required query parameter",
    edit: (d) => d.paths["/things"].get.parameters.push({ name: "owner", in: "query", required: true, schema: { type: "string" } }),
    breaking: { rule: "parameter-became-required", reason: /`owner` query parameter/, operation: "listThings (GET /things)" },
  },
  {
    name: "optional parameter becomes required",
    edit: (d) => (d.paths["/things"].get.parameters[0].required = true),
    breaking: { rule: "parameter-became-required", reason: /`pageSize` query parameter became required/ },
  },
  {
    name: "removed query parameter",
    edit: (d) => d.paths["/things"].get.parameters.splice(0, 1),
    breaking: { rule: "parameter-removed", reason: /`pageSize` query parameter was removed/, parameter: "pageSize (query)" },
  },
  {
    name: "new optional query parameter",
    safe: "minor",
    edit: (d) => d.paths["/things"].get.parameters.push({ name: "owner", in: "query", schema: { type: "string" } }),
  },
  {
    name: "new required body field",
    edit: (d) => {
      input(d).properties.owner = { type: "string" };
      input(d).required.push("owner");
    },
    breaking: { rule: "required-properties-added", reason: /`owner`/, operation: "createThing (POST /things)" },
  },
  { name: "new optional body field", safe: "minor", edit: (d) => (input(d).properties.owner = { type: "string" }) },
  {
    name: "required request body on an operation that took none",
    edit: (d) =>
      (d.paths["/things/{id}/ping"].post.requestBody = { required: true, content: { "application/json": { schema: { type: "object" } } } }),
    breaking: { rule: "required-request-body-added", reason: /required request body/, operation: "pingThing (POST /things/{id}/ping)" },
  },
  {
    name: "optional request body on an operation that took none",
    safe: "minor",
    edit: (d) => (d.paths["/things/{id}/ping"].post.requestBody = { content: { "application/json": { schema: { type: "object" } } } }),
  },
  {
    name: "narrowed request bound",
    edit: (d) => (input(d).properties.name.maxLength = 32),
    breaking: { rule: "schema-constraint-changed", reason: /from '64' to '32'/ },
  },
  {
    name: "narrowed parameter bound",
    edit: (d) => (d.paths["/things"].get.parameters[0].schema.maximum = 50),
    breaking: { rule: "schema-constraint-changed", reason: /<= 100' to '<= 50'/, operation: "listThings (GET /things)" },
  },
  { name: "widened request bound", safe: "patch", edit: (d) => (input(d).properties.name.maxLength = 128) },
  { name: "narrowed response bound", safe: "patch", edit: (d) => (thing(d).properties.size.maximum = 500) },
  {
    name: "narrowed request type",
    edit: (d) => (input(d).properties.name.type = "string"),
    breaking: { rule: "schema-type-changed", reason: /narrowed from 'string \| integer' to 'string'/ },
  },
  {
    name: "removed operation",
    edit: (d) => delete d.paths["/things/{id}"].get,
    breaking: { rule: "operation-removed", reason: /GET \/things\/\{id\}/, operation: "getThing (GET /things/{id})" },
  },
  {
    name: "removed status",
    edit: (d) => delete d.paths["/things/{id}"].get.responses["404"],
    breaking: { rule: "response-removed", reason: /`404`/, operation: "getThing (GET /things/{id})" },
  },
  { name: "new operation", safe: "minor", edit: (d) => (d.paths["/things/{id}/ping"].get = { operationId: "getPing", responses: { "204": { description: "ok" } } }) },
  { name: "description only", safe: "patch", edit: (d) => (thing(d).description = "A thing, described.") },
];

const base = parse(readFileSync(join(here, "fixtures/base.yaml"), "utf8")) as Document;
const dir = tempDir("spec-diff-rules-");
const write = (name: string, doc: Document) => {
  const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return { file, doc };
};
const baseSide = write("base", base);
const revision = (c: Pick<Case, "name" | "edit">) => {
  const doc = structuredClone(base) as Doc;
  c.edit(doc);
  return write(c.name, doc as Document);
};

const results = new Map<string, Classification>();
const mixed = {
  name: "mixed: a safe field and a removed status",
  edit: (d: Doc) => {
    thing(d).properties.color = { type: "string" };
    delete d.paths["/things/{id}"].get.responses["404"];
  },
};
const docsOnly = {
  name: "mixed: descriptions and a new optional field",
  edit: (d: Doc) => {
    thing(d).description = "Now described.";
    input(d).properties.note.description = "Free text.";
    thing(d).properties.color = { type: "string" };
  },
};

beforeAll(async () => {
  // Every pair is diffed once, in parallel; the cases below only read results.
  await Promise.all(
    [...cases, mixed, docsOnly].map(async (c) => results.set(c.name, await classify(baseSide, revision(c)))),
  );
});

const majors = (r: Classification): Change[] => r.changes.filter((c) => c.impact === "major");
const versions = { spec: "1.0.0", client: "1.0.0" };

describe("classification of one change per rule", () => {
  for (const c of cases) {
    it(`${c.name}: ${c.breaking ? `breaking (${c.breaking.rule})` : `safe (${c.safe})`}`, () => {
      const result = results.get(c.name)!;
      expect(result.changes.length, "the edit must show up as a change").toBeGreaterThan(0);
      if (c.breaking) {
        const hit = majors(result).find((m) => m.rule === c.breaking!.rule);
        expect(hit, JSON.stringify(result.changes, null, 2)).toBeDefined();
        expect(hit!.reason).toMatch(c.breaking.reason);
        if (c.breaking.operation) expect([hit!.operation, ...hit!.operations]).toContain(c.breaking.operation);
        if (c.breaking.pointer) expect(hit!.pointer).toBe(c.breaking.pointer);
        if (c.breaking.parameter) expect(hit!.parameter).toBe(c.breaking.parameter);
        expect(gate(result.changes, versions, versions).ok).toBe(false);
        expect(gate(result.changes, versions, { spec: "2.0.0", client: "2.0.0" }).ok).toBe(true);
      } else {
        expect(majors(result), JSON.stringify(result.changes, null, 2)).toEqual([]);
        expect(result.changes.map((x) => x.impact)).toContain(c.safe);
        for (const x of result.changes) expect(x.reason).toMatch(/\S.*\.$/);
        expect(gate(result.changes, versions, versions).ok).toBe(true);
      }
    });
  }
});

describe("mixed pairs", () => {
  it("reports the safe and the breaking change, and the breaking one fails the gate", () => {
    const result = results.get(mixed.name)!;
    expect(result.summary.major).toBe(1);
    expect(result.summary.minor).toBe(1);
    expect(result.changes[0]!.impact).toBe("major");
    const verdict = gate(result.changes, versions, versions);
    expect(verdict.problems.join("\n")).toMatch(/1 breaking change without a major version bump/);
    expect(verdict.problems.join("\n")).toMatch(/Response `404` was removed/);
  });

  it("rates description edits as patches and a new optional field as minor", () => {
    const result = results.get(docsOnly.name)!;
    expect(result.summary).toEqual({ major: 0, minor: 1, patch: 2 });
  });

  it("names every operation a shared schema reaches", () => {
    const hit = majors(results.get("removed response field")!)[0]!;
    expect(hit.operations).toEqual(["createThing (POST /things)", "getThing (GET /things/{id})", "listThings (GET /things)"]);
  });
});

describe("the gate's versions", () => {
  const breaking = () => majors(results.get("removed operation")!);
  it("needs the spec and the client bumped to the next major", () => {
    expect(gate(breaking(), versions, { spec: "2.0.0", client: "1.0.0" }).problems[0]).toMatch(/must be equal/);
    expect(gate(breaking(), versions, { spec: "1.1.0", client: "1.1.0" }).ok).toBe(false);
    expect(gate(breaking(), versions, { spec: "2.0.0", client: "2.0.0" }).ok).toBe(true);
  });
  it("rejects versions that are not semver, naming which", () => {
    expect(() => gate([], versions, { spec: "one", client: "one" })).toThrow(/info.version is "one", not a semver/);
  });
});

describe("the command line on fixture files", () => {
  const root = tempDir("spec-diff-root-");
  beforeAll(() => {
    // A client package at the fixture's version, as the gate reads it from the repository root.
    const client = join(root, "packages/client");
    mkdirSync(client, { recursive: true });
    writeFileSync(join(client, "package.json"), JSON.stringify({ name: "@beeos/client", version: "1.0.0" }));
  });
  const args = (name: string) => ["--base", baseSide.file, "--revision", join(dir, `${name.replace(/\W+/g, "-")}.json`), "--root", root];

  it("check exits 1 on a breaking change and names it", async () => {
    const r = await cli(["check", ...args("removed status")], root);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 breaking change without a major version bump/);
    expect(r.out).toMatch(/Response `404` was removed\. \[response-removed\] at getThing \(GET \/things\/\{id\}\)/);
    expect(r.out).toMatch(/spec check: FAILED$/);
  });

  it("check exits 0 on a safe change", async () => {
    const r = await cli(["check", ...args("new optional response field")], root);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/minor  Property `color` of `Thing` was added\./);
    expect(r.out).toMatch(/spec check: passed$/);
  });

  it("diff --format json gives each change with impact, reason and location", async () => {
    const r = await cli(["diff", ...args("new required query parameter"), "--format", "json"], root);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.summary.major).toBe(1);
    expect(report.changes[0]).toMatchObject({
      impact: "major",
      rule: "parameter-became-required",
      operation: "listThings (GET /things)",
      parameter: "owner (query)",
      pointer: "#/paths/~1things/get/parameters/1/required",
    });
  });
});
