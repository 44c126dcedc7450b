import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parseCli } from "../src/args.js";
// The CLI runs from the build, as users run it.
import { isProcessAlive as alive, spawnMockCli } from "../dist/index.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

describe("parseCli", () => {
  test("defaults to port 4010, then MOCK_PORT, then --port", () => {
    expect(parseCli([], {}).port).toBe(4010);
    expect(parseCli([], { MOCK_PORT: "5000" }).port).toBe(5000);
    expect(parseCli(["--port", "0"], { MOCK_PORT: "5000" }).port).toBe(0);
    expect(parseCli(["--dynamic", "--seed", "9", "--errors"], {})).toMatchObject({ mode: "dynamic", seed: "9", errors: true });
  });

  test("names the bad flag or variable", () => {
    expect(() => parseCli(["--port", "x"], {})).toThrow(/--port must be a whole number/);
    expect(() => parseCli([], { MOCK_PORT: "99999" })).toThrow(/MOCK_PORT must be a whole number from 0 to 65535, got "99999"/);
    expect(() => parseCli(["--bogus"], {})).toThrow(/bogus/);
  });
});

describe("beeos-mock CLI", () => {
  test("prints its URL, answers, and stops on SIGTERM without leaving its process", async () => {
    const mock = await spawnMockCli();
    const response = await fetch(`${mock.url}/api/v1/providers`, { headers: { authorization: "Bearer oag_x" } });
    expect(response.status).toBe(200);
    await mock.close();
    expect(alive(mock.pid)).toBe(false);
    await expect(fetch(`${mock.url}/api/v1/providers`)).rejects.toThrow();
  });

  test("SIGINT (Ctrl-C) exits with code 0 and says it stopped", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("listening on")) resolve();
        });
        child.once("exit", () => reject(new Error(`exited early: ${out}`)));
      });
      const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGINT");
      expect(await exit).toBe(0);
      expect(out).toMatch(/stopped \(SIGINT\)/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  test("a port in use exits non-zero with a message naming the port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(spawnMockCli({ args: ["--port", String(port)] })).rejects.toThrow(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    } finally {
      blocker.close();
    }
  });
});
