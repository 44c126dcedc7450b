// Generates src/generated/ from the bundled spec (@beeos/spec, dist/openapi.json):
//   schema.ts      the types, by openapi-typescript
//   functions.ts   one documented function per operation, holding what the
//                  client needs at run time (method, path, how it pages or
//                  streams as the spec's x-beeos-* extensions say)
//   operations.ts  the same facts as a type, and the spec's constants (servers,
//                  error types, final values), so no hand-written file repeats an API fact
//   methods.ts     the client's methods, documented; models.ts named schema types
// Files are written to a temporary folder and swapped in only when all of
// them were produced, so a failed run leaves the previous output untouched.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundledSpecPath, deref, finalValues, jsonMedia, listOperations, loadBundledSpec, OPEN_ENUM_EXTENSION, successResponses, tokensOf } from "@beeos/spec";
import openapiTS, { astToString } from "openapi-typescript";

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(pkgDir, "src", "generated");
const DEFAULT_PAGE_SIZE = 50;

const header = (what) =>
  [
    "/**",
    ` * ${what}`,
    " *",
    " * auto-generated, do not edit.",
    " * source:  @beeos/spec dist/openapi.json (bundled from spec/openapi.yaml)",
    " * command: pnpm --filter @beeos/client generate (run by `pnpm build`)",
    " */",
    "",
  ].join("\n");

/** An event-stream method: the success is a stream with no JSON answer to ask for instead. */
const streams = (op) => op.stream !== undefined && !successResponses(op).some((r) => jsonMedia(r.content));

/** One row per operation: what the client needs at run time and nothing more. */
export function operationTable(doc, ops) {
  const rows = {};
  const notes = [];
  for (const op of ops) {
    const row = { method: op.method.toUpperCase(), path: op.path };
    // The client sends a random key (kept across retries) to operations that declare one.
    const idempotency = op.parameters.find((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key");
    if (idempotency) row.idempotencyHeader = idempotency.name;
    if (op.requestBody && !jsonMedia(op.requestBody.content)) {
      notes.push(`${op.operationId}: request body is ${op.requestBody.content.map((m) => m.mediaType).join(", ")}, not JSON; the method sends \`body\` as given`);
    }
    if (op.pagination) {
      const size = op.parameters.find((p) => p.in === "query" && p.name === op.pagination.sizeParam);
      const max = deref(doc, size?.schema)?.maximum;
      row.pagination = { ...op.pagination, defaultSize: typeof max === "number" ? Math.min(max, DEFAULT_PAGE_SIZE) : DEFAULT_PAGE_SIZE };
    }
    const ok = successResponses(op);
    if (streams(op)) row.stream = op.stream.resume ?? true;
    else if (op.stream) notes.push(`${op.operationId}: also answers text/event-stream when asked; the method asks for JSON`);
    const kinds = new Set(ok.flatMap((r) => r.content.map((m) => m.mediaType)));
    if (!op.stream && [...kinds].every((k) => k !== "application/json" && !/\+json$/.test(k)) && kinds.size > 0) {
      row.parseAs = [...kinds].some((k) => k.startsWith("text/")) ? "text" : "blob";
      notes.push(`${op.operationId}: success is ${[...kinds].join(", ")}; the method resolves to a ${row.parseAs === "text" ? "string" : "Blob"}`);
    }
    if (ok.length === 0) notes.push(`${op.operationId}: no 2xx response documented; the method resolves to whatever body a success has`);
    rows[op.operationId] = row;
  }
  return { rows, notes };
}

/** A JSDoc block: each line prefixed, and nothing that could close the comment early. */
const jsdoc = (lines, indent = "  ") =>
  [`${indent}/**`, ...lines.flatMap((l) => String(l).replace(/\*\//g, "*\\/").split("\n")).map((l) => `${indent} *${l ? ` ${l}` : ""}`), `${indent} */`].join("\n");

/**
 * The client's method for each operation, typed from the operation and documented
 * from the spec (summary, description, parameters, deprecation), so an editor shows
 * the API's own words on hover.
 */
/** The spec's words on an operation (summary, description, route, parameters, deprecation), as JSDoc lines. */
function docLines(op) {
  const lines = [op.summary ?? op.operationId, ""];
  if (op.description) lines.push(op.description.trim(), "");
  lines.push(`\`${op.method.toUpperCase()} ${op.path}\`${op.tag ? ` (${op.tag})` : ""}`);
  const params = op.parameters.filter((p) => p.in !== "cookie");
  if (params.length > 0) lines.push("");
  for (const p of params) {
    const slot = p.in === "header" ? "headers" : p.in;
    lines.push(`- \`${slot}.${p.name}\`${p.required ? " (required)" : ""}${p.description ? `: ${p.description.trim().replace(/\s*\n\s*/g, " ")}` : ""}`);
  }
  if (op.pagination) lines.push("", `Pages (${op.pagination.style}); walk every page with \`paginate("${op.operationId}")\`.`);
  if (op.deprecated) lines.push("@deprecated");
  return lines;
}

/** The client's method for each operation, typed from the operation and documented from the spec. */
export function methodsSource(ops) {
  const members = ops.map((op) => `${jsdoc(docLines(op))}\n  ${op.operationId}: OperationMethod<"${op.operationId}">;`);
  return `import type { OperationMethod } from "../operation.js";\n\n/** One method per operation of the spec. */\nexport interface OperationMethods {\n${members.join("\n")}\n}\n`;
}

/**
 * One function per operation, `fn(client, input?, options?)`, with the same JSDoc: an app
 * that imports a few of them ships only those (each is a pure call a bundler can drop).
 */
// Words a generated `export const` cannot take: the language's, and the entry's own exports.
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined"
    .split(" ")
    .concat(["createBeeosClient", "createBeeosCore", "paginate", "operationIndex", "redact", "verifyWebhook", "VERSION", "DEFAULT_BASE_URL", "WEBHOOK_SIGNATURE_HEADER"]),
);

export function functionsSource(ops, rows) {
  for (const op of ops) {
    if (!/^[A-Za-z_$][\w$]*$/.test(op.operationId) || RESERVED.has(op.operationId)) {
      throw new Error(`${op.method.toUpperCase()} ${op.path}: operationId "${op.operationId}" cannot name a function (it must be an identifier, not a reserved word or one of the client's own exports); rename it in the spec`);
    }
  }
  const fns = ops.map((op) => {
    const { method, path, ...extra } = rows[op.operationId];
    const args = [JSON.stringify(op.operationId), JSON.stringify(method), JSON.stringify(path), ...(Object.keys(extra).length > 0 ? [JSON.stringify(extra)] : [])];
    const maker = extra.stream === undefined ? "operation" : "streamingOperation";
    return `${jsdoc(docLines(op), "")}\nexport const ${op.operationId}: OperationFunction<"${op.operationId}"> = /*#__PURE__*/ ${maker}(${args.join(", ")});`;
  });
  const list = `/** Every operation function, in the spec's order (what \`createBeeosClient\` makes its methods from). */\nexport const operationFunctions = [${ops.map((op) => op.operationId).join(", ")}] as const;\n`;
  return `import { operation, streamingOperation, type OperationFunction } from "../operation.js";\n\n${fns.join("\n\n")}\n\n${list}`;
}

/**
 * For each event-stream operation, the type of one event: the named schema its
 * `text/event-stream` media declares as `contentSchema` (see spec/README.md).
 */
export function streamEventsSource(ops) {
  const rows = ops.flatMap((op) => {
    if (!streams(op)) return [];
    const [kind, group, name] = op.stream.eventSchemaPointer ? tokensOf(op.stream.eventSchemaPointer) : [];
    if (kind !== "components" || group !== "schemas") return [`  ${op.operationId}: { event?: string; data: unknown };`];
    return [`  ${op.operationId}: components["schemas"][${JSON.stringify(name)}];`];
  });
  return `/** One event of each event-stream operation, as the spec declares it. */\nexport interface StreamEventMap {\n${rows.join("\n")}\n}\n`;
}

// Schema names that would shadow a global of the language or the web platform get a `Schema` suffix.
const GLOBALS = new Set(["Error", "Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "Date", "Promise", "Map", "Set", "Response", "Request", "Headers", "Blob", "File", "Event", "URL"]);

/** A named type per schema of the spec (`Instance`, `Task`, …), so users need not spell `components["schemas"][…]`. */
export function modelsSource(doc, ops) {
  const names = Object.keys(doc.components?.schemas ?? {}).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const lines = names.map((n) => {
    const name = GLOBALS.has(n) ? `${n}Schema` : n;
    const schema = doc.components.schemas[n];
    // An open value set: its known values for the editor to offer, and any other string accepted.
    // Only here, not in the schema types: openapi-fetch's response mapping would turn `string & {}` into an object.
    const known = schema?.[OPEN_ENUM_EXTENSION] === true && schema.type === "string" && Array.isArray(schema.examples) ? schema.examples.filter((v) => typeof v === "string") : [];
    if (known.length > 0) {
      return `/** ${String(schema.title ?? n)}: ${known.map((v) => `\`${v}\``).join(", ")}, or a value added later (an open set). */\nexport type ${name} = ${known.map((v) => JSON.stringify(v)).join(" | ")} | (string & {});`;
    }
    return `export type ${name} = components["schemas"][${JSON.stringify(n)}];`;
  });
  const open = names.filter((n) => lines[names.indexOf(n)]?.includes("(string & {})")).map((n) => `  ${n}: ${GLOBALS.has(n) ? `${n}Schema` : n};`);
  const table = `/** The open value sets by schema name, for code that must compile against any spec. */\nexport interface OpenValueSets {\n${open.join("\n")}\n}\n`;
  return `import type { components } from "./schema.js";\n\n${lines.join("\n")}\n\n${table}\n${streamEventsSource(ops)}`;
}

/** The spec's known error `type` values (ErrorType's `examples`), for the client's error classes. */
function errorTypes(doc) {
  const schema = deref(doc, doc.components?.schemas?.ErrorType);
  const values = Array.isArray(schema?.examples) ? schema.examples.filter((v) => typeof v === "string") : [];
  return values;
}

async function main() {
  if (!existsSync(bundledSpecPath)) {
    throw new Error(`${bundledSpecPath} does not exist: run \`pnpm build\` (or \`pnpm --filter @beeos/spec bundle\`) first`);
  }
  const doc = loadBundledSpec();
  // A bare `type: object` is free-form JSON, not an object that must stay empty.
  const ast = await openapiTS(doc, { alphabetize: false, exportType: false, emptyObjectsUnknown: true });
  const ops = listOperations(doc);
  const { rows, notes } = operationTable(doc, ops);
  const ids = Object.keys(rows);
  const servers = (doc.servers ?? []).map((s) => ({ url: s.url, description: s.description ?? "" }));
  const serverUrl = servers[0]?.url;
  if (typeof serverUrl !== "string" || !/^https?:\/\//.test(serverUrl)) {
    throw new Error(`${bundledSpecPath}: servers[0].url must be an absolute http(s) URL, got ${JSON.stringify(serverUrl)}`);
  }

  mkdirSync(dirname(outDir), { recursive: true });
  const tmp = mkdtempSync(join(dirname(outDir), ".generated-"));
  try {
    writeFileSync(join(tmp, "schema.ts"), header("Types of the BeeOS Platform API, by openapi-typescript.") + astToString(ast));
    writeFileSync(
      join(tmp, "operations.ts"),
      header("The BeeOS Platform API's operations (as a type) and the spec's constants.") +
        `/** What the client knows of each operation at run time; the values live in functions.ts. */\n` +
        `export interface OperationTable {\n${ids.map((id) => `  ${JSON.stringify(id)}: ${JSON.stringify(rows[id])};`).join("\n")}\n}\n\n` +
        `export type OperationId = keyof OperationTable;\n\n` +
        `/** The servers the spec lists; the first is where the client talks to unless told otherwise. */\n` +
        `export const servers = ${JSON.stringify(servers, null, 2)} as const;\n\n` +
        `export const defaultServerUrl = ${JSON.stringify(serverUrl)};\n\n` +
        `/** The error \`type\` values the spec documents (an open set: others may come). */\n` +
        `export const errorTypes = ${JSON.stringify(errorTypes(doc))} as const;\n\n` +
        `export type ErrorTypeName = (typeof errorTypes)[number];\n\n` +
        `/** Values of a status that never change again (\`x-beeos-final-values\`), by schema name. */\n` +
        `export const finalValues = ${JSON.stringify(finalValues(doc))} as const;\n\n` +
        `/** Operations the spec declares as paginated (\`x-beeos-pagination\`). */\n` +
        `export type PaginatedOperationId = {\n  [K in OperationId]: OperationTable[K] extends { pagination: object } ? K : never;\n}[OperationId];\n\n` +
        `/** Operations whose success is an event stream (\`text/event-stream\`). */\n` +
        `export type StreamOperationId = {\n  [K in OperationId]: OperationTable[K] extends { stream: unknown } ? K : never;\n}[OperationId];\n`,
    );
    writeFileSync(join(tmp, "models.ts"), header("One named type per schema of the BeeOS Platform API.") + modelsSource(doc, ops));
    writeFileSync(join(tmp, "methods.ts"), header("The client's operation methods, documented from the spec.") + methodsSource(ops));
    writeFileSync(join(tmp, "functions.ts"), header("One function per operation, documented from the spec.") + functionsSource(ops, rows));
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  for (const note of notes) console.log(`note: ${note}`);
  console.log(`generated types and the table of ${ids.length} operations`);
}

// Run as a script (`pnpm generate`), not when a test imports its parts.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`client generate: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
