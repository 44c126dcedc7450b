import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Reporter, TestModule, Vitest } from "vitest/node";
import type { ContractMeta } from "./harness.js";
import { coverageFile, isPartial, renderCoverage, reportsDir, STATEFUL_TARGETS, writeCoverage, type Cell, type CoverageData, type Shard, type ShardCoverage } from "./shards.js";
import { loadSpec } from "./spec.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Builds the operation × status table from the tests that ran (each test names its
 * operation, status and kind in `meta.contract`), writes it under reports/, and fails
 * the run when a full run leaves a documented operation or status without a passing test.
 * A shard (`--shard=i/n`, n > 1) writes its cells to reports/coverage-i-of-n.json instead
 * and never fails for a status: other shards may cover it; `test:merge` checks the union.
 */
export default class CoverageReporter implements Reporter {
  private shard: Shard | undefined;

  onInit(vitest: Vitest): void {
    this.shard = vitest.config.shard;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const spec = loadSpec();
    const cells: Record<string, Cell> = {};
    const targets: Record<string, Record<string, Cell>> = {};
    const constraints = new Map<string, Set<string>>();
    for (const module of testModules) {
      const target = module.project.name;
      for (const test of module.children.allTests()) {
        const { contract, contracts = [] } = test.meta() as { contract?: ContractMeta; contracts?: ContractMeta[] };
        const state = test.result().state;
        if (state === "skipped" || state === "pending") continue;
        const outcome = state === "passed" ? "passed" : "failed";
        // One cell per operation and status the test exercised, counted once per test.
        const metas = [...(contract ? [contract] : []), ...contracts];
        for (const key of new Set(metas.map((m) => `${m.operationId} ${m.status ?? "-"}`))) {
          (cells[key] ??= { passed: 0, failed: 0 })[outcome] += 1;
          if ((STATEFUL_TARGETS as readonly string[]).includes(target)) ((targets[target] ??= {})[key] ??= { passed: 0, failed: 0 })[outcome] += 1;
        }
        for (const meta of metas) {
          if (meta.constraint) (constraints.get(meta.operationId) ?? constraints.set(meta.operationId, new Set()).get(meta.operationId))?.add(meta.constraint);
        }
      }
    }
    const data: CoverageData = { cells, constraints: Object.fromEntries([...constraints].map(([k, v]) => [k, [...v].sort()])) };
    if (Object.keys(targets).length > 0) data.targets = targets;
    const rendered = renderCoverage(spec, data);
    const live = Boolean(process.env["CONTRACT_TARGET"]);
    if (isPartial(this.shard)) {
      const files = testModules.map((m) => relative(root, m.moduleId)).sort();
      const shardCoverage: ShardCoverage = { shard: this.shard, files, live, ...data };
      mkdirSync(reportsDir, { recursive: true });
      writeFileSync(coverageFile(this.shard), `${JSON.stringify(shardCoverage, null, 2)}\n`);
      const { index, count } = this.shard;
      process.stdout.write(`\nContract coverage of shard ${index}/${count} (${relative(root, coverageFile(this.shard))}; \`test:merge\` joins the shards)\n${rendered.table}\n`);
      return;
    }
    writeCoverage(reportsDir, data, rendered);
    process.stdout.write(`\nContract coverage (reports/coverage.md)\n${rendered.table}\n`);
    // Only a run of every test file of both targets can say a status or an operation has no test.
    const ran = new Set(testModules.map((m) => relative(root, m.moduleId)));
    const files = ["test", join("test", "sandbox")].flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith(".test.ts")).map((f) => join(dir, f)));
    const ranAll = files.every((f) => ran.has(f));
    if (ranAll && !live && rendered.missing.length > 0) {
      process.stderr.write(`\nContract coverage is incomplete: no passing test for ${rendered.missing.join(", ")}\n`);
      process.exitCode = 1;
    }
  }
}
