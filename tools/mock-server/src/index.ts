import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { Writable } from "node:stream";
import { createLogger } from "@stoplight/prism-core";
import { getHttpOperationsFromSpec, type IHttpConfig } from "@stoplight/prism-http";
import { createServer } from "@stoplight/prism-http-server";

/** The port the mock listens on when none is given (the CLI, `pnpm start`, the docs' console). */
export const DEFAULT_MOCK_PORT = 4010;

export type MockMode = "static" | "dynamic";

export interface MockServerOptions {
  /** OpenAPI document to serve; defaults to the bundled spec of `@beeos/spec`. */
  specPath?: string | undefined;
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string | undefined;
  /** 0 (the default) picks a free port. */
  port?: number | undefined;
  /** "static" serves the spec's examples; "dynamic" generates data from the schemas. */
  mode?: MockMode | undefined;
  /** Seed for dynamic data, so the same request gets the same answer. */
  seed?: string | number | undefined;
  /** Proxy mode: forward every request to this server and validate its answers against the spec. */
  upstream?: string | URL | undefined;
  /** Turn response violations into errors (Prism's `--errors`). */
  errors?: boolean | undefined;
  /** Answer CORS preflights, so a browser page on another port can call the mock. Default true. */
  cors?: boolean | undefined;
  /** Receives Prism's log lines (JSON); silent by default. */
  log?: ((line: string) => void) | undefined;
}

export interface MockServer {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly specPath: string;
  /** Re-reads the spec and serves the new operations on the same port; the old ones stay if the new document is broken. */
  reload(): Promise<void>;
  /** Stops listening and drops open connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Where `@beeos/spec` keeps its bundled document. */
export function defaultSpecPath(): string {
  return createRequire(import.meta.url).resolve("@beeos/spec/openapi.json");
}

type Operations = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>;

async function loadOperations(specPath: string): Promise<Operations> {
  let text: string;
  try {
    text = await readFile(specPath, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the OpenAPI document at ${specPath}: ${(error as Error).message}`, { cause: error });
  }
  let document: unknown;
  try {
    document = specPath.endsWith(".json") ? JSON.parse(text) : specPath;
  } catch (error) {
    throw new Error(`The OpenAPI document at ${specPath} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  let operations: Operations;
  try {
    operations = await getHttpOperationsFromSpec(document as string);
  } catch (error) {
    throw new Error(`Prism cannot read the OpenAPI document at ${specPath}: ${(error as Error).message}`, { cause: error });
  }
  if (operations.length === 0) throw new Error(`The OpenAPI document at ${specPath} has no operations to serve`);
  return operations;
}

function checkOptions(options: MockServerOptions): void {
  const { port, mode, upstream } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (mode !== undefined && mode !== "static" && mode !== "dynamic") {
    throw new RangeError(`mode must be "static" or "dynamic", got ${JSON.stringify(mode)}`);
  }
  if (upstream !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(String(upstream));
    } catch {
      throw new TypeError(`upstream must be an absolute http(s) URL, got ${JSON.stringify(String(upstream))}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new TypeError(`upstream must be an http(s) URL, got ${JSON.stringify(String(upstream))}`);
    }
  }
}

function httpConfig(options: MockServerOptions): IHttpConfig {
  const mock = {
    dynamic: options.mode === "dynamic",
    ...(options.seed === undefined ? {} : { seed: String(options.seed) }),
  };
  const base = {
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors: options.errors ?? false,
    upstreamProxy: undefined,
    mock,
  };
  return options.upstream === undefined
    ? { ...base, isProxy: false }
    : { ...base, isProxy: true, upstream: new URL(String(options.upstream)) };
}

function logDestination(log: ((line: string) => void) | undefined): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (log) for (const line of chunk.toString("utf8").split("\n")) if (line) log(line);
      done();
    },
  });
}

/**
 * Starts Prism in this process on the spec and resolves once it listens.
 * Rejects with an error naming the port when the port is taken.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  checkOptions(options);
  const specPath = options.specPath ?? defaultSpecPath();
  const host = options.host ?? "127.0.0.1";
  const requestedPort = options.port ?? 0;
  // Prism keeps a reference to this array for every request, so swapping its contents reloads in place.
  const operations = await loadOperations(specPath);
  const logger = createLogger("beeos-mock", { level: options.log ? "info" : "silent" }, logDestination(options.log));
  const server = createServer(operations, {
    components: { logger },
    config: httpConfig(options),
    cors: options.cors ?? true,
  });

  let address: string;
  try {
    address = await server.listen(requestedPort, host);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/EADDRINUSE/.test(reason)) {
      throw new Error(`Port ${requestedPort} on ${host} is already in use; stop what listens there or pick another port`);
    }
    throw new Error(`Cannot listen on ${host}:${requestedPort}: ${reason}`);
  }
  const url = new URL(address);
  const port = Number(url.port);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    host,
    specPath,
    async reload() {
      const next = await loadOperations(specPath);
      operations.splice(0, operations.length, ...next);
    },
    close() {
      closing ??= server.close().catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== "ERR_SERVER_NOT_RUNNING") throw error;
      });
      return closing;
    },
  };
}

export { isProcessAlive, spawnMockCli, type SpawnedMock, type SpawnMockOptions } from "./spawn.js";
