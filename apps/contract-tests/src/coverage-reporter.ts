import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Reporter, TestModule } from "vitest/node";
import type { ContractMeta } from "./harness.js";
import { loadSpec } from "./spec.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const reportsDir = join(root, "reports");

interface Cell {
  passed: number;
  failed: number;
}

/**
 * Builds the operation × status table from the tests that ran (each test names its
 * operation, status and kind in `meta.contract`), writes it under reports/, and fails
 * the run when a full run leaves a documented operation or status without a passing test.
 */
export default class CoverageReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const spec = loadSpec();
    const cells = new Map<string, Cell>();
    const constraints = new Map<string, Set<string>>();
    const kinds = new Map<string, Set<string>>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta().contract as ContractMeta | undefined;
        const state = test.result().state;
        if (!meta || state === "skipped" || state === "pending") continue;
        const key = `${meta.operationId} ${meta.status ?? "-"}`;
        const cell = cells.get(key) ?? { passed: 0, failed: 0 };
        cell[state === "passed" ? "passed" : "failed"] += 1;
        cells.set(key, cell);
        if (meta.constraint) (constraints.get(meta.operationId) ?? constraints.set(meta.operationId, new Set()).get(meta.operationId))?.add(meta.constraint);
        (kinds.get(meta.operationId) ?? kinds.set(meta.operationId, new Set()).get(meta.operationId))?.add(meta.kind);
      }
    }
    const statuses = [...new Set(spec.operations.flatMap((op) => op.responses.flatMap((r) => r.statuses)))].sort((a, b) => a - b);
    const missing: string[] = [];
    const header = `| operation | ${statuses.join(" | ")} | constraints tried |`;
    const rule = `|---|${statuses.map(() => "---").join("|")}|---|`;
    const rows = spec.operations.map((op) => {
      const documented = new Set(op.responses.flatMap((r) => r.statuses));
      const cols = statuses.map((status) => {
        const cell = cells.get(`${op.operationId} ${status}`);
        if (!documented.has(status)) return cell ? `${cell.passed}` : "";
        if (!cell || cell.passed === 0) missing.push(`${op.operationId} ${status}`);
        if (!cell) return "**none**";
        return cell.failed > 0 ? `${cell.passed}/**${cell.failed} failed**` : `${cell.passed}`;
      });
      const tried = [...(constraints.get(op.operationId) ?? [])].sort().join(", ") || "—";
      return `| ${op.operationId} | ${cols.join(" | ")} | ${tried} |`;
    });
    const table = [header, rule, ...rows].join("\n");
    const ranAll = testModules.length >= readdirSync(join(root, "test")).filter((f) => f.endsWith(".test.ts")).length;
    const note = [
      "Passing tests per operation and documented status (blank: not documented for that operation).",
      "Counts include happy paths, forced error statuses, negative requests, auth, example, dynamic and drift checks.",
    ].join(" ");
    mkdirSync(reportsDir, { recursive: true });
    writeFileSync(join(reportsDir, "coverage.md"), `# Contract coverage\n\n${note}\n\n${table}\n`);
    writeFileSync(
      join(reportsDir, "coverage.json"),
      `${JSON.stringify({ cells: Object.fromEntries(cells), constraints: Object.fromEntries([...constraints].map(([k, v]) => [k, [...v].sort()])), missing }, null, 2)}\n`,
    );
    process.stdout.write(`\nContract coverage (reports/coverage.md)\n${table}\n`);
    if (ranAll && !process.env["CONTRACT_TARGET"] && missing.length > 0) {
      process.stderr.write(`\nContract coverage is incomplete: no passing test for ${missing.join(", ")}\n`);
      process.exitCode = 1;
    }
  }
}
