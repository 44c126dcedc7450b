// Every example program of @beeos/client, run as a user would (token and base URL
// from the environment) against the Prism mock of the spec: it must finish, print
// what it found, never print the token, and every request it makes must be one
// Prism finds on-spec.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { examplesDir, listExamples } from "@beeos/client/examples";
import { afterEach, describe, expect, test, vi } from "vitest";
import { MOCK_TOKEN, liveTarget, startMock } from "../src/harness.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe.skipIf(liveTarget() !== undefined)("the client's examples against the mock", async () => {
  const server = await startMock();

  test.for(listExamples())("%s runs and prints", async (file, ctx) => {
    const operationId = file.replace(/\.ts$/, "");
    ctx.task.meta.contract = { operationId, kind: "example" };
    vi.stubEnv("BEEOS_BASE_URL", server.url);
    vi.stubEnv("BEEOS_API_KEY", MOCK_TOKEN);
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    await import(`${pathToFileURL(join(examplesDir, file)).href}?run=${Date.now()}`);
    expect(lines.length, `${file} printed nothing`).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(MOCK_TOKEN);
    expect(lines.join("\n")).not.toMatch(/undefined|\[object Object\]/);
  });
});
