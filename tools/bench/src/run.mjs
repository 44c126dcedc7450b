// @ts-check
// `pnpm bench [-- --quick] [-- --only size,client]`: runs the benches (all of
// them, a few minutes; or fewer, shorter measurements with --quick), prints the
// report and writes it to results/.
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchDir } from "./common.mjs";
import { writeReport } from "./report.mjs";

const args = process.argv.slice(2).filter((a) => a !== "--"); // pnpm passes its `--` through
const { values } = parseArgs({ args, options: { quick: { type: "boolean", default: false }, only: { type: "string" } } });
const quick = values.quick === true;
/** @type {Record<string, () => Promise<import("./report.mjs").Section[]>>} */
const BENCHES = {
  size: async () => (await import("./size.mjs")).benchSize(),
  client: async () => (await import("./client.mjs")).benchClient({ time: quick ? 300 : 2000 }),
  stream: async () => (await import("./stream.mjs")).benchStream({ time: quick ? 300 : 2000 }),
  contract: async () => (await import("./contract.mjs")).benchContract({ repeats: quick ? 1 : 3 }),
  growth: async () => (await import("./stages.mjs")).benchGrowth({ repeats: quick ? 1 : 3 }),
  scale: async () => (await import("./stages.mjs")).benchScale(quick ? { sizes: [10, 100], repeats: 1 } : { sizes: [10, 100, 1000], repeats: 3 }),
  pipeline: async () => (await import("./pipeline.mjs")).benchPipeline({ repeats: quick ? 1 : 5 }),
  "remote-cache": async () => (await import("./remote-cache.mjs")).benchRemoteCache({ repeats: quick ? 1 : 3 }),
  sandbox: async () => (await import("./sandbox.mjs")).benchSandbox({ seconds: quick ? 1 : 3 }),
};
const only = values.only?.split(",").map((b) => b.trim()) ?? Object.keys(BENCHES);
for (const name of only) if (!BENCHES[name]) throw new Error(`--only: no bench named "${name}"; there are ${Object.keys(BENCHES).join(", ")}`);

const [started, startedAt] = [performance.now(), new Date().toISOString()];
const sections = [];
/** @type {Record<string, string>} */
const failures = {};
for (const name of only) {
  console.error(`[bench] ${name}…`);
  try {
    sections.push(...((await BENCHES[name]?.()) ?? []));
  } catch (err) {
    failures[name] = err instanceof Error ? err.message : String(err);
    console.error(`[bench] ${name} failed: ${failures[name]}`);
  }
}
const machine = `Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]?.toFixed(2)} at the end`;
const run = { command: `pnpm bench${args.length ? ` -- ${args.join(" ")}` : ""}`, startedAt, wallMs: performance.now() - started, machine };
const { markdown, files } = writeReport(join(benchDir, "results"), sections, failures, run);
console.log(markdown);
console.error(`[bench] report written to ${files.slice(2).join(" and ")}`);
process.exitCode = Object.keys(failures).length > 0 ? 1 : 0;
