// Writes src/version.ts from package.json, so the User-Agent names the version being
// built without the entry importing package.json (outside rootDir, and a JSON import
// that every bundler and browser would have to support). Run by `pnpm build`;
// test/compat.test.ts fails when the two disagree.
import { readFileSync, writeFileSync } from "node:fs";

const pkgUrl = new URL("../package.json", import.meta.url);
const target = new URL("../src/version.ts", import.meta.url);
const { version } = JSON.parse(readFileSync(pkgUrl, "utf8"));
const source = `// Written by scripts/version.mjs from package.json (\`pnpm build\` runs it); do not edit.\nexport const VERSION = ${JSON.stringify(version)};\n`;
let current = "";
try {
  current = readFileSync(target, "utf8");
} catch {
  // first run
}
// Unchanged content is not rewritten, so a build does not touch the file's time for nothing.
if (current !== source) writeFileSync(target, source);
