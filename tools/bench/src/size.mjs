// @ts-check
// What an app pays in bytes: each app of apps/ bundled for the browser by
// esbuild, minified and gzipped (level 9), as a bundler would ship it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { benchDir } from "./common.mjs";
import { goal } from "./report.mjs";

const APPS = {
  "app: raw fetch": "raw-fetch.ts",
  "app: openapi-fetch": "openapi-fetch.ts",
  "app: @beeos/client, createBeeosClient": "beeos-client.ts",
  "app: @beeos/client, core + functions (listInstances, paginate, NotFoundError)": "beeos-core.ts",
  "whole @beeos/client entry": "client-entry.ts",
};
export const appPath = (/** @type {string} */ file) => join(benchDir, "apps", file);

/** The budgets the tests enforce (whole entry, and the core app), and their goals. */
export function readBudget(path = join(benchDir, "size-budget.json")) {
  const budget = JSON.parse(readFileSync(path, "utf8"));
  for (const key of ["gzipBytes", "appGzipBytes"]) {
    if (!Number.isInteger(budget?.[key]) || budget[key] <= 0) throw new Error(`${path}: ${key} must be a positive whole number of bytes`);
  }
  return /** @type {{ gzipBytes: number, goalBytes: number, appGzipBytes: number, appGoalBytes: number, why: string }} */ (budget);
}

/** Bundles one entry for the browser (a Node-only import fails the build). @param {string} entry */
export async function measureBundle(entry) {
  const { outputFiles } = await build({ entryPoints: [entry], bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent" });
  const code = outputFiles[0]?.contents ?? new Uint8Array();
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

export async function benchSize() {
  const { gzipBytes: budget, goalBytes, appGzipBytes, appGoalBytes } = readBudget();
  /** @type {import("./report.mjs").Row[]} */
  const rows = [];
  let raw = 0;
  for (const [what, file] of Object.entries(APPS)) {
    const { minBytes, gzipBytes } = await measureBundle(appPath(file));
    raw ||= gzipBytes;
    const entry =
      file === "client-entry.ts" ? { "budget, B": budget, goal: goal(gzipBytes, "≤", goalBytes) } : file === "beeos-core.ts" && { "budget, B": appGzipBytes, goal: goal(gzipBytes, "≤", appGoalBytes) };
    rows.push({ what, "min, B": minBytes, "min+gzip, B": gzipBytes, "× raw-fetch app": gzipBytes / raw, ...entry });
  }
  return [{ title: "Client size (esbuild, minified, browser, gzip -9)", note: "The budgets (B) are enforced by `test/size-budget.test.ts`; the goals are size-budget.json's goalBytes and appGoalBytes.", rows }];
}
