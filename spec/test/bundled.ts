import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const bundlePath = fileURLToPath(new URL("../dist/openapi.json", import.meta.url));

// Loose on purpose: the tests walk the bundled document as data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function loadBundle(): Json {
  return JSON.parse(readFileSync(bundlePath, "utf8"));
}

/** Follows a local `#/...` reference of the bundled document. */
export function deref(doc: Json, node: Json): Json {
  if (!node || typeof node.$ref !== "string") return node;
  const target = node.$ref
    .replace(/^#\//, "")
    .split("/")
    .map((p: string) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc: Json, key: string) => acc?.[key], doc);
  if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  return deref(doc, target);
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export interface Operation {
  id: string;
  method: string;
  path: string;
  op: Json;
  params: Json[];
}

export function operations(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => deref(doc, p));
      out.push({ id: op.operationId, method, path, op, params });
    }
  }
  return out;
}
