// Runs the workspace's pinned Redocly CLI against the spec with the root config.
// Redocly prints a Node-version banner on stderr under Node 20; it says nothing
// about the spec, so it is dropped and only Redocly's findings are passed on.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const configPath = join(specDir, "..", "redocly.yaml");
const bin = join(specDir, "node_modules", ".bin", "redocly");

const isBanner = (line) => /^\s*[║╔╚]/.test(line);

export function redocly(args) {
  const run = spawnSync(bin, [...args, "--config", configPath], { cwd: specDir, encoding: "utf8" });
  if (run.error) throw run.error;
  const strip = (text) => text.split("\n").filter((l) => !isBanner(l)).join("\n").trim();
  return { status: run.status ?? 1, stdout: run.stdout, report: strip(`${run.stdout}\n${run.stderr}`) };
}
