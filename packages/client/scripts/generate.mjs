// Generates src/generated/ from the bundled spec (@beeos/spec dist/openapi.json):
//   schema.ts      the types, by openapi-typescript
//   operations.ts  a runtime table of every operation (method, path, path
//                  parameters, whether it pages), so the client can offer one
//                  method per operationId without hand-writing any path.
// Files are written to a temporary folder and swapped in only when all of
// them were produced, so a failed run leaves the previous output untouched.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deref, listOperations } from "@beeos/spec/document";
import openapiTS, { astToString } from "openapi-typescript";

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specPath = resolve(pkgDir, "..", "..", "spec", "dist", "openapi.json");
const outDir = join(pkgDir, "src", "generated");

const header = (what) =>
  [
    "/**",
    ` * ${what}`,
    " *",
    " * auto-generated, do not edit.",
    " * source:  spec/dist/openapi.json (bundled from spec/openapi.yaml)",
    " * command: pnpm --filter @beeos/client generate (run by `pnpm build`)",
    " */",
    "",
  ].join("\n");

/** One row per operation: what the client needs at run time and nothing more. */
export function operationTable(doc) {
  const rows = {};
  for (const { operationId, method, path, operation, parameters } of listOperations(doc)) {
    if (rows[operationId]) throw new Error(`operationId ${operationId} is used twice`);
    const query = parameters.filter((p) => p.in === "query").map((p) => p.name);
    const ok = Object.entries(operation.responses ?? {}).find(([status]) => /^2/.test(status));
    const okSchema = deref(doc, deref(doc, ok?.[1])?.content?.["application/json"]?.schema);
    const hasTotal = Boolean(okSchema?.properties?.total) && deref(doc, okSchema?.properties?.data)?.type === "array";
    rows[operationId] = {
      method: method.toUpperCase(),
      path,
      pathParams: parameters.filter((p) => p.in === "path").map((p) => p.name),
      hasBody: Boolean(operation.requestBody),
      paginated: query.includes("page") && query.includes("pageSize") && hasTotal,
    };
  }
  return rows;
}

async function main() {
  if (!existsSync(specPath)) {
    throw new Error(`${specPath} does not exist: run \`pnpm build\` (or \`pnpm --filter @beeos/spec bundle\`) first`);
  }
  const doc = JSON.parse(readFileSync(specPath, "utf8"));
  const ast = await openapiTS(doc, { alphabetize: false, exportType: false });
  const table = operationTable(doc);
  const ids = Object.keys(table);
  const serverUrl = doc.servers?.[0]?.url;
  if (typeof serverUrl !== "string" || !/^https?:\/\//.test(serverUrl)) {
    throw new Error(`${specPath}: servers[0].url must be an absolute http(s) URL, got ${JSON.stringify(serverUrl)}`);
  }

  mkdirSync(dirname(outDir), { recursive: true });
  const tmp = mkdtempSync(join(dirname(outDir), ".generated-"));
  try {
    writeFileSync(join(tmp, "schema.ts"), header("Types of the BeeOS Platform API, by openapi-typescript.") + astToString(ast));
    writeFileSync(
      join(tmp, "operations.ts"),
      header("Run-time table of the BeeOS Platform API's operations.") +
        `export const operationIndex = ${JSON.stringify(table, null, 2)} as const;\n\n` +
        `export type OperationId = keyof typeof operationIndex;\n\n` +
        `/** The first server of the spec: where the client talks to unless told otherwise. */\n` +
        `export const defaultServerUrl = ${JSON.stringify(serverUrl)};\n\n` +
        `export type PaginatedOperationId = {\n  [K in OperationId]: (typeof operationIndex)[K]["paginated"] extends true ? K : never;\n}[OperationId];\n`,
    );
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  console.log(`generated types and the table of ${ids.length} operations (${ids.join(", ")})`);
}

main().catch((err) => {
  console.error(`client generate: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
