// `pnpm start` as a user runs it: from the repository root, on free ports given by
// environment, it builds, serves the docs and the API (the sandbox behind Prism's
// validating proxy), prints both URLs, answers on both, keeps state (a deploy shows up
// in the list), counts what Prism finds against the spec, and Ctrl-C (SIGINT to the
// process group) stops both. The launcher itself names a busy or bad port.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { listOperations, loadBundledSpec } from "@beeos/spec";
import { afterEach, describe, expect, it } from "vitest";
import { curlSample } from "../scripts/lib/samples.mjs";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const repoRoot = resolve(appDir, "..", "..");
/** Whether @beeos/sandbox is built: `pnpm start` then serves it behind Prism, else Prism's mock. */
const sandboxBuilt = existsSync(join(repoRoot, "tools", "sandbox", "dist", "index.js"));

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.pid) {
      // Ctrl-C first: turbo runs its tasks in process groups of their own and stops them only
      // when asked; a SIGKILL to turbo alone would leave the servers running after a failed test.
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {
        // already gone
      }
      await Promise.race([once(child, "exit"), new Promise((done) => setTimeout(done, 10_000))]);
      try {
        if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
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
    const mockUrl = (await run.waitFor(/\sAPI\s+(http:\/\/\S+)/, 10_000))[1]!;
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

    // The console finds the API here, whatever its port.
    const config = await fetch(`${docsUrl}api-config.json`);
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({ apiUrl: mockUrl.replace(/\/$/, "") });
    // The reference: a section route opened directly, compressed.
    const section = await fetch(`${docsUrl}instances`, { headers: { "Accept-Encoding": "br" } });
    expect(section.status).toBe(200);
    expect(section.headers.get("content-encoding")).toBe("br");
    expect(await section.text()).toContain('id="redoc"');

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

const docsUrlOf = (port: number) => `http://127.0.0.1:${port}`;

describe.skipIf(!sandboxBuilt && process.env["CI"] !== "true")(`the API of pnpm start${sandboxBuilt ? "" : " (skipped: @beeos/sandbox is not built)"}`, () => {
  it("is the sandbox behind Prism: a deploy shows up in the list; a request the spec forbids is logged, counted and the count printed on Ctrl-C", async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const run = launch(process.execPath, [join(appDir, "scripts", "serve.mjs")], { DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) }, appDir);
    const api = (await run.waitFor(/\sAPI\s+(http:\/\/\S+)/, 60_000))[1]!.replace(/\/$/, "");
    expect(run.output()).toContain("the sandbox, behind Prism's validating proxy");
    const headers = { Authorization: "Bearer oag_start_state_test", "Content-Type": "application/json" };

    const deploy = listOperations(loadBundledSpec()).find((op) => op.operationId === "deployInstance")!;
    const body = { name: `start-test-${process.pid}-${Date.now()}`, agentFramework: "openclaw" };
    const created = await fetch(`${api}${deploy.path}`, { method: "POST", headers, body: JSON.stringify(body) });
    const answer = (await created.json()) as { data?: { id?: string } };
    expect(created.status, JSON.stringify(answer)).toBeLessThan(300);
    const id = answer.data?.id;
    expect(id).toBeTruthy();
    const listed = (await (await fetch(`${api}/api/v1/instances?pageSize=200`, { headers })).json()) as { data: Array<{ id: string; name: string }> };
    expect(listed.data.find((i) => i.id === id)?.name).toBe(body.name);
    // Another token does not see it.
    const other = (await (await fetch(`${api}/api/v1/instances?pageSize=200`, { headers: { Authorization: "Bearer oag_someone_else" } })).json()) as { data: Array<{ id: string }> };
    expect(other.data.some((i) => i.id === id)).toBe(false);
    expect(run.output()).not.toMatch(/spec violation #/);

    // A task's event stream flows live through the API port (Prism would hold it until its end):
    // the first event arrives while the task is still running, and the console on the docs port may read it.
    const task = (await (await fetch(`${api}/api/v1/agents/agent_abc123/tasks`, { method: "POST", headers, body: JSON.stringify({ message: "stream me" }) })).json()) as { data: { task_id: string } };
    const opened = Date.now();
    const stream = await fetch(`${api}/api/v1/agents/agent_abc123/tasks/${task.data.task_id}/events`, { headers: { Authorization: headers.Authorization, Origin: docsUrlOf(docsPort) } });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.headers.get("access-control-allow-origin")).toBeTruthy();
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    const firstAt = Date.now() - opened;
    expect(text).toMatch(/^id: \d+/m);
    expect(text, "the first chunk already holds the end: the stream was not live").not.toMatch(/^event: end$/m);
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
    expect(text).toMatch(/^event: end$/m);
    expect(Date.now() - opened - firstAt, "the end came with the first event").toBeGreaterThan(200);

    // pageSize above the spec's maximum: Prism forwards it and reports the violation.
    const bad = await fetch(`${api}/api/v1/instances?pageSize=100000`, { headers });
    expect(bad.status).toBe(400);
    await run.waitFor(/api: spec violation #1: .*pagesize/i, 10_000);
    process.kill(-run.child.pid!, "SIGINT");
    await Promise.race([once(run.child, "exit"), new Promise((_, reject) => setTimeout(() => reject(new Error(`still running 20 s after Ctrl-C:\n${run.output()}`)), 20_000))]);
    expect(run.output()).toMatch(/api: 1 spec violation reported by Prism and the sandbox while running/);
    expect(await refused(docsPort)).toBe(true);
    expect(await refused(mockPort)).toBe(true);
  });

  it("answers the reference's local-sandbox curl sample of deployInstance, pasted into bash, with a 2xx", async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const run = launch(process.execPath, [join(appDir, "scripts", "serve.mjs")], { DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) }, appDir);
    const api = (await run.waitFor(/\sAPI\s+(http:\/\/\S+)/, 60_000))[1]!.replace(/\/$/, "");
    const spec = loadBundledSpec();
    const deploy = listOperations(spec).find((op) => op.operationId === "deployInstance")!;
    const sample = curlSample(spec, deploy, () => {}, { server: api, token: "${BEEOS_API_KEY:-oag_sandbox}" });
    const result = await promisify(execFile)("bash", ["--noprofile", "--norc", "-c", sample.replace(/^curl /, "curl -sS --max-time 10 -w '\\n@@%{http_code}' ")], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "" },
    });
    expect(Number(/@@(\d{3})$/.exec(result.stdout)?.[1]), `${sample}\n${result.stdout}`).toBeLessThan(300);
    process.kill(-run.child.pid!, "SIGINT");
    await once(run.child, "exit");
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
  // Prism's stateless mock (BEEOS_API=mock) answers from the spec's examples, so an edited example shows
  // in its answers; the sandbox keeps its state across edits, and Prism in front of it checks against the new spec.
  it("re-runs the pipeline when a spec file changes, and the mock serves the new spec without a restart", async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const example = join(repoRoot, "spec", "components", "examples", "InstanceRunning.yaml");
    const original = readFileSync(example, "utf8");
    const renamed = original.replace(/^(\s+name: )my-agent-1$/m, "$1renamed-by-the-dev-test");
    expect(renamed).not.toBe(original);
    const run = launch("pnpm", ["dev"], { DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort), BEEOS_API: "mock" }, repoRoot);
    const rebuilt = () => (run.output().match(/docs dev: rebuilt/g) ?? []).length;
    const waitRebuilds = async (n: number) => {
      const end = Date.now() + 180_000;
      while (rebuilt() < n && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
      expect(rebuilt(), run.output().slice(-2000)).toBeGreaterThanOrEqual(n);
    };
    const mockName = async (mockUrl: string) => {
      const res = await fetch(`${mockUrl}/api/v1/instances/instance_abc123`, { headers: { Authorization: "Bearer oag_dev_test" } });
      return ((await res.json()) as { data: { name: string } }).data.name;
    };
    let restored = false;
    try {
      const docsUrl = (await run.waitFor(/BeeOS docs\s+(http:\/\/\S+)/, 240_000))[1]!;
      const mockUrl = (await run.waitFor(/\sAPI\s+(http:\/\/\S+)/, 10_000))[1]!;
      await run.waitFor(/Watching the spec/, 10_000);
      expect(await mockName(mockUrl)).toBe("my-agent-1");
      writeFileSync(example, renamed);
      await waitRebuilds(1);
      expect(run.output()).toContain("docs dev: changed: spec/components/examples/InstanceRunning.yaml; running turbo run build");
      // the spec was linted and bundled again, the reference rebuilt from it, and the running mock took it
      expect(await (await fetch(`${docsUrl}reference.html`)).text()).toContain("renamed-by-the-dev-test");
      expect(await mockName(mockUrl)).toBe("renamed-by-the-dev-test");
      // A broken edit fails the build, which says so; the site and the API keep the last good build.
      writeFileSync(example, `${renamed}\n  - [unclosed\n`);
      await run.waitFor(/docs dev: the build failed \(see above\); the site and the API keep the last good build/, 180_000);
      expect(await mockName(mockUrl)).toBe("renamed-by-the-dev-test");
      writeFileSync(example, original);
      restored = true;
      await waitRebuilds(rebuilt() + 1);
      expect(await mockName(mockUrl)).toBe("my-agent-1");
    } finally {
      if (!restored) writeFileSync(example, original);
    }
    process.kill(-run.child.pid!, "SIGINT");
    await once(run.child, "exit");
    expect(await refused(docsPort)).toBe(true);
    expect(await refused(mockPort)).toBe(true);
  }, 480_000);

  it("rebuilds the site when a docs source changes, and serves the new page without a restart", async () => {
    const docsPort = await freePort();
    const mockPort = await freePort();
    const probe = join(appDir, "guides", "99-dev-probe.md");
    const run = launch("pnpm", ["dev"], { DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) }, repoRoot);
    let docsUrl = "";
    try {
      docsUrl = (await run.waitFor(/BeeOS docs\s+(http:\/\/\S+)/, 240_000))[1]!;
      await run.waitFor(/Watching the spec/, 10_000);
      expect((await fetch(`${docsUrl}guides/dev-probe.html`)).status).toBe(404);
      const text = "# Dev probe\n\nWritten by the dev test.\n";
      writeFileSync(probe, text);
      await run.waitFor(/docs dev: rebuilt/, 180_000);
      expect(run.output()).toContain("docs dev: changed: apps/docs/guides/99-dev-probe.md (new)");
      const page = await fetch(`${docsUrl}guides/dev-probe.html`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Written by the dev test.");
    } finally {
      rmSync(probe, { force: true });
    }
    // The removal is an edit too: wait for that rebuild.
    const rebuilt = () => (run.output().match(/docs dev: rebuilt/g) ?? []).length;
    const end = Date.now() + 180_000;
    while (rebuilt() < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(rebuilt()).toBeGreaterThanOrEqual(2);
    // turbo replays the earlier build from its cache over dist/; the probe's page, built since, is removed.
    expect(run.output()).toContain("docs dev: removed dist/guides/dev-probe.html (no longer built)");
    expect((await fetch(`${docsUrl}guides/dev-probe.html`)).status).toBe(404);
    process.kill(-run.child.pid!, "SIGINT");
    await once(run.child, "exit");
    expect(await refused(docsPort)).toBe(true);
    expect(await refused(mockPort)).toBe(true);
  }, 480_000);
});
