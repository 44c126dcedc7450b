// @ts-check
// The pipeline's stages on a spec of any size, with the workspace's own tools:
// Redocly (through @beeos/spec), openapi-typescript and tsc. `scale`: synthetic
// specs of growing size; `growth`: the bundled spec against the fixture cut from it.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listOperations, loadBundledSpec } from "@beeos/spec";
import { redocly } from "@beeos/spec/redocly";
import { bin, measure, pkgDir, redoclyConfig, repoRoot, run, tempDir } from "./common.mjs";
import { cutFixture } from "./fixture.mjs";
import { goal } from "./report.mjs";
import { writeSyntheticSpec } from "./synth.mjs";

/** @typedef {Array<{ method: string, path: string }>} Ops */
async function redoclyOk(/** @type {string} */ dir, /** @type {string[]} */ args) {
  const result = await redocly(args, { config: redoclyConfig, cwd: dir });
  if (result.status !== 0) throw new Error(`redocly ${args[0]} failed (exit ${result.status}) in ${dir}:\n${result.report.slice(-2000)}`);
}
const TYPES_ONLY = "type-check (tsc, generated types)";
/** Each stage, run in `dir` on the spec `root`. @type {Record<string, (dir: string, root: string) => Promise<unknown>>} */
const STAGES = {
  lint: (dir, root) => redoclyOk(dir, ["lint", root]),
  bundle: (dir, root) => redoclyOk(dir, ["bundle", root, "--output", "bundled.json", "--ext", "json"]),
  "generate (openapi-typescript)": (dir) => run([bin("openapi-typescript"), "bundled.json", "--output", "schema.ts"], { cwd: dir }),
  [TYPES_ONLY]: (dir) => run([bin("tsc"), "-p", "tsconfig.types.json"], { cwd: dir }),
  "type-check (client types: generated types + openapi-fetch usage)": (dir) => run([bin("tsc"), "-p", "tsconfig.usage.json"], { cwd: dir }),
  "docs (redocly build-docs)": (dir) => redoclyOk(dir, ["build-docs", "bundled.json", "--output", "docs.html", "--inlineBundle"]),
};

/** A program using the generated types through openapi-fetch as an app would: a call per operation given. @param {Ops} ops */
export function usageSource(ops) {
  const q = JSON.stringify;
  return [
    `import createClient, { type MaybeOptionalInit } from "openapi-fetch";\nimport type { paths } from "./schema.js";`,
    `const client = createClient<paths>({ baseUrl: "https://api.bench.test" });`,
    `type Init<P extends keyof paths, M extends keyof paths[P]> = NonNullable<MaybeOptionalInit<paths[P], M>>;`,
    ...ops.map(({ method, path }, i) => `export const call${i} = async (init: Init<${q(path)}, ${q(method)}>) => (await client.${method.toUpperCase()}(${q(path)}, init)).data;`),
  ].join("\n");
}

/**
 * Readies `dir` for the stages (openapi-fetch, the usage, tsconfigs with the workspace's strict
 * settings); returns how to time a stage there: the p50 of `iterations` runs, in ms.
 * @param {string} dir @param {string} root @param {Ops} usage
 */
function workspace(dir, root, usage) {
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir("openapi-fetch"), join(dir, "node_modules", "openapi-fetch"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(join(dir, "usage.ts"), usageSource(usage));
  for (const [name, files] of [["types", ["schema.ts"]], ["usage", ["schema.ts", "usage.ts"]]]) {
    const compilerOptions = { noEmit: true, declaration: false, types: [] };
    writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({ extends: join(repoRoot, "tsconfig.base.json"), compilerOptions, files }));
  }
  return async (/** @type {string} */ stage, iterations = 1) => (await measure({ [stage]: async () => STAGES[stage]?.(dir, root) }, { iterations }))[stage]?.latency.p50 ?? NaN;
}

const ratios = (/** @type {number[]} */ xs) => xs.slice(1).map((x, i) => x / (xs[i] ?? NaN));

/** @param {{ sizes: number[], repeats: number }} plan */
export async function benchScale({ sizes, repeats }) {
  const stages = Object.keys(STAGES).filter((s) => s !== TYPES_ONLY);
  /** @type {Record<string, number>[]} ms by stage, one entry per size */
  const ms = [];
  for (const size of sizes) {
    const dir = tempDir(`scale-${size}`);
    try {
      const { root, ops } = writeSyntheticSpec(dir, size);
      // A fixed number of calls spread over the API, so that only the API grows.
      const time = workspace(dir, root, /** @type {Ops} */ (Array.from({ length: 12 }, (_, i) => ops[Math.floor((i * ops.length) / 12)])));
      const at = /** @type {Record<string, number>} */ ({});
      for (const stage of stages) at[stage] = await time(stage, repeats);
      ms.push(at);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = stages.map((what) => {
    const t = ms.map((at) => at[what] ?? NaN);
    const k = ratios(t).map((r, i) => Math.log(r) / Math.log(ratios(sizes)[i] ?? NaN));
    const columns = [...sizes.map((n, i) => [`${n} ops, ms`, t[i]]), ...k.map((v, i) => [`k ${sizes[i]}→${sizes[i + 1]}`, v])];
    return { what, ...Object.fromEntries(columns), goal: goal(k.at(-1) ?? NaN, "≤", 1) };
  });
  const note = `Synthetic specs (src/synth.mjs), p50 of ${repeats}. k: the growth exponent in time ∝ operations^k; 1 is linear, below 1 the fixed start-up still dominates.`;
  return [{ title: "Pipeline scale: synthetic specs", note, rows }];
}

/** @param {{ repeats: number }} plan */
export async function benchGrowth({ repeats }) {
  const spec = loadBundledSpec();
  const fixture = cutFixture(spec);
  const usage = listOperations(fixture);
  const tmp = tempDir("growth");
  const side = (/** @type {string} */ name, /** @type {unknown} */ doc) => {
    mkdirSync(join(tmp, name));
    writeFileSync(join(tmp, name, "openapi.json"), JSON.stringify(doc));
    return workspace(join(tmp, name), "openapi.json", usage);
  };
  const [small, big] = [side("fixture", fixture), side("spec", spec)];
  const rows = [];
  try {
    for (const stage of Object.keys(STAGES).filter((s) => !s.startsWith("docs"))) {
      // Stage by stage, the two sides in turn, so that a slow moment of the machine hits both alike.
      for (const [when, n] of /** @type {const} */ ([["cold", 1], ["warm", repeats]])) {
        const [fixtureMs, specMs] = [await small(stage, n), await big(stage, n)];
        rows.push({ what: `${stage}, ${when}`, "fixture, ms": fixtureMs, "spec, ms": specMs, "× spec/fixture": specMs / fixtureMs });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const note = `The bundled spec (${listOperations(spec).length} operations) against the fixture cut from it (${usage.length}); the usage calls the fixture's operations on both. Cold: the first run in a fresh folder; warm: p50 of the next ${repeats}.`;
  return [{ title: "Spec growth: the bundled spec against the 10-operation fixture", note, rows }];
}
