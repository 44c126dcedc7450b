// @ts-check
// 4. What an app pays in bytes: each app of apps/ bundled for the browser,
// minified by esbuild and gzipped, as a bundler would ship it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { benchDir } from "./repo.mjs";

export const APPS = [
  { name: "app: raw fetch", file: "raw-fetch.ts" },
  { name: "app: openapi-fetch", file: "openapi-fetch.ts" },
  { name: "app: @beeos/client", file: "beeos-client.ts" },
  { name: "whole @beeos/client entry", file: "client-entry.ts" },
];
export const CLIENT_ENTRY = "whole @beeos/client entry";
export const budgetPath = join(benchDir, "size-budget.json");

/** The budget the test suite enforces: `{ "gzipBytes": n, "why": "..." }`. */
export function readBudget(path = budgetPath) {
  const budget = JSON.parse(readFileSync(path, "utf8"));
  if (!Number.isInteger(budget?.gzipBytes) || budget.gzipBytes <= 0) throw new Error(`${path}: gzipBytes must be a positive whole number of bytes`);
  return /** @type {{ gzipBytes: number, goalBytes: number, why: string }} */ (budget);
}

/** Bundles one entry for the browser; a Node-only import fails the build. @param {string} entry */
export async function measureBundle(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

export async function benchSize() {
  const budget = readBudget();
  /** @type {Array<{ name: string, minBytes: number, gzipBytes: number, budgetGzipBytes?: number }>} */
  const rows = [];
  for (const app of APPS) {
    const measured = await measureBundle(join(benchDir, "apps", app.file));
    rows.push({ name: app.name, ...measured, ...(app.name === CLIENT_ENTRY ? { budgetGzipBytes: budget.gzipBytes } : {}) });
  }
  return rows;
}
