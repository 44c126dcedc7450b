// Reading OpenAPI documents: bundling a split spec into one file, resolving
// local $refs, and walking the operations.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redocly } from "./redocly.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export interface Document extends JsonObject {}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

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
  const run = await redocly(["bundle", root, "--output", file, "--ext", "json"], dir);
  if (run.status !== 0) {
    throw new Error(`could not bundle the ${label} spec (${root}): redocly exited ${run.status}\n${run.stderr}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new Error(`the ${label} spec bundle (${file}) is not JSON: ${(err as Error).message}`);
  }
  if (!isObject(doc) || typeof doc["openapi"] !== "string") {
    throw new Error(`the ${label} spec (${root}) is not an OpenAPI document: it has no "openapi" field`);
  }
  return { file, doc };
}

export const escapePointer = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");
export const unescapePointer = (s: string) => s.replaceAll("~1", "/").replaceAll("~0", "~");

export function pointerSegments(pointer: string): string[] {
  const body = pointer.replace(/^#/, "");
  return body === "" ? [] : body.replace(/^\//, "").split("/").map(unescapePointer);
}

export function get(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (isObject(node)) node = node[seg];
    else return undefined;
  }
  return node;
}

/** Follows local $refs until a node that is not a reference, returning it and its pointer. */
export function deref(doc: Document, node: Json | undefined, pointer: string): { node: Json | undefined; pointer: string } {
  const seen = new Set<string>();
  while (isObject(node) && typeof node["$ref"] === "string" && node["$ref"].startsWith("#")) {
    const target = node["$ref"];
    if (seen.has(target)) break;
    seen.add(target);
    pointer = target;
    node = get(doc, target);
  }
  return { node, pointer };
}

export interface OperationRef {
  method: string;
  path: string;
  operationId: string | undefined;
  pointer: string;
  node: JsonObject;
}

export function operations(doc: Document): OperationRef[] {
  const out: OperationRef[] = [];
  const paths = doc["paths"];
  if (!isObject(paths)) return out;
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = `#/paths/${escapePointer(path)}`;
    const { node: item } = deref(doc, rawItem, itemPointer);
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const operationId = typeof op["operationId"] === "string" ? op["operationId"] : undefined;
      out.push({ method, path, operationId, pointer: `${itemPointer}/${method}`, node: op });
    }
  }
  return out;
}

export const operationLabel = (op: Pick<OperationRef, "method" | "path" | "operationId">) =>
  `${op.operationId ?? "(no operationId)"} (${op.method.toUpperCase()} ${op.path})`;

/**
 * Maps each component (`#/components/<kind>/<name>`) to the operations that
 * reach it through $refs, so a change to a shared schema can name every
 * operation it touches, not only the first one the differ walked through.
 */
export function componentUsers(doc: Document): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  const item = (op: OperationRef) => {
    const paths = doc["paths"];
    return isObject(paths) ? paths[op.path] : undefined;
  };
  for (const op of operations(doc)) {
    const name = op.operationId ?? `${op.method.toUpperCase()} ${op.path}`;
    const seen = new Set<string>();
    const visit = (node: Json | undefined) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!isObject(node)) return;
      const ref = node["$ref"];
      if (typeof ref === "string" && ref.startsWith("#/components/")) {
        const component = pointerSegments(ref).slice(0, 3);
        const key = "#/" + component.map(escapePointer).join("/");
        if (seen.has(ref)) return;
        seen.add(ref);
        if (!users.has(key)) users.set(key, new Set());
        users.get(key)!.add(name);
        visit(get(doc, ref));
      }
      for (const [k, v] of Object.entries(node)) if (k !== "$ref") visit(v);
    };
    visit(op.node);
    // Path-level parameters apply to every operation of the path.
    const pathItem = item(op);
    if (isObject(pathItem)) visit(pathItem["parameters"]);
  }
  return users;
}

export async function readJson(file: string, label: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(`cannot read ${label} (${file})`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value)) throw new Error("not a JSON object");
    return value;
  } catch (err) {
    throw new Error(`${label} (${file}) is not valid JSON: ${(err as Error).message}`);
  }
}
