// @ts-check
// 5. The contract suite's wall time, and what Prism's start costs: in this
// toolkit's in-process mock server against Prism's own CLI, each started in a
// fresh Node process and timed until it answers.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { bin, bundledSpec, cleanEnv, repoRoot } from "./repo.mjs";
import { runMeasured } from "./proc.mjs";
import { median, pairedRatio } from "./stats.mjs";

const CONTRACT_DIR = join(repoRoot, "apps", "contract-tests");

/** A port that was free a moment ago; Prism's CLI needs one up front. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Polls until anything answers HTTP on the URL. */
async function waitForHttp(/** @type {string} */ url, /** @type {number} */ deadline) {
  for (;;) {
    try {
      const res = await fetch(url, { headers: { Authorization: "Bearer oag_bench" } });
      await res.arrayBuffer();
      return;
    } catch {
      if (performance.now() > deadline) throw new Error(`nothing answered on ${url} in time`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/**
 * Spawns `args` with node, and resolves with the ms from spawn until `ready` says so; the process is always stopped.
 * @param {string[]} args
 * @param {(child: import("node:child_process").ChildProcess) => Promise<void>} ready
 */
async function timeStart(args, ready, timeoutMs = 60_000) {
  const started = performance.now();
  const child = spawn(args[0] ?? process.execPath, args.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: cleanEnv(), detached: true });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`exited with ${code} before it was ready:\n${output.slice(-1500)}`))));
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${args.join(" ")}: not ready within ${timeoutMs} ms`)), timeoutMs)));
  try {
    await Promise.race([ready(child), exited, late]);
    return performance.now() - started;
  } finally {
    clearTimeout(timer);
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

// Starts the mock server in a fresh Node process and prints its URL once it listens.
const IN_PROCESS = `
const { startMockServer } = await import("@beeos/mock-server");
const server = await startMockServer({ specPath: process.argv[1] });
process.stdout.write("listening " + server.url + "\\n");
setTimeout(() => server.close(), 30000);
`;

/** @param {{ rounds: number, log: (line: string) => void }} options */
export async function benchContract({ rounds, log }) {
  /** @type {number[]} */
  const inProcess = [];
  /** @type {number[]} */
  const cli = [];
  for (let i = 0; i < rounds; i++) {
    inProcess.push(
      await timeStart([process.execPath, "--input-type=module", "-e", IN_PROCESS, bundledSpec], (child) =>
        new Promise((resolve) => {
          let seen = "";
          child.stdout?.on("data", (d) => {
            seen += d;
            const match = /listening (\S+)/.exec(seen);
            if (match) void waitForHttp(`${match[1]}/api/v1/instances`, performance.now() + 30_000).then(resolve);
          });
        }),
      ),
    );
    const port = /** @type {number} */ (await freePort());
    cli.push(
      await timeStart([bin("prism"), "mock", bundledSpec, "--host", "127.0.0.1", "--port", String(port)], () =>
        waitForHttp(`http://127.0.0.1:${port}/api/v1/instances`, performance.now() + 60_000),
      ),
    );
  }
  const prism = { inProcessMs: median(inProcess), cliMs: median(cli), cliToInProcess: pairedRatio(cli, inProcess) };
  log(`prism start: in-process ${prism.inProcessMs.toFixed(0)} ms, CLI ${prism.cliMs.toFixed(0)} ms`);

  let suite;
  const pkgPath = join(CONTRACT_DIR, "package.json");
  if (!existsSync(pkgPath) || !JSON.parse(readFileSync(pkgPath, "utf8")).scripts?.test) {
    suite = { missing: `no test script in ${pkgPath.slice(repoRoot.length + 1)}` };
  } else {
    const run = await runMeasured("pnpm", ["run", "test"], { cwd: CONTRACT_DIR, env: cleanEnv(), timeoutMs: 300_000 });
    const summary = /Tests\s+(.+?)\s*$/m.exec(run.stdout)?.[1]?.trim();
    suite = { wallMs: run.wallMs, exitCode: run.exitCode, summary, treePeakBytes: run.treePeakBytes };
    log(`contract suite ${(run.wallMs / 1000).toFixed(1)} s (exit ${run.exitCode})`);
  }
  return { prism, suite };
}
