import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { evaluateGoals, renderMarkdown, table, writeReport, type Results } from "../src/report.mjs";

const run = { command: "pnpm bench", wallMs: 123_000, startedAt: "2026-01-02T03:04:05.678Z", machine: "test machine" };

function results(over: { warm?: number; client?: number; entry?: number; k?: number } = {}): Results {
  return {
    pipeline: {
      cold: { wallMs: 20_000, maxRssBytes: 200e6, treePeakBytes: 600e6, tasks: 6 },
      secondBuild: { wallMs: 5000, cached: 4, total: 6, missed: ["@beeos/client:build", "@beeos/docs:build"] },
      warm: { wallMs: over.warm ?? 300, maxRssBytes: 50e6, treePeakBytes: 90e6, samplesMs: [300] },
      floor: { wallMs: 100, samplesMs: [100] },
      warmToFloor: (over.warm ?? 300) / 100,
      coldToWarm: 20_000 / (over.warm ?? 300),
    },
    scale: [
      {
        stage: "lint (redocly lint)",
        msBySize: { 10: 1000, 100: 1500, 1000: 1500 * 10 ** (over.k ?? 0.5) },
        growth: [
          { from: 10, to: 100, exponent: 0.18 },
          { from: 100, to: 1000, exponent: over.k ?? 0.5 },
        ],
      },
    ],
    client: {
      pageBytes: 30_000,
      http: [
        { variant: "raw fetch", requestsPerSecond: 1000, p50Ms: 1, p99Ms: 3, throughputToRawFetch: 1, requests: 100 },
        { variant: "@beeos/client listInstances (retries on, no logger)", requestsPerSecond: 950, p50Ms: 1.1, p99Ms: 3, throughputToRawFetch: over.client ?? 0.95, requests: 100 },
        { variant: "@beeos/client GET surface (retries on, no logger)", requestsPerSecond: 960, p50Ms: 1.1, p99Ms: 3, throughputToRawFetch: 0.96, requests: 100 },
      ],
      overhead: [
        { variant: "raw fetch", perCallUs: 300, overheadUs: 0, calls: 100 },
        { variant: "@beeos/client listInstances (retries on, no logger)", perCallUs: 500, overheadUs: 200, calls: 100 },
      ],
    },
    size: [
      { name: "app: raw fetch", minBytes: 400, gzipBytes: 300 },
      { name: "app: openapi-fetch", minBytes: 7000, gzipBytes: 2800 },
      { name: "whole @beeos/client entry", minBytes: 12_000, gzipBytes: over.entry ?? 4800, budgetGzipBytes: 5000 },
    ],
    failures: {},
  };
}

describe("goals", () => {
  it("meets every goal when every figure is within its target", () => {
    expect(evaluateGoals(results()).map((v) => v.met)).toEqual([true, true, true, true]);
  });

  it("misses each goal on its own, saying what limits it", () => {
    const cases = [
      { over: { warm: 301 }, goal: /warm `pnpm build`/, limit: /cache/ },
      { over: { client: 0.89 }, goal: /throughput/, limit: /200 µs \(listInstances\) more than raw fetch.s, against a loopback round trip of about 1000 µs/ },
      { over: { entry: 5121 }, goal: /whole client entry/, limit: /openapi-fetch alone .* 2\.73 KB/ },
      { over: { k: 1.01 }, goal: /growth 100 → 1000/, limit: /grows faster/ },
    ];
    for (const { over, goal, limit } of cases) {
      const missed = evaluateGoals(results(over)).filter((v) => v.met === false);
      expect(missed).toHaveLength(1);
      expect(missed[0]!.goal).toMatch(goal);
      expect(missed[0]!.limit).toMatch(limit);
    }
  });

  it("marks a goal whose bench did not run as not measured, never as met", () => {
    const verdicts = evaluateGoals({ failures: { pipeline: "turbo failed" } });
    expect(verdicts.every((v) => v.met === undefined && v.measured === "not measured")).toBe(true);
  });
});

describe("the report", () => {
  it("says plainly which goals were missed, in the table and the closing note", () => {
    const md = renderMarkdown(results({ entry: 7680 }), run);
    expect(md).toContain("| whole client entry, min+gzip | ≤ 5.00 KB | 7.50 KB | **MISSED** |");
    expect(md).toMatch(/## Closing note\n\n- Missed: whole client entry, min\+gzip \(7\.50 KB, target ≤ 5\.00 KB\)/);
    expect(md).toContain("| warm (`turbo run build`, full cache replay, median of 1) | 300 ms | 48 MB | 86 MB | 3.00× |");
    expect(md).toContain("re-ran 2 task(s) although nothing changed (@beeos/client:build, @beeos/docs:build)");
    expect(md).toContain("`pnpm bench`, started 2026-01-02T03:04:05.678Z, took 123.00 s");
  });

  it("names a bench that failed instead of leaving its section out silently", () => {
    const md = renderMarkdown({ failures: { scale: "redocly lint failed with exit 1" } }, run);
    expect(md).toContain("- The scale bench failed and measured nothing: redocly lint failed with exit 1");
    expect(md).not.toContain("Every goal was met");
  });

  it("does not call a partial run a success on every goal", () => {
    const md = renderMarkdown({ pipeline: results().pipeline!, failures: {} }, run);
    expect(md).toContain("Every goal measured in this run was met; not measured: @beeos/client throughput vs raw fetch;");
    expect(renderMarkdown(results(), run)).toContain("Every goal was met in this run.");
  });

  it("refuses a table row that does not fit its header", () => {
    expect(() => table(["a", "b"], [["1"]])).toThrow(/1 cells for 2 columns/);
    expect(table(["a"], [["x|y"]])).toBe("| a |\n| --- |\n| x\\|y |");
  });

  describe("on disk", () => {
    const dirs: string[] = [];
    afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

    it("writes the Markdown and JSON, stamped and as latest", () => {
      const dir = mkdtempSync(join(tmpdir(), "bench-report-"));
      dirs.push(dir);
      const { files, markdown } = writeReport(join(dir, "results"), results(), run);
      expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
        "results/bench-2026-01-02T03-04-05-678Z.md",
        "results/bench-2026-01-02T03-04-05-678Z.json",
        "results/latest.md",
        "results/latest.json",
      ]);
      expect(readFileSync(files[2]!, "utf8")).toBe(markdown);
      const json = JSON.parse(readFileSync(files[3]!, "utf8"));
      expect(json.command).toBe("pnpm bench");
      expect(json.goals).toHaveLength(4);
      expect(json.results.size[2].gzipBytes).toBe(4800);
    });
  });
});
