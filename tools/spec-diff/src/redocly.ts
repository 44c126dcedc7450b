// Runs the pinned Redocly CLI. Under Node 20 it prints a deprecation banner on
// stderr; that says nothing about the spec, so only the rest is passed on.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cliPackage = require.resolve("@redocly/cli/package.json");
const bin = join(dirname(cliPackage), "bin", "cli.js");
export const diffConfig = join(packageDir, "redocly-diff.yaml");

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

const isBanner = (line: string) => /^\s*[║╔╚]/.test(line);
export const withoutBanner = (text: string) =>
  text
    .split("\n")
    .filter((l) => !isBanner(l))
    .join("\n")
    .trim();

export function redocly(args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [bin, ...args, "--config", diffConfig],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return fail(error);
        done({ status: typeof error?.code === "number" ? error.code : 0, stdout, stderr: withoutBanner(stderr) });
      },
    );
  });
}
