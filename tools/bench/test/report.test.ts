import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { goal, renderMarkdown, writeReport, type Section } from "../src/report.mjs";

const run = { command: "pnpm bench", startedAt: "2026-01-02T03:04:05.678Z", wallMs: 123_000, machine: "test machine" };
const pipeline = (warm: number): Section[] => [
  {
    title: "Pipeline",
    note: "Peak RSS: the largest process.",
    rows: [
      { what: "cold", "wall, ms": 17_180.4, "peak RSS, MB": 232.2, "× start-up": 91.71 },
      { what: "warm|replay", "wall, ms": warm, "× start-up": warm / 187, goal: goal(warm / 187, "≤", 3) },
    ],
  },
];

describe("the report", () => {
  it("renders a section as one table: its rows' columns, numbers to three digits", () => {
    const table = [
      "| what | wall, ms | peak RSS, MB | × start-up | goal |",
      "| --- | --- | --- | --- | --- |",
      "| cold | 17180 | 232 | 91.7 |  |",
      "| warm\\|replay | 208 |  | 1.11 | ≤ 3: met |",
    ];
    const closing = ["## Closing note", "", "Every goal measured in this run was met."];
    expect(renderMarkdown(pipeline(208), {}, run)).toContain(["## Pipeline", "", "Peak RSS: the largest process.", "", ...table, "", ...closing].join("\n"));
  });

  it("says plainly which goals were missed and which benches failed", () => {
    const md = renderMarkdown(pipeline(600), { scale: "redocly lint failed with exit 1" }, run);
    expect(md).toContain("| 3.21 | ≤ 3: **MISSED** |");
    expect(md).toContain("- Missed: Pipeline, warm|replay (goal ≤ 3).\n- The scale bench failed and measured nothing: redocly lint failed with exit 1");
    expect(renderMarkdown([], {}, run)).toContain("`pnpm bench`, started 2026-01-02T03:04:05.678Z, took 123.0 s on test machine.");
  });

  it("writes the Markdown and the raw figures as JSON, time-stamped and as latest", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-report-"));
    try {
      const { files, markdown } = writeReport(dir, pipeline(208), {}, run);
      expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["bench-2026-01-02T03-04-05-678Z.md", "bench-2026-01-02T03-04-05-678Z.json", "latest.md", "latest.json"]);
      expect(readFileSync(files[2]!, "utf8")).toBe(markdown);
      expect(JSON.parse(readFileSync(files[3]!, "utf8"))).toMatchObject({ command: "pnpm bench", failures: {}, sections: [{ rows: [{ "wall, ms": 17_180.4 }, {}] }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
