// @ts-check
// What the client costs per call: a `listInstances` page of 50 instances from a
// loopback server in its own process, asked for with raw fetch (the floor), bare
// openapi-fetch and @beeos/client; then against a stubbed fetch, which leaves
// only each variant's own work.
import { once } from "node:events";
import createClient from "openapi-fetch";
import { createBeeosClient, createBeeosCore, listInstances } from "@beeos/client";
import { jsonMedia, listOperations, loadBundledSpec, successResponses } from "@beeos/spec";
import { measure, start } from "./common.mjs";
import { goal } from "./report.mjs";

const [PAGE_SIZE, TOKEN] = [50, "oag_bench_token"];
const LIST_PATH = "/api/v1/instances";
// Answers every request with the page its parent sends over IPC, and prints its port.
const SERVER = `process.once("message", (body) => { const server = require("node:http").createServer((req, res) => req.resume().on("end", () =>
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": "req_1" }).end(body)));
  server.listen(0, "127.0.0.1", () => console.log(server.address().port)); }); process.on("disconnect", () => process.exit());`;

/** 50 distinct instances made from the first one of the spec's `listInstances` example. */
function instancePage(doc = loadBundledSpec()) {
  const op = listOperations(doc).find((o) => o.operationId === "listInstances");
  const example = /** @type {any} */ (jsonMedia(op ? (successResponses(op)[0]?.content ?? []) : [])?.examples[0]?.value)?.data?.[0];
  if (typeof example?.id !== "string") throw new Error("the spec's listInstances example holds no instance to build the page from");
  return { success: true, data: Array.from({ length: PAGE_SIZE }, (_, i) => ({ ...example, id: `${example.id}_${i}`, name: `${example.name}-${i}` })), total: PAGE_SIZE * 20 };
}

/** The ways to ask for the same page, each checking it got all 50 instances. @param {typeof fetch} fetchImpl @param {string} baseUrl */
function variants(fetchImpl, baseUrl) {
  const query = { page: 0, pageSize: PAGE_SIZE };
  const check = (/** @type {any} */ page) => {
    if (page?.data?.length !== PAGE_SIZE) throw new Error(`expected a page of ${PAGE_SIZE} instances, got ${JSON.stringify(page).slice(0, 200)}`);
  };
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const bare = createClient({ baseUrl, headers, fetch: fetchImpl });
  const client = (/** @type {object} */ extra) => createBeeosClient({ baseUrl, token: TOKEN, fetch: fetchImpl, ...extra });
  let logged = 0;
  const [quiet, retrying, logging] = [client({ maxRetries: 0 }), client({}), client({ logger: () => void logged++ })];
  const core = createBeeosCore({ baseUrl, token: TOKEN, fetch: fetchImpl });
  return {
    "raw fetch": async () => check(await (await fetchImpl(`${baseUrl}${LIST_PATH}?page=0&pageSize=${PAGE_SIZE}`, { headers })).json()),
    "openapi-fetch": async () => check((await bare.GET(/** @type {never} */ (LIST_PATH), /** @type {never} */ ({ params: { query } }))).data),
    "@beeos/client listInstances (retries off, no logger)": async () => check(await quiet.listInstances({ query })),
    "@beeos/client listInstances (retries on, no logger)": async () => check(await retrying.listInstances({ query })),
    "@beeos/client listInstances (retries on, logger on)": async () => {
      const before = logged;
      check(await logging.listInstances({ query }));
      if (logged === before) throw new Error("the logger got no line");
    },
    "@beeos/client GET surface (retries on, no logger)": async () => check((await retrying.GET(LIST_PATH, { params: { query } })).data),
    "@beeos/client listInstances(core) function (retries on, no logger)": async () => check(await listInstances(core, { query })),
  };
}

/** @param {{ time: number }} plan  ms each variant runs for, after its warm-up */
export async function benchClient({ time }) {
  const body = JSON.stringify(instancePage());
  const server = start([process.execPath, "-e", SERVER], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  let loop;
  try {
    server.child.send(body);
    const [port] = await once(/** @type {import("node:stream").Readable} */ (server.child.stdout), "data");
    loop = await measure(variants(fetch, `http://127.0.0.1:${String(port).trim()}`), { time, warmup: 100 });
  } finally {
    server.stop();
  }
  const { "@beeos/client listInstances (retries on, logger on)": _, ...stubbed } = variants(async () => new Response(body, { headers: { "content-type": "application/json" } }), "http://stub.invalid");
  const stub = await measure(stubbed, { time, warmup: 300 });
  const [raw = NaN, rawStub = NaN] = [loop["raw fetch"]?.period, stub["raw fetch"]?.latency.p50];
  const loopRows = Object.entries(loop).map(([what, r]) => ({
    ...{ what, "req/s": 1000 / r.period, "p50, ms": r.latency.p50, "p99, ms": r.latency.p99, "× raw fetch": raw / r.period, requests: r.runs },
    ...(/retries on, no logger/.test(what) && { goal: goal(raw / r.period, "≥", 0.95) }),
  }));
  const bareOverhead = ((stub["openapi-fetch"]?.latency.p50 ?? NaN) - rawStub) * 1000;
  const stubRows = Object.entries(stub).map(([what, r]) => {
    const overhead = (r.latency.p50 - rawStub) * 1000;
    return { what, "per call, µs": r.latency.p50 * 1000, "overhead over raw fetch, µs": overhead, calls: r.runs, ...(/retries on, no logger/.test(what) && { goal: goal(overhead, "≤", Math.round(bareOverhead * 10) / 10) }) };
  });
  const note = `A \`node:http\` server in its own process answers a page of ${PAGE_SIZE} instances (${body.length} bytes); sequential requests, each variant for ${time} ms after a warm-up.`;
  return [
    { title: "Client cost per call, loopback", note, rows: loopRows },
    { title: "Client cost per call, stubbed fetch", note: "A `fetch` answering the same page at once; the raw-fetch row is the floor (building and parsing the response).", rows: stubRows },
  ];
}
