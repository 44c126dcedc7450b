// @ts-check
// `pnpm bench`: runs every bench, prints the report and writes it to results/.
//   node src/run.mjs                  the full suite (a few minutes)
//   node src/run.mjs --quick          fewer, shorter measurements, for trying changes
//   node src/run.mjs --only size,client
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bundledSpec, repoRoot, resultsDir } from "./repo.mjs";
import { writeReport } from "./report.mjs";

const BENCHES = ["size", "client", "contract", "scale", "pipeline"];

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" } } });
const only = values.only ? values.only.split(",").map((b) => b.trim()) : BENCHES;
for (const name of only) if (!BENCHES.includes(name)) throw new Error(`--only: no bench named "${name}"; there are ${BENCHES.join(", ")}`);
const quick = values.quick ?? false;

const clientDist = join(repoRoot, "packages", "client", "dist", "index.js");
for (const [path, what] of [
  [bundledSpec, "the bundled spec"],
  [clientDist, "the built client"],
]) {
  if (!existsSync(/** @type {string} */ (path))) {
    console.error(`bench: ${what} is missing (${path}); run \`pnpm build\` first (\`pnpm bench\` does it through turbo)`);
    process.exit(1);
  }
}

const log = (/** @type {string} */ line) => console.error(`[bench] ${line}`);
const started = performance.now();
const startedAt = new Date().toISOString();
/** @type {import("./report.mjs").Results} */
const results = { failures: {} };

/** @param {string} name @param {() => Promise<unknown>} fn */
async function step(name, fn) {
  if (!only.includes(name)) return;
  log(`${name}…`);
  try {
    /** @type {Record<string, unknown>} */ (results)[name] = await fn();
  } catch (err) {
    /** @type {Record<string, string>} */ (results.failures)[name] = err instanceof Error ? err.message : String(err);
    log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

await step("size", async () => (await import("./size.mjs")).benchSize());
await step("client", async () =>
  (await import("./client-cost.mjs")).benchClientCost(quick ? { rounds: 8, perRound: 25, stubPerRound: 100, log } : { rounds: 40, perRound: 50, stubPerRound: 200, log }),
);
await step("contract", async () => (await import("./contract.mjs")).benchContract({ rounds: quick ? 1 : 3, log }));
await step("scale", async () =>
  (await import("./scale.mjs")).benchScale(
    quick ? { sizes: [10, 100], rounds: 1, log } : { sizes: [10, 100, 1000], rounds: 3, log },
  ),
);
await step("pipeline", async () => (await import("./pipeline.mjs")).benchPipeline({ warmRepeats: quick ? 1 : 5, log }));

const run = {
  command: `pnpm bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  wallMs: performance.now() - started,
  startedAt,
  machine: `Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]?.toFixed(2)} at the end`,
};
const { markdown, files } = writeReport(resultsDir, results, run);
console.log(markdown);
log(`report written to ${files.slice(0, 2).join(" and ")}`);
if (Object.keys(results.failures ?? {}).length > 0) process.exitCode = 1;
