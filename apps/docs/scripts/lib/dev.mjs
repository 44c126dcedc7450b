// @ts-check
// What `pnpm dev` watches, and how: the inputs of the docs build and of every task it
// depends on, exactly as turbo lists them (`turbo run build --dry=json`). They are polled
// (a stat of each input file and a listing of each folder that holds one, so an added or
// removed file counts), which sees every edit whatever the editor or the file system.
// A poll that sees a change asks turbo again: only when a task's hash moved does
// `turbo run build` run, re-running what the edit affects and replaying the rest from
// cache. Edits saved while a build runs start another one when it ends.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * @typedef {{ taskId: string, hash: string, directory: string, inputs?: Record<string, string> }} DryTask
 * @typedef {{ files: string[], folders: string[], hashes: string }} Plan
 */

/**
 * Runs a command; resolves with its exit code and, when asked, its standard output.
 * @param {string} command @param {string[]} args @param {{ cwd: string, capture?: boolean, track?: (child: import("node:child_process").ChildProcess) => void }} options
 * @returns {Promise<{ code: number, stdout: string }>}
 */
function run(command, args, { cwd, capture = false, track }) {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"] });
    track?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (capture && code !== 0) reject(new Error(`${command} ${args.join(" ")} exited with ${code}: ${stderr.trim().split("\n").slice(-5).join("\n")}`));
      else done({ code: code ?? 1, stdout });
    });
  });
}

/**
 * The files turbo hashes for `build` of `filter`, the folders that hold them (up to
 * their package), and the tasks' hashes in one string.
 * @param {string} repoRoot @param {string} turbo @param {string} filter
 * @returns {Promise<Plan>}
 */
async function plan(repoRoot, turbo, filter) {
  const { stdout } = await run(turbo, ["run", "build", `--filter=${filter}`, "--dry=json"], { cwd: repoRoot, capture: true });
  /** @type {{ tasks: DryTask[], globalCacheInputs?: { files?: Record<string, string> } }} */
  const dry = JSON.parse(stdout.slice(stdout.indexOf("{"))); // anything turbo prints before it (a notice) is not the plan
  const files = new Set(Object.keys(dry.globalCacheInputs?.files ?? {}).map((f) => join(repoRoot, f)));
  const folders = new Set();
  for (const task of dry.tasks) {
    const pkg = join(repoRoot, task.directory);
    for (const input of Object.keys(task.inputs ?? {})) {
      const file = join(pkg, input);
      files.add(file);
      for (let dir = dirname(file); dir === pkg || dir.startsWith(pkg + sep); dir = dirname(dir)) {
        if (folders.has(dir)) break;
        folders.add(dir);
      }
    }
  }
  const hashes = dry.tasks.map((t) => `${t.taskId}=${t.hash}`).sort().join(" ");
  return { files: [...files], folders: [...folders], hashes };
}

/** What each watched path looks like now: a file's time and size, a folder's names. @param {Plan} p */
function look(p) {
  /** @type {Map<string, string>} */
  const seen = new Map();
  for (const file of p.files) {
    try {
      const s = statSync(file);
      seen.set(file, `${s.mtimeMs}:${s.size}`);
    } catch {
      seen.set(file, "-");
    }
  }
  for (const dir of p.folders) {
    try {
      seen.set(dir, readdirSync(dir).sort().join("/"));
    } catch {
      seen.set(dir, "-");
    }
  }
  return seen;
}

/**
 * What differs between two looks: changed files, and the names added to or removed from a folder.
 * @param {Plan} p @param {Map<string, string>} before @param {Map<string, string>} after
 */
function differences(p, before, after) {
  const out = [];
  for (const file of p.files) if (before.get(file) !== after.get(file)) out.push(file);
  for (const dir of p.folders) {
    const was = before.get(dir);
    const now = after.get(dir);
    if (was === now) continue;
    const old = new Set(was?.split("/"));
    const fresh = new Set(now?.split("/"));
    for (const name of fresh) if (!old.has(name)) out.push(`${join(dir, name)} (new)`);
    for (const name of old) if (!fresh.has(name)) out.push(`${join(dir, name)} (removed)`);
  }
  return out;
}

/**
 * Watches the inputs of `turbo run build --filter=<filter>` and runs that build when they change.
 * @param {{
 *   repoRoot: string,
 *   filter: string,
 *   onBuilt: () => void | Promise<void>,
 *   log?: (line: string) => void,
 *   interval?: number,
 * }} options
 * @returns {Promise<{ close: () => Promise<void> }>} once the first plan is read, so edits from then on are seen
 */
export async function watchBuild({ repoRoot, filter, onBuilt, log = (line) => console.log(line), interval = 300 }) {
  const turbo = resolve(repoRoot, "node_modules", ".bin", "turbo");
  let current = await plan(repoRoot, turbo, filter);
  let seen = look(current);
  /** Paths seen to change since the last build: shown when it runs. */
  const edited = new Set();
  let dirty = false;
  let closed = false;
  /** @type {import("node:child_process").ChildProcess | undefined} */
  let building;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;

  const schedule = () => {
    if (!closed) timer = setTimeout(() => void tick(), interval);
  };
  const tick = async () => {
    if (closed) return;
    const now = look(current);
    const changed = differences(current, seen, now);
    seen = now;
    if (changed.length > 0) {
      // Wait for a quiet poll: an editor's save may be several writes.
      for (const path of changed) edited.add(relative(repoRoot, path) || ".");
      dirty = true;
      return schedule();
    }
    if (!dirty) return schedule();
    dirty = false;
    const next = await plan(repoRoot, turbo, filter).catch((err) => {
      log(`docs dev: cannot read turbo's plan: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    if (closed || !next) return schedule();
    const moved = next.hashes !== current.hashes;
    current = next;
    seen = look(current);
    if (!moved) {
      // Written, but with the same content, or a file turbo does not hash (ignored by git).
      edited.clear();
      return schedule();
    }
    const names = [...edited];
    edited.clear();
    log(`docs dev: changed: ${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}; running turbo run build`);
    const { code } = await run(turbo, ["run", "build", `--filter=${filter}`, "--output-logs=new-only"], {
      cwd: repoRoot,
      track: (child) => (building = child),
    }).catch((err) => {
      log(`docs dev: could not run turbo: ${err instanceof Error ? err.message : String(err)}`);
      return { code: 1 };
    });
    building = undefined;
    if (closed) return;
    if (code === 0) await onBuilt();
    else log("docs dev: the build failed (see above); the site and the API keep the last good build. Save a fix and it runs again.");
    // Edits saved while it ran: the next quiet poll asks turbo again, and builds once more if they moved a hash.
    dirty = true;
    schedule();
  };
  schedule();
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const child = building;
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("close", r));
        child.kill("SIGINT");
        await exited;
      }
    },
  };
}
