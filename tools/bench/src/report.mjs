// @ts-check
// Turns the measurements into the goals' verdicts, a Markdown report and a
// JSON file. Rendering is pure; only writeReport touches the disk.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const GOALS = {
  warmToFloorMax: 3,
  clientThroughputMin: 0.9,
  clientEntryGzipMax: 5 * 1024,
  growthExponentMax: 1,
};

const s = (/** @type {number} */ ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const mb = (/** @type {number | undefined} */ b) => (b === undefined ? "n/a" : `${(b / 1024 / 1024).toFixed(0)} MB`);
const kb = (/** @type {number} */ b) => `${(b / 1024).toFixed(2)} KB`;
const x = (/** @type {number} */ r) => `${r.toFixed(2)}×`;

/** @param {string[]} head @param {Array<Array<string | number>>} rows */
export function table(head, rows) {
  for (const row of rows) {
    if (row.length !== head.length) throw new Error(`table row has ${row.length} cells for ${head.length} columns: ${row.join(" | ")}`);
  }
  const line = (/** @type {Array<string | number>} */ cells) => `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * @typedef {object} Results
 * @property {Awaited<ReturnType<typeof import("./pipeline.mjs").benchPipeline>>} [pipeline]
 * @property {Awaited<ReturnType<typeof import("./scale.mjs").benchScale>>} [scale]
 * @property {Awaited<ReturnType<typeof import("./client-cost.mjs").benchClientCost>>} [client]
 * @property {Awaited<ReturnType<typeof import("./size.mjs").benchSize>>} [size]
 * @property {Awaited<ReturnType<typeof import("./contract.mjs").benchContract>>} [contract]
 * @property {Record<string, string>} [failures]  bench name -> why it produced nothing
 */

/** @typedef {{ goal: string, target: string, measured: string, met: boolean | undefined, limit?: string }} Verdict */

/**
 * One verdict per goal of the issue; a goal whose bench did not run is neither met nor missed.
 * @param {Results} r
 * @returns {Verdict[]}
 */
export function evaluateGoals(r) {
  /** @type {Verdict[]} */
  const out = [];
  if (r.pipeline) {
    const met = r.pipeline.warmToFloor <= GOALS.warmToFloorMax;
    out.push({
      goal: "warm `pnpm build` vs turbo's bare start-up",
      target: `≤ ${GOALS.warmToFloorMax}×`,
      measured: `${x(r.pipeline.warmToFloor)} (${s(r.pipeline.warm.wallMs)} vs ${s(r.pipeline.floor.wallMs)})`,
      met,
      ...(met ? {} : { limit: "replaying the cache (hashing inputs, restoring outputs and logs) costs more than turbo's start-up" }),
    });
  } else out.push({ goal: "warm `pnpm build` vs turbo's bare start-up", target: `≤ ${GOALS.warmToFloorMax}×`, measured: "not measured", met: undefined });

  if (r.client) {
    const defaults = r.client.http.filter((h) => h.variant.startsWith("@beeos/client") && /retries on, no logger/.test(h.variant));
    const worst = defaults.reduce((a, b) => (b.throughputToRawFetch < a.throughputToRawFetch ? b : a));
    const met = worst.throughputToRawFetch >= GOALS.clientThroughputMin;
    const floorUs = 1e6 / /** @type {{ requestsPerSecond: number }} */ (r.client.http[0]).requestsPerSecond;
    const own = r.client.overhead.filter((o) => defaults.some((d) => d.variant === o.variant));
    out.push({
      goal: "@beeos/client throughput vs raw fetch on loopback (default options, operation method and GET)",
      target: `≥ ${GOALS.clientThroughputMin}×`,
      measured: defaults.map((d) => `${x(d.throughputToRawFetch)} ${d.variant.includes("GET") ? "GET" : "listInstances"}`).join(", "),
      met,
      ...(met || own.length === 0
        ? {}
        : {
            limit: `the client's own work per call, measured with a stubbed fetch, is ${own.map((o) => `${o.overheadUs.toFixed(0)} µs (${o.variant.includes("GET") ? "GET" : "listInstances"})`).join(" and ")} more than raw fetch's, against a loopback round trip of about ${floorUs.toFixed(0)} µs with raw fetch`,
          }),
    });
  } else out.push({ goal: "@beeos/client throughput vs raw fetch", target: `≥ ${GOALS.clientThroughputMin}×`, measured: "not measured", met: undefined });

  const entry = r.size?.find((row) => row.name === "whole @beeos/client entry");
  if (entry) {
    const met = entry.gzipBytes <= GOALS.clientEntryGzipMax;
    const bare = r.size?.find((row) => row.name === "app: openapi-fetch");
    out.push({
      goal: "whole client entry, min+gzip",
      target: `≤ ${kb(GOALS.clientEntryGzipMax)}`,
      measured: kb(entry.gzipBytes),
      met,
      ...(met ? {} : { limit: `openapi-fetch alone (bare app) is ${bare ? kb(bare.gzipBytes) : "n/a"}; the rest is the client's errors, retries, redirects, pagination, redaction and the operation table` }),
    });
  } else out.push({ goal: "whole client entry, min+gzip", target: `≤ ${kb(GOALS.clientEntryGzipMax)}`, measured: "not measured", met: undefined });

  if (r.scale) {
    for (const row of r.scale) {
      const last = row.growth[row.growth.length - 1];
      if (!last) continue;
      const met = last.exponent <= GOALS.growthExponentMax;
      out.push({
        goal: `${row.stage}: growth ${last.from} → ${last.to} operations`,
        target: `exponent ≤ ${GOALS.growthExponentMax}`,
        measured: last.exponent.toFixed(2),
        met,
        ...(met ? {} : { limit: "this stage's time grows faster than the API: see the scale table" }),
      });
    }
  } else out.push({ goal: "pipeline stages: growth 100 → 1,000 operations", target: `exponent ≤ ${GOALS.growthExponentMax}`, measured: "not measured", met: undefined });
  return out;
}

/**
 * @param {Results} r
 * @param {{ command: string, wallMs: number, startedAt: string, machine: string }} run
 */
export function renderMarkdown(r, run) {
  const parts = [`# Benchmarks`, ``, `\`${run.command}\`, started ${run.startedAt}, took ${s(run.wallMs)} on ${run.machine}.`, ``];
  parts.push(`Each figure is compared with a peer measured in the same run; ratios hold on a busy machine, absolute times do not.`, ``);

  if (r.pipeline) {
    const p = r.pipeline;
    parts.push(
      `## 1. Pipeline: \`pnpm build\` cold and warm`,
      ``,
      table(
        ["run", "wall time", "peak RSS, largest process", "peak RSS, process tree", "vs turbo's bare start-up"],
        [
          ["cold (`turbo run build --force`, fresh tree)", s(p.cold.wallMs), mb(p.cold.maxRssBytes), mb(p.cold.treePeakBytes), x(p.cold.wallMs / p.floor.wallMs)],
          [`first rebuild, nothing changed (${p.secondBuild.cached} of ${p.secondBuild.total} tasks cached)`, s(p.secondBuild.wallMs), "", "", x(p.secondBuild.wallMs / p.floor.wallMs)],
          [`warm (\`turbo run build\`, full cache replay, median of ${p.warm.samplesMs.length})`, s(p.warm.wallMs), mb(p.warm.maxRssBytes), mb(p.warm.treePeakBytes), x(p.warmToFloor)],
          [`turbo's bare start-up (\`turbo run <missing task>\`, median of ${p.floor.samplesMs.length})`, s(p.floor.wallMs), "", "", "1.00×"],
        ],
      ),
      ``,
    );
    if (p.secondBuild.cached < p.secondBuild.total) {
      parts.push(
        `The first \`pnpm build\` after a clean one re-ran ${p.secondBuild.total - p.secondBuild.cached} task(s) although nothing changed (${p.secondBuild.missed.join(", ")}): a task's inputs include files that an earlier task of the same run writes, so its hash differs between the first and second run. Only the third run replays everything.`,
        ``,
      );
    }
  }

  if (r.scale) {
    const sizes = Object.keys(/** @type {{ msBySize: object }} */ (r.scale[0]).msBySize);
    const pairs = /** @type {{ growth: Array<{ from: number, to: number }> }} */ (r.scale[0]).growth.map((g) => `${g.from} → ${g.to}`);
    parts.push(
      `## 2. Pipeline scale: synthetic specs`,
      ``,
      `Growth exponent k in time ∝ operations^k: 1 is linear; below 1 the fixed start-up still dominates. A stage above ${GOALS.growthExponentMax} is flagged.`,
      ``,
      table(
        ["stage", ...sizes.map((n) => `${n} ops`), ...pairs.map((p) => `k ${p}`), "flag"],
        r.scale.map((row) => [
          row.stage,
          ...sizes.map((n) => s(/** @type {Record<string, number>} */ (row.msBySize)[n] ?? NaN)),
          ...row.growth.map((g) => g.exponent.toFixed(2)),
          row.growth.some((g) => g.exponent > GOALS.growthExponentMax) ? "**grows faster than linear**" : "",
        ]),
      ),
      ``,
    );
  }

  if (r.client) {
    parts.push(
      `## 3. Client cost per call`,
      ``,
      `A \`node:http\` server on 127.0.0.1 in its own process answers a \`listInstances\` page of 50 instances (${kb(r.client.pageBytes)} of JSON); sequential requests over keep-alive, variants taking turns.`,
      ``,
      table(
        ["variant", "requests/s", "p50", "p99", "throughput vs raw fetch", "requests"],
        r.client.http.map((h) => [h.variant, h.requestsPerSecond.toFixed(0), `${h.p50Ms.toFixed(2)} ms`, `${h.p99Ms.toFixed(2)} ms`, x(h.throughputToRawFetch), h.requests]),
      ),
      ``,
      `Pure overhead, with a stubbed \`fetch\` that answers the same page at once (the raw-fetch row is the floor: building and parsing the response):`,
      ``,
      table(
        ["variant", "per call", "overhead over raw fetch", "calls"],
        r.client.overhead.map((o) => [o.variant, `${o.perCallUs.toFixed(0)} µs`, `${o.overheadUs.toFixed(0)} µs`, o.calls]),
      ),
      ``,
    );
  }

  if (r.size) {
    const raw = r.size.find((row) => row.name === "app: raw fetch");
    parts.push(
      `## 4. Client size (esbuild, minified, browser, gzip -9)`,
      ``,
      table(
        ["bundle", "min", "min+gzip", "vs raw-fetch app", "budget (enforced by the tests)"],
        r.size.map((row) => [
          row.name,
          kb(row.minBytes),
          kb(row.gzipBytes),
          raw ? x(row.gzipBytes / raw.gzipBytes) : "",
          row.budgetGzipBytes === undefined ? "" : `${kb(row.budgetGzipBytes)} (${row.budgetGzipBytes} B)`,
        ]),
      ),
      ``,
    );
  }

  if (r.contract) {
    const c = r.contract;
    parts.push(
      `## 5. Contract suite and Prism's start`,
      ``,
      table(
        ["what", "wall time", "ratio"],
        [
          ["Prism start, in-process (`@beeos/mock-server`, fresh Node process until it answers)", s(c.prism.inProcessMs), "1.00×"],
          ["Prism start, CLI (`prism mock`, until it answers)", s(c.prism.cliMs), x(c.prism.cliToInProcess)],
          "missing" in c.suite
            ? ["contract suite", `not measured: ${c.suite.missing}`, ""]
            : [`contract suite (\`pnpm test\` in apps/contract-tests${c.suite.summary ? `: ${c.suite.summary}` : ""}, exit ${c.suite.exitCode})`, s(c.suite.wallMs), ""],
        ],
      ),
      ``,
    );
  }

  const verdicts = evaluateGoals(r);
  parts.push(
    `## Goals`,
    ``,
    table(
      ["goal", "target", "measured", "verdict"],
      verdicts.map((v) => [v.goal, v.target, v.measured, v.met === undefined ? "not measured" : v.met ? "met" : "**MISSED**"]),
    ),
    ``,
  );
  const missed = verdicts.filter((v) => v.met === false);
  const failures = Object.entries(r.failures ?? {});
  parts.push(`## Closing note`, ``);
  const unmeasured = verdicts.filter((v) => v.met === undefined).map((v) => v.goal);
  if (missed.length === 0 && failures.length === 0) {
    parts.push(unmeasured.length === 0 ? `Every goal was met in this run.` : `Every goal measured in this run was met; not measured: ${unmeasured.join("; ")}.`);
  }
  for (const v of missed) parts.push(`- Missed: ${v.goal} (${v.measured}, target ${v.target}). What limits it: ${v.limit ?? "see the table above"}.`);
  for (const [name, why] of failures) parts.push(`- The ${name} bench failed and measured nothing: ${why}`);
  parts.push(``);
  return parts.join("\n");
}

/**
 * Writes `<stamp>.md` and `<stamp>.json`, and the same as `latest.*`.
 * @param {string} dir
 * @param {Results} results
 * @param {{ command: string, wallMs: number, startedAt: string, machine: string }} run
 */
export function writeReport(dir, results, run) {
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(results, run);
  const json = JSON.stringify({ ...run, goals: evaluateGoals(results), results }, null, 2) + "\n";
  const stamp = run.startedAt.replace(/[:.]/g, "-");
  const files = [join(dir, `bench-${stamp}.md`), join(dir, `bench-${stamp}.json`), join(dir, "latest.md"), join(dir, "latest.json")];
  writeFileSync(/** @type {string} */ (files[0]), markdown);
  writeFileSync(/** @type {string} */ (files[1]), json);
  writeFileSync(/** @type {string} */ (files[2]), markdown);
  writeFileSync(/** @type {string} */ (files[3]), json);
  return { markdown, files };
}
