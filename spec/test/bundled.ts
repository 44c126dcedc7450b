import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Json } from "../lib/document.mjs";

export const bundlePath = fileURLToPath(new URL("../dist/openapi.json", import.meta.url));

export function loadBundle(): Json {
  return JSON.parse(readFileSync(bundlePath, "utf8"));
}
