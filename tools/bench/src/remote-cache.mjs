// @ts-check
// Past one machine: a cold build of a second clone with the remote cache
// (`pnpm cache:serve`, filled by a first clone) against the same cold build
// without it, the bytes one full build stores on the server; and the contract
// suite as one process against four shards run at once on this machine.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { cleanEnv, repoRoot, run, start, tempDir } from "./common.mjs";
import { goal } from "./report.mjs";

/** A clone of the committed HEAD, installed from the warm store (no network). @param {string} dir */
function cloneAndInstall(dir) {
  execFileSync("git", ["clone", "-q", repoRoot, dir], { stdio: "ignore" });
  execFileSync("pnpm", ["install", "--frozen-lockfile", "--offline"], { cwd: dir, stdio: "ignore", env: cleanEnv() });
  return dir;
}

/** `pnpm cache:serve` on a free port with its storage in `storage`; resolves with the exports it prints. @param {string} storage */
async function serve(storage) {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = String(/** @type {import("node:net").AddressInfo} */ (probe.address()).port);
  await new Promise((resolve) => probe.close(resolve));
  const server = start(["pnpm", "--filter", "@beeos/remote-cache", "run", "cache:serve", "--port", port, "--storage", storage], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  server.child.stdout?.on("data", (d) => (out += d));
  for (const deadline = Date.now() + 60_000; !out.includes("Ctrl-C"); await sleep(100)) {
    if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`pnpm cache:serve did not start:\n${out.slice(-1000)}`);
  }
  const env = Object.fromEntries([...out.matchAll(/^export (TURBO_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
  return { env, stop: server.stop };
}

/** Bytes and files in the team's folder of the server's storage. @param {string} dir */
const usage = (dir) => readdirSync(dir).reduce((sum, f) => ({ bytes: sum.bytes + statSync(join(dir, f)).size, files: sum.files + 1 }), { bytes: 0, files: 0 });

/** @param {{ repeats: number }} plan */
export async function benchRemoteCache({ repeats }) {
  const root = tempDir("remote-cache");
  const storage = join(root, "server");
  const server = await serve(storage);
  let n = 0;
  /** `turbo run build` with an empty local cache of its own. @param {string} dir @param {Record<string, string>} remote */
  const coldBuild = async (dir, remote) => {
    const env = cleanEnv({ TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", ...remote });
    return run([join(dir, "node_modules", ".bin", "turbo"), "run", "build", `--cache-dir=${join(root, `cache-${++n}`)}`], { cwd: dir, env });
  };
  try {
    const a = cloneAndInstall(join(root, "a"));
    await coldBuild(a, server.env);
    const stored = usage(join(storage, server.env["TURBO_TEAM"] ?? "beeos"));
    // Each build in a fresh clone B (cloned and installed off the clock): its first build, as on a new machine.
    const firstBuild = async (/** @type {Record<string, string>} */ remote) => {
      const b = cloneAndInstall(join(root, `clone-b-${++n}`));
      try {
        const out = await coldBuild(b, remote);
        if (Object.keys(remote).length > 0 && !/FULL TURBO/.test(out.stdout)) throw new Error(`clone B did not replay every task from the remote cache:\n${out.stdout.slice(-2000)}`);
        return out.wallMs;
      } finally {
        rmSync(b, { recursive: true, force: true });
      }
    };
    const times = { remote: /** @type {number[]} */ ([]), local: /** @type {number[]} */ ([]) };
    for (let i = 0; i < repeats; i++) {
      times.remote.push(await firstBuild(server.env));
      times.local.push(await firstBuild({}));
    }
    const p50 = (/** @type {number[]} */ xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)] ?? NaN;
    const [remote, local] = [p50(times.remote), p50(times.local)];
    const rows = [
      { what: `first \`turbo run build\` of a fresh clone B, remote cache filled by clone A (p50 of ${repeats})`, "wall, ms": remote, "× no remote cache": remote / local, goal: goal(remote / local, "≤", 0.5) },
      { what: `first \`turbo run build\` of a fresh clone B, no remote cache (p50 of ${repeats})`, "wall, ms": local, "× no remote cache": 1 },
      { what: `stored on the server by one full build: ${stored.files} files (artifacts and their signature tags)`, KiB: stored.bytes / 1024 },
    ];
    return [
      { title: "Remote cache: a second clone's cold build", note: "Clones of the committed HEAD in different folders, each build with an empty local cache; the server is `pnpm cache:serve` on 127.0.0.1.", rows },
      await benchShards(),
    ];
  } finally {
    server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** The contract suite in one process, then as four shards started at once. */
async function benchShards() {
  const suite = (/** @type {string[]} */ extra) => run(["pnpm", "--filter", "@beeos/contract-tests", "run", "test", ...extra], { cwd: repoRoot, allowFail: true });
  const whole = await suite([]);
  const started = performance.now();
  const shards = await Promise.all([1, 2, 3, 4].map((i) => suite([`--shard=${i}/4`])));
  const wall = performance.now() - started;
  const tests = (/** @type {string} */ out) => Number(/Tests\s+(\d+) passed/.exec(out)?.[1] ?? 0);
  const codes = shards.map((s) => s.code).join(", ");
  const rows = [
    { what: `contract suite, one process (${tests(whole.stdout)} tests passed; exit ${whole.code})`, "wall, ms": whole.wallMs, "× one process": 1 },
    {
      what: `contract suite, 4 shards at once, \`--shard=i/4\` (${shards.map((s) => tests(s.stdout)).join(" + ")} tests passed; exits ${codes})`,
      "wall, ms": wall,
      "× one process": wall / whole.wallMs,
    },
    ...shards.map((s, i) => ({ what: `shard ${i + 1}/4, its own wall time in that run`, "wall, ms": s.wallMs, "× one process": s.wallMs / whole.wallMs })),
  ];
  return { title: "Contract suite: one process against 4 shards at once", note: "All four shards on this one machine: the split is by test file, so the slowest shard sets the wall time.", rows };
}
