// The quickstart's steps, as a newcomer follows them, in an empty folder: pack the
// client from the workspace, install the tarball with npm, save the guide's
// list-instances.mjs, and run it with node against a sandbox of the API started here
// (the sandbox of `pnpm start` once @beeos/sandbox is built, else the Prism mock).
// The program's counts must be those of the instances the server really answers with.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const repoRoot = resolve(appDir, "..", "..");
const guide = readFileSync(join(appDir, "guides", "01-quickstart.md"), "utf8");

/** The guide's block titled `[name]` (a VitePress code-group tab). */
function block(name: string): string {
  const found = new RegExp("^```\\w+ \\[" + name.replace(/\./g, "\\.") + "\\]\\n([\\s\\S]*?)^```$", "m").exec(guide);
  if (!found) throw new Error(`guides/01-quickstart.md: no block titled [${name}]`);
  return found[1] ?? "";
}

/** The value the guide exports for a variable in the sandbox step. */
function exported(name: string): string {
  const found = new RegExp(`^export ${name}=(\\S+)$`, "gm");
  const all = [...guide.matchAll(found)].map((m) => m[1] ?? "");
  const last = all.at(-1);
  if (!last) throw new Error(`guides/01-quickstart.md: no \`export ${name}=…\``);
  return last;
}

interface Api {
  url: string;
  close: () => Promise<void>;
  kind: string;
}

/** The sandbox when its package is built; until then the Prism mock. */
async function startApi(): Promise<Api> {
  const require = createRequire(join(appDir, "package.json"));
  let sandboxEntry: string | undefined;
  try {
    sandboxEntry = require.resolve("@beeos/sandbox");
  } catch {
    sandboxEntry = undefined;
  }
  if (sandboxEntry && existsSync(sandboxEntry)) {
    const { startSandbox } = (await import("@beeos/sandbox" as string)) as { startSandbox: (o: { port: number }) => Promise<{ url: string; close: () => Promise<void> }> };
    const sandbox = await startSandbox({ port: 0 });
    return { url: sandbox.url.replace(/\/+$/, ""), close: () => sandbox.close(), kind: "sandbox" };
  }
  const { startMockServer } = await import("@beeos/mock-server");
  const mock = await startMockServer({ host: "127.0.0.1", port: 0 });
  return { url: mock.url.replace(/\/+$/, ""), close: () => mock.close(), kind: "mock" };
}

describe("the quickstart, from zero", () => {
  const work = mkdtempSync(join(tmpdir(), "beeos-quickstart-"));
  let api: Api;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("states plainly that the client is not on npm yet, where a key comes from, and how to run the sample", () => {
    expect(guide).toMatch(/not published on npm yet/);
    expect(guide).toContain("pnpm --filter @beeos/client pack");
    expect(guide).toMatch(/BeeOS dashboard[^.]*\*\*API-key settings\*\*/);
    expect(guide).toContain("node list-instances.mjs");
    expect(guide).toContain("npx tsx list-instances.ts");
    expect(guide).toContain("pnpm start");
    // The two tabs are the same program.
    expect(block("list-instances.ts")).toBe(block("list-instances.mjs"));
  });

  it("packs the client, installs the tarball with npm and runs list-instances.mjs against the sandbox, counting correctly", async () => {
    // 1. Get the client: a tarball packed from the workspace.
    const packs = join(work, "packs");
    const pack = spawnSync("pnpm", ["--filter", "@beeos/client", "pack", "--pack-destination", packs], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    expect(pack.status, pack.stderr || pack.stdout).toBe(0);
    const tarball = readdirSync(packs).find((f) => /^beeos-client-.+\.tgz$/.test(f));
    expect(tarball, `pnpm pack wrote ${readdirSync(packs).join(", ")}`).toBeDefined();

    const project = join(work, "project");
    rmSync(project, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "quickstart-check", private: true }));
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", join(packs, tarball!)], {
      cwd: project,
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(install.status, install.stderr || install.stdout).toBe(0);
    expect(existsSync(join(project, "node_modules", "@beeos", "client", "package.json"))).toBe(true);

    // 3. The program, as the guide shows it.
    writeFileSync(join(project, "list-instances.mjs"), block("list-instances.mjs"));

    // 5. Against the sandbox: the guide's token, the test's sandbox URL (the guide's port may be taken here).
    const token = exported("BEEOS_API_KEY");
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const list = async () =>
      (await (await fetch(`${api.url}/api/v1/instances?pageSize=100`, { headers })).json()) as { data: Array<{ id: string; name: string; status: string }>; total: number };
    // The old quickstart counted every listed instance as running: make sure some are not, so that mistake would show.
    if ((await list()).data.every((i) => i.status === "running")) {
      const deployed = await fetch(`${api.url}/api/v1/instances`, { method: "POST", headers, body: JSON.stringify({ name: "quickstart-check", agentFramework: "openclaw" }) });
      expect(deployed.status).toBe(201);
    }
    expect(exported("BEEOS_BASE_URL")).toBe("http://127.0.0.1:4010");
    // Not spawnSync: the sandbox answers from this process, which must keep running meanwhile.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ["list-instances.mjs"],
        { cwd: project, encoding: "utf8", timeout: 60_000, env: { PATH: process.env["PATH"] ?? "", HOME: project, BEEOS_BASE_URL: api.url, BEEOS_API_KEY: token } },
        (error, stdout, stderr) => done({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    // What the server answers to the same request.
    const answer = await list();
    const running = answer.data.filter((i) => i.status === "running").length;
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`${answer.total} instance(s) in all; of the ${answer.data.length} listed, ${running} running`);
    expect(lines.slice(1)).toEqual(answer.data.map((i) => `${i.id}  ${i.name}  ${i.status}`));
    expect(running, `${api.kind}: some listed instances are not running`).toBeLessThan(answer.data.length);
  }, 300_000);
});

