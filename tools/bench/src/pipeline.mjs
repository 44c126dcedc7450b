// @ts-check
// `pnpm build` cold and warm, on a fresh copy of the working tree (the files a
// clone has plus uncommitted ones, no build outputs), so that the repository's
// shared outputs are never rebuilt under anyone's feet; against turbo's bare start-up.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { cleanEnv, measure, memoryNote, repoRoot, run, tempDir } from "./common.mjs";
import { goal } from "./report.mjs";

/** The working tree as a clone after `pnpm install` has it, in a git repository (turbo hashes through git). */
function freshCopy() {
  const dir = tempDir("build");
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8", maxBuffer: 1 << 26 });
  const files = listed.split("\0").filter((f) => f !== "" && existsSync(join(repoRoot, f)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file));
  }
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  // Each package's node_modules copied link by link: its relative links then point at the copy's own packages.
  for (const pkg of files.filter((f) => f.endsWith("/package.json")).map(dirname)) {
    if (existsSync(join(repoRoot, pkg, "node_modules"))) cpSync(join(repoRoot, pkg, "node_modules"), join(dir, pkg, "node_modules"), { recursive: true, verbatimSymlinks: true });
  }
  const git = (/** @type {string[]} */ ...args) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false", ...args], { cwd: dir, stdio: "ignore" });
  [["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench copy"]].forEach((args) => git(...args));
  return dir;
}

/** @param {{ repeats: number }} plan */
export async function benchPipeline({ repeats }) {
  const dir = freshCopy();
  const env = cleanEnv({ TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" });
  const turbo = (/** @type {string[]} */ args, allowFail = false) => run([join(repoRoot, "node_modules", ".bin", "turbo"), "run", ...args], { cwd: dir, env, allowFail });
  try {
    const cold = await turbo(["build", "--force"]);
    // Nothing changed since; the second build shows which tasks' hashes still moved.
    const second = await turbo(["build"]);
    const [, cached = "?", total = "?"] = /Cached:\s+(\d+) cached, (\d+) total/.exec(second.stdout) ?? [];
    const misses = [...second.stdout.matchAll(/^(\S+?): cache miss, executing/gm)].map((m) => m[1]).join(", ");
    let warmPeak = 0;
    const t = await measure(
      {
        warm: async () => {
          const w = await turbo(["build"]);
          if (!/FULL TURBO/.test(w.stdout)) throw new Error(`the warm build did not replay everything from cache:\n${w.stdout.slice(-2000)}`);
          warmPeak = Math.max(warmPeak, w.peakMb ?? 0);
        },
        // turbo's start-up and task-graph load, ending in its error about the missing task: nothing is hashed or run.
        floor: async () => {
          const f = await turbo(["bench-no-such-task"], true);
          if (!/Could not find task/.test(f.stdout + f.stderr)) throw new Error(`turbo run bench-no-such-task did not fail as expected:\n${f.stderr.slice(-1000)}`);
        },
      },
      { iterations: repeats },
    );
    const [warm = NaN, floor = NaN] = [t.warm?.latency.p50, t.floor?.latency.p50];
    const row = (/** @type {string} */ what, /** @type {number} */ ms, /** @type {number | undefined} */ mb) => ({ what, "wall, ms": ms, ...(mb && { "peak RSS, MB": mb }), "× turbo start-up": ms / floor });
    const rows = [
      row("cold `turbo run build --force`, fresh tree", cold.wallMs, cold.peakMb),
      row(`first rebuild, nothing changed (${cached} of ${total} cached${misses && `; re-ran ${misses}`})`, second.wallMs, undefined),
      { ...row(`warm \`turbo run build\`, full replay (p50 of ${repeats})`, warm, warmPeak), goal: goal(warm / floor, "≤", 3) },
      row(`turbo's bare start-up, \`turbo run <missing task>\` (p50 of ${repeats})`, floor, undefined),
    ];
    return [{ title: "Pipeline: `pnpm build` cold and warm", note: memoryNote, rows }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
