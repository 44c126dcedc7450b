// State: the state file (atomic, nothing acknowledged lost across a restart), reset, the CLI.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.js";
import { eventually, harness } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "beeos-sandbox-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const call = async (url: string, method: string, path: string, token: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

describe("the state file", () => {
  it("holds every acknowledged change before the answer, and a restart loses none of it", async () => {
    const statePath = join(dir, "state.json");
    const first = await startSandbox({ statePath, speed: 200 });
    const deployed = await call(first.url, "POST", "/api/v1/instances", "persist", { name: "kept", agentFramework: "openclaw" });
    // Written before the 201 left: the file already has it.
    expect(readFileSync(statePath, "utf8")).toContain(deployed.body.data.id);
    const task = await call(first.url, "POST", "/api/v1/agents/agent_abc123/tasks", "persist", { message: "remember me" });
    const conv = await call(first.url, "POST", "/api/v1/agents/agent_abc123/conversations", "persist", {});
    await call(first.url, "POST", "/api/v1/instances/instance_pixel8lab/start", "persist");
    await first.close();
    // Only the state file: the temporary file it was written through is renamed away.
    expect(readdirSync(dir)).toEqual(["state.json"]);

    const second = await startSandbox({ statePath, speed: 200 });
    try {
      expect((await call(second.url, "GET", `/api/v1/instances/${deployed.body.data.id}`, "persist")).body.data.name).toBe("kept");
      expect((await call(second.url, "GET", `/api/v1/agents/agent_abc123/tasks/${task.body.data.task_id}`, "persist")).status).toBe(200);
      expect((await call(second.url, "GET", `/api/v1/agents/agent_abc123/conversations/${conv.body.data.conversation_id}`, "persist")).status).toBe(200);
      // What was in flight moves on after the restart.
      await eventually(async () => (await call(second.url, "GET", "/api/v1/instances/instance_pixel8lab", "persist")).body.data.status === "running", 5000, "pixel-8-lab running");
      await eventually(async () => (await call(second.url, "GET", `/api/v1/instances/${deployed.body.data.id}`, "persist")).body.data.status === "running", 5000, "the deploy running");
    } finally {
      await second.close();
    }
  });

  it("refuses an unreadable state file, naming it", async () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{not json");
    await expect(startSandbox({ statePath: broken })).rejects.toThrow(/broken\.json is not valid JSON/);
    writeFileSync(broken, JSON.stringify({ version: 99 }));
    await expect(startSandbox({ statePath: broken })).rejects.toThrow(/not a version 1 sandbox state/);
  });
});

describe("seeds", () => {
  it("gives each token its own seed, or the shared one", async () => {
    const seedPath = join(dir, "seed.json");
    writeFileSync(seedPath, JSON.stringify({ shared: { instances: [{ name: "shared-1" }] }, tokens: { vip: { instances: [{ name: "vip-1" }, { name: "vip-2", status: "stopped" }] } } }));
    const h = await harness({ seed: seedPath });
    try {
      const names = async (token: string) => (await h.call("GET", "/api/v1/instances", { token })).body.data.map((i: any) => i.name);
      expect(await names("vip")).toEqual(["vip-1", "vip-2"]);
      expect(await names("anyone")).toEqual(["shared-1"]);
      expect(h.violations).toEqual([]);
    } finally {
      await h.sandbox.close();
    }
  });

  it("refuses a malformed seed, naming the key", async () => {
    await expect(startSandbox({ seed: { shared: { widgets: [] } } as never })).rejects.toThrow(/unknown key `shared.widgets`/);
    await expect(startSandbox({ seed: join(dir, "missing.json") })).rejects.toThrow(/cannot read the seed file/);
    await expect(startSandbox({ speed: 0 })).rejects.toThrow(/speed must be a positive number/);
  });
});

describe("reset", () => {
  it("by route and by API: every token starts from the seed again", async () => {
    const h = await harness();
    try {
      await h.call("POST", "/api/v1/instances", { token: "r", body: { name: "temp", agentFramework: "openclaw" } });
      const count = async () => (await h.call("GET", "/api/v1/instances", { token: "r" })).body.total;
      expect(await count()).toBe(7);
      const res = await fetch(`${h.sandbox.url}/__sandbox/reset`, { method: "POST" });
      expect(await res.json()).toEqual({ success: true, data: "reset" });
      expect(await count()).toBe(6);
      await h.call("POST", "/api/v1/instances", { token: "r", body: { name: "temp", agentFramework: "openclaw" } });
      await h.sandbox.reset();
      expect(await count()).toBe(6);
    } finally {
      await h.sandbox.close();
    }
  });
});

describe("the beeos-sandbox CLI", () => {
  const start = (args: string[]) =>
    new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, "--port", "0", "--quiet", ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        const url = /BeeOS sandbox: (http:\/\/\S+)/.exec(out)?.[1];
        if (url) resolve({ child, url });
      });
      child.once("exit", (code) => reject(new Error(`the CLI exited with ${code} before printing its URL`)));
      setTimeout(() => reject(new Error("the CLI printed no URL within 10 s")), 10_000).unref();
    });
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  it("prints its URL, survives a kill with --state, resets on SIGHUP and stops cleanly on Ctrl-C", async () => {
    const statePath = join(dir, "cli-state.json");
    const a = await start(["--speed", "100", "--state", statePath]);
    let b: ChildProcess | undefined;
    try {
      const deployed = await call(a.url, "POST", "/api/v1/instances", "cli", { name: "survivor", agentFramework: "openclaw" });
      expect(deployed.status).toBe(201);
      // No clean shutdown: whatever was acknowledged is already on disk.
      const killed = exited(a.child);
      a.child.kill("SIGKILL");
      await killed;
      const second = await start(["--speed", "100", "--state", statePath]);
      b = second.child;
      expect((await call(second.url, "GET", `/api/v1/instances/${deployed.body.data.id}`, "cli")).body.data.name).toBe("survivor");
      b.kill("SIGHUP");
      await eventually(async () => (await call(second.url, "GET", `/api/v1/instances/${deployed.body.data.id}`, "cli")).status === 404, 5000, "the reset");
      const stopped = exited(b);
      b.kill("SIGINT");
      expect(await stopped).toBe(0);
      b = undefined;
    } finally {
      a.child.kill("SIGKILL");
      b?.kill("SIGKILL");
    }
  });

  it("refuses a bad flag with its usage", async () => {
    const child = spawn(process.execPath, [cli, "--speed", "fast"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    expect(await exited(child)).toBe(2);
    expect(err).toContain("--speed must be a number");
  });
});
