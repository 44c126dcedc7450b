// Checks the package as it would be published: packed with pnpm, linted by
// publint and @arethetypeswrong/cli, compiled into consumer projects with loose
// and strict settings, and bundled for a browser without Node-only imports.
// Runs against dist/, so `pnpm build` must have run (turbo orders that).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startServer } from "./support/server.js";

const run = promisify(execFile);
const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(join(pkgDir, "package.json"));
// Dev tools are run from their installed files, so no shell or PATH lookup is involved.
const bin = (pkg: string, path: string) => join(pkgDir, "node_modules", pkg, path);

let work: string;
let tarball: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "beeos-client-pack-"));
  await run("pnpm", ["pack", "--pack-destination", work], { cwd: pkgDir });
  const file = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!file) throw new Error(`pnpm pack wrote no tarball into ${work}`);
  tarball = join(work, file);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("ships dist, the README, package.json and the example programs, and no sources or tests", async () => {
    const { stdout } = await run("tar", ["tzf", tarball]);
    const files = stdout.trim().split("\n");
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    expect(files).toContain("package/README.md");
    expect(files).toContain("package/examples/listInstances.ts");
    expect(files.filter((f) => !/^package\/(dist\/.*\.(js|d\.ts)|examples\/([\w-]+\.ts|index\.d?\.?mts|index\.mjs)|README\.md|package\.json)$/.test(f))).toEqual([]);
  });

  it("passes publint", async () => {
    const { stdout } = await run(process.execPath, [bin("publint", "src/cli.js"), "run", tarball, "--strict"]);
    expect(stdout).toContain("All good!");
  });

  it("passes @arethetypeswrong/cli for ESM consumers", async () => {
    // Exits non-zero on any problem; CommonJS resolutions are ignored because the package is ESM-only.
    const { stdout } = await run(process.execPath, [bin("@arethetypeswrong/cli", "dist/index.js"), tarball, "--profile", "esm-only", "--format", "json"]);
    const report = JSON.parse(stdout) as { analysis: { problems: { kind: string; resolutionKind: string }[] } };
    expect(report.analysis.problems.filter((p) => p.resolutionKind !== "node10" && p.resolutionKind !== "node16-cjs")).toEqual([]);
  });

  const consumerSource = `
import { createBeeosClient, NotFoundError, type components } from "@beeos/client";
const beeos = createBeeosClient({ token: "oag_x", maxRetries: 1 });
async function main(): Promise<void> {
  const page = await beeos.listInstances({ query: { status: "running", pageSize: 10 } });
  const first: components["schemas"]["Instance"] | undefined = page.data[0];
  const total: number = page.total;
  for await (const item of beeos.paginate("listInstances")) console.log(item.id, first, total);
  const { data } = await beeos.GET("/api/v1/instances/{id}", { params: { path: { id: "x" } } });
  console.log(data?.data.name);
  try { await beeos.getInstance({ path: { id: "x" } }); } catch (e) { if (e instanceof NotFoundError) console.log(e.code, e.requestId); }
}
void main();
// @ts-expect-error a misspelt operation must still be an error for loose consumers
beeos.listInstance();
`;

  it.concurrent.each([
    ["NodeNext, strict: false", { module: "NodeNext", moduleResolution: "NodeNext", strict: false }],
    // Bundler resolution is covered by @arethetypeswrong/cli above; each compile costs seconds.
    // Strict settings are covered by the examples, which compile against dist/ under the repo's strict config.
  ])("compiles in a consumer project (%s) without skipLibCheck", { timeout: 60_000 }, async (name, options) => {
    const dir = join(work, `consumer-${name.replace(/\W+/g, "-")}`);
    const target = join(dir, "node_modules", "@beeos", "client");
    mkdirSync(target, { recursive: true });
    await run("tar", ["xzf", tarball, "-C", target, "--strip-components=1"]);
    symlinkSync(dirname(require.resolve("openapi-fetch/package.json")), join(dir, "node_modules", "openapi-fetch"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    writeFileSync(join(dir, "main.ts"), consumerSource);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", lib: ["ES2022", "DOM", "DOM.Iterable"], noEmit: true, skipLibCheck: false, skipDefaultLibCheck: true, types: [], ...options }, files: ["main.ts"] }),
    );
    const result = await run(process.execPath, [bin("typescript", "bin/tsc"), "-p", dir]).then(
      () => "compiled",
      (err: Error & { stdout?: string; stderr?: string }) => `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message,
    );
    expect(result).toBe("compiled");
  });
});

describe("CommonJS consumers", () => {
  // ESM only, no dual build: Node has loaded ES modules through require() since 20.19
  // (unflagged), and `engines` asks for that, so one build serves both.
  it("can require() the package on this Node, which engines allows", { timeout: 60_000 }, async () => {
    const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { engines: { node: string }; dependencies: Record<string, string> };
    expect(pkg.engines.node).toBe(">=20.19");
    const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
    expect(major > 20 || minor >= 19, `Node ${process.versions.node} is below engines`).toBe(true);
    const dir = join(work, "consumer-cjs");
    const target = join(dir, "node_modules", "@beeos", "client");
    mkdirSync(target, { recursive: true });
    await run("tar", ["xzf", tarball, "-C", target, "--strip-components=1"]);
    for (const dep of Object.keys(pkg.dependencies)) {
      mkdirSync(dirname(join(dir, "node_modules", dep)), { recursive: true });
      symlinkSync(realpathSync(join(pkgDir, "node_modules", dep)), join(dir, "node_modules", dep));
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer-cjs", private: true, type: "commonjs" }));
    writeFileSync(
      join(dir, "main.js"),
      `const { createBeeosClient, BeeosError } = require("@beeos/client");
createBeeosClient({ token: "oag_cjs_1", baseUrl: process.argv[2] }).listDeployRegions()
  .then((r) => console.log(JSON.stringify({ ids: r.data.map((x) => x.id), requestId: r.requestId, errors: typeof BeeosError })));`,
    );
    const api = await startServer((_req, res) => json(res, 200, { success: true, data: [{ id: "r1", name: "Region", available: true }] }, { "x-request-id": "req_cjs" }));
    try {
      const { stdout } = await run(process.execPath, ["main.js", api.url], { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({ ids: ["r1"], requestId: "req_cjs", errors: "function" });
    } finally {
      await api.close();
    }
  });
});

describe("the main entry", () => {
  it("imports nothing Node-only", () => {
    const files = readdirSync(join(pkgDir, "dist"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
    expect(files).toContain("index.js");
    for (const file of files) {
      const code = readFileSync(join(pkgDir, "dist", file), "utf8");
      expect(code, file).not.toMatch(/from\s*["']node:|import\(\s*["']node:|\brequire\(/);
    }
  });

  it("works in a realm with only web globals (no process, no require)", async () => {
    const api = await startServer((req, res) =>
      json(res, 200, { success: true, data: [{ id: "r1", name: "Region", available: true }] }, { "x-request-id": `req_${req.headers.authorization === "Bearer oag_browser_1" ? "ok" : "no"}` }),
    );
    try {
      const bundle = await build({
        entryPoints: [join(pkgDir, "dist", "index.js")],
        bundle: true,
        format: "iife",
        globalName: "BeeosClient",
        platform: "browser",
        write: false,
        logLevel: "silent",
      });
      const web = { fetch, Headers, Request, Response, URL, URLSearchParams, AbortController, AbortSignal, FormData, Blob, TextEncoder, TextDecoder, setTimeout, clearTimeout, console };
      const realm = createContext({ ...web });
      runInContext(bundle.outputFiles[0]!.text, realm);
      const lib = runInContext("BeeosClient", realm) as typeof import("../src/index.js");
      const regions = await lib.createBeeosClient({ token: "oag_browser_1", baseUrl: api.url }).listDeployRegions();
      expect(regions.data).toEqual([{ id: "r1", name: "Region", available: true }]);
      expect(regions.requestId).toBe("req_ok");
      const missing = await lib.createBeeosClient({ baseUrl: api.url }).listDeployRegions().then(
        () => "sent",
        (e: Error) => `${e.name}: ${e.message}`,
      );
      expect(missing).toMatch(/^BeeosUsageError: .*BEEOS_API_KEY/);
    } finally {
      await api.close();
    }
  });
});
