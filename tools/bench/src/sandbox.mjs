// @ts-check
// The sandbox under load: throughput and p50/p99 latency of listInstances and getInstance with
// autocannon, on the sandbox directly and through Prism's validating proxy, at 1, 10 and 100
// connections; then the sandbox's memory before and after 100,000 requests. The sandbox and
// Prism each run in a process of their own, so autocannon's work is not counted against them.
import { once } from "node:events";
import { createRequire } from "node:module";
import { spawnMockCli } from "@beeos/mock-server";
import { cleanEnv, start } from "./common.mjs";
import { goal } from "./report.mjs";

/**
 * @typedef {{ requests: { average: number, total: number }, latency: { p50: number, p99: number }, non2xx: number, errors: number, timeouts: number }} CannonResult
 * autocannon ships no types; this is the part of its result the bench reads.
 */
const autocannon = /** @type {(options: object) => Promise<CannonResult>} */ (createRequire(import.meta.url)("autocannon"));

const TOKEN = "oag_bench_sandbox";
const INSTANCES = 100;
const PAGE_SIZE = 50;
const MEMORY_REQUESTS = 100_000;
/** The bound the memory bench holds the sandbox to: heap after GC, and resident set. */
const HEAP_GROWTH_MB = 8;
const RSS_GROWTH_MB = 64;

// Starts the sandbox, prints its URL, and answers "mem" over IPC with its memory after a GC.
const SERVER = `
const { startSandbox } = await import(process.env.SANDBOX_ENTRY);
const instances = Array.from({ length: ${INSTANCES} }, (_, i) => ({ id: "instance_" + String(i).padStart(3, "0"), name: "bench-" + i }));
const sandbox = await startSandbox({ seed: { shared: { instances } } });
process.on("message", (m) => {
  if (m !== "mem") return;
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send({ rss, heapUsed });
});
process.on("disconnect", () => sandbox.close().then(() => process.exit()));
console.log(sandbox.url);
`;

/** @param {string} url @param {{ connections: number, duration?: number, amount?: number }} plan */
async function cannon(url, plan) {
  const result = await autocannon({ url, headers: { authorization: `Bearer ${TOKEN}` }, ...plan });
  return result;
}

/** @param {import("node:child_process").ChildProcess} child */
async function memoryOf(child) {
  child.send("mem");
  const [mem] = await once(child, "message");
  return /** @type {{ rss: number, heapUsed: number }} */ (mem);
}

/** @param {{ seconds: number, connections?: number[], memoryRequests?: number }} plan */
export async function benchSandbox({ seconds, connections = [1, 10, 100], memoryRequests = MEMORY_REQUESTS }) {
  const entry = import.meta.resolve("@beeos/sandbox");
  const server = start([process.execPath, "--expose-gc", "--input-type=module", "-e", SERVER], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    env: cleanEnv({ SANDBOX_ENTRY: entry }),
  });
  /** @type {import("@beeos/mock-server").SpawnedMock | undefined} */
  let prism;
  try {
    const [line] = await once(/** @type {import("node:stream").Readable} */ (server.child.stdout), "data");
    const sandboxUrl = String(line).trim();
    prism = await spawnMockCli({ args: ["--upstream", sandboxUrl, "--errors"] });
    const targets = { sandbox: sandboxUrl, "sandbox behind Prism's validating proxy": prism.url };
    const operations = { listInstances: `/api/v1/instances?pageSize=${PAGE_SIZE}`, getInstance: "/api/v1/instances/instance_042" };
    /** @type {import("./report.mjs").Row[]} */
    const rows = [];
    for (const [target, base] of Object.entries(targets)) {
      for (const [operation, path] of Object.entries(operations)) {
        for (const c of connections) {
          const r = await cannon(`${base}${path}`, { connections: c, duration: seconds });
          rows.push({
            what: `${operation}, ${target}`,
            connections: c,
            "req/s": r.requests.average,
            "p50, ms": r.latency.p50,
            "p99, ms": r.latency.p99,
            "non-2xx": r.non2xx,
            errors: r.errors + r.timeouts,
            requests: r.requests.total,
          });
        }
      }
    }
    const direct = (/** @type {string} */ op, /** @type {unknown} */ c) => Number(rows.find((r) => r.what === `${op}, sandbox` && r.connections === c)?.["req/s"] ?? NaN);
    for (const row of rows) if (String(row.what).includes("Prism")) row["× direct"] = Number(row["req/s"]) / direct(String(row.what).split(",")[0] ?? "", row.connections);

    // Memory: warm up, then 100,000 requests (half list, half get) and compare after a GC.
    await cannon(`${sandboxUrl}${operations.getInstance}`, { connections: 10, amount: 2000 });
    const before = await memoryOf(server.child);
    const half = Math.floor(memoryRequests / 2);
    const list = await cannon(`${sandboxUrl}${operations.listInstances}`, { connections: 10, amount: half });
    const get = await cannon(`${sandboxUrl}${operations.getInstance}`, { connections: 10, amount: memoryRequests - half });
    const after = await memoryOf(server.child);
    const mb = (/** @type {number} */ b) => b / 1024 / 1024;
    const failed = list.non2xx + list.errors + get.non2xx + get.errors;
    const memoryRows = [
      { what: "heap used after GC, MB", before: mb(before.heapUsed), after: mb(after.heapUsed), growth: mb(after.heapUsed - before.heapUsed), goal: goal(mb(after.heapUsed - before.heapUsed), "≤", HEAP_GROWTH_MB) },
      { what: "resident set (RSS), MB", before: mb(before.rss), after: mb(after.rss), growth: mb(after.rss - before.rss), goal: goal(mb(after.rss - before.rss), "≤", RSS_GROWTH_MB) },
      { what: "requests (non-2xx or errors)", before: 0, after: list.requests.total + get.requests.total, growth: failed, goal: goal(failed, "≤", 0) },
    ];
    const note =
      `The sandbox (${INSTANCES} seeded instances, one token) and Prism (\`beeos-mock --upstream … --errors\`) each in a process of their own; ` +
      `autocannon for ${seconds} s per row; listInstances asks for a page of ${PAGE_SIZE}. Prism's rows pay for its request and response validation.`;
    return [
      { title: "Sandbox throughput and latency (autocannon)", note, rows },
      {
        title: `Sandbox memory over ${memoryRequests.toLocaleString("en")} requests`,
        note: `${half.toLocaleString("en")} listInstances and ${(memoryRequests - half).toLocaleString("en")} getInstance at 10 connections after a warm-up of 2,000; memory read in the sandbox's process after a forced GC. Bound: heap growth ≤ ${HEAP_GROWTH_MB} MB, RSS growth ≤ ${RSS_GROWTH_MB} MB.`,
        rows: memoryRows,
      },
    ];
  } finally {
    await prism?.close();
    server.stop();
  }
}
