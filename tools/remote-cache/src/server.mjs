// @ts-check
// A turbo remote cache on 127.0.0.1: the `turborepo-remote-cache` server (its own
// CLI, in a child process) with file-system storage, a static bearer token, and
// the artifact tags that turbo's signing (`remoteCache.signature`) sends stored
// next to each artifact and served back, so every client checks what it replays.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The port `pnpm cache:serve` listens on unless `--port` or `CACHE_PORT` says otherwise. */
export const DEFAULT_PORT = 41_230;
/** The team every client names (`TURBO_TEAM`); artifacts are stored under a folder of that name. */
export const DEFAULT_TEAM = "beeos";
/** Where `pnpm cache:serve` keeps artifacts, the token and the signing key: git-ignored, inside this package. */
export const DEFAULT_STORAGE = fileURLToPath(new URL("../.cache", import.meta.url));

const require = createRequire(import.meta.url);
const pkg = require("turborepo-remote-cache/package.json");
const CLI = join(dirname(require.resolve("turborepo-remote-cache/package.json")), pkg.bin["turborepo-remote-cache"]);

/**
 * @typedef {object} RemoteCache
 * @property {string} url          base URL, e.g. http://127.0.0.1:41230 (TURBO_API)
 * @property {number} port
 * @property {string} storagePath  the folder the artifacts are in: `<team>/<hash>` and `<team>/<hash>.tag`
 * @property {Record<"TURBO_API" | "TURBO_TOKEN" | "TURBO_TEAM" | "TURBO_REMOTE_CACHE_SIGNATURE_KEY", string>} env  what a client exports
 * @property {import("node:child_process").ChildProcess} child
 * @property {() => Promise<void>} stop
 */

/** A secret kept in the storage folder, made once: restarts keep clients' exports valid. @param {string} file */
function persistentSecret(file) {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(24).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Starts the server on 127.0.0.1 and resolves once it answers its status route.
 * `token` and `signatureKey` default to the environment's `TURBO_TOKEN` and
 * `TURBO_REMOTE_CACHE_SIGNATURE_KEY`, else to secrets kept in the storage folder.
 * @param {{ port?: number, storagePath?: string, team?: string, token?: string, signatureKey?: string, logLevel?: string, timeoutMs?: number }} [options]
 * @returns {Promise<RemoteCache>}
 */
export async function startRemoteCache(options = {}) {
  const { port = DEFAULT_PORT, team = DEFAULT_TEAM, logLevel = process.env["LOG_LEVEL"] ?? "warn", timeoutMs = 30_000 } = options;
  const storagePath = resolve(options.storagePath ?? DEFAULT_STORAGE);
  mkdirSync(storagePath, { recursive: true });
  const token = options.token ?? process.env["TURBO_TOKEN"] ?? persistentSecret(join(storagePath, ".token"));
  const signatureKey = options.signatureKey ?? process.env["TURBO_REMOTE_CACHE_SIGNATURE_KEY"] ?? persistentSecret(join(storagePath, ".signature-key"));
  const child = spawn(process.execPath, [CLI], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      PATH: process.env["PATH"] ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      STORAGE_PROVIDER: "local",
      STORAGE_PATH: storagePath,
      STORAGE_PATH_USE_TMP_FOLDER: "false",
      TURBO_TOKEN: token,
      // The server never checks signatures (clients do); with any key set it stores each
      // artifact's x-artifact-tag and serves it back, and answers 404 for an untagged one.
      TURBO_REMOTE_CACHE_SIGNATURE_KEY: "store-tags",
      LOG_LEVEL: logLevel,
      PACKAGE_VERSION: pkg.version,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, "exit");
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited.finally(() => clearTimeout(timer));
    }
  };
  for (const deadline = Date.now() + timeoutMs; ; await sleep(50)) {
    if (child.exitCode !== null) throw new Error(`turborepo-remote-cache exited with ${child.exitCode} before it answered on ${url}`);
    const res = await fetch(`${url}/v8/artifacts/status`, { headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (res?.ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turborepo-remote-cache did not answer on ${url} within ${timeoutMs} ms`);
    }
  }
  const env = { TURBO_API: url, TURBO_TOKEN: token, TURBO_TEAM: team, TURBO_REMOTE_CACHE_SIGNATURE_KEY: signatureKey };
  return { url, port, storagePath, env, child, stop };
}
