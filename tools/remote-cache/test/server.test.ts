// The server alone: loopback only, the token required, artifacts and their
// signature tags stored as files under the storage folder; and the CLI's exports.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PORT, startRemoteCache, type RemoteCache } from "../src/server.mjs";
import { freePort } from "./free-port.js";

const storage = mkdtempSync(join(tmpdir(), "beeos-remote-cache-"));
let cache: RemoteCache;

beforeAll(async () => {
  cache = await startRemoteCache({ port: await freePort(), storagePath: join(storage, "server"), token: "t0ken", signatureKey: "k3y", logLevel: "error" });
});
afterAll(async () => {
  await cache?.stop();
  rmSync(storage, { recursive: true, force: true });
});

describe("startRemoteCache", () => {
  it("listens on 127.0.0.1 and hands out what a client exports", () => {
    expect(cache.url).toBe(`http://127.0.0.1:${cache.port}`);
    expect(cache.env).toEqual({ TURBO_API: cache.url, TURBO_TOKEN: "t0ken", TURBO_TEAM: "beeos", TURBO_REMOTE_CACHE_SIGNATURE_KEY: "k3y" });
    expect(DEFAULT_PORT).toBeGreaterThan(1024);
  });

  it("refuses a request without the token", async () => {
    const res = await fetch(`${cache.url}/v8/artifacts/0123456789abcdef?slug=beeos`, { headers: { Authorization: "Bearer wrong" } });
    expect(res.status).toBe(401);
  });

  it("stores an artifact and its signature tag as files, and serves both back", async () => {
    const headers = { Authorization: "Bearer t0ken" };
    const body = Buffer.from("not really a tar.zst");
    const put = await fetch(`${cache.url}/v8/artifacts/0123456789abcdef?slug=beeos`, {
      method: "PUT",
      headers: { ...headers, "Content-Type": "application/octet-stream", "x-artifact-tag": "c2lnbmVk" },
      body,
    });
    expect(put.status).toBe(200);
    expect(readFileSync(join(cache.storagePath, "beeos", "0123456789abcdef"))).toEqual(body);
    expect(readFileSync(join(cache.storagePath, "beeos", "0123456789abcdef.tag"), "utf8")).toBe("c2lnbmVk");
    const get = await fetch(`${cache.url}/v8/artifacts/0123456789abcdef?slug=beeos`, { headers });
    expect(get.headers.get("x-artifact-tag")).toBe("c2lnbmVk");
    expect(Buffer.from(await get.arrayBuffer())).toEqual(body);
  });
});

describe("pnpm cache:serve", () => {
  it("prints the four exports, keeps token and key across restarts, and stops on Ctrl-C", async () => {
    const port = await freePort();
    const dir = join(storage, "cli");
    const serve = async () => {
      const child = spawn(process.execPath, [fileURLToPath(new URL("../src/cli.mjs", import.meta.url)), "--", "--storage", dir], {
        env: { PATH: process.env["PATH"], CACHE_PORT: String(port) },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      for (const deadline = Date.now() + 20_000; !out.includes("Ctrl-C") && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
      const exports = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      child.kill("SIGINT");
      const [code] = await once(child, "exit");
      return { exports, code };
    };
    const first = await serve();
    expect(first.exports).toMatchObject({ TURBO_API: `http://127.0.0.1:${port}`, TURBO_TEAM: "beeos" });
    expect(first.exports["TURBO_TOKEN"]).toMatch(/^[0-9a-f]{48}$/);
    expect(first.exports["TURBO_REMOTE_CACHE_SIGNATURE_KEY"]).toMatch(/^[0-9a-f]{48}$/);
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, ".token"))).toBe(true);
    const second = await serve();
    expect(second.exports).toEqual(first.exports);
  });
});
