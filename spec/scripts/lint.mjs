// `spec#lint`: the strict rules of redocly.yaml; any error fails the build,
// and the report names each problem's file, line and column.
import { redocly } from "./redocly.mjs";

const run = redocly(["lint", "beeos@v1", "--format=codeframe"]);
if (run.status !== 0) {
  console.error(run.report);
  console.error("\nspec lint: the spec has errors (see file:line above); nothing downstream was rebuilt");
  process.exitCode = run.status;
} else {
  console.log(run.report);
}
