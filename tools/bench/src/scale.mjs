// @ts-check
// 2. Pipeline scale: synthetic specs of growing size through every stage of the
// pipeline, with the workspace's own binaries and lint rules.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bin, benchDir, cleanEnv, redoclyConfig } from "./repo.mjs";
import { runChecked } from "./proc.mjs";
import { growthExponent, median } from "./stats.mjs";
import { usageSource, writeSyntheticSpec } from "./synth.mjs";

/** @typedef {{ name: string, command: (dir: string) => [string, string[]] }} Stage */

/** @type {Stage[]} */
export const STAGES = [
  { name: "lint (redocly lint)", command: (dir) => [bin("redocly"), ["lint", join(dir, "openapi.yaml"), "--config", redoclyConfig]] },
  {
    name: "bundle (redocly bundle)",
    command: (dir) => [bin("redocly"), ["bundle", join(dir, "openapi.yaml"), "--output", join(dir, "dist", "openapi.json"), "--ext", "json", "--config", redoclyConfig]],
  },
  { name: "generate (openapi-typescript)", command: (dir) => [bin("openapi-typescript"), [join(dir, "dist", "openapi.json"), "--output", join(dir, "schema.ts")]] },
  { name: "type-check (tsc, types + usage)", command: (dir) => [bin("tsc"), ["-p", join(dir, "tsconfig.json")]] },
  {
    name: "docs (redocly build-docs)",
    command: (dir) => [bin("redocly"), ["build-docs", join(dir, "dist", "openapi.json"), "--output", join(dir, "docs.html"), "--inlineBundle", "--config", redoclyConfig]],
  },
];

/** A folder where tsc finds openapi-fetch and checks with the repository's strict settings. */
function prepareTypeCheck(/** @type {string} */ dir, /** @type {number} */ operations) {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(realpathSync(join(benchDir, "node_modules", "openapi-fetch")), join(dir, "node_modules", "openapi-fetch"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(join(dir, "usage.ts"), usageSource(operations));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: join(benchDir, "..", "..", "tsconfig.base.json"), compilerOptions: { noEmit: true, types: [] }, files: ["schema.ts", "usage.ts"] }),
  );
}

/**
 * Each round runs every size, smallest first; growth is computed within a
 * round and the median taken across rounds, so a slow moment of the machine
 * does not pass for growth.
 * @param {{ sizes: number[], rounds: number, log: (line: string) => void }} options
 */
export async function benchScale({ sizes, rounds, log }) {
  const root = mkdtempSync(join(tmpdir(), "beeos-bench-scale-"));
  const env = cleanEnv();
  /** @type {Map<string, Array<Record<number, number>>>} ms by size, per round, per stage */
  const samples = new Map(STAGES.map((s) => [s.name, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const stage of STAGES) samples.get(stage.name)?.push({});
      for (const size of sizes) {
        const dir = join(root, `ops-${size}-${round}`);
        writeSyntheticSpec(dir, size);
        prepareTypeCheck(dir, size);
        const line = [];
        for (const stage of STAGES) {
          const [command, args] = stage.command(dir);
          const run = await runChecked(command, args, { cwd: dir, env, timeoutMs: 240_000 });
          const perRound = samples.get(stage.name) ?? [];
          /** @type {Record<number, number>} */ (perRound[round])[size] = run.wallMs;
          line.push(`${stage.name.split(" ")[0]} ${(run.wallMs / 1000).toFixed(2)} s`);
        }
        rmSync(dir, { recursive: true, force: true });
        log(`scale round ${round + 1}, ${size} operations: ${line.join(", ")}`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return STAGES.map((stage) => summarise(stage.name, sizes, samples.get(stage.name) ?? []));
}

/**
 * Median time per size, and per pair of sizes the median of the per-round growth exponents.
 * @param {string} stage
 * @param {number[]} sizes
 * @param {Array<Record<number, number>>} rounds
 */
export function summarise(stage, sizes, rounds) {
  const at = (/** @type {Record<number, number>} */ round, /** @type {number} */ size) => {
    const value = round[size];
    if (value === undefined) throw new Error(`${stage}: no measurement at ${size} operations`);
    return { size, value };
  };
  /** @type {Record<number, number>} */
  const msBySize = {};
  for (const size of sizes) msBySize[size] = median(rounds.map((r) => at(r, size).value));
  const growth = sizes.slice(1).map((to, i) => {
    const from = /** @type {number} */ (sizes[i]);
    return { from, to, exponent: median(rounds.map((r) => growthExponent(at(r, from), at(r, to)))) };
  });
  return { stage, msBySize, growth };
}
