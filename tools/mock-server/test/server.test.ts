import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { defaultSpecPath, startMockServer, type MockServer } from "../src/index.js";

const started: MockServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});
async function start(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer(options);
  started.push(server);
  return server;
}

const auth = { authorization: "Bearer oag_test" };
const spec = JSON.parse(await readFile(defaultSpecPath(), "utf8")) as { paths: Record<string, unknown> };
const firstGet = Object.entries(spec.paths).find(([path, item]) => !path.includes("{") && (item as Record<string, unknown>)["get"])?.[0];
if (!firstGet) throw new Error("the bundled spec has no GET operation without path parameters");

async function canListen(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("startMockServer", () => {
  test("serves the bundled spec on a free port of 127.0.0.1 and frees it on close", async () => {
    const server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    const response = await fetch(server.url + firstGet, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true });
    await server.close();
    await server.close();
    expect(await canListen(server.port)).toBe(true);
  });

  test("checks the bearer token like the API does", async () => {
    const server = await start();
    expect((await fetch(server.url + firstGet)).status).toBe(401);
  });

  test("a port in use gives an error naming the port", async () => {
    const first = await start();
    await expect(startMockServer({ port: first.port })).rejects.toThrow(new RegExp(`Port ${first.port} .*already in use`));
  });

  test("bad options are refused before anything starts", async () => {
    await expect(startMockServer({ port: 70000 })).rejects.toThrow(/port must be an integer from 0 to 65535, got 70000/);
    await expect(startMockServer({ mode: "random" as never })).rejects.toThrow(/mode must be "static" or "dynamic"/);
    await expect(startMockServer({ upstream: "not a url" })).rejects.toThrow(/upstream must be an absolute http\(s\) URL/);
    await expect(startMockServer({ specPath: "/nonexistent/openapi.json" })).rejects.toThrow(/Cannot read the OpenAPI document at \/nonexistent\/openapi.json/);
  });

  test("dynamic mode with a seed repeats its answers; static mode serves the spec's example", async () => {
    const a = await start({ mode: "dynamic", seed: 7 });
    const b = await start({ mode: "dynamic", seed: 7 });
    const stat = await start();
    const [bodyA, bodyB, bodyStatic] = await Promise.all(
      [a, b, stat].map(async (s) => (await fetch(s.url + firstGet, { headers: auth })).json()),
    );
    expect(bodyA).toEqual(bodyB);
    expect(bodyA).not.toEqual(bodyStatic);
  });

  test("reload() serves the changed spec on the same port, and keeps the old one when the new file is broken", async () => {
    const dir = await mkdtemp(join(tmpdir(), "beeos-mock-"));
    try {
      const path = join(dir, "openapi.json");
      const original = await readFile(defaultSpecPath(), "utf8");
      await writeFile(path, original);
      const server = await start({ specPath: path });
      expect((await fetch(server.url + firstGet, { headers: auth })).status).toBe(200);

      const changed = JSON.parse(original) as { paths: Record<string, unknown> };
      delete changed.paths[firstGet];
      await writeFile(path, JSON.stringify(changed));
      await server.reload();
      expect((await fetch(server.url + firstGet, { headers: auth })).status).toBe(404);

      await writeFile(path, "{ not json");
      await expect(server.reload()).rejects.toThrow(/is not valid JSON/);
      expect((await fetch(server.url + firstGet, { headers: auth })).status).toBe(404);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
