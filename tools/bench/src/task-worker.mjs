// @ts-check
// One task of `measureIsolated`, alone in its worker: made from its module's `makeTasks()`,
// then run on each order (a warm-up, or `ms` of runs) with its mean period sent back.
import { parentPort, workerData } from "node:worker_threads";

const { moduleUrl, name } = /** @type {{ moduleUrl: string, name: string }} */ (workerData);
const task = (await import(moduleUrl)).makeTasks()[name];
if (typeof task !== "function") throw new Error(`${moduleUrl}: makeTasks() has no task named ${JSON.stringify(name)}`);
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
port.on("message", async (/** @type {{ ms: number, warmup?: number }} */ { ms, warmup = 0 }) => {
  try {
    for (let i = 0; i < warmup; i++) await task();
    let runs = 0;
    const started = performance.now();
    while (ms > 0 && (runs === 0 || performance.now() - started < ms)) {
      await task();
      runs++;
    }
    port.postMessage({ period: runs > 0 ? (performance.now() - started) / runs : NaN, runs });
  } catch (err) {
    port.postMessage({ error: `${name}: ${err instanceof Error ? err.stack : String(err)}` });
  }
});
