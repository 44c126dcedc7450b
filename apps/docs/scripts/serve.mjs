// @ts-check
// `pnpm start` / `pnpm dev`: serves the built docs site and the API on localhost,
// prints both URLs, and stops both on Ctrl-C. The API is the stateful sandbox
// (@beeos/sandbox) behind Prism's validating proxy (@beeos/mock-server with `upstream`):
// the sandbox keeps state (a deploy shows up in the list), Prism checks every request
// and answer against the spec, and each violation is logged and counted (the count is
// printed on exit). Without a built sandbox, the API is Prism's stateless mock.
// `pnpm dev` runs this with --dev: it watches the inputs turbo hashes for the docs build
// and everything under it, runs `turbo run build` on an edit (turbo re-runs what the edit
// affects: lint, bundle, generate, client and docs build), serves the new site and, when
// the bundled spec changed, reloads Prism on it, without a restart.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_MOCK_PORT, startMockServer } from "@beeos/mock-server";
import { bundledSpecPath } from "@beeos/spec";
import { ensurePortFree, serveStatic } from "./lib/serve.mjs";
import { startApiFront, streamRoutes } from "./lib/api-front.mjs";
import { watchBuild } from "./lib/dev.mjs";
import { pruneToManifest } from "./lib/manifest.mjs";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `usage: pnpm start [-- --docs-port N] [--mock-port N] [--host H]
  --docs-port  port of the docs site   (env DOCS_PORT, default 8080)
  --mock-port  port of the API         (env MOCK_PORT, default ${DEFAULT_MOCK_PORT})
  --host       interface to listen on  (env HOST_ADDRESS, default 127.0.0.1)
  --dev        serve each new build and reload the API's spec on a new one (what pnpm dev runs)
The API is the sandbox behind Prism's validating proxy; --mock (env BEEOS_API=mock) serves
Prism's stateless mock instead.`;

/** @param {string} message */
function fail(message) {
  console.error(`docs ${dev ? "dev" : "start"}: ${message}`);
  process.exit(1);
}

let dev = false;
/** @type {{ values: Record<string, string | boolean | undefined> }} */
let parsed = { values: {} };
try {
  parsed = parseArgs({
    options: {
      "docs-port": { type: "string" },
      "mock-port": { type: "string" },
      host: { type: "string" },
      dev: { type: "boolean", default: false },
      mock: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
}
const args = parsed.values;
if (args["help"]) {
  console.log(USAGE);
  process.exit(0);
}
dev = args["dev"] === true;

/** @param {string} name @param {string | boolean | undefined} flag @param {string | undefined} env @param {number} fallback */
function port(name, flag, env, fallback) {
  const raw = typeof flag === "string" ? flag : env;
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) fail(`${name} must be a port number from 0 to 65535, got ${JSON.stringify(raw)}`);
  return value;
}
const host = typeof args["host"] === "string" ? args["host"] : process.env["HOST_ADDRESS"] || "127.0.0.1";
const docsPort = port("--docs-port (DOCS_PORT)", args["docs-port"], process.env["DOCS_PORT"], 8080);
const mockPort = port("--mock-port (MOCK_PORT)", args["mock-port"], process.env["MOCK_PORT"], DEFAULT_MOCK_PORT);

const distDir = join(appDir, "dist");
const specPath = bundledSpecPath;
if (!existsSync(join(distDir, "index.html"))) fail(`no built site in ${distDir}; run \`pnpm build\` first (\`pnpm start\` and \`pnpm dev\` do)`);

const docsHint = "choose another with --docs-port or DOCS_PORT";
const mockHint = "choose another with --mock-port or MOCK_PORT";
// Both ports are checked before anything starts.
try {
  await ensurePortFree("docs site", host, docsPort, docsHint);
  await ensurePortFree("mock API", host, mockPort, mockHint);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

/**
 * The sandbox, when it is built; undefined otherwise (the API is then Prism's mock).
 * @returns {Promise<((options: { host: string, port: number, log?: (line: string) => void, onViolation?: (v: { operationId: string, status: number, problems: string[] }) => void }) => Promise<{ url: string, close: () => Promise<void> }>) | undefined>}
 */
async function sandboxStarter() {
  if (args["mock"] === true || process.env["BEEOS_API"] === "mock") return undefined;
  try {
    const sandbox = await import("@beeos/sandbox");
    return sandbox.startSandbox;
  } catch (err) {
    const code = /** @type {NodeJS.ErrnoException} */ (err).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      console.warn("docs start: @beeos/sandbox is not built (run `pnpm build`); serving Prism's stateless mock instead");
      return undefined;
    }
    throw err;
  }
}

/** Prism's violations, as its log reports them: one line each. */
let violations = 0;
/** @param {string} line */
function prismLog(line) {
  /** @type {{ name?: unknown, msg?: unknown }} */
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return;
  }
  const msg = String(entry.msg ?? "");
  if (entry.name === "VALIDATOR" && msg.startsWith("Violation:")) {
    violations += 1;
    console.log(`api: spec violation #${violations}: ${msg.slice("Violation:".length).trim()}`);
  }
}

/** @param {{ operationId: string, status: number, problems: string[] }} v */
function sandboxViolation(v) {
  violations += 1;
  console.log(`api: spec violation #${violations}: ${v.operationId} ${v.status}: ${v.problems.join("; ")}`);
}

const startSandbox = await sandboxStarter();
/** @type {Array<() => Promise<void>>} */
const stops = [];
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled(stops.map((close) => close()));
  if (startSandbox) console.log(`api: ${violations} spec violation${violations === 1 ? "" : "s"} reported by Prism and the sandbox while running`);
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

/** @type {Array<() => Promise<void>>} */
const apiStops = [];
/** @param {number} p */
const startApi = async (p) => {
  await ensurePortFree("mock API", host, p, mockHint);
  if (!startSandbox) return startMockServer({ specPath, host, port: p });
  // The sandbox checks its own answers too: the event streams that bypass Prism are held to the spec there.
  const sandbox = await startSandbox({ host, port: 0, onViolation: sandboxViolation });
  apiStops.push(() => sandbox.close());
  try {
    const prism = await startMockServer({ specPath, host, port: 0, upstream: sandbox.url, log: prismLog });
    apiStops.unshift(() => prism.close());
    const front = await startApiFront({ host, port: p, prismUrl: prism.url, sandboxUrl: sandbox.url, streams: streamRoutes(specPath) });
    return { ...front, host, specPath, reload: () => prism.reload() };
  } catch (err) {
    for (const close of apiStops.splice(0)) await close();
    throw err;
  }
};

/** @type {import("@beeos/mock-server").MockServer | undefined} */
let mock;
/** @type {Awaited<ReturnType<typeof serveStatic>> | undefined} */
let docs;
try {
  const started = await startApi(mockPort);
  mock = started;
  // Prism first, then the sandbox behind it.
  stops.push(async () => {
    await started.close();
    for (const close of apiStops) await close();
  });
  // The console asks the docs server where the API is (GET /api-config.json).
  docs = await serveStatic({ dir: distDir, host, port: docsPort, dev, what: "docs site", hint: docsHint, apiUrl: started.url });
  stops.push(docs.close);
} catch (err) {
  await Promise.allSettled(stops.map((close) => close()));
  await Promise.allSettled(apiStops.map((close) => close()));
  fail(err instanceof Error ? err.message : String(err));
}
if (!docs || !mock) throw new Error("unreachable: both servers started");
const theMock = mock;

if (dev) {
  await watchAndRebuild(theMock).catch(async (err) => {
    console.error(`docs dev: cannot watch for edits: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  });
}

const consoleUrl = `${docs.url}/console.html?baseUrl=${encodeURIComponent(mock.url)}`;
console.log(`
  BeeOS docs  ${docs.url}/
  API         ${mock.url}   (${startSandbox ? "the sandbox, behind Prism's validating proxy; any well-formed bearer token" : "Prism's stateless mock; any bearer token is accepted"})
  Console     ${consoleUrl}
${dev ? "\n  Watching the spec, the client's examples and the docs for edits (rebuilt through turbo).\n" : ""}
  Press Ctrl-C to stop.
`);

/**
 * Rebuilds through turbo on each edit of an input of the docs build or of what it depends on
 * (lib/dev.mjs); after a build, the API is reloaded when the bundled spec changed.
 * @param {import("@beeos/mock-server").MockServer} mock
 */
async function watchAndRebuild(mock) {
  const digest = () => createHash("sha256").update(readFileSync(specPath)).digest("hex");
  let specDigest = digest();
  const watcher = await watchBuild({
    repoRoot: resolve(appDir, "..", ".."),
    filter: "@beeos/docs...",
    onBuilt: async () => {
      // A build replayed from turbo's cache leaves the pages it no longer has (a removed guide's).
      for (const file of pruneToManifest(distDir)) console.log(`docs dev: removed dist/${file} (no longer built)`);
      try {
        const next = digest();
        if (next === specDigest) return console.log("docs dev: rebuilt");
        specDigest = next;
        await mock.reload();
        console.log(`docs dev: rebuilt; the API at ${mock.url} ${startSandbox ? "is checked against" : "serves"} the new spec`);
      } catch (err) {
        console.error(`docs dev: rebuilt, but the API kept the previous spec: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  });
  stops.push(watcher.close);
}
