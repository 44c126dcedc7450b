// Global setup of the `sandbox` project: the stateful sandbox on a free port, Prism's
// validating proxy in front of it (errors on, every log line counted), both shared by the
// project's test files and stopped after them. The run fails when the proxy counted any
// violation; the count and each violation go to reports/violations-sandbox.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "@beeos/mock-server";
import type { TestProject } from "vitest/node";
import { reportsDir } from "./shards.js";
import { ViolationLog } from "./violations.js";

export interface SandboxTarget {
  /** Prism's validating proxy: what the scenarios call. */
  proxyUrl: string;
  /** The sandbox itself: only for what the proxy cannot carry (a stream that never ends, a request without a token). */
  sandboxUrl: string;
  speed: number;
}

declare module "vitest" {
  interface ProvidedContext {
    /** Fast: a deploy or a task settles in milliseconds. */
    contractSandbox: SandboxTarget;
    /** Real time: for walks over things that exist only while active (runtime operations). */
    contractSlowSandbox: SandboxTarget;
  }
}

/** Time scale of the sandbox's state changes; high, so a deploy or a task settles in milliseconds. */
export const SANDBOX_SPEED = Number(process.env["CONTRACT_SANDBOX_SPEED"] ?? 500);
const SLOW_SPEED = 1;

type StartSandbox = (options: { port?: number; speed?: number }) => Promise<{ url: string; close(): Promise<void> }>;

/** A sandbox and the validating proxy in front of it, logging into `log`; closes the sandbox if the proxy fails to start. */
async function proxied(startSandbox: StartSandbox, speed: number, log: ViolationLog): Promise<SandboxTarget & { close(): Promise<void> }> {
  const sandbox = await startSandbox({ port: 0, speed });
  const proxy = await startMockServer({ upstream: sandbox.url, errors: true, log: log.line }).catch(async (error: unknown) => {
    await sandbox.close();
    throw error;
  });
  return {
    proxyUrl: proxy.url,
    sandboxUrl: sandbox.url,
    speed,
    async close() {
      await proxy.close();
      await sandbox.close();
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let startSandbox: StartSandbox;
  try {
    ({ startSandbox } = (await import("@beeos/sandbox")) as unknown as { startSandbox: StartSandbox });
  } catch (error) {
    throw new Error(`@beeos/sandbox cannot be loaded (${(error as Error).message}); build it first: pnpm --filter @beeos/sandbox build`, { cause: error });
  }
  // One log for both proxies: the run's count is the sum.
  const log = new ViolationLog();
  const fast = await proxied(startSandbox, SANDBOX_SPEED, log);
  const slow = await proxied(startSandbox, SLOW_SPEED, log).catch(async (error: unknown) => {
    await fast.close();
    throw error;
  });
  project.provide("contractSandbox", { proxyUrl: fast.proxyUrl, sandboxUrl: fast.sandboxUrl, speed: fast.speed });
  project.provide("contractSlowSandbox", { proxyUrl: slow.proxyUrl, sandboxUrl: slow.sandboxUrl, speed: slow.speed });
  return async () => {
    await Promise.all([fast.close(), slow.close()]);
    const shard = project.vitest.config.shard;
    const suffix = shard && shard.count > 1 ? `-${shard.index}-of-${shard.count}` : "";
    mkdirSync(reportsDir, { recursive: true });
    const report = { requests: log.requests, count: log.count, violations: log.violations, proxyFailures: log.failures, unreadableLines: log.unreadable.length };
    writeFileSync(join(reportsDir, `violations-sandbox${suffix}.json`), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nPrism proxy in front of the sandbox: ${log.summary()}\n`);
    if (log.count > 0 || log.failures.length > 0) {
      process.exitCode = 1;
      throw new Error(`Prism's validating proxy found exchanges off the spec (a response is the sandbox's fault, a request the suite's): ${log.summary()}`);
    }
  };
}
