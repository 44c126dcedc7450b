// @ts-check
// What every bench shares: where things are, running a command (wall time, and
// the peak memory of its largest process from GNU time), and tinybench.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { Bench } from "tinybench";

export const benchDir = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: benchDir, encoding: "utf8" }).trim();
export const redoclyConfig = join(repoRoot, "redocly.yaml");
export const pkgDir = (/** @type {string} */ name) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
export const bin = (/** @type {string} */ name) => join(benchDir, "node_modules", ".bin", name);
export const tempDir = (/** @type {string} */ what) => mkdtempSync(join(tmpdir(), `beeos-bench-${what}-`));
const TIME = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "%M"] : [];
export const memoryNote = TIME.length ? "Peak RSS: the largest process, from GNU time." : "No peak memory: /usr/bin/time (GNU time) is missing.";
/** The environment of child processes: no turbo settings leak in from the turbo task running the bench. */
export const cleanEnv = (extra = {}) => ({ ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TURBO_"))), NO_COLOR: "1", ...extra });

/** Starts a command in a process group of its own; `stop()` kills the whole group. @param {string[]} argv @param {import("node:child_process").SpawnOptions} options */
export function start([cmd = "", ...args], options = {}) {
  const child = spawn(cmd, args, { cwd: benchDir, env: cleanEnv(), stdio: "ignore", ...options, detached: true });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {} // the group is gone already
  };
  return { child, stop };
}

/**
 * Runs a command to its end; a non-zero exit is an error showing its output, unless `allowFail`.
 * @param {string[]} argv @param {{ cwd?: string, env?: NodeJS.ProcessEnv, allowFail?: boolean }} options
 */
export async function run(argv, { allowFail = false, ...options } = {}) {
  const started = performance.now();
  const { child, stop } = start([...TIME, ...argv], { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout?.on("data", (d) => (out.stdout += d));
  child.stderr?.on("data", (d) => (out.stderr += d));
  const timer = setTimeout(stop, 300_000);
  const [code] = await once(child, "close").finally(() => clearTimeout(timer));
  const lines = out.stderr.trimEnd().split("\n");
  const peakKb = TIME.length ? Number(lines.pop()) : 0; // GNU time's line, not the command's
  const result = { ...out, stderr: lines.join("\n"), code: code ?? 1, wallMs: performance.now() - started, peakMb: peakKb > 0 ? peakKb / 1024 : undefined };
  if (code !== 0 && !allowFail) throw new Error(`${argv.join(" ")} failed with exit ${code}:\n${`${out.stdout}\n${result.stderr}`.trim().split("\n").slice(-25).join("\n")}`);
  return result;
}

/**
 * Times the tasks with tinybench, one after another: each `iterations` calls at least, for
 * `time` ms at least, after `warmup` calls. Returns each task's result (latency in ms) and run count.
 * @param {Record<string, () => Promise<unknown>>} tasks @param {{ iterations?: number, time?: number, warmup?: number }} plan
 */
export async function measure(tasks, { iterations = 1, time = 0, warmup = 0 }) {
  const bench = new Bench({ iterations, time, warmup: warmup > 0, warmupIterations: warmup, warmupTime: 0, throws: true });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn, { async: true }); // else tinybench calls fn once to find out
  await bench.run();
  return Object.fromEntries(
    bench.tasks.map(({ name, result, runs }) => {
      if (result.state !== "completed") throw new Error(`${name}: ${"error" in result ? result.error.message : result.state}`);
      return [name, { ...result, runs }];
    }),
  );
}

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

/**
 * Each task in a fresh worker thread (its own isolate) per round: no task's JIT feedback, object
 * shapes or garbage slow another, and no round inherits a lucky or unlucky JIT state from the one
 * before. The tasks take turns, round after round, each warmed up and then run for
 * `time / rounds` ms, so that a burst of load on a noisy machine slows every task alike.
 * `moduleUrl` exports `makeTasks()`, called in each worker. Per task: the median of its periods,
 * its runs, and `ratio`, the median over the rounds of the first task's period over its own.
 * @param {string} moduleUrl
 * @param {{ time: number, warmup?: number, rounds?: number }} plan
 * @returns {Promise<Record<string, { period: number, ratio: number, runs: number }>>}
 */
export async function measureIsolated(moduleUrl, { time, warmup = 0, rounds = 10 }) {
  const lanes = Object.keys((await import(moduleUrl)).makeTasks()).map((name) => ({ name, periods: /** @type {number[]} */ ([]), ratios: /** @type {number[]} */ ([]), runs: 0 }));
  /** @type {(name: string) => Promise<{ period: number, runs: number }>} */
  const runFresh = async (name) => {
    const worker = new Worker(new URL("./task-worker.mjs", import.meta.url), { workerData: { moduleUrl, name, warmup, ms: time / rounds } });
    try {
      return await new Promise((resolve, reject) => {
        worker.once("error", reject); // its module failed, or `makeTasks` threw
        worker.once("exit", (code) => reject(new Error(`${name}: the worker exited (code ${code}) without an answer`)));
        worker.once("message", (/** @type {{ period: number, runs: number, error?: string }} */ answer) => (answer.error ? reject(new Error(answer.error)) : resolve(answer)));
      });
    } finally {
      await worker.terminate();
    }
  };
  for (let round = 0; round < rounds; round++) {
    for (const lane of lanes) {
      const { period, runs } = await runFresh(lane.name);
      lane.periods.push(period);
      lane.runs += runs;
    }
    const first = lanes[0]?.periods[round] ?? NaN;
    for (const lane of lanes) lane.ratios.push(first / (lane.periods[round] ?? NaN));
  }
  return Object.fromEntries(lanes.map((lane) => [lane.name, { period: median(lane.periods), ratio: median(lane.ratios), runs: lane.runs }]));
}
