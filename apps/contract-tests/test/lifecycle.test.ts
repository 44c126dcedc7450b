import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isProcessAlive as alive, spawnMockCli, startMockServer } from "@beeos/mock-server";
import { describe, expect, test } from "vitest";
import { MOCK_TOKEN } from "../src/harness.js";

const here = dirname(fileURLToPath(import.meta.url));

describe("no mock outlives the test that started it", () => {
  test("a mock process started by a suite that fails and times out is gone when that suite ends", () => {
    const dir = mkdtempSync(join(tmpdir(), "beeos-orphan-"));
    const pidFile = join(dir, "pid");
    try {
      const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
      const run = spawnSync(process.execPath, [vitest, "run", "--config", join(here, "fixtures", "vitest.config.ts")], {
        cwd: join(here, "fixtures"),
        env: { ...process.env, ORPHAN_PID_FILE: pidFile, CI: "1" },
        encoding: "utf8",
        timeout: 40_000,
      });
      const output = `${run.stdout}${run.stderr}`;
      // The nested suite must really have failed, or this test proves nothing.
      expect(run.status, output).toBe(1);
      expect(output).toMatch(/fails on purpose/);
      expect(output).toMatch(/times out on purpose/);
      const pid = Number(readFileSync(pidFile, "utf8"));
      expect(pid).toBeGreaterThan(0);
      expect(alive(pid), `mock process ${pid} survived its suite`).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 45_000);

  test("Prism in-process starts faster than the CLI in its own process, and both stop by close()", async () => {
    let t = performance.now();
    const inProcess = await startMockServer();
    const inProcessMs = performance.now() - t;
    t = performance.now();
    const spawned = await spawnMockCli();
    const spawnedMs = performance.now() - t;
    try {
      for (const url of [inProcess.url, spawned.url]) {
        expect((await fetch(`${url}/api/v1/providers`, { headers: { authorization: `Bearer ${MOCK_TOKEN}` } })).status).toBe(200);
      }
    } finally {
      await inProcess.close();
      await spawned.close();
    }
    process.stdout.write(`Prism start: in-process ${inProcessMs.toFixed(0)} ms, CLI process ${spawnedMs.toFixed(0)} ms\n`);
    expect(alive(spawned.pid)).toBe(false);
    await expect(fetch(`${inProcess.url}/api/v1/providers`)).rejects.toThrow();
    expect(inProcessMs).toBeLessThan(spawnedMs);
  });
});
