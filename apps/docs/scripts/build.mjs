// @ts-check
// Builds the docs site into dist/: the home page, the guides (with the client's example
// programs pasted in), one page per tag of the spec listing its operations, the
// changelog and the console, rendered by VitePress (site/.vitepress); then the API
// reference (scripts/lib/reference.mjs: Redoc, with the TypeScript and curl samples).
// The site is written to a temporary folder and swapped in only when every step
// succeeded, so a failed build never leaves a half-written dist/.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { examplesDir as clientExamplesDir } from "@beeos/client/examples";
import { bundledSpecPath, bundledSpecYamlPath, listOperations, loadBundledSpec, sourceRootPath, SpecError } from "@beeos/spec";
import { referenceRoute } from "./lib/spec.mjs";
import { buildReference, ReferenceError } from "./lib/reference.mjs";
import { listedFiles, MANIFEST, writeManifest } from "./lib/manifest.mjs";
import { consoleOperations } from "./lib/console.mjs";
import {
  changelogMarkdown,
  consoleMarkdown,
  guideMarkdown,
  guidesIndexMarkdown,
  homeMarkdown,
  plainLine,
  readGuide,
  REFERENCE_PAGE,
  tagPageMarkdown,
  tagPages,
} from "./lib/pages.mjs";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const { values: args } = parseArgs({
  options: {
    spec: { type: "string" },
    examples: { type: "string" },
    changelog: { type: "string" },
    guides: { type: "string" },
    out: { type: "string" },
  },
});
const specJsonPath = args.spec ? resolve(args.spec) : bundledSpecPath;
const specYamlPath = args.spec ? specJsonPath.replace(/\.json$/, ".yaml") : bundledSpecYamlPath;
const examplesDir = args.examples ? resolve(args.examples) : clientExamplesDir;
const changelogPath = resolve(args.changelog ?? join(dirname(sourceRootPath), "CHANGELOG.md"));
const outDir = resolve(args.out ?? join(appDir, "dist"));
const guidesDir = resolve(args.guides ?? join(appDir, "guides"));
const repoRoot = resolve(appDir, "..", "..");
/** Paths in messages are relative to the repository when they are inside it. */
const label = (/** @type {string} */ path) => {
  const rel = relative(repoRoot, path);
  return rel.startsWith("..") ? path : rel || ".";
};

class BuildError extends Error {}

/**
 * The repository the site links to: DOCS_REPOSITORY_URL, else the root package.json's
 * `repository` (a URL string or `{ url }`, `git+` and `.git` dropped).
 * @returns {string | undefined}
 */
function repositoryUrl() {
  const fromEnv = process.env["DOCS_REPOSITORY_URL"];
  if (fromEnv) return fromEnv;
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    const raw = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
    if (typeof raw !== "string") return undefined;
    const url = raw.replace(/^git\+/, "").replace(/\.git$/, "");
    return /^https?:\/\//.test(url) ? url : /^github:/.test(url) ? `https://github.com/${url.slice(7)}` : /^[\w.-]+\/[\w.-]+$/.test(url) ? `https://github.com/${url}` : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  if (!existsSync(specJsonPath)) throw new BuildError(`no bundled spec at ${label(specJsonPath)}; run \`pnpm build\` (spec#bundle writes it)`);
  if (!existsSync(specYamlPath)) throw new BuildError(`no bundled YAML spec at ${label(specYamlPath)} next to the JSON one`);
  const spec = loadBundledSpec(specJsonPath);
  const operations = listOperations(spec);
  /**
   * What the site cannot show well: `<operationId>: <what and why>`, printed one a line; no failure.
   * @type {string[]}
   */
  const notes = [];
  /** @type {string[]} */
  const problems = [];
  const title = String(spec.info?.title ?? "API");

  // Guides first: the examples they include are no orphans.
  // Another spec (`--spec`) comes with its own guides (`--guides`), or none.
  const guideFiles = existsSync(guidesDir) ? readdirSync(guidesDir).filter((f) => f.endsWith(".md")).sort() : [];
  const guides = guideFiles.map((file) => readGuide(file, readFileSync(join(guidesDir, file), "utf8")));
  /** @type {Set<string>} */
  const included = new Set();
  const guidePages = guides.map((guide) =>
    guideMarkdown(guide, {
      included,
      operations,
      readExample: (file) => {
        const path = join(examplesDir, file);
        if (!existsSync(path)) {
          problems.push(`guides/${guide.file}: includes ${label(path)}, which does not exist`);
          return undefined;
        }
        return readFileSync(path, "utf8");
      },
      onLink: (href) => checkGuideLink(guide.file, href, guides, operations, problems),
    }),
  );
  for (const guide of guides) checkPathsMentioned(`guides/${guide.file}`, guide.markdown, operations, problems);
  if (problems.length > 0) throw new BuildError(`the docs do not match the spec (${label(specJsonPath)}):\n  - ${problems.join("\n  - ")}`);

  const tags = tagPages(spec, operations);
  const repository = repositoryUrl();
  if (!repository) notes.push("site: no repository URL (root package.json `repository`, or DOCS_REPOSITORY_URL), so the site links to no repository");
  const consoleData = consoleOperations(spec, operations, (note) => notes.push(note));

  mkdirSync(dirname(outDir), { recursive: true });
  const tmp = mkdtempSync(join(dirname(outDir), ".dist-"));
  // Inside the app, so that the generated pages resolve vue and vitepress as the theme does.
  const work = mkdtempSync(join(appDir, ".dist-site-"));
  try {
    const src = join(work, "src");
    const write = (/** @type {string} */ path, /** @type {string} */ text) => {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    write("index.md", homeMarkdown({ spec, tags, guides, title }));
    write("guides/index.md", guidesIndexMarkdown(guides));
    guides.forEach((guide, i) => write(`guides/${guide.slug}.md`, guidePages[i] ?? ""));
    for (const tag of tags) write(`operations/${tag.slug}.md`, tagPageMarkdown(tag));
    write("console.md", consoleMarkdown());
    const changelog = existsSync(changelogPath);
    if (changelog) write("changelog.md", changelogMarkdown(readFileSync(changelogPath, "utf8")));
    cpSync(join(appDir, "src", "assets"), join(src, "public", "assets"), { recursive: true });
    write("public/console-operations.json", JSON.stringify(consoleData));
    const siteData = {
      srcDir: src,
      cacheDir: join(work, "cache"),
      title,
      description: plainLine(String(spec.info?.summary ?? spec.info?.description ?? title)),
      guides: guides.map((g) => ({ slug: g.slug, title: g.title })),
      tags: tags.map((t) => ({ slug: t.slug, name: t.name, count: t.operations.length })),
      changelog,
      repository,
    };
    writeFileSync(join(work, "site.json"), JSON.stringify(siteData));
    renderSite(join(work, "site.json"), tmp);

    const nav = [
      { text: "Guides", link: "/guides/" },
      { text: "Operations", link: `/operations/${tags[0]?.slug ?? ""}.html` },
      { text: "Console", link: "/console.html" },
      ...(changelog ? [{ text: "Changelog", link: "/changelog.html" }] : []),
    ];
    // The reference (and openapi.json/.yaml) is built by scripts/lib/reference.mjs.
    await buildReference({ spec, specJsonPath, specYamlPath, examplesDir, outDir: tmp, notes, problems, includedExamples: included, nav, home: "/" });
    // One line per note, in the order of the operations.
    const order = new Map(operations.map((op, i) => [op.operationId, i]));
    const at = (/** @type {string} */ note) => order.get(note.slice(0, note.indexOf(": "))) ?? -1;
    for (const note of notes.sort((a, b) => at(a) - at(b))) console.log(`docs: note: ${note}`);
    if (problems.length > 0) throw new BuildError(`the docs do not match the spec (${label(specJsonPath)}):\n  - ${problems.join("\n  - ")}`);
    if (!existsSync(join(tmp, REFERENCE_PAGE.slice(1)))) throw new BuildError(`the reference builder wrote no ${REFERENCE_PAGE.slice(1)}`);
    writeManifest(tmp);
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs VitePress (its CLI, in a child process) on the generated pages. Its progress
 * lines are kept back; a failure (a dead link, a page that does not compile) throws
 * with VitePress's own output.
 * @param {string} siteJson
 * @param {string} out
 */
function renderSite(siteJson, out) {
  const cli = join(dirname(createRequire(import.meta.url).resolve("vitepress/package.json")), "bin", "vitepress.js");
  const run = spawnSync(process.execPath, [cli, "build", join(appDir, "site"), "--outDir", out], {
    cwd: appDir,
    encoding: "utf8",
    env: { ...process.env, BEEOS_DOCS_SITE: siteJson, NO_COLOR: "1" },
  });
  if (run.status !== 0 || run.error) {
    throw new BuildError(`VitePress could not build the site (exit ${run.status ?? run.error?.message}):\n${`${run.stdout}\n${run.stderr}`.trim()}`);
  }
}

/**
 * @param {string} file
 * @param {string} href
 * @param {import("./lib/pages.mjs").Guide[]} guides
 * @param {import("./lib/spec.mjs").Operation[]} operations
 * @param {string[]} problems
 */
function checkGuideLink(file, href, guides, operations, problems) {
  const toGuide = /^([\w-]+\.md)(#.*)?$/.exec(href);
  if (toGuide && !guides.some((g) => g.file === toGuide[1])) problems.push(`guides/${file}: links to ${href}, which is no guide`);
  const route = /(?:^|\/)reference\.html(#.+)$/.exec(href)?.[1];
  if (route && !operations.some((op) => `#${op.operationId}` === route || referenceRoute(op) === route) && !isTagRoute(route, operations)) {
    problems.push(`guides/${file}: links to ${href}, but the spec has no operation ${route.slice(1)} (name one by its operationId: reference.html#listInstances)`);
  }
}

/** A link to a whole tag of the reference (`…#/instances`, `#tag/instances`) is fine when the tag's operations are there. */
function isTagRoute(/** @type {string} */ route, /** @type {import("./lib/spec.mjs").Operation[]} */ operations) {
  return operations.some((op) => referenceRoute(op).startsWith(`${route}/`));
}

/**
 * A guide that names an API path must name one the spec has.
 * @param {string} where
 * @param {string} text
 * @param {import("./lib/spec.mjs").Operation[]} operations
 * @param {string[]} problems
 */
function checkPathsMentioned(where, text, operations, problems) {
  const paths = new Set(operations.map((op) => op.path));
  for (const match of text.matchAll(/\/api\/v\d+\/[\w{}\/-]*[\w}]/g)) {
    if (!paths.has(match[0])) {
      const line = text.slice(0, match.index).split("\n").length;
      problems.push(`${where}:${line}: mentions ${match[0]}, which is no path of the spec`);
    }
  }
}

/** Prints the number of pages and files, their size, and the build time. */
/** One line on what was built, from the site's own list of its files (lib/manifest.mjs). @param {string} dir */
function report(dir) {
  const files = listedFiles(dir);
  if (!files) throw new BuildError(`the build wrote no ${MANIFEST} into ${label(dir)}`);
  const pages = files.filter((f) => f.endsWith(".html")).length;
  const total = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  console.log(`docs: ${files.length} files (${pages} pages), ${(total / 1024).toFixed(1)} KiB in ${label(dir)}, built in ${process.uptime().toFixed(1)} s`);
}

try {
  await main();
  report(outDir);
} catch (err) {
  console.error(`docs build: ${err instanceof BuildError || err instanceof ReferenceError || err instanceof SpecError ? err.message : err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
}
