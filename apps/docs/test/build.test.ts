// The docs build as `pnpm build` runs it, on throw-away copies of the bundled spec and
// the examples: a spec that lost an operation, gained one, or an orphan example must
// stop the build with a message naming the problem; a changelog adds a page.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const require = createRequire(import.meta.url);
const specJson = require.resolve("@beeos/spec/openapi.json");
const examplesDir = join(dirname(require.resolve("@beeos/client/package.json")), "examples");

const work = mkdtempSync(join(tmpdir(), "beeos-docs-build-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A copy of the bundled spec (edited by `edit`) and of the examples, in a fresh folder. */
function fixture(edit: (spec: any) => void = () => {}) {
  const dir = join(work, String(++n));
  cpSync(examplesDir, join(dir, "examples"), { recursive: true });
  const spec = JSON.parse(readFileSync(specJson, "utf8"));
  edit(spec);
  writeFileSync(join(dir, "openapi.json"), JSON.stringify(spec));
  copyFileSync(specJson.replace(/\.json$/, ".yaml"), join(dir, "openapi.yaml"));
  return dir;
}

function build(dir: string, changelog = join(dir, "CHANGELOG.md")) {
  const run = spawnSync(
    process.execPath,
    ["scripts/build.mjs", "--spec", join(dir, "openapi.json"), "--examples", join(dir, "examples"), "--changelog", changelog, "--out", join(dir, "dist")],
    { cwd: appDir, encoding: "utf8" },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, dist: join(dir, "dist") };
}

describe("docs build", () => {
  it("builds every page from the bundled spec, with the examples as samples and no changelog page without a changelog", () => {
    const run = build(fixture());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const page of ["index.html", "reference.html", "console.html", "openapi.json", "openapi.yaml", "assets/console.js", "guides/quickstart.html"]) {
      expect(existsSync(join(run.dist, page)), page).toBe(true);
    }
    const reference = readFileSync(join(run.dist, "reference.html"), "utf8");
    // the sample source is embedded in the page's definition (JSON-escaped)
    const sample = readFileSync(join(examplesDir, "listInstances.ts"), "utf8");
    expect(reference).toContain(JSON.stringify(sample).slice(1, 60).replace(/</g, "\\u003c"));
    expect(reference).not.toContain("cdn.redoc.ly/redoc/logo-mini");
    expect(reference).not.toMatch(/<script[^>]+src="https?:/);
    expect(existsSync(join(run.dist, "changelog.html"))).toBe(false);
    expect(readFileSync(join(run.dist, "index.html"), "utf8")).not.toContain("changelog.html");
    // a guide shows the example program it includes, verbatim
    const guide = readFileSync(join(run.dist, "guides", "pagination.html"), "utf8");
    expect(guide).toContain("beeos.paginate(&quot;listInstances&quot;");
    expect(run.stdout).toMatch(/^docs: \d+ files, [\d.]+ KiB in .*, built in [\d.]+ s$/m);
  });

  it("fails when the spec loses an operation that examples still call, naming each call, and keeps the old dist", () => {
    const dir = fixture((spec) => delete spec.paths["/api/v1/instances/{id}"].get);
    cpSync(join(appDir, "src", "assets"), join(dir, "dist"), { recursive: true });
    const run = build(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/examples\/getInstance\.ts:\d+:\d+: getInstance\(\) is no operation of the spec/);
    expect(run.stderr).toMatch(/examples\/handle-errors\.ts:\d+:\d+: getInstance\(\) is no operation of the spec/);
    expect(run.stderr).toContain("examples/getInstance.ts: no operation of the spec is named getInstance");
    expect(existsSync(join(run.dist, "logo.svg")), "the previous dist/ is left as it was").toBe(true);
    expect(existsSync(join(run.dist, "index.html"))).toBe(false);
  });

  it("fails when the spec gains an operation that has no example", () => {
    const run = build(
      fixture((spec) => {
        spec.paths["/api/v1/instances/{id}/pause"] = {
          post: { ...spec.paths["/api/v1/instances/{id}/stop"].post, operationId: "pauseInstance", summary: "Pause an instance" },
        };
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("pauseInstance (POST /api/v1/instances/{id}/pause) has no TypeScript sample: add ");
  });

  it("fails on an example that is named after no operation and that no guide includes", () => {
    const dir = fixture();
    writeFileSync(join(dir, "examples", "listWidgets.ts"), readFileSync(join(examplesDir, "listInstances.ts"), "utf8"));
    const run = build(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("listWidgets.ts: no operation of the spec is named listWidgets and no guide includes this file");
  });

  it("fails when the console's operation loses a paging parameter", () => {
    const run = build(
      fixture((spec) => {
        const op = spec.paths["/api/v1/instances"].get;
        op.parameters = op.parameters.filter((p: { $ref?: string }) => !String(p.$ref).endsWith("/PageSize"));
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the console pages through listInstances with its `pageSize` query parameter, which the spec no longer has");
  });

  it("renders the changelog, linked from every page, when the spec has one", () => {
    const dir = fixture();
    writeFileSync(join(dir, "CHANGELOG.md"), "# Changelog\n\n## 1.1.0\n\n- Added `capabilities` to Instance.\n");
    const run = build(dir);
    expect(run.status).toBe(0);
    const page = readFileSync(join(run.dist, "changelog.html"), "utf8");
    expect(page).toContain("<h2>1.1.0</h2>");
    expect(page).toContain("<code>capabilities</code>");
    for (const other of ["index.html", "console.html", "guides/errors-and-retries.html"]) {
      expect(readFileSync(join(run.dist, other), "utf8"), other).toContain("changelog.html");
    }
  });
});
