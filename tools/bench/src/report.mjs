// @ts-check
// The report: one Markdown table per section, a closing note naming every missed
// goal and failed bench, and the raw figures as JSON; written to results/.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** @typedef {{ what: string, goal?: string, [column: string]: string | number | undefined }} Row */
/** @typedef {{ title: string, note?: string, rows: Row[] }} Section */
/** @typedef {{ command: string, startedAt: string, wallMs: number, machine: string }} RunInfo */

/** A goal's verdict, for a row's `goal` cell. @param {number} value @param {"≤" | "≥"} cmp @param {number} target */
export const goal = (value, cmp, target) => `${cmp} ${target}: ${(cmp === "≤" ? value <= target : value >= target) ? "met" : "**MISSED**"}`;

/** Numbers to 3 significant digits, whole numbers from 100 up. @param {unknown} v */
const cell = (v) =>
  v === undefined ? "" : typeof v === "number" ? String(Math.abs(v) >= 100 ? Math.round(v) : Number(v.toPrecision(3))) : String(v).replace(/\|/g, "\\|");

/** @param {Section} section */
function table({ rows }) {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const line = (/** @type {unknown[]} */ cells) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(cols), line(cols.map(() => "---")), ...rows.map((r) => line(cols.map((c) => r[c])))].join("\n");
}

/** @param {Section[]} sections @param {Record<string, string>} failures @param {RunInfo} run */
export function renderMarkdown(sections, failures, run) {
  const parts = [`# Benchmarks`, ``, `\`${run.command}\`, started ${run.startedAt}, took ${(run.wallMs / 1000).toFixed(1)} s on ${run.machine}.`, ``];
  parts.push(`Each figure is set against a peer measured in the same run; ratios hold on a busy machine, absolute times do not.`, ``);
  for (const s of sections) parts.push(`## ${s.title}`, ``, ...(s.note ? [s.note, ``] : []), table(s), ``);
  const missed = sections.flatMap((s) => s.rows.filter((r) => r.goal?.includes("MISSED")).map((r) => `- Missed: ${s.title}, ${r.what} (goal ${r.goal?.split(":")[0]}).`));
  const failed = Object.entries(failures).map(([name, why]) => `- The ${name} bench failed and measured nothing: ${why}`);
  const met = sections.some((s) => s.rows.some((r) => r.goal)) ? `Every goal measured in this run was met.` : `No goal was measured in this run.`;
  parts.push(`## Closing note`, ``, ...(missed.length + failed.length > 0 ? [...missed, ...failed] : [met]), ``);
  return parts.join("\n");
}

/** Writes `latest.md` and `latest.json`, and a time-stamped copy of each. @param {string} dir @param {Section[]} sections @param {Record<string, string>} failures @param {RunInfo} run */
export function writeReport(dir, sections, failures, run) {
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(sections, failures, run);
  const json = `${JSON.stringify({ ...run, sections, failures }, null, 2)}\n`;
  const stamp = `bench-${run.startedAt.replace(/[:.]/g, "-")}`;
  const files = [`${stamp}.md`, `${stamp}.json`, "latest.md", "latest.json"].map((f) => join(dir, f));
  files.forEach((file, i) => writeFileSync(file, i % 2 === 0 ? markdown : json));
  return { markdown, files };
}
