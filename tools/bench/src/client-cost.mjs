// @ts-check
// 3. What the client costs per call: requests per second and latency against a
// loopback server, for raw fetch (the floor), bare openapi-fetch and
// @beeos/client; and the pure overhead per call with a stubbed fetch.
// Variants take turns within each round, and each figure is the median of its
// per-round ratio to raw fetch, so a slow moment of the machine hits all alike.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import createClient from "openapi-fetch";
import { createBeeosClient } from "@beeos/client";
import { benchDir, bundledSpec } from "./repo.mjs";
import { median, pairedRatio, percentile } from "./stats.mjs";

const PAGE_SIZE = 50;
const TOKEN = "oag_bench_token";
const LIST_PATH = "/api/v1/instances";

/**
 * The page a server sends for listInstances: 50 instances made from the spec's
 * example Instance, each with its own id and name.
 */
export function instancePage(spec = JSON.parse(readFileSync(bundledSpec, "utf8"))) {
  const example = spec?.components?.examples?.InstanceRunning?.value?.data;
  if (!example || typeof example !== "object" || typeof example.id !== "string") {
    throw new Error(`${bundledSpec}: components.examples.InstanceRunning.value.data is not an Instance; the page is built from it`);
  }
  const data = Array.from({ length: PAGE_SIZE }, (_, i) => ({ ...example, id: `${example.id}_${i}`, name: `${example.name}-${i}` }));
  return { success: true, data, total: PAGE_SIZE * 20 };
}

/** @returns {Promise<{ baseUrl: string, stop: () => Promise<void> }>} */
function startServer(/** @type {string} */ body) {
  const child = spawn(process.execPath, [join(benchDir, "src", "instance-server.mjs"), body], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
      child.once("exit", () => resolve(undefined));
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 2000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error("the loopback server did not report its port within 10 s"));
    }, 10_000);
    child.once("error", reject);
    child.stdout?.once("data", (chunk) => {
      clearTimeout(timer);
      const port = Number(String(chunk).trim());
      if (!Number.isInteger(port)) return reject(new Error(`the loopback server printed ${JSON.stringify(String(chunk))} instead of a port`));
      resolve({ baseUrl: `http://127.0.0.1:${port}`, stop: /** @type {() => Promise<void>} */ (stop) });
    });
  });
}

/** @typedef {{ name: string, call: () => Promise<unknown> }} Variant */

/**
 * The ways to ask for the same page, each checking it got all 50 instances.
 * @param {typeof fetch} fetchImpl
 * @param {string} baseUrl
 * @returns {Variant[]}
 */
export function variants(fetchImpl, baseUrl) {
  const query = { page: 0, pageSize: PAGE_SIZE };
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const bare = createClient({ baseUrl, headers: auth, fetch: fetchImpl });
  const client = (/** @type {object} */ extra) => createBeeosClient({ baseUrl, token: TOKEN, fetch: fetchImpl, ...extra });
  let logged = 0;
  const logger = (/** @type {string} */ line) => {
    logged += line.length > 0 ? 1 : 0;
  };
  const quiet = client({ maxRetries: 0 });
  const retrying = client({});
  const logging = client({ logger });
  const check = (/** @type {{ data?: { data?: unknown[] } }} */ r) => {
    if (r.data?.data?.length !== PAGE_SIZE) throw new Error(`expected a page of ${PAGE_SIZE} instances, got ${JSON.stringify(r).slice(0, 200)}`);
  };
  const checkBody = (/** @type {{ data?: unknown[] }} */ body) => check({ data: body });
  return [
    {
      name: "raw fetch",
      call: async () => {
        const res = await fetchImpl(`${baseUrl}${LIST_PATH}?page=${query.page}&pageSize=${query.pageSize}`, { headers: auth });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        checkBody(await res.json());
      },
    },
    { name: "openapi-fetch", call: async () => check(/** @type {never} */ (await bare.GET(/** @type {never} */ (LIST_PATH), /** @type {never} */ ({ params: { query } })))) },
    { name: "@beeos/client listInstances (retries off, no logger)", call: async () => checkBody(await quiet.listInstances({ query })) },
    { name: "@beeos/client listInstances (retries on, no logger)", call: async () => checkBody(await retrying.listInstances({ query })) },
    {
      name: "@beeos/client listInstances (retries on, logger on)",
      call: async () => {
        const before = logged;
        checkBody(await logging.listInstances({ query }));
        if (logged === before) throw new Error("the logger got no line");
      },
    },
    { name: "@beeos/client GET surface (retries on, no logger)", call: async () => check(/** @type {never} */ (await retrying.GET(LIST_PATH, { params: { query } }))) },
  ];
}

/**
 * Runs every variant `rounds` times, taking turns, each turn `perRound` sequential calls.
 * @param {Variant[]} list
 * @param {{ rounds: number, perRound: number, warmup: number, maxTurnMs: number }} plan
 */
async function measureVariants(list, plan) {
  /** @type {Map<string, { latencies: number[], rates: number[] }>} */
  const out = new Map(list.map((v) => [v.name, { latencies: [], rates: [] }]));
  for (const v of list) for (let i = 0; i < plan.warmup; i++) await v.call();
  for (let round = 0; round < plan.rounds; round++) {
    // Rotate the order so no variant always runs right after the same neighbour.
    const order = list.map((_, i) => /** @type {Variant} */ (list[(i + round) % list.length]));
    for (const v of order) {
      const slot = /** @type {{ latencies: number[], rates: number[] }} */ (out.get(v.name));
      const started = performance.now();
      let n = 0;
      for (; n < plan.perRound && performance.now() - started < plan.maxTurnMs; n++) {
        const t = performance.now();
        await v.call();
        slot.latencies.push(performance.now() - t);
      }
      slot.rates.push(n / ((performance.now() - started) / 1000));
    }
  }
  return out;
}

/**
 * @param {{ rounds: number, perRound: number, stubPerRound: number, log: (line: string) => void }} options
 */
export async function benchClientCost({ rounds, perRound, stubPerRound, log }) {
  const page = instancePage();
  const body = JSON.stringify(page);
  const server = await startServer(body);
  let http;
  try {
    const list = variants(globalThis.fetch, server.baseUrl);
    const measured = await measureVariants(list, { rounds, perRound, warmup: 100, maxTurnMs: 3000 });
    const floor = /** @type {{ rates: number[] }} */ (measured.get("raw fetch"));
    http = list.map((v) => {
      const m = /** @type {{ latencies: number[], rates: number[] }} */ (measured.get(v.name));
      return {
        variant: v.name,
        requestsPerSecond: median(m.rates),
        p50Ms: percentile(m.latencies, 50),
        p99Ms: percentile(m.latencies, 99),
        throughputToRawFetch: pairedRatio(m.rates, floor.rates),
        requests: m.latencies.length,
      };
    });
    log(`client over loopback: ${http.map((h) => `${h.variant.split(" (")[0]} ${h.throughputToRawFetch.toFixed(2)}x`).join(", ")}`);
  } finally {
    await server.stop();
  }

  // The same calls against a fetch that answers at once: what is left is the client's own work.
  const headers = { "content-type": "application/json", "x-request-id": "req_stub" };
  /** @type {typeof fetch} */
  const stub = async () => new Response(body, { status: 200, headers });
  const stubList = variants(stub, "http://stub.invalid").filter((v) => !/retries on, logger on/.test(v.name));
  const stubbed = await measureVariants(stubList, { rounds, perRound: stubPerRound, warmup: 300, maxTurnMs: 3000 });
  const stubFloor = /** @type {{ latencies: number[] }} */ (stubbed.get("raw fetch"));
  const floorUs = median(stubFloor.latencies) * 1000;
  const overhead = stubList.map((v) => {
    const m = /** @type {{ latencies: number[], rates: number[] }} */ (stubbed.get(v.name));
    const perCallUs = median(m.latencies) * 1000;
    return { variant: v.name, perCallUs, overheadUs: perCallUs - floorUs, calls: m.latencies.length };
  });
  return { pageBytes: Buffer.byteLength(body), http, overhead };
}
