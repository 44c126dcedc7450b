// @ts-check
// Where the repository and its tools are. The benches run the workspace's own
// pinned binaries, never copies of their code.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = resolve(benchDir, "..", "..");
export const resultsDir = join(benchDir, "results");

/** @param {string} name */
export const bin = (name) => join(benchDir, "node_modules", ".bin", name);
export const turboBin = join(repoRoot, "node_modules", ".bin", "turbo");
export const redoclyConfig = join(repoRoot, "redocly.yaml");
export const bundledSpec = join(repoRoot, "spec", "dist", "openapi.json");

/** The environment for child processes: no turbo settings leak in from a turbo task running the bench. */
export function cleanEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("TURBO_") && key !== "npm_lifecycle_event") env[key] = value;
  }
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", ...extra };
}
