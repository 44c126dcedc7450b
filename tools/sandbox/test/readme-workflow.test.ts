// The README's workflow (the client's `workflow.ts` example, also in the docs' guides), run as a
// user runs it: token and base URL from the environment, against a fresh sandbox. It must
// go from deploy to destroy and print each step; the sandbox's self-check sees no violation.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { examplesDir } from "@beeos/client/examples";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { harness, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness({ speed: 500 });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await h.sandbox.close();
});

describe("the README's workflow against the sandbox", () => {
  it("deploys, waits until running, runs a task to its end, stops and destroys", async () => {
    vi.stubEnv("BEEOS_BASE_URL", h.sandbox.url);
    vi.stubEnv("BEEOS_API_KEY", "oag_readme_workflow");
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    await import(pathToFileURL(join(examplesDir, "workflow.ts")).href);
    const out = lines.join("\n");
    expect(out).toMatch(/^deployed instance_\w+: pending$/m);
    expect(out).toMatch(/^instance_\w+ is running$/m);
    expect(out).toMatch(/^task task_\w+ on agent agent_\w+: queued$/m);
    expect(out).toMatch(/^#\d+ agent_reply: /m);
    expect(out).toMatch(/^events ended: task_terminal$/m);
    expect(out).toMatch(/^instance_\w+: status \w+, wants stopped$/m);
    expect(out).toMatch(/^instance_\w+: destroyed$/m);
    expect(h.violations).toEqual([]);
  }, 60_000);
});
