import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runChecked } from "../src/proc.mjs";
import { bin, redoclyConfig } from "../src/repo.mjs";
import { resourceCount, usageSource, writeSyntheticSpec } from "../src/synth.mjs";

const dir = mkdtempSync(join(tmpdir(), "bench-synth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("synthetic specs", () => {
  it("pass the repository's strict lint rules and bundle to exactly the operations asked for", async () => {
    const root = writeSyntheticSpec(join(dir, "ten"), 10);
    const lint = await runChecked(bin("redocly"), ["lint", root, "--config", redoclyConfig, "--format=json"], { cwd: dir, timeoutMs: 60_000 });
    const findings = JSON.parse(lint.stdout) as { totals: { errors: number; warnings: number } };
    expect(findings.totals).toMatchObject({ errors: 0, warnings: 0 });

    const out = join(dir, "ten.json");
    await runChecked(bin("redocly"), ["bundle", root, "--output", out, "--ext", "json", "--config", redoclyConfig], { cwd: dir, timeoutMs: 60_000 });
    const doc = JSON.parse(readFileSync(out, "utf8")) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => (op && typeof op === "object" && "operationId" in op ? [op.operationId] : [])));
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it("accept only whole multiples of five operations", () => {
    expect(resourceCount(1000)).toBe(200);
    expect(() => resourceCount(12)).toThrow(/multiple of 5 operations, got 12/);
  });

  it("use a fixed number of calls whatever the API's size, spread over the whole API", () => {
    const calls = (src: string) => src.match(/client\.(GET|POST)\(/g)?.length;
    expect(calls(usageSource(10))).toBe(calls(usageSource(1000)));
    const used = [...usageSource(1000).matchAll(/"\/api\/v1\/res(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...used)).toBe(0);
    expect(Math.max(...used)).toBeGreaterThan(150);
  });
});
