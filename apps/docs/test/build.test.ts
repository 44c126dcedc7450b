// The docs build as `pnpm build` runs it, on throw-away copies of the bundled spec and
// the examples: a spec that lost an operation or an orphan example must stop the build
// with a message naming the problem; what the site cannot show fully (no tag, no
// example) is a note; a changelog adds a page.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examplesDir } from "@beeos/client/examples";
import { deref, listOperations, loadBundledSpec } from "@beeos/spec";
import { afterAll, describe, expect, it } from "vitest";
import { addEdgeCases, build, fixture as fixtureIn, workDir } from "./support/fixture.js";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));

const bundled = loadBundledSpec();
const work = workDir();
afterAll(work.remove);
const fixture = (edit?: Parameters<typeof fixtureIn>[1]) => fixtureIn(work.dir, edit);

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
    // the home page links every operation of the spec to the reference
    const home = readFileSync(join(run.dist, "index.html"), "utf8");
    for (const op of listOperations(bundled)) expect(home, op.operationId).toContain(`<code>${op.operationId}</code>`);
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

  it("builds any valid spec: an operation without a tag or an example, streams, binary bodies, 204, only `default`, header parameters; one note a line", () => {
    const run = build(fixture(addEdgeCases));
    const grouped = Array.isArray(bundled["x-tagGroups"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const notes = run.stdout.split("\n").filter((line) => line.startsWith("docs: note: "));
    const noSample = (id: string) => `docs: note: ${id}: no TypeScript sample, since there is no ${run.examples}/${id}.ts; the reference shows the curl sample only`;
    expect(notes).toEqual([
      noSample("getWidget"),
      'docs: note: getWidget: has no tag, so the reference lists it under "other", at #/other/getwidget',
      noSample("putWidgetImage"),
      ...(grouped ? [expect.stringMatching(/^docs: note: putWidgetImage: its tag "Widget Things" is in no group of x-tagGroups/)] : []),
      noSample("patchWidget"),
      "docs: note: patchWidget: the header parameter X-Trace has no example, so the curl sample shows <X-Trace>",
      "docs: note: patchWidget: the JSON request body has no example, so the curl sample sends {}",
      noSample("streamWidgetEvents"),
      'docs: note: streamWidgetEvents: has no tag, so the reference lists it under "other", at #/other/streamwidgetevents',
    ]);
    const home = readFileSync(join(run.dist, "index.html"), "utf8");
    expect(home).toContain(`<a href="reference.html#/other/getwidget">Get a widget</a>`);
    expect(home).toContain(`<a href="reference.html#/widget-things/putwidgetimage">putWidgetImage</a>`);
    // the reference's copy of the spec: curl only where there is no example, and the untagged and ungrouped operations in a group
    const reference = readFileSync(join(run.dist, "reference.html"), "utf8");
    expect(reference).toContain(JSON.stringify(`curl -N -X GET '${bundled.servers[0].url}/api/v1/widgets/w1/events'`).slice(1, -1));
    if (grouped) expect(reference).toMatch(/"name":"Other","tags":\["Widget Things","other"\]/);
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
        op.parameters = op.parameters.filter((p: unknown) => deref(spec, p).name !== "pageSize");
        // (the spec's own paging statement names it too; without both the spec is still valid)
        delete op["x-beeos-pagination"];
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
