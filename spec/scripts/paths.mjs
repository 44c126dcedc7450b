// Where this package's scripts find the spec and the workspace's Redocly config.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The `apis` entry and lint rules live in the workspace root's redocly.yaml (Redocly's convention). */
export const configPath = join(specDir, "..", "redocly.yaml");
