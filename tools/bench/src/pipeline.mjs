// @ts-check
// 1. `pnpm build` cold and warm, on a fresh copy of the working tree (the
// files a clone has, plus uncommitted ones, none of the build outputs), so
// the shared outputs in the repository are never rebuilt under anyone's feet.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { cleanEnv, repoRoot, turboBin } from "./repo.mjs";
import { runChecked, runMeasured } from "./proc.mjs";
import { median, ratio } from "./stats.mjs";

const MISSING_TASK = "bench-no-such-task";

/** Workspace package folders, from pnpm-workspace.yaml's single-level globs. */
export function workspacePackages(root = repoRoot) {
  const { packages = [] } = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) ?? {};
  /** @type {string[]} */
  const dirs = [];
  for (const glob of /** @type {string[]} */ (packages)) {
    if (glob.endsWith("/*")) {
      const parent = glob.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const name of readdirSync(join(root, parent)).sort()) {
        if (existsSync(join(root, parent, name, "package.json"))) dirs.push(`${parent}/${name}`);
      }
    } else if (existsSync(join(root, glob, "package.json"))) dirs.push(glob);
  }
  return dirs;
}

/**
 * A copy of the working tree as a clone after `pnpm install` would be: the
 * files git knows (tracked and untracked, not ignored), the installed
 * node_modules linked in, and a git repository, since turbo hashes through git.
 */
export function freshCopy() {
  const dir = mkdtempSync(join(tmpdir(), "beeos-bench-build-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(repoRoot, f)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file));
  }
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  for (const pkg of workspacePackages()) {
    const modules = join(repoRoot, pkg, "node_modules");
    // Copied link by link: their relative links then point at the copy's own workspace packages.
    if (existsSync(modules)) cpSync(modules, join(dir, pkg, "node_modules"), { recursive: true, verbatimSymlinks: true });
  }
  const git = (/** @type {string[]} */ ...args) =>
    spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false", ...args], { cwd: dir, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "bench copy");
  return { dir, files: files.length, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * @param {{ warmRepeats: number, log: (line: string) => void }} options
 */
export async function benchPipeline({ warmRepeats, log }) {
  const copy = freshCopy();
  log(`copied ${copy.files} files of the working tree to a fresh tree`);
  const env = cleanEnv({ TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" });
  const opts = { cwd: copy.dir, env, timeoutMs: 300_000 };
  try {
    const cold = await runChecked(turboBin, ["run", "build", "--force"], opts);
    log(`cold build ${(cold.wallMs / 1000).toFixed(1)} s`);
    // Nothing changed since the cold build; a task graph whose hashes are exact replays all of it.
    const second = await runChecked(turboBin, ["run", "build"], opts);
    const secondCache = cacheCounts(second.stdout);
    log(`first rebuild with nothing changed: ${secondCache.cached} of ${secondCache.total} tasks from cache`);
    /** @type {import("./proc.mjs").RunResult[]} */
    const warm = [];
    /** @type {number[]} */
    const floor = [];
    for (let i = 0; i < warmRepeats; i++) {
      const w = await runChecked(turboBin, ["run", "build"], opts);
      if (!/FULL TURBO/.test(w.stdout)) throw new Error(`the warm build did not replay everything from cache:\n${w.stdout.slice(-2000)}`);
      warm.push(w);
      // turbo's start-up and task-graph load, ending with its error about the missing task: nothing is hashed or run.
      const f = await runMeasured(turboBin, ["run", MISSING_TASK], opts);
      if (!/Could not find task/.test(f.stdout + f.stderr)) {
        throw new Error(`turbo run ${MISSING_TASK} did not fail as expected (exit ${f.exitCode}):\n${(f.stdout + f.stderr).slice(-1000)}`);
      }
      floor.push(f.wallMs);
    }
    const warmMs = median(warm.map((w) => w.wallMs));
    const floorMs = median(floor);
    return {
      cold: { wallMs: cold.wallMs, maxRssBytes: cold.maxRssBytes, treePeakBytes: cold.treePeakBytes, tasks: countTasks(cold.stdout) },
      secondBuild: { wallMs: second.wallMs, ...secondCache, missed: cacheMisses(second.stdout) },
      warm: {
        wallMs: warmMs,
        maxRssBytes: Math.max(...warm.map((w) => w.maxRssBytes ?? 0)) || undefined,
        treePeakBytes: Math.max(...warm.map((w) => w.treePeakBytes ?? 0)) || undefined,
        samplesMs: warm.map((w) => w.wallMs),
      },
      floor: { wallMs: floorMs, samplesMs: floor },
      warmToFloor: ratio(warmMs, floorMs),
      coldToWarm: ratio(cold.wallMs, warmMs),
    };
  } finally {
    copy.remove();
  }
}

/** @param {string} stdout */
function countTasks(stdout) {
  const match = /Tasks:\s+(\d+) successful, (\d+) total/.exec(stdout);
  return match ? Number(match[2]) : undefined;
}

/** The tasks turbo ran instead of replaying, from its `pkg:task: cache miss, executing <hash>` lines. @param {string} stdout */
export function cacheMisses(stdout) {
  return [...stdout.matchAll(/^(\S+?): cache miss, executing/gm)].map((m) => /** @type {string} */ (m[1]));
}

/** turbo's own summary line, `Cached: 4 cached, 6 total`. @param {string} stdout */
export function cacheCounts(stdout) {
  const match = /Cached:\s+(\d+) cached, (\d+) total/.exec(stdout);
  if (!match) throw new Error(`turbo printed no "Cached:" summary:\n${stdout.slice(-1000)}`);
  return { cached: Number(match[1]), total: Number(match[2]) };
}
