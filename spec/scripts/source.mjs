// Maps a pointer into the bundle back to the split source: the path file that
// holds an operation, and the line of the key a message is about.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { tokensOf } from "../lib/index.js";
import { specDir } from "./paths.mjs";

/** `paths/api_v1_agents.yaml:12` for `#/paths/~1api~1v1~1agents/get`, or `openapi.yaml` when unknown. */
export function sourceLocation(pointer, message = "") {
  const root = join(specDir, "openapi.yaml");
  const [first, path, method] = tokensOf(pointer);
  const ref = first === "paths" ? parse(readFileSync(root, "utf8"))?.paths?.[path]?.$ref : undefined;
  if (typeof ref !== "string") return "openapi.yaml";
  const lines = readFileSync(join(specDir, ref), "utf8").split("\n");
  const key = /x-beeos-[a-z]+/.exec(message)?.[0];
  const start = Math.max(0, lines.findIndex((l) => l.startsWith(`${method}:`)));
  const at = key ? lines.findIndex((l, i) => i >= start && l.trimStart().startsWith(`${key}:`)) : -1;
  return `spec/${ref}:${(at >= 0 ? at : start) + 1}`;
}
