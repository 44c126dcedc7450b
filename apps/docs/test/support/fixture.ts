// Throw-away copies of the bundled spec and the client's examples, built with the docs
// build as `pnpm build` runs it; and the edit that gives a spec every shape the site must
// follow without an example or a tag to lean on.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examplesDir } from "@beeos/client/examples";
import { bundledSpecPath, bundledSpecYamlPath, type Json } from "@beeos/spec";

const appDir = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** A folder for fixtures, and a function that removes it. */
export function workDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "beeos-docs-build-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let n = 0;
/** A copy of the bundled spec (edited by `edit`) and of the examples, in a fresh folder of `work`. */
export function fixture(work: string, edit: (spec: Json) => void = () => {}): string {
  const dir = join(work, String(++n));
  cpSync(examplesDir, join(dir, "examples"), { recursive: true });
  const spec = JSON.parse(readFileSync(bundledSpecPath, "utf8"));
  edit(spec);
  writeFileSync(join(dir, "openapi.json"), JSON.stringify(spec));
  copyFileSync(bundledSpecYamlPath, join(dir, "openapi.yaml"));
  return dir;
}

/** Runs the docs build on a fixture, into its dist/ (with more environment variables and arguments, if given). */
export function build(dir: string, changelog = join(dir, "CHANGELOG.md"), env: Record<string, string> = {}, args: string[] = []) {
  const run = spawnSync(
    process.execPath,
    ["scripts/build.mjs", "--spec", join(dir, "openapi.json"), "--examples", join(dir, "examples"), "--changelog", changelog, "--out", join(dir, "dist"), ...args],
    { cwd: appDir, encoding: "utf8", env: { ...process.env, ...env } },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, dist: join(dir, "dist"), examples: join(dir, "examples") };
}

/**
 * Operations no client example covers, in every shape a valid spec allows the site to
 * meet: no tag, a tag that no x-tagGroups group names, only a `default` response, a
 * binary body and answer (PUT), a 204 with a merge-patch body and a required header
 * without an example (PATCH, under listInstances' tag), and an event stream.
 */
export function addEdgeCases(spec: Json): void {
  const json = { "application/json": { schema: { type: "object" } } };
  const png = { "image/png": { schema: { type: "string", format: "binary" } } };
  spec.paths["/api/v1/widgets/{id}"] = {
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, example: "w1" }],
    get: { operationId: "getWidget", summary: "Get a widget", responses: { default: { description: "any", content: json } } },
    put: { operationId: "putWidgetImage", tags: ["Widget Things"], requestBody: { content: png }, responses: { "200": { description: "the image", content: png } } },
    patch: {
      operationId: "patchWidget",
      tags: spec.paths["/api/v1/instances"].get.tags,
      parameters: [{ name: "X-Trace", in: "header", required: true, schema: { type: "string" } }],
      requestBody: { required: true, content: { "application/merge-patch+json": { schema: { type: "object" } } } },
      responses: { "204": { description: "done" } },
    },
  };
  spec.paths["/api/v1/widgets/{id}/events"] = {
    get: {
      operationId: "streamWidgetEvents",
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, example: "w1" }],
      responses: { "200": { description: "events", content: { "text/event-stream": { schema: { type: "string" } } } } },
    },
  };
}
