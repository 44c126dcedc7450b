// The suite split across machines: `vitest run --shard=i/n` writes its own JUnit
// file and coverage cells (reports/junit-i-of-n.xml, reports/coverage-i-of-n.json);
// `pnpm --filter @beeos/contract-tests test:merge` joins every shard's reports into
// one junit.xml and one coverage table, and fails when a shard is missing or the
// union leaves a documented status without a passing test.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const reportsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "reports");

export interface Shard {
  index: number;
  count: number;
}

export interface Cell {
  passed: number;
  failed: number;
}

/** What a run learnt: passing and failing tests per "operationId status", and the constraints tried per operation. */
export interface CoverageData {
  cells: Record<string, Cell>;
  constraints: Record<string, string[]>;
  /**
   * The stateful targets' own cells, by target (vitest project) name, e.g. `sandbox`:
   * there every operation must have a passing test, whatever status the state gave it.
   */
  targets?: Record<string, Record<string, Cell>>;
}

/** Targets whose table must list every operation with a passing test. */
export const STATEFUL_TARGETS = ["sandbox"] as const;

/** One shard's coverage file. */
export interface ShardCoverage extends CoverageData {
  shard: Shard;
  /** The test files this shard ran, relative to the package. */
  files: string[];
  /** Run against a live server (CONTRACT_TARGET): some statuses cannot be forced, so none is required. */
  live: boolean;
}

/** The few parts of the spec the table needs. */
export interface CoverageSpec {
  operations: ReadonlyArray<{ operationId: string; responses: ReadonlyArray<{ statuses: readonly number[] }> }>;
}

/** `--shard=i/n` or `--shard i/n` among vitest's arguments, as vitest reads it (not after a bare `--`). */
export function parseShard(argv: readonly string[]): Shard | undefined {
  const end = argv.indexOf("--");
  const at = (end < 0 ? argv : argv.slice(0, end)).findIndex((a) => a === "--shard" || a.startsWith("--shard="));
  if (at < 0) return undefined;
  const value = argv[at]!.includes("=") ? argv[at]!.slice("--shard=".length) : argv[at + 1];
  const m = /^(\d+)\/(\d+)$/.exec(value ?? "");
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
  if (!shard || shard.index < 1 || shard.index > shard.count) throw new Error(`--shard must be i/n with 1 ≤ i ≤ n, not "${value}"`);
  return shard;
}

/** A shard of more than one: its reports carry `-i-of-n` and a missing status is not its failure. */
export const isPartial = (shard: Shard | undefined): shard is Shard => shard !== undefined && shard.count > 1;
const suffix = (shard: Shard | undefined) => (isPartial(shard) ? `-${shard.index}-of-${shard.count}` : "");
export const junitFile = (shard: Shard | undefined, dir = reportsDir) => join(dir, `junit${suffix(shard)}.xml`);
export const coverageFile = (shard: Shard | undefined, dir = reportsDir) => join(dir, `coverage${suffix(shard)}.json`);

/** The operation × status table (Markdown) and the documented "operationId status" pairs without a passing test. */
export function renderCoverage(spec: CoverageSpec, { cells, constraints, targets }: CoverageData): { table: string; missing: string[] } {
  const statuses = [...new Set(spec.operations.flatMap((op) => op.responses.flatMap((r) => r.statuses)))].sort((a, b) => a - b);
  const missing: string[] = [];
  const header = `| operation | ${statuses.join(" | ")} | constraints tried |`;
  const rule = `|---|${statuses.map(() => "---").join("|")}|---|`;
  const rows = spec.operations.map((op) => {
    const documented = new Set(op.responses.flatMap((r) => r.statuses));
    const cols = statuses.map((status) => {
      const cell = cells[`${op.operationId} ${status}`];
      if (!documented.has(status)) return cell ? `${cell.passed}` : "";
      if (!cell || cell.passed === 0) missing.push(`${op.operationId} ${status}`);
      if (!cell) return "**none**";
      return cell.failed > 0 ? `${cell.passed}/**${cell.failed} failed**` : `${cell.passed}`;
    });
    const tried = [...(constraints[op.operationId] ?? [])].sort().join(", ") || "—";
    return `| ${op.operationId} | ${cols.join(" | ")} | ${tried} |`;
  });
  const sections = [[header, rule, ...rows].join("\n")];
  for (const [target, targetCells] of Object.entries(targets ?? {})) {
    const lines = spec.operations.map((op) => {
      const answered = Object.entries(targetCells)
        .filter(([key, cell]) => key.startsWith(`${op.operationId} `) && cell.passed + cell.failed > 0)
        .map(([key, cell]) => `${key.slice(op.operationId.length + 1)}: ${cell.passed}${cell.failed > 0 ? ` (**${cell.failed} failed**)` : ""}`);
      const passed = Object.entries(targetCells).some(([key, cell]) => key.startsWith(`${op.operationId} `) && cell.passed > 0);
      if (!passed) missing.push(`${target}: ${op.operationId}`);
      return `| ${op.operationId} | ${answered.join(", ") || "**none**"} |`;
    });
    sections.push([`Against the ${target} (statuses answered: passing tests)`, "", "| operation | statuses |", "|---|---|", ...lines].join("\n"));
  }
  return { table: sections.join("\n\n"), missing };
}

const NOTE = [
  "Passing tests per operation and documented status (blank: not documented for that operation), both targets together.",
  "Counts include happy paths, forced error statuses, negative requests, auth, example, dynamic, drift, stream, pagination and workflow checks.",
  "The second table lists what the stateful sandbox answered each operation through Prism's validating proxy.",
].join(" ");

/** Writes coverage.md and coverage.json of a whole run (one process, or merged shards). */
export function writeCoverage(dir: string, data: CoverageData, rendered: { table: string; missing: string[] }, extra: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "coverage.md"), `# Contract coverage\n\n${NOTE}\n\n${rendered.table}\n`);
  const constraints = Object.fromEntries(Object.entries(data.constraints).map(([k, v]) => [k, [...v].sort()]));
  writeFileSync(join(dir, "coverage.json"), `${JSON.stringify({ cells: data.cells, constraints, targets: data.targets ?? {}, missing: rendered.missing, ...extra }, null, 2)}\n`);
}

/** Every shard's cells added up, constraints joined; and what is wrong with the set (a shard missing, twice, or of another split). */
export function mergeCoverage(shards: readonly ShardCoverage[]): { data: CoverageData; problems: string[]; live: boolean } {
  const problems: string[] = [];
  const counts = [...new Set(shards.map((s) => s.shard.count))];
  if (shards.length === 0) problems.push("no shard coverage files");
  if (counts.length > 1) problems.push(`shards of different splits: ${counts.map((n) => `of ${n}`).join(", ")}`);
  const count = Math.max(0, ...counts);
  for (let i = 1; i <= count; i++) {
    const found = shards.filter((s) => s.shard.index === i).length;
    if (found === 0) problems.push(`shard ${i} of ${count} is missing`);
    if (found > 1) problems.push(`shard ${i} of ${count} appears ${found} times`);
  }
  const seen = new Map<string, number>();
  for (const s of shards) for (const f of s.files) seen.set(f, (seen.get(f) ?? 0) + 1);
  for (const [file, times] of seen) if (times > 1) problems.push(`${file} ran in ${times} shards`);
  const cells: Record<string, Cell> = {};
  const constraints: Record<string, Set<string>> = {};
  const targets: Record<string, Record<string, Cell>> = {};
  const add = (into: Record<string, Cell>, from: Record<string, Cell>) => {
    for (const [key, cell] of Object.entries(from)) {
      const sum = (into[key] ??= { passed: 0, failed: 0 });
      sum.passed += cell.passed;
      sum.failed += cell.failed;
    }
  };
  for (const s of shards) {
    add(cells, s.cells);
    for (const [target, targetCells] of Object.entries(s.targets ?? {})) add((targets[target] ??= {}), targetCells);
    for (const [op, list] of Object.entries(s.constraints)) for (const c of list) (constraints[op] ??= new Set()).add(c);
  }
  const data: CoverageData = { cells, constraints: Object.fromEntries(Object.entries(constraints).map(([op, set]) => [op, [...set].sort()])) };
  if (Object.keys(targets).length > 0) data.targets = targets;
  return { data, problems, live: shards.some((s) => s.live) };
}

const attr = (tag: string, name: string) => Number(new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? 0);

/** Vitest's JUnit files as one: every <testsuite> in order, the root's totals added up. */
export function mergeJunit(xmls: readonly string[]): { xml: string; tests: number; failures: number; errors: number; skipped: number } {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const xml of xmls) {
    const root = /<testsuites\b[^>]*>/.exec(xml)?.[0];
    if (!root) throw new Error("not a JUnit report: no <testsuites> element");
    for (const key of ["tests", "failures", "errors", "time"] as const) total[key] += attr(root, key);
    for (const suite of xml.matchAll(/^([ \t]*)<testsuite\b[^>]*?(?:\/>|>[\s\S]*?<\/testsuite>)/gm)) {
      suites.push(suite[0]);
      total.skipped += attr(suite[0], "skipped");
    }
  }
  const head = `<testsuites name="vitest tests" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" time="${total.time.toFixed(3)}">`;
  const xml = ['<?xml version="1.0" encoding="UTF-8" ?>', head, ...suites, "</testsuites>", ""].join("\n");
  return { xml, tests: total.tests, failures: total.failures, errors: total.errors, skipped: total.skipped };
}

const SHARD_FILE = /^(junit|coverage)-(\d+)-of-(\d+)\.(xml|json)$/;

/**
 * Merges the shard reports in `dir` into junit.xml, coverage.md and coverage.json there.
 * Returns the exit code: 1 when a shard is missing or the union misses a documented status.
 */
export function mergeReports(dir: string, spec: CoverageSpec, log: (line: string) => void = console.log): number {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => SHARD_FILE.test(f)).sort() : [];
  const byKind = (kind: string) => files.filter((f) => f.startsWith(`${kind}-`)).map((f) => readFileSync(join(dir, f), "utf8"));
  const shards = byKind("coverage").map((text) => JSON.parse(text) as ShardCoverage);
  const { data, problems, live } = mergeCoverage(shards);
  const junit = mergeJunit(byKind("junit"));
  if (byKind("junit").length !== shards.length) problems.push(`${byKind("junit").length} JUnit files for ${shards.length} coverage files`);
  const rendered = renderCoverage(spec, data);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "junit.xml"), junit.xml);
  writeCoverage(dir, data, rendered, { shards: shards.map((s) => `${s.shard.index}/${s.shard.count}`).sort() });
  log(`Merged ${shards.length} shard(s) from ${dir}: ${junit.tests} tests, ${junit.failures} failed, ${junit.errors} errors, ${junit.skipped} skipped`);
  log(`\nContract coverage (coverage.md)\n${rendered.table}\n`);
  if (!live && rendered.missing.length > 0) problems.push(`no passing test in any shard for ${rendered.missing.join(", ")}`);
  for (const p of problems) log(`test:merge: ${p}`);
  return problems.length > 0 ? 1 : 0;
}

// `pnpm --filter @beeos/contract-tests test:merge [-- <dir>]` (default: reports/)
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv.slice(2).find((a) => a !== "--") ?? reportsDir);
  const { loadSpec } = await import("./spec.js");
  process.exitCode = mergeReports(dir, loadSpec());
}
