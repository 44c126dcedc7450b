// `pnpm start` as a user runs it: from the repository root, on free ports given by
// environment, it builds, serves the docs and the mock, prints both URLs, answers on
// both, and Ctrl-C (SIGINT to the process group) stops both. The launcher itself
// names a busy or bad port.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const repoRoot = resolve(appDir, "..", "..");

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A port that was free a moment ago (listen(0), then closed). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function occupy(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return (server.address() as { port: number }).port;
}

const refused = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", () => done(true));
  });

/** Starts a command in its own process group and collects its output. */
function launch(command: string, args: string[], env: Record<string, string>, cwd: string) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env, FORCE_COLOR: "0" }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const waitFor = async (pattern: RegExp, ms: number): Promise<RegExpExecArray> => {
    const end = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before printing ${pattern}:\n${output}`);
      if (Date.now() > end) throw new Error(`no ${pattern} within ${ms} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, waitFor, output: () => output };
}

describe("pnpm start", () => {
  it("serves the docs and the mock on the ports it is given, prints both URLs, and Ctrl-C stops both", async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const run = launch("pnpm", ["start"], { DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) }, repoRoot);
    const docsUrl = (await run.waitFor(/BeeOS docs\s+(http:\/\/\S+)/, 240_000))[1]!;
    const mockUrl = (await run.waitFor(/Mock API\s+(http:\/\/\S+)/, 10_000))[1]!;
    expect(docsUrl).toBe(`http://127.0.0.1:${docsPort}/`);
    expect(mockUrl.replace(/\/$/, "")).toBe(`http://127.0.0.1:${mockPort}`);
    expect(run.output()).toMatch(/Console\s+http:\/\/127\.0\.0\.1:\d+\/console\.html\?baseUrl=http%3A%2F%2F127\.0\.0\.1%3A\d+/);

    const home = await fetch(docsUrl);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("<title>BeeOS Platform API</title>");
    const reference = await fetch(`${docsUrl}reference.html`);
    expect(reference.status).toBe(200);
    const list = await fetch(`${mockUrl.replace(/\/$/, "")}/api/v1/instances`, { headers: { Authorization: "Bearer oag_start_test" } });
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ success: true });

    process.kill(-run.child.pid!, "SIGINT");
    const [code] = await Promise.race([
      once(run.child, "exit"),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running 20 s after Ctrl-C:\n${run.output()}`)), 20_000)),
    ]);
    expect(code === 0 || code === 130 || code === null, `exit code ${String(code)}`).toBe(true);
    expect(await refused(docsPort), "docs port closed").toBe(true);
    expect(await refused(mockPort), "mock port closed").toBe(true);
  });
});

describe("the launcher", () => {
  const serve = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(appDir, "scripts", "serve.mjs"), ...args], { cwd: appDir, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });

  it("names a busy docs port and the flag to change it, and starts nothing", async () => {
    const busy = await occupy();
    const mockPort = await freePort();
    const run = serve(["--docs-port", String(busy), "--mock-port", String(mockPort)]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`docs site: port ${busy} on 127.0.0.1 is already in use; choose another with --docs-port or DOCS_PORT`);
    expect(await refused(mockPort)).toBe(true);
  });

  it("names a busy mock port (given by environment) and starts nothing", async () => {
    const busy = await occupy();
    const docsPort = await freePort();
    const run = serve([], { DOCS_PORT: String(docsPort), MOCK_PORT: String(busy) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`mock API: port ${busy} on 127.0.0.1 is already in use; choose another with --mock-port or MOCK_PORT`);
    expect(await refused(docsPort)).toBe(true);
  });

  it("refuses a port that is not a number", () => {
    const run = serve(["--docs-port", "80a"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--docs-port (DOCS_PORT) must be a port number from 0 to 65535, got "80a"');
  });
});

describe("pnpm dev", () => {
  it("rebuilds the site when a docs source changes, and serves the new page without a restart", async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const probe = join(appDir, "guides", "99-dev-probe.md");
    const run = launch("pnpm", ["dev"], { DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) }, repoRoot);
    try {
      const docsUrl = (await run.waitFor(/BeeOS docs\s+(http:\/\/\S+)/, 240_000))[1]!;
      await run.waitFor(/Watching the spec/, 10_000);
      expect((await fetch(`${docsUrl}guides/dev-probe.html`)).status).toBe(404);
      writeFileSync(probe, "# Dev probe\n\nWritten by the dev test.\n");
      await run.waitFor(/docs dev: rebuilt/, 180_000);
      const page = await fetch(`${docsUrl}guides/dev-probe.html`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Written by the dev test.");
    } finally {
      rmSync(probe, { force: true });
    }
    // The removal is an edit too: wait for that rebuild, so the site is left as the sources say.
    const rebuilt = () => (run.output().match(/docs dev: rebuilt/g) ?? []).length;
    const end = Date.now() + 180_000;
    while (rebuilt() < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(rebuilt()).toBe(2);
    process.kill(-run.child.pid!, "SIGINT");
    await once(run.child, "exit");
    expect(await refused(docsPort)).toBe(true);
    expect(await refused(mockPort)).toBe(true);
  });

  it("re-runs the pipeline when a spec file changes, and the mock serves the new spec without a restart", async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const example = join(repoRoot, "spec", "components", "examples", "InstanceRunning.yaml");
    const original = readFileSync(example, "utf8");
    const renamed = original.replace(/^(\s+name: )my-agent-1$/m, "$1renamed-by-the-dev-test");
    expect(renamed).not.toBe(original);
    const run = launch("pnpm", ["dev"], { DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) }, repoRoot);
    const rebuilt = () => (run.output().match(/docs dev: rebuilt/g) ?? []).length;
    const waitRebuilds = async (n: number) => {
      const end = Date.now() + 180_000;
      while (rebuilt() < n && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
      expect(rebuilt(), run.output().slice(-2000)).toBe(n);
    };
    const mockName = async (mockUrl: string) => {
      const res = await fetch(`${mockUrl}/api/v1/instances/instance_abc123`, { headers: { Authorization: "Bearer oag_dev_test" } });
      return ((await res.json()) as { data: { name: string } }).data.name;
    };
    let restored = false;
    try {
      const docsUrl = (await run.waitFor(/BeeOS docs\s+(http:\/\/\S+)/, 240_000))[1]!;
      const mockUrl = (await run.waitFor(/Mock API\s+(http:\/\/\S+)/, 10_000))[1]!;
      await run.waitFor(/Watching the spec/, 10_000);
      expect(await mockName(mockUrl)).toBe("my-agent-1");
      writeFileSync(example, renamed);
      await waitRebuilds(1);
      // the spec was linted and bundled again, the reference rebuilt from it, and the running mock took it
      expect(await (await fetch(`${docsUrl}reference.html`)).text()).toContain("renamed-by-the-dev-test");
      expect(await mockName(mockUrl)).toBe("renamed-by-the-dev-test");
      writeFileSync(example, original);
      restored = true;
      await waitRebuilds(2);
      expect(await mockName(mockUrl)).toBe("my-agent-1");
    } finally {
      if (!restored) writeFileSync(example, original);
    }
    process.kill(-run.child.pid!, "SIGINT");
    await once(run.child, "exit");
    expect(await refused(docsPort)).toBe(true);
    expect(await refused(mockPort)).toBe(true);
  }, 480_000);
});
