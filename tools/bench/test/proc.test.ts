import { describe, expect, it } from "vitest";
import { runChecked, runMeasured } from "../src/proc.mjs";

const node = process.execPath;

describe("runMeasured", () => {
  it("measures the wall time and the peak memory of the whole process tree", async () => {
    // A parent that starts a child holding 150 MB: the tree's peak must include the child.
    const child = "const b = Buffer.alloc(150e6, 1); setTimeout(() => console.log(b.length), 600)";
    const parent = `const { spawnSync } = require("node:child_process"); spawnSync(process.execPath, ["-e", ${JSON.stringify(child)}], { stdio: "inherit" })`;
    const run = await runMeasured(node, ["-e", parent], { cwd: process.cwd(), timeoutMs: 20_000 });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe("150000000");
    expect(run.wallMs).toBeGreaterThanOrEqual(600);
    expect(run.treePeakBytes).toBeGreaterThan(150e6);
    if (run.maxRssBytes !== undefined) expect(run.maxRssBytes).toBeGreaterThan(150e6);
    // GNU time's own report is not part of what the command printed.
    expect(run.stderr).not.toMatch(/Maximum resident set size/);
  });

  it("stops a command that overruns its time and says which", async () => {
    const started = performance.now();
    await expect(runMeasured(node, ["-e", "setTimeout(() => {}, 30000)"], { cwd: process.cwd(), timeoutMs: 300 })).rejects.toThrow(/took longer than 300 ms/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("turns a failing command into an error that shows its output", async () => {
    await expect(runChecked(node, ["-e", "console.error('lint: 3 problems'); process.exit(3)"], { cwd: process.cwd(), timeoutMs: 10_000 })).rejects.toThrow(
      /failed with exit 3[\s\S]*lint: 3 problems/,
    );
  });
});
