import { loadBundledSpec, sourceRootPath } from "@beeos/spec";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { parse, stringify } from "yaml";
import { CLIENT_PACKAGE, SPEC_ROOT, repoRoot } from "../src/base.js";
import { CHANGELOG, run } from "../src/run.js";

export const here = dirname(fileURLToPath(import.meta.url));
/** The repository this package lives in (git's answer, not a path climbed to). */
export const workspace = await repoRoot(here);
/** The folder of @beeos/spec's split source (its root file is `sourceRootPath`). */
export const specDir = dirname(sourceRootPath);

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
 * A git repository holding the real spec, the client's package.json and the
 * API changelog, committed on main. The spec is @beeos/spec's last bundle
 * (one root file), so the split source may be mid-edit while these tests run.
 */
export function realSpecRepo(): string {
  const dir = tempDir("spec-diff-repo-");
  mkdirSync(join(dir, dirname(SPEC_ROOT)), { recursive: true });
  writeFileSync(join(dir, SPEC_ROOT), stringify(loadBundledSpec(), { lineWidth: 0 }));
  cpSync(join(specDir, "CHANGELOG.md"), join(dir, CHANGELOG));
  mkdirSync(join(dir, dirname(CLIENT_PACKAGE)), { recursive: true });
  cpSync(join(workspace, CLIENT_PACKAGE), join(dir, CLIENT_PACKAGE));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

/** Edits the spec of a `realSpecRepo` copy as a document. */
export function editSpec(dir: string, change: (doc: Doc) => void): void {
  const file = join(dir, SPEC_ROOT);
  const doc = parse(readFileSync(file, "utf8")) as Doc;
  change(doc);
  writeFileSync(file, stringify(doc, { lineWidth: 0 }));
}

/** Edits a file of the copy with a string replacement that must apply. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${file} did not apply: ${String(from)}`);
  writeFileSync(path, next);
}
