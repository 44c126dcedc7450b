// @ts-check
// One task of `measureIsolated`, alone in a fresh worker: made from its module's `makeTasks()`,
// warmed up, run for `ms`, and its mean period sent back.
import { parentPort, workerData } from "node:worker_threads";

const { moduleUrl, name, warmup, ms } = /** @type {{ moduleUrl: string, name: string, warmup: number, ms: number }} */ (workerData);
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
const task = (await import(moduleUrl)).makeTasks()[name];
try {
  if (typeof task !== "function") throw new Error(`makeTasks() in ${moduleUrl} has no task named ${JSON.stringify(name)}`);
  for (let i = 0; i < warmup; i++) await task();
  let runs = 0;
  const started = performance.now();
  while (runs === 0 || performance.now() - started < ms) {
    await task();
    runs++;
  }
  port.postMessage({ period: (performance.now() - started) / runs, runs });
} catch (err) {
  port.postMessage({ error: `${name}: ${err instanceof Error ? err.stack : String(err)}` });
}
