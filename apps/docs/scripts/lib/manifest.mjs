// @ts-check
// The built site lists its own files (`build-files.json`). turbo replays a cached build by
// writing its files over dist/, and leaves files no longer built (a removed guide's page);
// `pnpm dev` removes those after each build, so what it serves is what the build made.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export const MANIFEST = "build-files.json";

/** Every file under `dir`, relative, with `/` separators, sorted. @param {string} dir */
function filesUnder(dir) {
  /** @type {string[]} */
  const out = [];
  const walk = (/** @type {string} */ at) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** Writes the list of the site's files (itself included) into the site. @param {string} dir */
export function writeManifest(dir) {
  const files = [...filesUnder(dir).filter((f) => f !== MANIFEST), MANIFEST].sort();
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(files, null, 1)}\n`);
}

/** The files the site's manifest lists (relative, `/` separators); undefined without one. @param {string} dir */
export function listedFiles(dir) {
  try {
    return /** @type {string[]} */ (JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")));
  } catch {
    return undefined;
  }
}

/**
 * Removes the files under `dir` that its manifest does not list, and the folders left empty.
 * Returns the removed files; none when there is no manifest.
 * @param {string} dir
 */
export function pruneToManifest(dir) {
  const listed = listedFiles(dir);
  if (!listed) return [];
  const keep = new Set(listed);
  const removed = filesUnder(dir).filter((f) => !keep.has(f));
  for (const file of removed) rmSync(join(dir, ...file.split("/")));
  const prune = (/** @type {string} */ at) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (!statSync(path).isDirectory()) continue;
      prune(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    }
  };
  if (removed.length > 0) prune(dir);
  return removed;
}
