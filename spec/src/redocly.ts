// The one way the workspace runs Redocly: the CLI pinned by this package, with
// telemetry and update notices off. Under Node 20 the CLI prints a deprecation
// banner on stderr; it says nothing about the spec, so it is dropped.
import { execFile, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");

export interface RedoclyRun {
  status: number;
  stdout: string;
  /** stderr without the Node-version banner. */
  stderr: string;
  /** stdout and stderr together, without the banner, trimmed: what to show a person. */
  report: string;
}

export interface RedoclyOptions {
  /** The Redocly config file (`--config`); omit to pass none. */
  config?: string | undefined;
  cwd?: string | undefined;
}

const isBanner = (line: string) => /^\s*[║╔╚╗╝═]/.test(line);
export const withoutBanner = (text: string): string =>
  text
    .split("\n")
    .filter((line) => !isBanner(line))
    .join("\n")
    .trim();

const env = () => ({ ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true", NO_UPDATE_NOTIFIER: "1" });
const argv = (args: readonly string[], options: RedoclyOptions) => [cli, ...args, ...(options.config ? ["--config", options.config] : [])];

function result(status: number, stdout: string, stderr: string): RedoclyRun {
  const err = withoutBanner(stderr);
  return { status, stdout, stderr: err, report: withoutBanner(`${stdout}\n${err}`) };
}

/** Runs `redocly <args>` and waits for it. */
export function redoclySync(args: readonly string[], options: RedoclyOptions = {}): RedoclyRun {
  const run = spawnSync(process.execPath, argv(args, options), { cwd: options.cwd, encoding: "utf8", env: env(), maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  return result(run.status ?? 1, run.stdout, run.stderr);
}

/** Runs `redocly <args>` without blocking the event loop. */
export function redocly(args: readonly string[], options: RedoclyOptions = {}): Promise<RedoclyRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv(args, options), { cwd: options.cwd, env: env(), maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve(result(typeof error?.code === "number" ? error.code : 0, stdout, stderr));
    });
  });
}
