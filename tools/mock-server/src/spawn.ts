import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface SpawnedMock {
  readonly url: string;
  readonly pid: number;
  /** Stops the process by pid (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  close(): Promise<void>;
}

export interface SpawnMockOptions {
  /** CLI flags after the program, e.g. ["--dynamic", "--seed", "1"]; `--port 0` is added unless a port is given. */
  args?: string[] | undefined;
  /** How long to wait for the URL line before giving up (and killing the process). Default 15 000. */
  readyTimeoutMs?: number | undefined;
  /** Between SIGTERM and SIGKILL on close. Default 3 000. */
  graceMs?: number | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

// Children still running when this process exits are killed by pid, so none outlives its parent.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null) child.kill("SIGKILL");
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function stop(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited(child);
    clearTimeout(timer);
  }
  running.delete(child);
}

/**
 * Runs the `beeos-mock` CLI in its own process and resolves once it prints its URL.
 * For callers that need a separate process (the CLI itself, or a mock that must survive a test worker).
 */
export async function spawnMockCli(options: SpawnMockOptions = {}): Promise<SpawnedMock> {
  const args = options.args ?? [];
  const cli = fileURLToPath(new URL("./cli.js", import.meta.url));
  const child = spawn(process.execPath, [cli, ...(args.includes("--port") ? [] : ["--port", "0"]), ...args], {
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`Cannot start ${cli}`);
  running.add(child);
  const graceMs = options.graceMs ?? 3_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  let output = "";
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`beeos-mock printed no URL within ${readyTimeoutMs} ms; output: ${output.trim()}`)), readyTimeoutMs);
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`beeos-mock exited (${signal ?? `code ${code}`}) before it listened: ${output.trim()}`));
      });
    });
    const pid = child.pid;
    return { url, pid, close: () => stop(child, graceMs) };
  } catch (error) {
    await stop(child, graceMs);
    throw error;
  }
}

/** Whether a process with this pid still exists (signal 0 checks without touching it). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
