// The pipeline as a user meets it: `pnpm build` (turbo) over a copy of the
// workspace. Proves the order compile -> lint -> bundle -> generate -> build, the cache,
// that a spec change reaches the generated types with no hand edit, and that
// a broken spec stops the build with file and line and leaves outputs alone.
import { readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workspace } from "./workspace.js";

const TASKS = ["@beeos/spec:compile", "@beeos/spec:lint", "@beeos/spec:bundle", "@beeos/spec:build", "@beeos/client:generate", "@beeos/client:build"];
const OUTPUTS = ["spec/dist/openapi.json", "spec/dist/openapi.yaml", "packages/client/src/generated/schema.ts", "packages/client/dist/index.js"];

let ws: Workspace;
beforeAll(() => {
  ws = new Workspace();
});
afterAll(() => ws?.dispose());

function snapshot(): Record<string, { text: string; mtimeMs: number }> {
  return Object.fromEntries(OUTPUTS.map((f) => [f, { text: readFileSync(ws.path(f), "utf8"), mtimeMs: statSync(ws.path(f)).mtimeMs }]));
}

describe("pnpm build", () => {
  it("runs lint, bundle, generate and build in order on a clean tree", () => {
    const run = ws.build();
    expect(run.status, run.output).toBe(0);
    expect(run.cache).toEqual(Object.fromEntries(TASKS.map((t) => [t, "miss"])));
    const order = TASKS.map((t) => run.output.indexOf(`${t}: cache miss`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(ws.read("packages/client/src/generated/schema.ts")).toMatch(/^\/\*\*\n \* Types of the BeeOS Platform API/);
    expect(ws.read("packages/client/src/generated/schema.ts")).toContain("auto-generated, do not edit");
  });

  it("replays every task from cache when nothing changed", () => {
    const run = ws.build();
    expect(run.status, run.output).toBe(0);
    expect(run.cache).toEqual(Object.fromEntries(TASKS.map((t) => [t, "hit"])));
  });

  it("carries a new Instance field from the spec into the generated types and the built client", () => {
    ws.edit("spec/components/schemas/Instance.yaml", (s) =>
      s.replace("properties:\n", "properties:\n  gpuHours:\n    type: number\n    description: GPU hours used.\n"),
    );
    const run = ws.build();
    expect(run.status, run.output).toBe(0);
    // every task that reads the spec re-ran; the reader itself (compile) did not change
    expect(run.cache).toEqual({ ...Object.fromEntries(TASKS.map((t) => [t, "miss"])), "@beeos/spec:compile": "hit" });
    const types = ws.read("packages/client/src/generated/schema.ts");
    const instance = types.slice(types.indexOf("\n        Instance: {"));
    expect(instance.slice(0, instance.indexOf("\n        };"))).toContain("gpuHours?: number;");
    expect(ws.read("packages/client/dist/generated/schema.d.ts")).toContain("gpuHours?: number;");
  });

  it("a change to the client alone does not re-run the spec tasks", () => {
    ws.edit("packages/client/src/index.ts", (s) => `${s}\n// a comment that changes the hash\n`);
    const run = ws.build();
    expect(run.status, run.output).toBe(0);
    expect(run.cache).toEqual({ ...Object.fromEntries(TASKS.map((t) => [t, "hit"])), "@beeos/client:build": "miss" });
  });
});

describe("a malformed spec fails the build, names file and line, and leaves the outputs untouched", () => {
  const cases: { name: string; file: string; change: (s: string) => string; where: RegExp; why: RegExp }[] = [
    {
      name: "a broken $ref",
      file: "spec/paths/api_v1_instances.yaml",
      change: (s) => s.replace("parameters/PageSize.yaml", "parameters/PageSzie.yaml"),
      where: /paths\/api_v1_instances\.yaml:\d+:\d+/,
      why: /Can't resolve \$ref/,
    },
    {
      name: "a YAML syntax error",
      file: "spec/components/schemas/ProviderMeta.yaml",
      change: (s) => s.replace("  id:\n    type: string", "  id: [unclosed\n    type: string"),
      where: /components\/schemas\/ProviderMeta\.yaml:\d+:\d+/,
      why: /Failed to parse/,
    },
    {
      name: "an example that violates its schema",
      file: "spec/components/examples/InstanceRunning.yaml",
      change: (s) => s.replace("totalRunSeconds: 3600", 'totalRunSeconds: "an hour"'),
      where: /components\/examples\/InstanceRunning\.yaml:\d+:\d+/,
      why: /totalRunSeconds.*must be integer/,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const before = snapshot();
      const original = ws.read(c.file);
      ws.edit(c.file, c.change);
      try {
        const run = ws.build();
        expect(run.status).not.toBe(0);
        expect(run.output).toMatch(c.where);
        expect(run.output).toMatch(c.why);
        expect(run.output).toMatch(/spec lint: the spec has errors/);
        expect(run.cache["@beeos/spec:bundle"]).toBeUndefined();
        expect(snapshot()).toEqual(before);
      } finally {
        ws.write(c.file, original);
      }
    });
  }
});

describe("a paging extension that does not fit its operation", () => {
  it("stops the bundle, naming the path file, line and field, and leaves the outputs untouched", () => {
    const file = "spec/paths/api_v1_instances.yaml";
    const before = snapshot();
    const original = ws.read(file);
    ws.edit(file, (s) => s.replace("pageParam: page", "pageParam: pages"));
    try {
      const run = ws.build();
      expect(run.status).not.toBe(0);
      expect(run.output).toMatch(/spec\/paths\/api_v1_instances\.yaml:\d+: listInstances \(GET \/api\/v1\/instances\): x-beeos-pagination\.pageParam names "pages", which is not a query parameter/);
      expect(run.output).toMatch(/dist\/ was left as it was/);
      expect(snapshot()).toEqual(before);
    } finally {
      ws.write(file, original);
    }
  });
});
