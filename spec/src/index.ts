// @beeos/spec: the bundled OpenAPI document and the one reader of it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Json } from "./document.js";

export * from "./document.js";
export * from "./pointer.js";

/** Absolute path of the bundled spec, JSON (`pnpm build` writes it). */
export const bundledSpecPath: string = fileURLToPath(new URL("../dist/openapi.json", import.meta.url));
/** Absolute path of the bundled spec, YAML. */
export const bundledSpecYamlPath: string = fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));
/** The split source's root file. */
export const sourceRootPath: string = fileURLToPath(new URL("../openapi.yaml", import.meta.url));

/** Reads and parses a bundled spec (by default this package's own). */
export function loadBundledSpec(path: string = bundledSpecPath): Json {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read the bundled spec at ${path} (run \`pnpm build\`): ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
