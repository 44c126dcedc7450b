// @ts-check
// The contract suite's wall time, and what Prism's start costs: this toolkit's
// in-process mock server against Prism's own CLI, each started in a fresh
// process and timed until it answers.
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { bundledSpecPath } from "@beeos/spec";
import { bin, measure, repoRoot, run, start } from "./common.mjs";

/** Starts a server on a port that was free a moment ago, and waits until it answers HTTP; then stops it. @param {(port: string) => string[]} argv */
async function untilAnswering(argv) {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const port = String(/** @type {import("node:net").AddressInfo} */ (probe.address()).port);
  await new Promise((resolve) => probe.close(resolve));
  const { child, stop } = start(argv(port));
  try {
    for (const deadline = performance.now() + 60_000; performance.now() < deadline; await sleep(20)) {
      if (child.exitCode !== null) throw new Error(`${argv(port).join(" ")} exited with ${child.exitCode} before it answered`);
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/instances`, { headers: { Authorization: "Bearer oag_bench" } }).catch(() => undefined);
      if (res) return void (await res.arrayBuffer());
    }
    throw new Error(`${argv(port).join(" ")} did not answer within 60 s`);
  } finally {
    stop();
  }
}

const IN_PROCESS = `const { startMockServer } = await import("@beeos/mock-server"); await startMockServer({ specPath: process.argv[1], port: Number(process.argv[2]) });`;

/** @param {{ repeats: number }} plan */
export async function benchContract({ repeats }) {
  const t = await measure(
    {
      "Prism start, in-process (`@beeos/mock-server`, fresh Node process until it answers)": () =>
        untilAnswering((port) => [process.execPath, "--input-type=module", "-e", IN_PROCESS, bundledSpecPath, port]),
      "Prism start, CLI (`prism mock`, until it answers)": () => untilAnswering((port) => [bin("prism"), "mock", bundledSpecPath, "--host", "127.0.0.1", "--port", port]),
    },
    { iterations: repeats },
  );
  const inProcess = Object.values(t)[0]?.latency.p50 ?? NaN;
  /** @type {import("./report.mjs").Row[]} */
  const rows = Object.entries(t).map(([what, r]) => ({ what, "wall, ms": r.latency.p50, "× in-process": r.latency.p50 / inProcess }));
  const suite = await run(["pnpm", "--filter", "@beeos/contract-tests", "run", "test"], { cwd: repoRoot, allowFail: true });
  const summary = /Tests\s+(.+?)\s*$/m.exec(suite.stdout)?.[1]?.trim() ?? "no vitest summary";
  rows.push({ what: `contract suite, \`pnpm test\` of @beeos/contract-tests (${summary}; exit ${suite.code})`, "wall, ms": suite.wallMs });
  return [{ title: "Contract suite and Prism's start", note: `Prism's starts: p50 of ${repeats} each.`, rows }];
}
