// Measures what the client costs in a browser bundle: the whole entry
// (dist/index.js and everything it imports, openapi-fetch included), bundled
// and minified by esbuild, then gzipped. openapi-fetch alone is measured the
// same way for comparison.
//   node scripts/size.mjs          a table
//   node scripts/size.mjs --json   the numbers, for tests
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(pkgDir, "package.json"));

/** Bundles one ES module entry for the browser; fails on any Node-only import. */
export async function measure(entry) {
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
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, code: new TextDecoder().decode(code) };
}

async function main() {
  const openapiFetchEntry = join(dirname(require.resolve("openapi-fetch/package.json")), "dist", "index.mjs");
  const rows = {
    "@beeos/client": await measure(join(pkgDir, "dist", "index.js")),
    "openapi-fetch": await measure(openapiFetchEntry),
  };
  if (process.argv.includes("--json")) {
    const out = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, { minified: v.minified, gzip: v.gzip }]));
    console.log(JSON.stringify(out));
    return;
  }
  for (const [name, { minified, gzip }] of Object.entries(rows)) {
    console.log(`${name.padEnd(15)} ${(minified / 1024).toFixed(1).padStart(6)} KB min  ${(gzip / 1024).toFixed(2).padStart(6)} KB min+gzip`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`size: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
