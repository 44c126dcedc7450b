import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { run } from "../src/run.js";

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../../..");

export interface Outcome {
  code: number;
  out: string;
  err: string;
}

export async function cli(argv: string[], cwd: string): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { cwd, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const made: string[] = [];
// Every test file imports this module, so each removes its own folders when done.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=test", ...args], {
    cwd,
    encoding: "utf8",
  });
}

/**
 * A git repository holding a copy of the real spec sources, the client's
 * package.json and the API changelog, committed on main.
 */
export function realSpecRepo(): string {
  const dir = tempDir("spec-diff-repo-");
  for (const part of ["openapi.yaml", "paths", "components", "CHANGELOG.md"])
    cpSync(join(repo, "spec", part), join(dir, "spec", part), { recursive: true });
  mkdirSync(join(dir, "packages/client"), { recursive: true });
  cpSync(join(repo, "packages/client/package.json"), join(dir, "packages/client/package.json"));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return dir;
}

/** Edits a file of the copy with a string replacement that must apply. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${file} did not apply: ${String(from)}`);
  writeFileSync(path, next);
}
