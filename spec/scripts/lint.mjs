// `spec#lint`: the strict rules of the root redocly.yaml; any error fails the
// build, and the report names each problem's file, line and column.
import { configPath, specDir } from "./paths.mjs";
import { redoclySync } from "../lib/redocly.js";

const run = redoclySync(["lint", "beeos@v1", "--format=codeframe"], { config: configPath, cwd: specDir });
if (run.status !== 0) {
  console.error(run.report);
  console.error("\nspec lint: the spec has errors (see file:line above); nothing downstream was rebuilt");
  process.exitCode = run.status;
} else {
  console.log(run.report);
}
