// The two sides of a comparison: a split spec bundled into one document (by
// @beeos/spec's Redocly), and the operations of a bundled document. Pointers
// and $refs are read with @beeos/spec's helpers.
import { HTTP_METHODS, derefWithPointer, loadBundledSpec, pointerOf, reachableComponents, resolvePointer, tokensOf } from "@beeos/spec";
import { redocly } from "@beeos/spec/redocly";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export { deref, pointerOf, tokensOf } from "@beeos/spec";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export interface Document extends JsonObject {}

/** The Redocly config of every run: diff-recommended (see the file). */
export const diffConfig = fileURLToPath(new URL("../redocly-diff.yaml", import.meta.url));

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A document's `info.version`, when it is a string. */
export function infoVersion(doc: unknown): string | undefined {
  const info = isObject(doc) ? doc["info"] : undefined;
  return isObject(info) && typeof info["version"] === "string" ? info["version"] : undefined;
}

const scratchDirs = new Set<string>();

/** A temp folder that `removeScratch` deletes when the command is done. */
export async function scratch(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  scratchDirs.add(dir);
  return dir;
}

export async function removeScratch(): Promise<void> {
  const dirs = [...scratchDirs];
  scratchDirs.clear();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}

/** Bundles the spec whose root file is `root` into one JSON document in a fresh temp folder. */
export async function bundle(root: string, label: string): Promise<{ file: string; doc: Document }> {
  const dir = await scratch("spec-diff-bundle-");
  const file = join(dir, "openapi.json");
  const run = await redocly(["bundle", root, "--output", file, "--ext", "json"], { config: diffConfig, cwd: dir });
  if (run.status !== 0) {
    throw new Error(`could not bundle the ${label} spec (${root}): redocly exited ${run.status}\n${run.stderr}`);
  }
  let doc: unknown;
  try {
    doc = loadBundledSpec(file);
  } catch (err) {
    throw new Error(`the ${label} spec bundle (${file}) is not JSON: ${(err as Error).message}`);
  }
  if (!isObject(doc) || typeof doc["openapi"] !== "string") {
    throw new Error(`the ${label} spec (${root}) is not an OpenAPI document: it has no "openapi" field`);
  }
  return { file, doc };
}

/** The node a local pointer names, as spec-diff's Json. */
export const get = (doc: Json | undefined, pointer: string): Json | undefined => resolvePointer(doc, pointer) as Json | undefined;

/** Follows local $refs until a node that is not a reference, with the pointer it lives at. */
export const derefAt = (doc: Document, node: Json | undefined, pointer: string): { node: Json | undefined; pointer: string } =>
  derefWithPointer(doc, node, pointer) as { node: Json | undefined; pointer: string };

export interface OperationRef {
  method: string;
  path: string;
  operationId: string | undefined;
  pointer: string;
  node: JsonObject;
}

/** Every operation of a document, in document order, with or without an operationId. */
export function operations(doc: Document): OperationRef[] {
  const out: OperationRef[] = [];
  const paths = doc["paths"];
  if (!isObject(paths)) return out;
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = pointerOf("paths", path);
    const { node: item } = derefAt(doc, rawItem, itemPointer);
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const operationId = typeof op["operationId"] === "string" ? op["operationId"] : undefined;
      out.push({ method, path, operationId, pointer: pointerOf("paths", path, method), node: op });
    }
  }
  return out;
}

export const operationLabel = (op: Pick<OperationRef, "method" | "path" | "operationId">) =>
  `${op.operationId ?? "(no operationId)"} (${op.method.toUpperCase()} ${op.path})`;

/** `#/components/<kind>/<name>` of a pointer inside a component, or undefined. */
export function componentOf(pointer: string): string | undefined {
  const tokens = tokensOf(pointer);
  return tokens[0] === "components" && tokens.length >= 3 ? pointerOf(...tokens.slice(0, 3)) : undefined;
}

/**
 * Maps each component (`#/components/<kind>/<name>`) to the operations that
 * reach it through $refs, so a change to a shared schema can name every
 * operation it touches, not only the first one the differ walked through.
 */
export function componentUsers(doc: Document): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  const paths = doc["paths"];
  for (const op of operations(doc)) {
    const name = op.operationId ?? `${op.method.toUpperCase()} ${op.path}`;
    // Path-level parameters apply to every operation of the path.
    const item = isObject(paths) ? paths[op.path] : undefined;
    for (const component of reachableComponents(doc, [op.node, isObject(item) ? item["parameters"] : undefined])) {
      if (!users.has(component)) users.set(component, new Set());
      users.get(component)!.add(name);
    }
  }
  return users;
}
