import { describe, expect, it } from "vitest";
import { measureIsolated } from "../src/common.mjs";

const tasks = new URL("./fixtures/isolated-tasks.mjs", import.meta.url).href;

describe("measureIsolated", () => {
  it("runs every task in a thread of its own, over every round, and sets each against the first", async () => {
    const results = await measureIsolated(tasks, { time: 60, warmup: 2, rounds: 3 });
    expect(Object.keys(results)).toEqual(["first", "second", "third"]);
    for (const r of Object.values(results)) {
      expect(r.runs).toBeGreaterThanOrEqual(3); // at least one run per round
      expect(r.period).toBeGreaterThan(0);
      expect(r.ratio).toBeGreaterThan(0);
    }
    expect(results["first"]?.ratio).toBe(1);
  });

  it("fails with the task's name and error when a task throws", async () => {
    process.env["ISOLATED_FIXTURE_FAIL"] = "1";
    try {
      await expect(measureIsolated(tasks, { time: 30, rounds: 1 })).rejects.toThrow(/^broken: Error: the stream ended early/);
    } finally {
      delete process.env["ISOLATED_FIXTURE_FAIL"];
    }
  });

  it("fails with the worker's error when a worker cannot even make its tasks", async () => {
    process.env["ISOLATED_FIXTURE_FAIL"] = "worker";
    try {
      await expect(measureIsolated(tasks, { time: 30, rounds: 1 })).rejects.toThrow("cannot make the tasks in a worker");
    } finally {
      delete process.env["ISOLATED_FIXTURE_FAIL"];
    }
  });
});
