// The shard plumbing on small fixtures: `--shard` parsing, report names, and the
// merge of shard reports into one JUnit file and one coverage table.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { coverageFile, junitFile, mergeCoverage, mergeJunit, mergeReports, parseShard, renderCoverage, type CoverageSpec, type ShardCoverage } from "../src/shards.js";

// Two operations; `getThing` documents 200 and 404, `listThings` 200 and 500.
const spec: CoverageSpec = {
  operations: [
    { operationId: "getThing", responses: [{ statuses: [200] }, { statuses: [404] }] },
    { operationId: "listThings", responses: [{ statuses: [200] }, { statuses: [500] }] },
  ],
};

const shard = (index: number, count: number, cells: ShardCoverage["cells"], files: string[], constraints: ShardCoverage["constraints"] = {}): ShardCoverage => ({
  shard: { index, count },
  files,
  live: false,
  cells,
  constraints,
});
const one = shard(1, 2, { "getThing 200": { passed: 2, failed: 0 }, "listThings 200": { passed: 1, failed: 0 } }, ["test/happy.test.ts"], { getThing: ["maxLength"] });
const two = shard(2, 2, { "getThing 404": { passed: 1, failed: 0 }, "listThings 500": { passed: 1, failed: 0 }, "getThing 200": { passed: 1, failed: 1 } }, ["test/errors.test.ts"], {
  getThing: ["required"],
});

const junit = (suites: Array<{ name: string; tests: number; failures: number; skipped?: number }>, time: number) =>
  [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="vitest tests" tests="${suites.reduce((n, s) => n + s.tests, 0)}" failures="${suites.reduce((n, s) => n + s.failures, 0)}" errors="0" time="${time}">`,
    ...suites.map(
      (s) =>
        `    <testsuite name="${s.name}" timestamp="2026-01-01T00:00:00.000Z" hostname="ci" tests="${s.tests}" failures="${s.failures}" errors="0" skipped="${s.skipped ?? 0}" time="1">\n` +
        `        <testcase classname="${s.name}" name="a &gt; b" time="0.5">\n        </testcase>\n    </testsuite>`,
    ),
    "</testsuites>",
    "",
  ].join("\n");

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempReports = () => {
  const dir = mkdtempSync(join(tmpdir(), "beeos-shards-"));
  dirs.push(dir);
  return dir;
};

describe("--shard", () => {
  test("is read from vitest's arguments in either form, and checked", () => {
    expect(parseShard(["node", "vitest", "run", "--shard=2/4"])).toEqual({ index: 2, count: 4 });
    expect(parseShard(["node", "vitest", "run", "--shard", "1/3"])).toEqual({ index: 1, count: 3 });
    expect(parseShard(["node", "vitest", "run"])).toBeUndefined();
    // vitest takes nothing after a bare `--` as an option; neither do the report names
    expect(parseShard(["node", "vitest", "run", "--", "--shard=2/4"])).toBeUndefined();
    expect(() => parseShard(["--shard=5/4"])).toThrow(/1 ≤ i ≤ n/);
    expect(() => parseShard(["--shard=a/b"])).toThrow(/i\/n/);
  });

  test("names a shard's reports after it; a whole run (or 1/1) keeps the plain names", () => {
    expect(junitFile({ index: 2, count: 4 }, "reports")).toBe(join("reports", "junit-2-of-4.xml"));
    expect(coverageFile({ index: 2, count: 4 }, "reports")).toBe(join("reports", "coverage-2-of-4.json"));
    expect(junitFile(undefined, "reports")).toBe(join("reports", "junit.xml"));
    expect(coverageFile({ index: 1, count: 1 }, "reports")).toBe(join("reports", "coverage.json"));
  });
});

describe("merging shards", () => {
  test("adds up cells, joins constraints, and finds a complete set", () => {
    const { data, problems } = mergeCoverage([two, one]);
    expect(problems).toEqual([]);
    expect(data.cells["getThing 200"]).toEqual({ passed: 3, failed: 1 });
    expect(data.constraints).toEqual({ getThing: ["maxLength", "required"] });
    expect(renderCoverage(spec, data).missing).toEqual([]);
  });

  test("a status only another shard covers is missing from one shard, not from the union", () => {
    expect(renderCoverage(spec, one).missing).toEqual(["getThing 404", "listThings 500"]);
    expect(renderCoverage(spec, mergeCoverage([one, two]).data).missing).toEqual([]);
  });

  test("names a missing, doubled or mismatched shard, and a file run twice", () => {
    expect(mergeCoverage([one]).problems).toEqual(["shard 2 of 2 is missing"]);
    expect(mergeCoverage([one, one, two]).problems).toEqual(["shard 1 of 2 appears 2 times", "test/happy.test.ts ran in 2 shards"]);
    expect(mergeCoverage([one, shard(2, 3, {}, [])]).problems).toContain("shards of different splits: of 2, of 3");
    expect(mergeCoverage([]).problems).toEqual(["no shard coverage files"]);
  });

  test("JUnit files become one, every suite kept and the totals added up", () => {
    const merged = mergeJunit([
      junit([{ name: "test/happy.test.ts", tests: 3, failures: 0 }], 1.5),
      junit([{ name: "test/errors.test.ts", tests: 2, failures: 1, skipped: 1 }, { name: "test/drift.test.ts", tests: 4, failures: 0 }], 2.25),
    ]);
    expect(merged).toMatchObject({ tests: 9, failures: 1, errors: 0, skipped: 1 });
    expect(merged.xml).toContain('<testsuites name="vitest tests" tests="9" failures="1" errors="0" time="3.750">');
    expect([...merged.xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(["test/happy.test.ts", "test/errors.test.ts", "test/drift.test.ts"]);
    expect(merged.xml.match(/<\/testsuite>/g)).toHaveLength(3);
    expect(() => mergeJunit(["<html/>"])).toThrow(/JUnit/);
  });

  test("test:merge writes one junit.xml and one coverage table, and passes when the union covers every status", () => {
    const dir = tempReports();
    writeFileSync(coverageFile(one.shard, dir), JSON.stringify(one));
    writeFileSync(coverageFile(two.shard, dir), JSON.stringify(two));
    writeFileSync(junitFile(one.shard, dir), junit([{ name: "test/happy.test.ts", tests: 3, failures: 0 }], 1));
    writeFileSync(junitFile(two.shard, dir), junit([{ name: "test/errors.test.ts", tests: 2, failures: 0 }], 1));
    const lines: string[] = [];
    expect(mergeReports(dir, spec, (l) => lines.push(l))).toBe(0);
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toContain('tests="5"');
    const coverage = JSON.parse(readFileSync(join(dir, "coverage.json"), "utf8"));
    expect(coverage).toMatchObject({ missing: [], shards: ["1/2", "2/2"], cells: { "getThing 200": { passed: 3, failed: 1 } } });
    expect(readFileSync(join(dir, "coverage.md"), "utf8")).toContain("| getThing | 3/**1 failed** | 1 |  | maxLength, required |");
    expect(lines.join("\n")).toContain("Merged 2 shard(s)");
  });

  test("test:merge fails when the union misses a documented status, or a shard's reports are missing", () => {
    const dir = tempReports();
    const partial = shard(2, 2, { "getThing 404": { passed: 1, failed: 0 } }, ["test/errors.test.ts"]);
    writeFileSync(coverageFile(one.shard, dir), JSON.stringify(one));
    writeFileSync(coverageFile(partial.shard, dir), JSON.stringify(partial));
    writeFileSync(junitFile(one.shard, dir), junit([{ name: "test/happy.test.ts", tests: 3, failures: 0 }], 1));
    const lines: string[] = [];
    expect(mergeReports(dir, spec, (l) => lines.push(l))).toBe(1);
    expect(lines).toContain("test:merge: no passing test in any shard for listThings 500");
    expect(lines).toContain("test:merge: 1 JUnit files for 2 coverage files");
    expect(JSON.parse(readFileSync(join(dir, "coverage.json"), "utf8")).missing).toEqual(["listThings 500"]);
  });
});
