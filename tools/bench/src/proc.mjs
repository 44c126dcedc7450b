// @ts-check
// Runs a command to completion and measures what a user feels: wall time, and
// peak memory both of the largest single process (GNU time's maximum resident
// set size, when /usr/bin/time exists) and of the whole process tree (sampled
// from /proc, since turbo runs its tasks side by side).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = existsSync(GNU_TIME);
const PAGE_BYTES = (() => {
  try {
    return Number(execFileSync("getconf", ["PAGESIZE"], { encoding: "utf8" }).trim()) || 4096;
  } catch {
    return 4096;
  }
})();

/** Resident bytes of `root` and all its descendants, from one pass over /proc. @param {number} root */
export function treeRssBytes(root) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  /** @type {Map<number, number>} */
  const rss = new Map();
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // The command name may hold spaces and parentheses; fields resume after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pid = Number(name);
    const ppid = Number(fields[1]);
    rss.set(pid, Number(fields[21]) * PAGE_BYTES);
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = /** @type {number} */ (stack.pop());
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * @typedef {object} RunResult
 * @property {number} wallMs
 * @property {number} exitCode
 * @property {string} stdout
 * @property {string} stderr
 * @property {number | undefined} maxRssBytes  largest single process (GNU time)
 * @property {number | undefined} treePeakBytes  whole tree, sampled
 */

/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs: number, sampleMs?: number }} options
 * @returns {Promise<RunResult>}
 */
export function runMeasured(command, args, options) {
  const { cwd, env = process.env, timeoutMs, sampleMs = 50 } = options;
  const argv = hasGnuTime ? [GNU_TIME, ["-v", command, ...args]] : [command, [...args]];
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(/** @type {string} */ (argv[0]), /** @type {string[]} */ (argv[1]), { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let treePeak = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      const bytes = treeRssBytes(child.pid);
      if (bytes !== undefined && bytes > treePeak) treePeak = bytes;
    };
    const sampler = setInterval(sample, sampleMs);
    // The whole group, so that nothing the command started outlives the bench.
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) took longer than ${timeoutMs} ms and was stopped`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearInterval(sampler);
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${err.message}`));
    });
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - started;
      clearInterval(sampler);
      clearTimeout(timer);
      killGroup();
      let maxRssBytes;
      if (hasGnuTime) {
        const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (match) maxRssBytes = Number(match[1]) * 1024;
        // GNU time's report is ours, not the command's.
        stderr = stderr.replace(/\n?\s*Command being timed:[\s\S]*$/, "");
      }
      resolvePromise({
        wallMs,
        exitCode: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        maxRssBytes,
        treePeakBytes: treePeak > 0 ? treePeak : undefined,
      });
    });
  });
}

/**
 * Like runMeasured, but a failing command is an error that shows its output.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs: number }} options
 */
export async function runChecked(command, args, options) {
  const result = await runMeasured(command, args, options);
  if (result.exitCode !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-25).join("\n");
    throw new Error(`${command} ${args.join(" ")} failed with exit ${result.exitCode} (in ${options.cwd}):\n${tail}`);
  }
  return result;
}
