// Bundles the split spec into one self-contained document, as JSON and YAML,
// in dist/. Both files are written to a temporary folder first and moved into
// place only when the whole bundle succeeded, so a failed run never leaves a
// half-written or mixed dist/ behind.
import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { redocly, specDir } from "./redocly.mjs";

const distDir = join(specDir, "dist");

mkdirSync(distDir, { recursive: true });
const tmp = mkdtempSync(join(distDir, ".bundle-"));
try {
  const jsonTmp = join(tmp, "openapi.json");
  const run = redocly(["bundle", "beeos@v1", "--output", jsonTmp, "--ext", "json"]);
  if (run.status !== 0) {
    console.error(run.report);
    throw new Error(`redocly bundle failed (exit ${run.status}); dist/ was left as it was`);
  }
  // Parse what redocly wrote, so that a truncated file can never be published.
  const doc = JSON.parse(readFileSync(jsonTmp, "utf8"));
  writeFileSync(jsonTmp, JSON.stringify(doc, null, 2) + "\n");
  writeFileSync(join(tmp, "openapi.yaml"), stringify(doc, { lineWidth: 0 }));
  renameSync(join(tmp, "openapi.yaml"), join(distDir, "openapi.yaml"));
  renameSync(jsonTmp, join(distDir, "openapi.json"));
  const ops = Object.values(doc.paths ?? {}).flatMap((item) => Object.keys(item).filter((k) => k !== "parameters"));
  console.log(`bundled ${ops.length} operations into dist/openapi.json and dist/openapi.yaml`);
} catch (err) {
  console.error(`spec bundle: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
