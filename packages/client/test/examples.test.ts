// Runs every program in examples/ against a local fake of the API, with the
// environment a user would set, and checks what it prints.
import { readdirSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { operationIndex } from "../src/index.js";
import { FAKE_TOKEN, startFakeApi } from "./support/fake-api.js";
import type { TestServer } from "./support/server.js";

let api: TestServer;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const examplesDir = new URL("../examples/", import.meta.url);

async function run(file: string): Promise<string> {
  vi.stubEnv("BEEOS_BASE_URL", api.url);
  vi.stubEnv("BEEOS_API_KEY", FAKE_TOKEN);
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  await import(new URL(file, examplesDir).href);
  return lines.join("\n");
}

const expected: Record<string, RegExp[]> = {
  "listInstances.ts": [/^3 running instance\(s\); request id req_/m, /^instance_0\tagent-0\trunning\tonline$/m],
  "deployInstance.ts": [/deployed instance_new \(my-agent-1\): status pending, wants running/],
  "getInstance.ts": [/instance_abc123 \(my-agent-1\) is running and online/, /region us-east-1/],
  "destroyInstance.ts": [/instance_abc123: destroyed/],
  "startInstance.ts": [/instance_abc123: status provisioning, wants running/],
  "stopInstance.ts": [/instance_abc123: status running, wants stopped/],
  "restartInstance.ts": [/instance_abc123: status provisioning, wants running/],
  "listProviders.ts": [/openclaw-k8s\tOpenClaw 1\.2\.0\tlongRunning/],
  "listDeployRegions.ts": [/us-east-1\tUS East\tavailable/, /eu-west-1\tEU West\tunavailable/],
  "listDeployModels.ts": [/autoglm-phone\tAutoGLM Phone\ttier standard\treasoning/],
  "paginate.ts": [/5 instance\(s\) in all/, /page of 3 \(of 3 running\), request id req_/],
  "deploy-and-start.ts": [/deployed instance_new: pending/, /started instance_new: provisioning, wants running/],
  "handle-errors.ts": [/no such instance \(code not_found, request id req_\w+\)/],
};

describe("examples", () => {
  // The instance examples run here against a fake that answers with exact data; every
  // example (these included) also runs against the Prism mock in @beeos/contract-tests.
  it("has one example per operation plus the four walkthroughs", () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith(".ts")).sort();
    const wanted = [...Object.keys(operationIndex).map((id) => `${id}.ts`), "paginate.ts", "deploy-and-start.ts", "handle-errors.ts", "workflow.ts"];
    expect(files).toEqual(wanted.sort());
    expect(Object.keys(expected).every((file) => files.includes(file))).toBe(true);
  });

  it.each(Object.entries(expected))("%s runs and prints what it promises", async (file, patterns) => {
    const out = await run(file);
    for (const pattern of patterns) expect(out).toMatch(pattern);
    expect(out).not.toContain(FAKE_TOKEN);
  });
});
