// The docs build as `pnpm build` runs it, on throw-away copies of the bundled spec and
// the examples: every page VitePress renders (home, guides, one page per tag, console,
// changelog, 404) with its own title and description; a spec that lost an operation,
// an orphan example or a guide that includes a missing file stops the build with a
// message naming the problem and leaves the old dist/; what the site cannot show fully
// is a note.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examplesDir } from "@beeos/client/examples";
import { listOperations, loadBundledSpec } from "@beeos/spec";
import { afterAll, describe, expect, it } from "vitest";
import { referenceHref, tagPages } from "../scripts/lib/pages.mjs";
import { addEdgeCases, build, fixture as fixtureIn, workDir } from "./support/fixture.js";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));

const bundled = loadBundledSpec();
const title = String(bundled.info.title);
const work = workDir();
afterAll(work.remove);
const fixture = (edit?: Parameters<typeof fixtureIn>[1]) => fixtureIn(work.dir, edit);

/** A page's text as a reader sees it: tags dropped, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const read = (dist: string, page: string) => readFileSync(join(dist, page), "utf8");
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const descriptionOf = (html: string) => /<meta name="description" content="([^"]*)"/.exec(html)?.[1];

describe("docs build", () => {
  const guides = readdirSync(join(appDir, "guides")).filter((f) => f.endsWith(".md"));
  let dist = "";

  it("renders the home page, every guide, a page per tag, the console and a 404 page; no changelog page without a changelog", () => {
    const run = build(fixture());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    dist = run.dist;
    const tags = tagPages(bundled, listOperations(bundled));
    const pages = [
      "index.html",
      "404.html",
      "console.html",
      "guides/index.html",
      ...guides.map((f) => `guides/${f.replace(/^\d+-/, "").replace(/\.md$/, "")}.html`),
      ...tags.map((t) => `operations/${t.slug}.html`),
    ];
    for (const page of [...pages, "reference.html", "console-operations.json", "assets/logo.svg"]) expect(existsSync(join(dist, page)), page).toBe(true);
    expect(existsSync(join(dist, "changelog.html"))).toBe(false);
    expect(read(dist, "index.html")).not.toContain("changelog.html");
    // Each page has its own title and a description.
    const titles = pages.filter((p) => p !== "404.html").map((p) => titleOf(read(dist, p)));
    expect(new Set(titles).size, titles.join(" | ")).toBe(titles.length);
    for (const page of pages.filter((p) => p !== "404.html")) {
      expect(descriptionOf(read(dist, page))?.length, `${page} has a meta description`).toBeGreaterThan(20);
      expect(titleOf(read(dist, page)), page).toContain(title);
    }
    expect(titleOf(read(dist, "guides/pagination.html"))).toBe(`Pagination · ${title}`);
    expect(run.stdout).toMatch(/^docs: \d+ files \(\d+ pages\), [\d.]+ KiB in .*, built in [\d.]+ s$/m);
  });

  it("shows the example programs that guides include, verbatim and highlighted", () => {
    const guide = read(dist, "guides/pagination.html");
    const example = readFileSync(join(examplesDir, "paginate.ts"), "utf8");
    for (const line of example.split("\n").filter((l) => l.trim() !== "")) expect(text(guide)).toContain(line);
    // Shiki's colours (light and dark) and VitePress's copy button.
    expect(guide).toMatch(/--shiki-dark:/);
    expect(guide).toContain('class="copy"');
  });

  it("lists every operation under its tag with its summary, linked to the reference and the console; the home page links every tag page", () => {
    const operations = listOperations(bundled);
    const home = text(read(dist, "index.html"));
    for (const tag of tagPages(bundled, operations)) {
      const page = read(dist, `operations/${tag.slug}.html`);
      expect(read(dist, "index.html")).toContain(`href="/operations/${tag.slug}.html"`);
      for (const op of tag.operations) {
        expect(text(page), op.operationId).toContain(op.summary ?? op.operationId);
        expect(page).toContain(`id="${op.operationId}"`);
        expect(page).toContain(`href="${referenceHref(op)}"`);
        expect(page).toContain(`href="/console.html?op=${op.operationId}"`);
        expect(home).toContain(op.operationId);
      }
    }
  });

  it("names the repository when the root package.json or DOCS_REPOSITORY_URL gives one", () => {
    const run = build(fixture(), undefined, { DOCS_REPOSITORY_URL: "https://example.org/beeos/toolkit" });
    expect(run.status, run.stderr).toBe(0);
    for (const page of ["index.html", "guides/quickstart.html"]) expect(read(run.dist, page)).toContain('href="https://example.org/beeos/toolkit"');
    expect(run.stdout).not.toContain("no repository URL");
  });

  it("fails when the spec loses an operation that examples still call, naming each call, and keeps the old dist", () => {
    const dir = fixture((spec) => delete spec.paths["/api/v1/instances/{id}"].get);
    cpSync(join(appDir, "src", "assets"), join(dir, "dist"), { recursive: true });
    const run = build(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/examples\/getInstance\.ts:\d+:\d+: getInstance\(\) is no operation of the spec/);
    expect(existsSync(join(run.dist, "logo.svg")), "the previous dist/ is left as it was").toBe(true);
    expect(existsSync(join(run.dist, "index.html"))).toBe(false);
    expect(readdirSync(appDir).filter((f) => f.startsWith(".dist-")), "no work folder is left behind").toEqual([]);
  });

  it("builds any valid spec: operations without a tag or an example, streams, binary bodies, 204; one note a line", () => {
    const run = build(fixture(addEdgeCases));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const notes = run.stdout.split("\n").filter((line) => line.startsWith("docs: note: "));
    for (const note of notes) expect(note).toMatch(/^docs: note: [\w-]+: \S/);
    expect(notes).toContain("docs: note: putWidgetImage: the console sends its image/png body as the text typed in, not as a file");
    const other = read(run.dist, "operations/other.html");
    expect(text(other)).toContain("Get a widget");
    expect(other).toContain('id="streamWidgetEvents"');
    expect(text(read(run.dist, "operations/widget-things.html"))).toContain("putWidgetImage");
    const consoleOps = JSON.parse(read(run.dist, "console-operations.json")) as Array<{ operationId: string; stream: boolean }>;
    expect(consoleOps.find((o) => o.operationId === "streamWidgetEvents")?.stream).toBe(true);
  });

  it("fails on an example that is named after no operation and that no guide includes", () => {
    const dir = fixture();
    writeFileSync(join(dir, "examples", "listWidgets.ts"), readFileSync(join(examplesDir, "listInstances.ts"), "utf8"));
    const run = build(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("listWidgets.ts: no operation of the spec is named listWidgets and no guide includes this file");
  });

  it("fails on a guide that includes a missing example or links to an operation the spec has not", () => {
    const dir = fixture();
    cpSync(join(appDir, "guides"), join(dir, "guides"), { recursive: true });
    writeFileSync(join(dir, "guides", "09-broken.md"), "# Broken\n\nSee [it](../reference.html#listWidgets).\n\n```ts example=nothere.ts\n```\n");
    const run = build(dir, undefined, {}, ["--guides", join(dir, "guides")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/guides\/09-broken\.md: includes .*nothere\.ts, which does not exist/);
    expect(run.stderr).toContain("guides/09-broken.md: links to ../reference.html#listWidgets, but the spec has no operation listWidgets");
  });

  it("renders the changelog, linked from every page, when the spec has one", () => {
    const dir = fixture();
    writeFileSync(join(dir, "CHANGELOG.md"), "# Changelog\n\nWhat changed.\n\n## 1.1.0\n\n- Added `capabilities` to Instance; `{{ not a template }}`.\n");
    const run = build(dir);
    expect(run.status, run.stderr).toBe(0);
    const page = read(run.dist, "changelog.html");
    expect(page).toMatch(/<h2[^>]*>1\.1\.0/);
    expect(page).toContain("<code>capabilities</code>");
    expect(text(page)).toContain("{{ not a template }}");
    expect(titleOf(page)).toBe(`Changelog · ${title}`);
    for (const other of ["index.html", "console.html", "guides/errors-and-retries.html"]) {
      expect(read(run.dist, other), other).toContain('href="/changelog.html"');
    }
  });
});
