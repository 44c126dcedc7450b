import { describe, expect, it } from "vitest";
import { instancePage } from "../src/client-cost.mjs";
import { cacheCounts, cacheMisses, workspacePackages } from "../src/pipeline.mjs";

describe("the listInstances page served to the clients", () => {
  it("holds 50 distinct instances built from the spec's example", () => {
    const page = instancePage();
    expect(page.success).toBe(true);
    expect(page.data).toHaveLength(50);
    expect(new Set(page.data.map((i: { id: string }) => i.id)).size).toBe(50);
    expect(page.data[0]).toHaveProperty("status");
    expect(page.total).toBeGreaterThan(page.data.length);
  });

  it("names the missing example when the spec has none", () => {
    expect(() => instancePage({ components: {} })).toThrow(/InstanceRunning\.value\.data is not an Instance/);
  });
});

describe("reading turbo and the workspace", () => {
  it("reads turbo's cache summary", () => {
    expect(cacheCounts(" Tasks:    6 successful, 6 total\nCached:    4 cached, 6 total\n  Time:    7.893s")).toEqual({ cached: 4, total: 6 });
    expect(() => cacheCounts("nothing")).toThrow(/no "Cached:" summary/);
    const log = "@beeos/spec:lint: cache hit, replaying logs 1\n@beeos/client:build: cache miss, executing 3c29\n@beeos/docs:build: cache miss, executing cf1d\n";
    expect(cacheMisses(log)).toEqual(["@beeos/client:build", "@beeos/docs:build"]);
  });

  it("finds the workspace packages the fresh tree needs", () => {
    expect(workspacePackages()).toEqual(expect.arrayContaining(["spec", "packages/client", "tools/bench"]));
  });
});
