// What other tools and runtimes expect of the client: a User-Agent naming it and
// the runtime, BEEOS_API_URL as another name for BEEOS_BASE_URL.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createBeeosClient } from "../src/index.js";
import { VERSION } from "../src/version.js";
import { json, startServer, type TestServer } from "./support/server.js";

let api: TestServer;
let other: TestServer;
beforeAll(async () => {
  [api, other] = await Promise.all([startServer(), startServer()]);
  for (const s of [api, other]) s.handle((_req, res) => json(res, 200, { success: true, data: [] }));
});
afterAll(() => Promise.all([api.close(), other.close()]));
afterEach(() => void vi.unstubAllEnvs());

describe("User-Agent", () => {
  it("names the client's version (the package's) and the runtime", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION, "src/version.ts is stale: run `pnpm build` (scripts/version.mjs)").toBe(pkg.version);
    await createBeeosClient({ baseUrl: api.url, token: "oag_x" }).listProviders();
    expect(api.seen[0]!.headers["user-agent"]).toBe(`beeos-client/${pkg.version} (node/${process.versions.node})`);
  });

  it("gives way to the caller's", async () => {
    api.handle((_req, res) => json(res, 200, { success: true, data: [] }));
    await createBeeosClient({ baseUrl: api.url, token: "oag_x", defaultHeaders: { "user-agent": "my-app/1" } }).listProviders();
    await createBeeosClient({ baseUrl: api.url, token: "oag_x" }).listProviders(undefined, { headers: { "User-Agent": "call/2" } });
    expect(api.seen.map((s) => s.headers["user-agent"])).toEqual(["my-app/1", "call/2"]);
  });
});

describe("environment", () => {
  it("reads BEEOS_API_URL when BEEOS_BASE_URL is not set, and BEEOS_BASE_URL wins over it", async () => {
    vi.stubEnv("BEEOS_API_KEY", "oag_env_token");
    vi.stubEnv("BEEOS_BASE_URL", "");
    vi.stubEnv("BEEOS_API_URL", other.url);
    other.handle((_req, res) => json(res, 200, { success: true, data: [] }));
    api.handle((_req, res) => json(res, 200, { success: true, data: [] }));
    await createBeeosClient().listProviders();
    expect(other.seen).toHaveLength(1);

    vi.stubEnv("BEEOS_BASE_URL", api.url);
    await createBeeosClient().listProviders();
    expect(api.seen).toHaveLength(1);
    expect(other.seen).toHaveLength(1);

    vi.stubEnv("BEEOS_BASE_URL", "");
    vi.stubEnv("BEEOS_API_URL", "ftp://x");
    expect(() => createBeeosClient()).toThrow(/BEEOS_API_URL must use http or https/);
  });
});
