// @ts-check
// Builds the docs site into dist/: the API reference (Redoc, inlined, with each
// operation's TypeScript sample taken from the client's examples and a curl sample
// derived from the spec), the guides, the console page and, when the spec has one,
// the changelog. The site is written to a temporary folder and swapped in only when
// every step succeeded, so a failed build never leaves a half-written dist/.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { examplesDir as clientExamplesDir, listExamples } from "@beeos/client/examples";
import { DEFAULT_MOCK_PORT } from "@beeos/mock-server";
import { bundledSpecPath, bundledSpecYamlPath, deref, jsonMedia, listOperations, loadBundledSpec, sourceRootPath, SpecError } from "@beeos/spec";
import { redocly } from "@beeos/spec/redocly";
import { build as esbuild } from "esbuild";
import { operationTitle, referenceRoute, UNTAGGED } from "./lib/spec.mjs";
import { curlSample, matchExamples } from "./lib/samples.mjs";
import { escapeHtml, guidePage, readGuide, renderMarkdown, renderPage } from "./lib/pages.mjs";

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

/** The console lists instances; it needs this operation and its paging parameters. */
const CONSOLE_OPERATION = "listInstances";
/** The columns of the console's table; checked against the spec's list item schema. */
const CONSOLE_COLUMNS = ["id", "name", "status", "connectivity", "agentFramework", "providerId", "region"];
const MOCK_DEFAULT_URL = `http://127.0.0.1:${DEFAULT_MOCK_PORT}`;

class BuildError extends Error {}

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
  const apiTitle = String(spec.info?.title ?? "API");

  // Guides first: the examples they include are no orphans.
  // Another spec (`--spec`) comes with its own guides (`--guides`), or none.
  const guideFiles = existsSync(guidesDir) ? readdirSync(guidesDir).filter((f) => f.endsWith(".md")).sort() : [];
  const guides = guideFiles.map((file) => readGuide(file, readFileSync(join(guidesDir, file), "utf8")));
  const site = { guides, changelog: existsSync(changelogPath), apiTitle };
  /** @type {Set<string>} */
  const included = new Set();
  /** @type {string[]} */
  const problems = [];
  const guideHtml = guides.map((guide) =>
    renderMarkdown(guide.markdown, {
      included,
      readExample: (file) => {
        const path = join(examplesDir, file);
        if (!existsSync(path)) {
          problems.push(`guides/${guide.file}: includes ${label(path)}, which does not exist`);
          return "";
        }
        return readFileSync(path, "utf8");
      },
      onLink: (href) => checkGuideLink(guide.file, href, guides, operations, problems),
    }),
  );
  for (const guide of guides) checkPathsMentioned(`guides/${guide.file}`, guide.markdown, operations, problems);

  if (!existsSync(examplesDir)) throw new BuildError(`no examples folder at ${label(examplesDir)}`);
  const examples = listExamples(examplesDir).map((file) => ({ file, source: readFileSync(join(examplesDir, file), "utf8") }));
  const { samples, problems: sampleProblems, notes: sampleNotes } = matchExamples({
    operations,
    examples,
    clientMembers: await clientMembers(),
    includedByGuides: included,
    examplesLabel: label(examplesDir),
  });
  problems.push(...sampleProblems);
  notes.push(...sampleNotes);
  const codeSamples = new Map(
    operations.map((op) => {
      const curl = curlSample(spec, op, (text) => notes.push(`${op.operationId}: ${text}`));
      const typescript = samples.get(op.operationId);
      return [op.operationId, [...(typescript === undefined ? [] : [{ lang: "TypeScript", label: "TypeScript", source: typescript }]), { lang: "curl", label: "curl", source: curl }]];
    }),
  );
  const places = referencePlaces(spec, operations);
  notes.push(...places.notes);
  // One line per note, in the order of the operations.
  const order = new Map(operations.map((op, i) => [op.operationId, i]));
  const at = (/** @type {string} */ note) => order.get(note.slice(0, note.indexOf(": "))) ?? -1;
  for (const note of notes.sort((a, b) => at(a) - at(b))) console.log(`docs: note: ${note}`);
  const consoleConfig = consoleSetup(spec, operations, problems, notes);
  if (problems.length > 0) throw new BuildError(`the docs do not match the spec (${label(specJsonPath)}):\n  - ${problems.join("\n  - ")}`);

  mkdirSync(dirname(outDir), { recursive: true });
  const tmp = mkdtempSync(join(dirname(outDir), ".dist-"));
  try {
    mkdirSync(join(tmp, "assets"));
    mkdirSync(join(tmp, "guides"));
    for (const asset of readdirSync(join(appDir, "src", "assets"))) copyFileSync(join(appDir, "src", "assets", asset), join(tmp, "assets", asset));
    copyFileSync(specJsonPath, join(tmp, "openapi.json"));
    copyFileSync(specYamlPath, join(tmp, "openapi.yaml"));

    await buildReference(spec, operations, { codeSamples, ...places }, site, tmp);
    writeFileSync(join(tmp, "index.html"), homePage(spec, operations, site));
    guides.forEach((guide, i) => writeFileSync(join(tmp, "guides", `${guide.slug}.html`), guidePage(site, guide, guideHtml[i] ?? "")));
    if (site.changelog) {
      const html = renderMarkdown(readFileSync(changelogPath, "utf8"));
      writeFileSync(join(tmp, "changelog.html"), renderPage({ site, active: "changelog", root: "", title: `Changelog · ${escapeHtml(apiTitle)}`, body: `<main class="site-content">${html}</main>` }));
    }
    await buildConsole(site, consoleConfig, tmp);
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The names a client has besides its operation methods (GET, use, paginate, ...), read
 * from a real client so that a new helper method of the client is no false alarm.
 * @returns {Promise<string[]>}
 */
async function clientMembers() {
  const { createBeeosClient, operationIndex } = await import("@beeos/client");
  const client = createBeeosClient({ baseUrl: "http://127.0.0.1:9", token: "unused" });
  return Object.keys(client).filter((key) => !Object.hasOwn(operationIndex, key));
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
  const route = /(?:^|\/)reference\.html(#\/.+)$/.exec(href)?.[1];
  if (route && route.split("/").length > 2 && !operations.some((op) => referenceRoute(op) === route)) {
    problems.push(`guides/${file}: links to ${href}, but no operation of the spec has the route ${route}`);
  }
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

/**
 * The console's form comes from the spec: one field per filter of the list operation,
 * paging from its page parameters, and table columns that the list item really has.
 * @param {import("./lib/spec.mjs").Json} spec
 * @param {import("./lib/spec.mjs").Operation[]} operations
 * @param {string[]} problems
 * @param {string[]} notes
 */
function consoleSetup(spec, operations, problems, notes) {
  const op = operations.find((o) => o.operationId === CONSOLE_OPERATION);
  if (!op) {
    notes.push(`console: the console lists instances with ${CONSOLE_OPERATION}, which this spec has not; the console page is left out`);
    return undefined;
  }
  const query = op.parameters.filter((p) => p.in === "query");
  const pageSize = query.find((p) => p.name === "pageSize");
  for (const name of ["page", "pageSize"]) {
    if (!query.some((p) => p.name === name)) problems.push(`the console pages through ${CONSOLE_OPERATION} with its \`${name}\` query parameter, which the spec no longer has`);
  }
  const filters = query
    .filter((p) => p.name !== "page" && p.name !== "pageSize")
    .map((p) => ({ name: p.name, description: p.description ?? "", example: p.example === undefined ? "" : String(p.example) }));
  const body = jsonMedia(op.responses.find((r) => r.status === "200")?.content ?? [])?.schema;
  const item = deref(spec, deref(spec, body)?.properties?.data?.items);
  const properties = Object.keys(item?.properties ?? {});
  for (const column of CONSOLE_COLUMNS) {
    if (!properties.includes(column)) problems.push(`the console shows the column ${column}, but ${CONSOLE_OPERATION}'s items have no such property`);
  }
  const sizeSchema = deref(spec, pageSize?.schema) ?? {};
  return {
    operationId: CONSOLE_OPERATION,
    route: referenceRoute(op),
    filters,
    columns: CONSOLE_COLUMNS,
    defaultBaseUrl: MOCK_DEFAULT_URL,
    pageSize: { min: Number(sizeSchema.minimum ?? 1), max: Number(sizeSchema.maximum ?? 100), initial: 10 },
  };
}

/**
 * Where the reference lists each operation. Redoc lists an operation without a tag under
 * `other/`; with `x-tagGroups` it shows only the tags of a group, so the reference's copy
 * of the spec then tags those operations `other` (`retag`) and adds a group with every
 * tag that no group names (`looseTags`). A note names each operation that is not where
 * the spec alone would put it.
 * @param {import("./lib/spec.mjs").Json} spec
 * @param {import("./lib/spec.mjs").Operation[]} operations
 */
function referencePlaces(spec, operations) {
  const groups = Array.isArray(spec["x-tagGroups"]) ? spec["x-tagGroups"] : undefined;
  const grouped = new Set(groups?.flatMap((/** @type {{ tags?: unknown }} */ g) => (Array.isArray(g?.tags) ? g.tags : [])));
  const untagged = operations.filter((op) => op.tag === undefined);
  const loose = operations.filter((op) => groups && op.tag !== undefined && !grouped.has(op.tag));
  const notes = [
    ...untagged.map((op) => `${op.operationId}: has no tag, so the reference lists it under "${UNTAGGED.route}", at ${referenceRoute(op)}`),
    ...loose.map((op) => `${op.operationId}: its tag "${op.tag}" is in no group of x-tagGroups, which would hide it, so the reference adds the tag to a group "Other"`),
  ];
  const looseTags = [...new Set([...loose.map((op) => String(op.tag)), ...(groups && untagged.length > 0 ? [UNTAGGED.route] : [])])];
  return { notes, retag: groups ? untagged : [], looseTags };
}

/**
 * The API reference: Redoc, inlined, in the site's frame. The spec it renders is the
 * bundled one plus the code samples and, when the spec names none, the site's logo.
 * @param {import("./lib/spec.mjs").Json} spec
 * @param {import("./lib/spec.mjs").Operation[]} operations
 * @param {{ codeSamples: Map<string, Array<{ lang: string, label: string, source: string }>> } & ReturnType<typeof referencePlaces>} edits
 * @param {import("./lib/pages.mjs").Site} site
 * @param {string} tmp
 */
async function buildReference(spec, operations, { codeSamples, retag, looseTags }, site, tmp) {
  const doc = structuredClone(spec);
  const operationIn = (/** @type {import("./lib/spec.mjs").Operation} */ op) => deref(doc, doc.paths[op.path])[op.method];
  for (const op of operations) operationIn(op)["x-codeSamples"] = codeSamples.get(op.operationId);
  for (const op of retag) operationIn(op).tags = [UNTAGGED.route];
  if (looseTags.length > 0) doc["x-tagGroups"].push({ name: "Other", tags: looseTags });
  doc.info["x-logo"] ??= { url: "assets/logo.svg", altText: site.apiTitle, href: "index.html" };
  const work = mkdtempSync(join(tmp, ".reference-"));
  try {
    writeFileSync(join(work, "openapi.json"), JSON.stringify(doc));
    // The page frame is the site's; Redoc fills in its head and body.
    writeFileSync(join(work, "template.hbs"), renderPage({ site, active: "reference", root: "", title: "{{title}}", head: "{{{redocHead}}}", body: "{{{redocHTML}}}" }));
    const out = join(tmp, "reference.html");
    const run = await redocly(["build-docs", join(work, "openapi.json"), "--template", join(work, "template.hbs"), "--inlineBundle", "-o", out], {
      config: join(appDir, "redocly.yaml"),
      cwd: appDir,
    });
    if (run.status !== 0) throw new BuildError(`redocly build-docs failed (exit ${run.status}):\n${run.report}`);
    // Redoc's sidebar credit loads its image from a CDN; an offline site points it at a local file.
    const html = readFileSync(out, "utf8").replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, "assets/redoc-credit.svg");
    writeFileSync(out, html);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * @param {import("./lib/spec.mjs").Json} spec
 * @param {import("./lib/spec.mjs").Operation[]} operations
 * @param {import("./lib/pages.mjs").Site} site
 */
function homePage(spec, operations, site) {
  const info = spec.info ?? {};
  // The spec's tags in its order, then tags only operations name, then the untagged operations.
  const declared = /** @type {Array<{ name: string, description?: string }>} */ (spec.tags ?? []);
  const named = [...new Set(operations.flatMap((op) => (op.tag === undefined || declared.some((t) => t.name === op.tag) ? [] : [op.tag])))];
  /** @type {Array<{ name: string, description?: string, tag: string | undefined }>} */
  const groups = [...declared.map((t) => ({ ...t, tag: t.name })), ...named.map((name) => ({ name, tag: name })), { name: UNTAGGED.name, tag: undefined }];
  const sections = groups
    .map((group) => {
      const rows = operations
        .filter((op) => op.tag === group.tag)
        .map(
          (op) =>
            `<tr><td><code class="method method-${op.method}">${op.method.toUpperCase()}</code> <code>${escapeHtml(op.path)}</code></td>` +
            `<td><a href="reference.html${referenceRoute(op)}">${escapeHtml(operationTitle(op))}</a></td><td><code>${escapeHtml(op.operationId)}</code></td></tr>`,
        )
        .join("");
      if (!rows && group.tag === undefined) return "";
      return `<h3>${escapeHtml(group.name)}</h3><p>${escapeHtml(group.description ?? "")}</p><table class="operations"><thead><tr><th>Request</th><th>Operation</th><th>Client method</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join("");
  const servers = (spec.servers ?? [])
    .map((/** @type {{ url: string, description?: string }} */ s) => `<li><code>${escapeHtml(s.url)}</code> ${escapeHtml(s.description ?? "")}</li>`)
    .join("");
  const guides = site.guides.map((g) => `<li><a href="guides/${g.slug}.html">${escapeHtml(g.title)}</a></li>`).join("");
  const body = `<main class="site-content home">
<h1>${escapeHtml(site.apiTitle)} <span class="version">${escapeHtml(String(info.version ?? ""))}</span></h1>
<p class="lead">${escapeHtml(String(info.summary ?? ""))}</p>
${renderMarkdown(String(info.description ?? ""))}
<div class="cards">
<a class="card" href="reference.html"><strong>API reference</strong><span>Every operation, with TypeScript and curl samples.</span></a>
<a class="card" href="guides/${site.guides[0]?.slug ?? ""}.html"><strong>Guides</strong><span>Quickstart, authentication, pagination, errors.</span></a>
<a class="card" href="console.html"><strong>Console</strong><span>Call the API from this page with <code>@beeos/client</code>.</span></a>
</div>
<h2>Guides</h2><ol>${guides}</ol>
<h2>Operations</h2>${sections}
<h2>Servers</h2><ul>${servers}</ul>
<h2>The OpenAPI document</h2>
<p>Download the bundled spec as <a href="openapi.json" download>openapi.json</a> or <a href="openapi.yaml" download>openapi.yaml</a>.</p>
</main>`;
  return renderPage({ site, active: "home", root: "", title: escapeHtml(site.apiTitle), body });
}

/**
 * The console page and its script: @beeos/client bundled for browsers.
 * @param {import("./lib/pages.mjs").Site} site
 * @param {ReturnType<typeof consoleSetup>} config
 * @param {string} tmp
 */
async function buildConsole(site, config, tmp) {
  if (!config) return;
  await esbuild({
    entryPoints: [join(appDir, "src", "console", "main.ts")],
    outfile: join(tmp, "assets", "console.js"),
    bundle: true,
    // A classic script (not a module) so the page also works opened from disk.
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const field = (/** @type {{ name: string, description: string, example: string }} */ f) =>
    `<label title="${escapeHtml(f.description)}"><span>${escapeHtml(f.name)}</span><input name="${escapeHtml(f.name)}" data-filter placeholder="${escapeHtml(f.example)}" autocomplete="off"></label>`;
  const body = `<main class="site-content console">
<h1>Console</h1>
<p>Lists your instances with <a href="reference.html${config.route}"><code>${config.operationId}</code></a>, from this page, with <code>@beeos/client</code>.
It starts out pointed at the local mock of the API that <code>pnpm start</code> runs; any token is accepted there.</p>
<form id="console-form" autocomplete="off">
<fieldset><legend>Connection</legend>
<label><span>Base URL</span><input name="baseUrl" type="url" required value="${escapeHtml(config.defaultBaseUrl)}"></label>
<label><span>Token</span><input name="token" type="password" placeholder="a JWT or an oag_ key"></label>
</fieldset>
<fieldset><legend>Filters</legend>
${config.filters.map(field).join("\n")}
<label><span>pageSize</span><input name="pageSize" type="number" value="${config.pageSize.initial}"></label>
</fieldset>
<button type="submit">List instances</button>
</form>
<p id="console-status" role="status" aria-live="polite"></p>
<section id="console-error" class="error" hidden aria-live="assertive"></section>
<table id="console-results" hidden><thead><tr>${config.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody></tbody></table>
<nav class="pager"><button type="button" id="console-prev" disabled>Previous page</button><span id="console-page"></span><button type="button" id="console-next" disabled>Next page</button></nav>
<script type="application/json" id="console-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>
</main>`;
  writeFileSync(join(tmp, "console.html"), renderPage({ site, active: "console", root: "", title: `Console · ${escapeHtml(site.apiTitle)}`, head: `<script defer src="assets/console.js"></script>`, body }));
}

/** Prints each page and file with its size, and the build time. */
function report(/** @type {string} */ dir) {
  /** @type {Array<[string, number]>} */
  const rows = [];
  const walk = (/** @type {string} */ at) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else rows.push([relative(dir, path), statSync(path).size]);
    }
  };
  walk(dir);
  rows.sort(([a], [b]) => a.localeCompare(b));
  const kib = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KiB`;
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, size] of rows) console.log(`  ${name.padEnd(width)}  ${kib(size).padStart(11)}`);
  const total = rows.reduce((sum, [, size]) => sum + size, 0);
  console.log(`docs: ${rows.length} files, ${kib(total)} in ${label(dir)}, built in ${process.uptime().toFixed(1)} s`);
}

try {
  await main();
  report(outDir);
} catch (err) {
  console.error(`docs build: ${err instanceof BuildError || err instanceof SpecError ? err.message : err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
}
