// @ts-check
// What an app pays in bytes: each app of apps/ bundled for the browser by
// esbuild, minified and gzipped (level 9), as a bundler would ship it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import ts from "typescript";
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
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, text: outputFiles[0]?.text ?? "" };
}

/**
 * The same code with the words of its messages taken out: every piece of text in a template
 * literal, and every string literal of 16 characters or more that holds a space, becomes empty.
 * What is left is what the logic itself costs, whatever the wording. @param {string} code
 */
export function withoutWords(code) {
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  /** @type {[number, number, string][]} */
  const cuts = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    const at = /** @type {[number, number]} */ ([node.getStart(file), node.end]);
    if (ts.isNoSubstitutionTemplateLiteral(node)) cuts.push([...at, "``"]);
    else if (ts.isTemplateHead(node)) cuts.push([...at, "`${"]);
    else if (ts.isTemplateMiddle(node)) cuts.push([...at, "}${"]);
    else if (ts.isTemplateTail(node)) cuts.push([...at, "}`"]);
    else if (ts.isStringLiteral(node) && node.text.length >= 16 && /\s/.test(node.text)) cuts.push([...at, '""']);
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = "";
  let from = 0;
  for (const [start, end, text] of cuts.sort((a, b) => a[0] - b[0])) {
    out += code.slice(from, start) + text;
    from = end;
  }
  return out + code.slice(from);
}

export async function benchSize() {
  const { gzipBytes: budget, goalBytes, appGzipBytes, appGoalBytes } = readBudget();
  /** @type {import("./report.mjs").Row[]} */
  const rows = [];
  let raw = 0;
  for (const [what, file] of Object.entries(APPS)) {
    const { minBytes, gzipBytes, text } = await measureBundle(appPath(file));
    raw ||= gzipBytes;
    const entry =
      file === "client-entry.ts" ? { "budget, B": budget, goal: goal(gzipBytes, "≤", goalBytes) } : file === "beeos-core.ts" && { "budget, B": appGzipBytes, goal: goal(gzipBytes, "≤", appGoalBytes) };
    rows.push({ what, "min, B": minBytes, "min+gzip, B": gzipBytes, "× raw-fetch app": gzipBytes / raw, ...entry });
    if (entry) {
      const bare = withoutWords(text);
      const bareGzip = gzipSync(bare, { level: 9 }).length;
      rows.push({ what: `${what}, its messages without words`, "min, B": Buffer.byteLength(bare), "min+gzip, B": bareGzip, "× raw-fetch app": bareGzip / raw });
    }
  }
  const note =
    "The budgets (B) are enforced by `test/size-budget.test.ts`; the goals are size-budget.json's goalBytes and appGoalBytes. " +
    'A row "its messages without words" is the bundle above it with the text of every message emptied (template-literal text, and string literals of 16 characters or more with a space): what the logic alone costs, whatever the wording.';
  return [{ title: "Client size (esbuild, minified, browser, gzip -9)", note, rows }];
}
