import { join } from "node:path";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";
import { benchDir } from "../src/common.mjs";
import { appPath, measureBundle, readBudget, withoutWords } from "../src/size.mjs";

describe("the client's size budget", () => {
  it("keeps the whole @beeos/client entry, minified and gzipped, within size-budget.json", async () => {
    const budget = readBudget();
    const { gzipBytes, minBytes } = await measureBundle(appPath("client-entry.ts"));
    // A bundle that lost the client would pass any budget; the entry holds far more than a stub.
    expect(minBytes).toBeGreaterThan(4 * 1024);
    expect(gzipBytes, `the client entry is ${gzipBytes} B min+gzip, over the budget of ${budget.gzipBytes} B in size-budget.json`).toBeLessThanOrEqual(budget.gzipBytes);
  });

  it("costs an app that pages through instances more than bare openapi-fetch, and stays within the same budget", async () => {
    const app = await measureBundle(appPath("beeos-client.ts"));
    const bare = await measureBundle(appPath("openapi-fetch.ts"));
    expect(app.gzipBytes).toBeGreaterThan(bare.gzipBytes);
    expect(app.gzipBytes).toBeLessThanOrEqual(readBudget().gzipBytes);
  });

  it("keeps the app on the core and three exports within its own budget, far below the whole client", async () => {
    const budget = readBudget();
    const core = await measureBundle(appPath("beeos-core.ts"));
    const whole = await measureBundle(appPath("beeos-client.ts"));
    expect(core.gzipBytes, `the core app is ${core.gzipBytes} B min+gzip, over appGzipBytes ${budget.appGzipBytes}`).toBeLessThanOrEqual(budget.appGzipBytes);
    // Tree-shaking works: the other 64 operations, streams and webhooks stay out.
    expect(core.gzipBytes).toBeLessThan(whole.gzipBytes * 0.7);
  });

  it("rejects a budget file without a byte count", () => {
    expect(() => readBudget(join(benchDir, "package.json"))).toThrow(/gzipBytes must be a positive whole number/);
  });

  it("measures the logic alone by emptying the words of messages, and leaves code that still parses", async () => {
    const sample =
      'const e=a=>{throw new E(`${a.where}: must be a number, got ${String(a.v)}`)},k="keep_me",m="a long message with spaces",t=`plain text`,s="short one";';
    expect(withoutWords(sample)).toBe('const e=a=>{throw new E(`${a.where}${String(a.v)}`)},k="keep_me",m="",t=``,s="short one";');

    const { text } = await measureBundle(appPath("beeos-core.ts"));
    const bare = withoutWords(text);
    expect(text).toContain("no API token");
    expect(bare).not.toContain("no API token");
    expect(bare.length).toBeLessThan(text.length);
    // Still JavaScript: esbuild parses it again without an error.
    await expect(transform(bare, { loader: "js", format: "esm" })).resolves.toBeDefined();
  });
});
