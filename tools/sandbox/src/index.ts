// @beeos/sandbox: a stateful, in-memory BeeOS Platform API on 127.0.0.1, its requests
// validated from the bundled spec.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createAdaptorServer } from "@hono/node-server";
import { buildApp } from "./server.js";
import { handlers } from "./handlers/index.js";
import { readSeed } from "./seed.js";
import { specModel } from "./spec.js";
import { World } from "./world.js";
import type { Sandbox, SandboxOptions } from "./types.js";

export type { Sandbox, SandboxOptions, SandboxSeed, SeedResources, ResponseViolation } from "./types.js";
export { handlers } from "./handlers/index.js";
export { DURATIONS } from "./world.js";

/** The route that resets the sandbox; outside the API's paths, so it never clashes with an operation. */
export const RESET_PATH = "/__sandbox/reset";
/** Largest request body accepted by default: the spec's 64 KiB. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** How long a request body may take to arrive by default. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

function checkOptions(options: SandboxOptions): void {
  const { port, speed, bodyLimitBytes, bodyTimeoutMs } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (speed !== undefined && (typeof speed !== "number" || !Number.isFinite(speed) || speed <= 0)) {
    throw new RangeError(`speed must be a positive number (1 = documented durations, 100 = 100 times faster), got ${String(speed)}`);
  }
  if (bodyLimitBytes !== undefined && (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1)) {
    throw new RangeError(`bodyLimitBytes must be a positive integer, got ${String(bodyLimitBytes)}`);
  }
  if (bodyTimeoutMs !== undefined && (!Number.isFinite(bodyTimeoutMs) || bodyTimeoutMs < 1)) {
    throw new RangeError(`bodyTimeoutMs must be a positive number of milliseconds, got ${String(bodyTimeoutMs)}`);
  }
}

/** Starts the sandbox and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  checkOptions(options);
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => undefined);
  const seed = readSeed(options.seed);
  specModel();
  const world = new World(options.speed ?? 1, seed, options.statePath, log);
  world.start();
  let url = "";
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const reset = async () => {
    world.reset();
    log("reset: every token starts from the seed again");
  };
  const app = buildApp({
    world,
    handlers,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    bodyTimeoutMs,
    baseUrl: () => url,
    log,
    onViolation: options.onViolation,
    reset,
  });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  // A backstop behind the body timeout: node drops a request still incomplete after this.
  server.requestTimeout = bodyTimeoutMs + 5000;
  server.headersTimeout = Math.min(60_000, bodyTimeoutMs + 5000);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(new Error(`the sandbox cannot listen on ${host}:${options.port ?? 0}: ${error.code === "EADDRINUSE" ? "the port is in use" : error.message}`, { cause: error }));
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log(`sandbox listening on ${url} (speed ${options.speed ?? 1})`);
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    reset,
    close() {
      closing ??= new Promise<void>((resolve) => {
        world.close();
        world.persistFinal();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
