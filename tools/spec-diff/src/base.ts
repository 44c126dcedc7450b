// Where the base spec comes from: a git revision (by default the merge base
// with main, or the previous commit when HEAD is main itself) or a file.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { scratch } from "./spec.js";

/** The spec's files, relative to the repository root. */
export const SPEC_DIR = "spec";
export const SPEC_ROOT = "spec/openapi.yaml";
export const CLIENT_PACKAGE = "packages/client/package.json";
const SPEC_SOURCES = [SPEC_ROOT, "spec/paths/", "spec/components/", "spec/webhooks/"];

function git(args: string[], cwd: string): Promise<{ ok: boolean; out: string; err: string }> {
  return new Promise((done) => {
    execFile("git", args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: "buffer" }, (error, stdout, stderr) =>
      done({ ok: !error, out: stdout.toString("utf8"), err: stderr.toString("utf8").trim() }),
    );
  });
}

export async function repoRoot(cwd: string): Promise<string> {
  const run = await git(["rev-parse", "--show-toplevel"], cwd);
  if (!run.ok) throw new Error(`not inside a git repository (${cwd}): run it in the repository, or give --root <dir>, --base <file> and --revision <file>`);
  return run.out.trim();
}

const commitOf = async (rev: string, cwd: string) => {
  const run = await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], cwd);
  return run.ok ? run.out.trim() : undefined;
};

export type BaseChoice = { rev: string; why: string } | { rev: undefined; why: string };

/**
 * The default base. On a branch: the merge base with main, so the branch's own
 * changes are judged. On main itself (CI runs there): the previous commit, so
 * the last commit's changes are judged. No previous commit: no base.
 */
export async function defaultBase(root: string): Promise<BaseChoice> {
  const head = await commitOf("HEAD", root);
  if (!head) return { rev: undefined, why: "the repository has no commits yet, so there is no earlier spec to compare with" };
  let main: string | undefined;
  let mainName = "";
  for (const name of ["main", "origin/main", "refs/remotes/origin/main"]) {
    main = await commitOf(name, root);
    if (main) {
      mainName = name;
      break;
    }
  }
  const branch = await git(["symbolic-ref", "--quiet", "--short", "HEAD"], root);
  // CI checks out main itself, often detached at its tip.
  const onMain = branch.ok ? branch.out.trim() === "main" : head === main;
  if (main && !onMain) {
    const mb = await git(["merge-base", "HEAD", main], root);
    if (mb.ok) return { rev: mb.out.trim(), why: `merge base of HEAD with ${mainName}` };
  }
  const previous = await commitOf("HEAD~1", root);
  if (previous) return { rev: previous, why: main ? "HEAD is main: the previous commit on main" : "the previous commit (there is no main branch)" };
  const shallow = await git(["rev-parse", "--is-shallow-repository"], root);
  if (shallow.out.trim() === "true")
    return { rev: undefined, why: "this is a shallow clone without the previous commit (fetch with --depth 2 or more to compare)" };
  return { rev: undefined, why: "HEAD is the first commit on main, so there is no earlier spec to compare with" };
}

/** Writes the spec files as they are at `rev` into a temp folder; returns the root file there. */
export async function specAt(rev: string, root: string): Promise<string> {
  const commit = await commitOf(rev, root);
  if (!commit) throw new Error(`base revision "${rev}" is not a commit of this repository`);
  const list = await git(["ls-tree", "-r", "-z", "--name-only", commit, "--", SPEC_DIR], root);
  if (!list.ok) throw new Error(`cannot list ${SPEC_DIR}/ at ${rev}: ${list.err}`);
  const files = list.out.split("\0").filter((f) => f && SPEC_SOURCES.some((s) => f === s || (s.endsWith("/") && f.startsWith(s))));
  if (!files.includes(SPEC_ROOT)) throw new Error(`${SPEC_ROOT} does not exist at ${rev}`);
  const dir = await scratch("spec-diff-base-");
  await Promise.all(
    files.map(async (f) => {
      const show = await new Promise<Buffer>((done, fail) =>
        execFile("git", ["show", `${commit}:${f}`], { cwd: root, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 }, (e, out) =>
          e ? fail(new Error(`cannot read ${f} at ${rev}: ${e.message}`)) : done(out),
        ),
      );
      const target = join(dir, f);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, show);
    }),
  );
  return join(dir, SPEC_ROOT);
}

/** A file's content at `rev`, or undefined when it did not exist then. */
export async function fileAt(rev: string, path: string, root: string): Promise<string | undefined> {
  const run = await git(["show", `${rev}:${path}`], root);
  return run.ok ? run.out : undefined;
}
