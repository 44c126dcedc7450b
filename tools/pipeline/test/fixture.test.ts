// Any valid spec goes through every stage: a fixture with the awkward cases
// (untagged, no examples, an event stream, a binary answer, a 204, differently
// named path parameters, all four pagination styles, a `default`-only response)
// replaces the spec in a copy of the workspace. lint -> bundle -> generate ->
// client build (with a type-level check that nothing collapses to never) ->
// docs build -> contract scenarios. What a stage cannot render well it says in
// one line; nothing crashes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { errorScenarios, happyScenarios, negativeScenarios } from "@beeos/contract-tests/scenarios";
import { loadSpec } from "@beeos/contract-tests/spec";
import { loadBundledSpec, reachableComponents, tokensOf } from "@beeos/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { Workspace, type TaskRun } from "./workspace.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/**
 * The fixture plus the platform's conventions every BeeOS spec shares, copied from
 * the real bundle (the error envelope and the shared 401 and 429 answers, which the
 * client's error handling is typed from): the operations stay as awkward as they are.
 */
function awkwardSpec(): string {
  const real = loadBundledSpec();
  const doc = parse(fixture("awkward.yaml"));
  const roots = ["#/components/schemas/ErrorResponse", "#/components/schemas/ErrorType", "#/components/responses/Unauthorized", "#/components/responses/RateLimited"];
  for (const pointer of [...roots, ...reachableComponents(real, roots.map(($ref) => ({ $ref })))]) {
    const [, kind, name] = tokensOf(pointer) as [string, string, string];
    (doc.components[kind] ??= {})[name] = real.components[kind][name];
  }
  return stringify(doc);
}

// Compiled with the client: each line fails the build if a type collapsed.
const USAGE = `import { createBeeosClient } from "./index.js";
type Eq<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const beeos = createBeeosClient({ token: "t" });
export async function usage(): Promise<void> {
  for await (const ev of beeos.streamThingEvents({ path: { thingId: "a" } })) {
    const name: Eq<typeof ev.event, "changed" | "gone"> = true;
    if (ev.event === "changed") { const seq: Eq<typeof ev.data.seq, number> = true; void seq; }
    void name;
  }
  const picture = await beeos.getThingPicture({ path: { thingId: "a" } });
  const gone = await beeos.deleteThing({ path: { id: "a" } });
  const checks: [Eq<typeof picture, Blob>, Eq<typeof gone, undefined>] = [true, true];
  for await (const t of beeos.paginate("listThingsByPage")) { const id: Eq<typeof t.id, string> = true; void id; }
  for await (const t of beeos.paginate("listThingsByOffset")) { const id: Eq<typeof t.id, string> = true; void id; }
  for await (const t of beeos.paginate("listThingsByCursor")) { const id: Eq<typeof t.id, string> = true; void id; }
  for await (const t of beeos.paginate("listThingsSince")) { const seq: Eq<typeof t.seq, number> = true; void seq; }
  // @ts-expect-error deleteThing does not page
  void beeos.paginate("deleteThing");
  void checks;
}
`;

let ws: Workspace;
let build: TaskRun;
beforeAll(() => {
  ws = new Workspace();
  for (const dir of ["paths", "components", "webhooks"]) rmSync(ws.path(`spec/${dir}`), { recursive: true, force: true });
  ws.write("spec/openapi.yaml", awkwardSpec());
  ws.write("redocly.yaml", fixture("redocly.yaml"));
  ws.write("packages/client/src/fixture-usage.ts", USAGE);
  build = ws.build();
});
afterAll(() => ws?.dispose());

describe("a fixture spec with every awkward case", () => {
  it("lints, bundles, generates and builds the client, types intact", () => {
    expect(build.status, build.output).toBe(0);
    for (const task of ["@beeos/spec:lint", "@beeos/spec:bundle", "@beeos/client:generate", "@beeos/client:build"]) expect(build.cache[task], task).toBe("miss");
    expect(build.output).toMatch(/8 operations by tag: things 7, \(untagged\) 1/);
    expect(build.output).toMatch(/paginated: page 1, offset 1, cursor 1, since 1, none 4/);
    expect(build.output).toMatch(/event streams: streamThingEvents/);
  });

  it("says in one line what the client does with non-JSON and default-only answers", () => {
    const notes = build.output.split("\n").filter((l) => /note: /.test(l));
    expect(notes.some((l) => /getThingPicture: success is image\/png; the method resolves to a Blob/.test(l))).toBe(true);
    expect(notes.some((l) => /ping: no 2xx response documented/.test(l))).toBe(true);
  });

  it("builds the docs, with a note for the untagged operation and each missing example", () => {
    const docsDir = dirname(createRequire(import.meta.url).resolve("@beeos/docs/package.json"));
    const out = mkdtempSync(join(tmpdir(), "beeos-fixture-docs-"));
    const examples = join(out, "no-examples");
    mkdirSync(examples);
    try {
      const run = spawnSync(
        process.execPath,
        [join(docsDir, "scripts", "build.mjs"), "--spec", ws.path("spec/dist/openapi.json"), "--examples", examples, "--guides", join(out, "no-guides"), "--out", join(out, "site")],
        { encoding: "utf8", timeout: 180_000 },
      );
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status, output).toBe(0);
      expect(output).toMatch(/note: getThingPicture: .*tag/);
      expect(output).toMatch(/note: streamThingEvents: .*example/);
      expect(readFileSync(join(out, "site", "reference.html"), "utf8")).toContain("getThingPicture");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("derives contract scenarios for every operation", () => {
    const spec = loadSpec(ws.path("spec/dist/openapi.json"));
    const happy = happyScenarios(spec);
    const errors = errorScenarios(spec);
    negativeScenarios(spec);
    const covered = new Set([...happy, ...errors].map((s) => s.op.operationId));
    // ping documents only `default`: no status to expect, nothing to force
    expect([...covered].sort()).toEqual(spec.operations.map((o) => o.operationId).filter((id) => id !== "ping").sort());
    expect(happy.find((s) => s.op.operationId === "deleteThing")?.status).toBe(204);
  });
});
