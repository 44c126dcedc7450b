import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listOperations, loadBundledSpec } from "@beeos/spec";
import { redocly } from "@beeos/spec/redocly";
import { redoclyConfig } from "../src/common.mjs";
import { writeSyntheticSpec } from "../src/synth.mjs";

const dir = mkdtempSync(join(tmpdir(), "bench-synth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("synthetic specs", () => {
  it("pass the repository's strict lint rules and bundle to exactly the operations they list", async () => {
    const { root, ops } = writeSyntheticSpec(dir, 10);
    const lint = await redocly(["lint", root, "--format=json"], { config: redoclyConfig, cwd: dir });
    expect(JSON.parse(lint.stdout).totals).toMatchObject({ errors: 0, warnings: 0 });
    const bundle = await redocly(["bundle", root, "--output", "bundled.json", "--ext", "json"], { config: redoclyConfig, cwd: dir });
    expect(bundle.status, bundle.report).toBe(0);
    const bundled = listOperations(loadBundledSpec(join(dir, "bundled.json")));
    expect(bundled.map(({ method, path }) => ({ method, path }))).toEqual(ops);
    expect(new Set(bundled.map((op) => op.operationId)).size).toBe(10);
  });

  it("accept only whole multiples of five operations", () => {
    expect(() => writeSyntheticSpec(dir, 12)).toThrow(/multiple of 5 operations, got 12/);
  });
});
