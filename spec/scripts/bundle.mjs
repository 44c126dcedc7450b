// Bundles the split spec into one self-contained document, as JSON and YAML,
// in dist/. The bundle is read back with the package's own reader (which checks
// the x-beeos-* extensions) before anything is moved into place, so a failed
// run never leaves a half-written, mixed or unreadable dist/ behind.
import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { finalValues, listOperations, SpecError } from "../lib/index.js";
import { redoclySync } from "../lib/redocly.js";
import { configPath, specDir } from "./paths.mjs";
import { sourceLocation } from "./source.mjs";

const distDir = join(specDir, "dist");

mkdirSync(distDir, { recursive: true });
const tmp = mkdtempSync(join(distDir, ".bundle-"));
try {
  const jsonTmp = join(tmp, "openapi.json");
  const run = redoclySync(["bundle", "beeos@v1", "--output", jsonTmp, "--ext", "json"], { config: configPath, cwd: specDir });
  if (run.status !== 0) {
    console.error(run.report);
    throw new Error(`redocly bundle failed (exit ${run.status}); dist/ was left as it was`);
  }
  // Parse what redocly wrote, so that a truncated file can never be published.
  const doc = JSON.parse(readFileSync(jsonTmp, "utf8"));
  let operations;
  try {
    operations = listOperations(doc);
    finalValues(doc);
  } catch (err) {
    if (err instanceof SpecError) throw new Error(`${sourceLocation(err.pointer, err.message)}: ${err.message}; dist/ was left as it was`);
    throw err;
  }
  writeFileSync(jsonTmp, JSON.stringify(doc, null, 2) + "\n");
  writeFileSync(join(tmp, "openapi.yaml"), stringify(doc, { lineWidth: 0 }));
  renameSync(join(tmp, "openapi.yaml"), join(distDir, "openapi.yaml"));
  renameSync(jsonTmp, join(distDir, "openapi.json"));
  console.log(`bundled ${operations.length} operations into dist/openapi.json and dist/openapi.yaml`);
} catch (err) {
  console.error(`spec bundle: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
