// The commands: diff (classify), check (the gate), changelog, sync-version.
import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { CLIENT_PACKAGE, SPEC_ROOT, defaultBase, fileAt, repoRoot, specAt } from "./base.js";
import { changelogEntry, changelogVersions, upsertEntry } from "./changelog.js";
import { classify, type Classification } from "./classify.js";
import { formatText } from "./describe.js";
import { bundle, infoVersion, isObject, removeScratch, type Document } from "./spec.js";
import { gate, parseVersion, withInfoVersion, type VersionPair } from "./versions.js";

export const CHANGELOG = "spec/CHANGELOG.md";

const USAGE = `usage: spec-diff <command> [options]

commands:
  diff          classify the spec changes as major, minor or patch
  check         fail when a breaking change comes without a major version bump
  changelog     print the changelog entry for the spec's version (--write: into ${CHANGELOG})
  sync-version  set the spec's info.version to @beeos/client's version

options:
  --base <ref|file>     the spec to compare with: a git revision or a spec file
                        (default: merge base with main; on main, the previous commit)
  --revision <file>     the spec to judge (default: ${SPEC_ROOT} in the working tree)
  --format text|json    output format of diff and check (default: text)
  --root <dir>          repository root (default: the git repository around the current folder)
`;

export interface Io {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

class UsageError extends Error {}

interface Options {
  command: string;
  base?: string;
  revision?: string;
  format: "text" | "json";
  root?: string;
  write: boolean;
}

const COMMANDS = ["diff", "check", "changelog", "sync-version"];
const OPTIONS = {
  base: { type: "string" },
  revision: { type: "string" },
  format: { type: "string" },
  root: { type: "string" },
  write: { type: "boolean" },
} as const;

/** The flag a `parseArgs` error is about (`--base`), as Node quotes it in its message. */
const flagOf = (err: Error) => /'(-[^' ]*)/.exec(err.message)?.[1] ?? "";

/** `parseArgs`, strict, with its errors said as usage errors that name the flag. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (err) {
    const { code, message } = err as Error & { code?: string };
    const flag = flagOf(err as Error);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option "${flag}"`);
    if (code !== "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw err;
    if (/does not take an argument/.test(message)) throw new UsageError(`${flag} takes no value`);
    if (/ambiguous/.test(message)) throw new UsageError(`${flag} needs a value (write ${flag}=<value> for one that starts with "-")`);
    throw new UsageError(`${flag} needs a value`);
  }
}

function parseCommandLine(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") throw new UsageError("");
  const { values, positionals } = parseOptions(rest);
  if (positionals.length > 0) throw new UsageError(`unknown option "${positionals[0]}"`);
  for (const name of ["base", "revision", "format", "root"] as const) {
    if (values[name] === "") throw new UsageError(`--${name} needs a value`);
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not "${format}"`);
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"`);
  const { base, revision, root } = values;
  return {
    command,
    format,
    write: values.write ?? false,
    ...(base !== undefined ? { base } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(root !== undefined ? { root } : {}),
  };
}

const clientVersion = (text: string | undefined, where: string) => {
  if (text === undefined) return undefined;
  try {
    const pkg: unknown = JSON.parse(text);
    return isObject(pkg) && typeof pkg["version"] === "string" ? pkg["version"] : undefined;
  } catch {
    throw new Error(`${where} is not valid JSON`);
  }
};

interface Sides {
  root: string;
  /** Undefined when there is no base: the first commit. */
  base: { file: string; doc: Document; versions: VersionPair } | undefined;
  revision: { file: string; doc: Document; versions: VersionPair };
  baseWhy: string;
}

async function sides(opts: Options, io: Io, choose = defaultBase): Promise<Sides> {
  const root = opts.root ? resolve(io.cwd, opts.root) : await repoRoot(io.cwd);
  const revRoot = opts.revision ? resolve(io.cwd, opts.revision) : join(root, SPEC_ROOT);
  if (!existsSync(revRoot)) throw new Error(`the spec to judge does not exist: ${revRoot}`);
  const revisionClient = clientVersion(await readFile(join(root, CLIENT_PACKAGE), "utf8").catch(() => undefined), CLIENT_PACKAGE);

  let baseRoot: string | undefined;
  let baseClient: string | undefined;
  let baseWhy: string;
  const asFile = opts.base ? (isAbsolute(opts.base) ? opts.base : resolve(io.cwd, opts.base)) : undefined;
  if (opts.base && asFile && existsSync(asFile) && statSync(asFile).isFile()) {
    baseRoot = asFile;
    baseWhy = `file ${opts.base}`;
  } else {
    if (opts.root) await repoRoot(root);
    const choice = opts.base ? { rev: opts.base, why: `revision ${opts.base}` } : await choose(root);
    baseWhy = choice.why;
    if (choice.rev) {
      baseRoot = await specAt(choice.rev, root);
      baseClient = clientVersion(await fileAt(choice.rev, CLIENT_PACKAGE, root), `${CLIENT_PACKAGE} at ${choice.rev}`);
      baseWhy += ` (${choice.rev.slice(0, 12)})`;
    }
  }
  const [revision, base] = await Promise.all([
    bundle(revRoot, "revision"),
    baseRoot ? bundle(baseRoot, "base") : Promise.resolve(undefined),
  ]);
  return {
    root,
    baseWhy,
    revision: { ...revision, versions: { spec: infoVersion(revision.doc), client: revisionClient } },
    base: base && { ...base, versions: { spec: infoVersion(base.doc), client: baseClient } },
  };
}

/**
 * The base of a changelog entry: the spec as it was when the previous version
 * was released, i.e. the oldest commit of the newest run of commits whose
 * info.version differs from the current one.
 */
async function lastRelease(root: string, current: string | undefined): Promise<{ rev: string | undefined; why: string }> {
  const log = await new Promise<string>((done) =>
    execFile("git", ["log", "--format=%H", "--", SPEC_ROOT], { cwd: root }, (e, out) => done(e ? "" : out)),
  );
  let previous: string | undefined;
  let rev: string | undefined;
  for (const commit of log.split("\n").filter(Boolean)) {
    const text = await fileAt(commit, SPEC_ROOT, root);
    const version = infoVersion(text === undefined ? undefined : parse(text));
    if (previous === undefined) {
      if (version === current) continue;
      previous = version;
    } else if (version !== previous) break;
    rev = commit;
  }
  return rev
    ? { rev, why: `the release of ${previous}` }
    : { rev: undefined, why: `no earlier version than ${current} in the history: initial release` };
}

async function syncVersion(root: string, io: Io): Promise<number> {
  const client = clientVersion(await readFile(join(root, CLIENT_PACKAGE), "utf8"), CLIENT_PACKAGE);
  parseVersion(client, `${CLIENT_PACKAGE} version`);
  const file = join(root, SPEC_ROOT);
  const text = await readFile(file, "utf8");
  const next = withInfoVersion(text, client!, SPEC_ROOT);
  if (next !== text) await writeFile(file, next);
  io.out(`info.version is ${client}, as @beeos/client`);
  return 0;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let opts: Options;
  try {
    opts = parseCommandLine(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) io.err(`spec-diff: ${err.message}`);
      io.err(USAGE);
      return 2;
    }
    throw err;
  }
  try {
    if (opts.command === "sync-version") return await syncVersion(opts.root ? resolve(io.cwd, opts.root) : await repoRoot(io.cwd), io);

    if (opts.command === "changelog") {
      const root = opts.root ? resolve(io.cwd, opts.root) : await repoRoot(io.cwd);
      const current = infoVersion(parse(await readFile(join(root, SPEC_ROOT), "utf8")));
      const s = await sides(opts, io, (r) => lastRelease(r, current));
      const version = s.revision.versions.spec;
      parseVersion(version, "the spec's info.version");
      const result = s.base ? await classify(s.base, s.revision) : undefined;
      const entry = changelogEntry(version!, result?.changes, s.revision.doc);
      if (!opts.write) {
        io.out(entry.trimEnd());
        return 0;
      }
      const file = join(s.root, CHANGELOG);
      const before = await readFile(file, "utf8").catch(() => undefined);
      await writeFile(file, upsertEntry(before, entry));
      io.out(`${CHANGELOG}: wrote the ${version} entry (compared with ${s.baseWhy})`);
      return 0;
    }

    const s = await sides(opts, io);
    const result: Classification | undefined = s.base ? await classify(s.base, s.revision) : undefined;

    if (opts.command === "diff") {
      if (!result) {
        io.out(opts.format === "json" ? JSON.stringify({ base: null, reason: s.baseWhy, changes: [] }, null, 2) : `no base spec: ${s.baseWhy}`);
        return 0;
      }
      io.out(opts.format === "json" ? JSON.stringify({ base: s.baseWhy, ...result }, null, 2) : `base: ${s.baseWhy}\n${formatText(result)}`);
      return 0;
    }

    // check
    if (!result || !s.base) {
      const verdict = gate([], { spec: undefined, client: undefined }, s.revision.versions);
      const changelog = await changelogProblems(s.root, s.revision.versions.spec);
      const problems = [...verdict.problems, ...changelog];
      if (opts.format === "json") io.out(JSON.stringify({ ok: problems.length === 0, base: null, reason: s.baseWhy, problems }, null, 2));
      else io.out([`spec check: nothing to compare with: ${s.baseWhy}.`, ...problems, problems.length ? "spec check: FAILED" : "spec check: passed"].join("\n"));
      return problems.length ? 1 : 0;
    }
    const verdict = gate(result.changes, s.base.versions, s.revision.versions);
    const problems = [...verdict.problems, ...(await changelogProblems(s.root, s.revision.versions.spec))];
    if (opts.format === "json") {
      io.out(JSON.stringify({ ok: problems.length === 0, base: s.baseWhy, problems, ...result, versions: { base: s.base.versions, revision: s.revision.versions } }, null, 2));
    } else {
      const { spec: bs } = s.base.versions;
      const { spec: rs } = s.revision.versions;
      io.out(
        [
          `spec check: ${s.baseWhy} -> working tree; info.version ${bs} -> ${rs}`,
          formatText(result),
          ...problems,
          problems.length ? "spec check: FAILED" : `spec check: passed${verdict.breaking.length ? " (breaking changes declared by a major bump)" : ""}`,
        ].join("\n"),
      );
    }
    return problems.length ? 1 : 0;
  } catch (err) {
    io.err(`spec-diff ${opts.command}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await removeScratch();
  }
}

/** A released version needs its changelog entry, so users can read what changed. */
async function changelogProblems(root: string, version: string | undefined): Promise<string[]> {
  const text = await readFile(join(root, CHANGELOG), "utf8").catch(() => undefined);
  if (text === undefined || version === undefined) return [];
  return changelogVersions(text).includes(version)
    ? []
    : [`${CHANGELOG} has no entry for ${version}: run \`spec-diff changelog --write\``];
}
