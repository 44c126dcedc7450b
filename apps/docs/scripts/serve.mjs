// @ts-check
// `pnpm start` / `pnpm dev`: serves the built docs site and a mock of the API on
// localhost, prints both URLs, and stops both on Ctrl-C. With --dev, an edit to the
// spec, the client's examples or the docs' sources rebuilds through turbo (lint,
// bundle, generate, client and docs build, each only if its inputs changed) and the
// mock restarts on the new spec.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync, readFileSync, watch } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensurePortFree, serveStatic } from "./lib/serve.mjs";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(appDir, "..", "..");
const require = createRequire(import.meta.url);

const USAGE = `usage: pnpm start [-- --docs-port N] [--mock-port N] [--host H]
  --docs-port  port of the docs site   (env DOCS_PORT, default 8080)
  --mock-port  port of the mock API    (env MOCK_PORT, default 4010)
  --host       interface to listen on  (env HOST_ADDRESS, default 127.0.0.1)
  --dev        rebuild on edits and reload the mock (what pnpm dev runs)`;

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
const mockPort = port("--mock-port (MOCK_PORT)", args["mock-port"], process.env["MOCK_PORT"], 4010);

const distDir = join(appDir, "dist");
const specPath = require.resolve("@beeos/spec/openapi.json");
/** Runs the docs build and everything it depends on, through turbo (unchanged steps replay from cache). */
function turboBuild() {
  const turbo = spawn(join(repoRoot, "node_modules", ".bin", "turbo"), ["run", "build", "--filter=@beeos/docs", "--output-logs=errors-only"], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  return turbo;
}

if (!existsSync(join(distDir, "index.html"))) {
  if (!dev) fail(`no built site in ${distDir}; run \`pnpm build\` first (\`pnpm start\` does)`);
  const [code] = await once(turboBuild(), "exit");
  if (code !== 0) fail("the first build failed (above); fix it and run pnpm dev again");
}

const docsHint = "choose another with --docs-port or DOCS_PORT";
const mockHint = "choose another with --mock-port or MOCK_PORT";
// Both ports are checked before anything starts (Prism takes seconds to load).
try {
  await ensurePortFree("docs site", host, docsPort, docsHint);
  await ensurePortFree("mock API", host, mockPort, mockHint);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const { startMockServer } = await import("@beeos/mock-server");

/** @type {Array<() => Promise<void>>} */
const stops = [];
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled(stops.map((close) => close()));
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

/** @param {number} p */
const startMock = async (p) => {
  await ensurePortFree("mock API", host, p, mockHint);
  return startMockServer({ specPath, host, port: p });
};

/** @type {import("@beeos/mock-server").MockServer | undefined} */
let mock;
/** @type {Awaited<ReturnType<typeof serveStatic>> | undefined} */
let docs;
try {
  docs = await serveStatic({ dir: distDir, host, port: docsPort, dev, what: "docs site", hint: docsHint });
  stops.push(docs.close);
  const started = await startMock(mockPort);
  mock = started;
  stops.push(() => started.close());
} catch (err) {
  await Promise.allSettled(stops.map((close) => close()));
  fail(err instanceof Error ? err.message : String(err));
}
if (!docs || !mock) throw new Error("unreachable: both servers started");
const theMock = mock;

const consoleUrl = `${docs.url}/console.html?baseUrl=${encodeURIComponent(mock.url)}`;
console.log(`
  BeeOS docs  ${docs.url}/
  Mock API    ${mock.url}   (any bearer token is accepted)
  Console     ${consoleUrl}
${dev ? "\n  Watching the spec, the client's examples and the docs for edits.\n" : ""}
  Press Ctrl-C to stop.
`);

if (dev) watchAndRebuild(theMock);

/** @param {import("@beeos/mock-server").MockServer} mock */
function watchAndRebuild(mock) {
  const specDir = dirname(require.resolve("@beeos/spec/package.json"));
  const examplesDir = join(dirname(require.resolve("@beeos/client/package.json")), "examples");
  const watched = [
    ...["openapi.yaml", "paths", "components"].map((p) => join(specDir, p)),
    examplesDir,
    join(appDir, "guides"),
    join(appDir, "src"),
  ].filter((p) => existsSync(p));
  const digest = () => createHash("sha256").update(readFileSync(specPath)).digest("hex");
  let specDigest = digest();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let running = false;
  let again = false;
  /** @type {import("node:child_process").ChildProcess | undefined} */
  let current;
  stops.push(async () => void (current?.exitCode === null && current.kill("SIGINT")));

  const rebuild = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    console.log("docs dev: change seen; rebuilding (turbo run build --filter=@beeos/docs)");
    const turbo = turboBuild();
    current = turbo;
    turbo.on("exit", async (code) => {
      if (code !== 0) {
        console.error("docs dev: the rebuild failed (above); still serving the last good build");
      } else {
        try {
          const next = digest();
          if (next !== specDigest) {
            specDigest = next;
            await mock.reload();
            console.log(`docs dev: rebuilt; the mock at ${mock.url} serves the new spec`);
          } else {
            console.log("docs dev: rebuilt");
          }
        } catch (err) {
          console.error(`docs dev: rebuilt, but the mock kept the previous spec: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      running = false;
      if (again) {
        again = false;
        rebuild();
      }
    });
  };

  for (const path of watched) {
    const watcher = watch(path, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(rebuild, 300);
    });
    stops.push(async () => watcher.close());
  }
}
