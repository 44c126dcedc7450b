// @ts-check
// The API reference: Redoc (through `@beeos/spec/redocly`'s `build-docs`) over the
// bundled spec, with each operation's TypeScript sample taken from the client's
// examples and curl samples derived from the spec (against the spec's first server and
// against the local sandbox). Redoc's code goes into a file of its own, named by its
// content, so browsers keep it across visits and the page carries only the spec and the
// prerendered overview; every big file gets `.br` / `.gz` siblings for the server.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import { listExamples } from "@beeos/client/examples";
import { DEFAULT_MOCK_PORT } from "@beeos/mock-server";
import { deref, listOperations } from "@beeos/spec";
import { redocly } from "@beeos/spec/redocly";
import { curlSample, matchExamples } from "./samples.mjs";
import { operationTitle, referenceRoute, UNTAGGED } from "./spec.mjs";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const repoRoot = resolve(appDir, "..", "..");
/** Paths in messages are relative to the repository when they are inside it. */
const label = (/** @type {string} */ path) => {
  const rel = relative(repoRoot, path);
  return rel.startsWith("..") ? path : rel || ".";
};

export class ReferenceError extends Error {}

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
 * Where the reference lists each operation. Redoc lists an operation without a tag under
 * `other/`; with `x-tagGroups` it shows only the tags of a group, so the reference's copy
 * of the spec then tags those operations `other` (`retag`) and adds a group with every
 * tag that no group names (`looseTags`). A note names each operation that is not where
 * the spec alone would put it.
 * @param {import("./spec.mjs").Json} spec
 * @param {import("./spec.mjs").Operation[]} operations
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
 * Builds the reference into `outDir`: `reference.html`, `assets/redoc.standalone.<hash>.js`,
 * `reference-routes.json` (the paths that name a section or an operation, for the server),
 * `openapi.json` / `openapi.yaml` for download, and their `.br` / `.gz` siblings. Problems (an example that calls no operation of the spec,
 * ...) are added to `problems` and nothing is written; what the reference cannot show
 * fully is added to `notes` as `<operationId>: <what and why>`.
 * @param {{
 *   spec: import("./spec.mjs").Json,
 *   specJsonPath: string,
 *   specYamlPath: string,
 *   examplesDir: string,
 *   outDir: string,
 *   notes: string[],
 *   problems: string[],
 *   includedExamples?: Set<string>,
 *   nav?: Array<{ text: string, link: string }>,
 *   home?: string,
 *   logoPath?: string,
 * }} options `includedExamples`: example files that guides include (so no orphans);
 *   `nav`: the links of the reference's top bar back to the rest of the site (`home` is the
 *   brand's link); `logoPath`: an SVG logo for the top bar and Redoc's sidebar.
 */
export async function buildReference({
  spec,
  specJsonPath,
  specYamlPath,
  examplesDir,
  outDir,
  notes,
  problems,
  includedExamples = new Set(),
  nav = DEFAULT_NAV,
  home = "/",
  logoPath = join(appDir, "src", "assets", "logo.svg"),
}) {
  if (!existsSync(examplesDir)) throw new ReferenceError(`no examples folder at ${label(examplesDir)}`);
  const operations = listOperations(spec);
  const examples = listExamples(examplesDir).map((file) => ({ file, source: readFileSync(join(examplesDir, file), "utf8") }));
  const matched = matchExamples({
    operations,
    examples,
    clientMembers: await clientMembers(),
    includedByGuides: includedExamples,
    examplesLabel: label(examplesDir),
  });
  problems.push(...matched.problems);
  notes.push(...matched.notes);
  /** @type {Map<string, Array<{ lang: string, label: string, source: string }>>} */
  const codeSamples = new Map(
    operations.map((op) => {
      const curl = curlSample(spec, op, (text) => notes.push(`${op.operationId}: ${text}`));
      // The same request against the local sandbox, which takes any well-formed token.
      const local = curlSample(spec, op, () => {}, { server: SANDBOX_SERVER.url, token: "${BEEOS_API_KEY:-oag_sandbox}" });
      const typescript = matched.samples.get(op.operationId);
      return [
        op.operationId,
        [
          ...(typescript === undefined ? [] : [{ lang: "TypeScript", label: "TypeScript", source: typescript }]),
          { lang: "curl", label: "curl", source: curl },
          { lang: SANDBOX_SAMPLE_LANG, label: SANDBOX_SAMPLE_LABEL, source: local },
        ],
      ];
    }),
  );
  const places = referencePlaces(spec, operations);
  notes.push(...places.notes);
  if (problems.length > 0) return;

  copyFileSync(specJsonPath, join(outDir, "openapi.json"));
  copyFileSync(specYamlPath, join(outDir, "openapi.yaml"));

  const doc = structuredClone(spec);
  const operationIn = (/** @type {import("./spec.mjs").Operation} */ op) => deref(doc, doc.paths[op.path])[op.method];
  for (const op of operations) operationIn(op)["x-codeSamples"] = codeSamples.get(op.operationId);
  for (const op of places.retag) operationIn(op).tags = [UNTAGGED.route];
  if (places.looseTags.length > 0) doc["x-tagGroups"].push({ name: "Other", tags: places.looseTags });
  // The server menu offers the local sandbox that `pnpm start` runs, after the spec's own servers.
  doc.servers = [...(Array.isArray(doc.servers) ? doc.servers : []).filter((/** @type {{ url?: unknown }} */ s) => s?.url !== SANDBOX_SERVER.url), SANDBOX_SERVER];
  const apiTitle = String(spec.info?.title ?? "API");
  const logo = logoPath && existsSync(logoPath) ? readFileSync(logoPath) : undefined;
  mkdirSync(join(outDir, "assets"), { recursive: true });
  if (logo) copyFileSync(logoPath, join(outDir, ...LOGO_ASSET.split("/").slice(1)));
  if (logo) doc.info["x-logo"] ??= { url: LOGO_ASSET, altText: apiTitle, href: home };
  const routes = referenceRoutes(operations, places.retag);
  const work = mkdtempSync(join(outDir, ".reference-"));
  try {
    writeFileSync(join(work, "openapi.json"), JSON.stringify(doc));
    writeFileSync(join(work, "template.hbs"), template({ apiTitle, description: String(spec.info?.summary ?? spec.info?.description ?? ""), nav, home, logo: logo !== undefined, routes }));
    const out = join(outDir, "reference.html");
    const run = await redocly(["build-docs", join(work, "openapi.json"), "--template", join(work, "template.hbs"), "--inlineBundle", "-o", out], {
      config: join(appDir, "redocly.yaml"),
      cwd: appDir,
    });
    if (run.status !== 0) throw new ReferenceError(`redocly build-docs failed (exit ${run.status}):\n${run.report}`);
    const { html, bundle } = splitBundle(readFileSync(out, "utf8"), routes);
    const name = `redoc.standalone.${createHash("sha256").update(bundle).digest("hex").slice(0, 12)}.js`;
    writeFileSync(join(outDir, "assets", name), bundle);
    writeFileSync(out, html.replaceAll(BUNDLE_PLACEHOLDER, `/assets/${name}`));
    writeFileSync(join(outDir, ROUTES_FILE), `${JSON.stringify({ page: "/reference.html", routes: routes.paths }, null, 1)}\n`);
    for (const file of [out, join(outDir, "assets", name), join(outDir, "openapi.json"), join(outDir, "openapi.yaml")]) precompress(file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The reference's top bar, back to the rest of the site. */
export const DEFAULT_NAV = [
  { text: "Guides", link: "/guides/" },
  { text: "API reference", link: "/reference.html" },
  { text: "Console", link: "/console.html" },
];

/** The local sandbox (`pnpm start`), offered in the reference's server menu. */
export const SANDBOX_SERVER = { url: `http://127.0.0.1:${DEFAULT_MOCK_PORT}`, description: "Local sandbox (pnpm start)" };
/** The label of each operation's curl sample against the local sandbox. */
export const SANDBOX_SAMPLE_LABEL = "curl (local sandbox)";
/** Redoc shows one sample per language, so the sandbox sample is a shell sample of its own. */
export const SANDBOX_SAMPLE_LANG = "Shell";
/** Where the reference's logo is copied to. */
const LOGO_ASSET = "/assets/reference-logo.svg";
/** The route table the docs server reads: which paths answer with the reference. */
export const ROUTES_FILE = "reference-routes.json";
const BUNDLE_PLACEHOLDER = "__REDOC_BUNDLE_URL__";
/** Redoc's name, drawn in place of the credit image Redoc would load from its CDN. */
const CREDIT_IMAGE = `data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" width="38" height="12" viewBox="0 0 38 12"><text x="0" y="10" font-family="sans-serif" font-size="10" font-weight="700" fill="#3c3c43">Redoc</text></svg>`,
)}`;

/**
 * Writes `<file>.br` and `<file>.gz` next to a file, so that the server sends them
 * without compressing on every request.
 * @param {string} file
 */
export function precompress(file) {
  const data = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 10, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
}

/**
 * Every way of naming a section or an operation of the reference, mapped to Redoc's
 * (hash) route for it, and the title each route's page gets:
 * - Redoc 3's own routes: `#/<tag>` and `#/<tag>/<operationid>`, which its prerendered
 *   sidebar spells as paths (`/<tag>`);
 * - the Redoc 2 and Redocly forms that links elsewhere use: `#tag/<tag>`,
 *   `#operation/<operationId>`, `/tag/<tag>`, `/operation/<operationId>`,
 *   `/tag/<tag>/operation/<operationId>`.
 * @param {import("./spec.mjs").Operation[]} operations
 * @param {import("./spec.mjs").Operation[]} retagged operations the reference lists under "other"
 */
export function referenceRoutes(operations, retagged = []) {
  /** @type {Record<string, string>} path -> hash route */
  const paths = {};
  /** @type {Record<string, string>} hash route -> title */
  const titles = {};
  /** @type {Record<string, string>} old hash forms -> hash route */
  const hashes = {};
  for (const op of operations) {
    const placed = retagged.includes(op) ? { ...op, tag: UNTAGGED.route } : op;
    const route = referenceRoute(placed);
    const tagRoute = route.slice(0, route.lastIndexOf("/"));
    const tagSlug = tagRoute.slice(2);
    const tagName = op.tag ?? UNTAGGED.name;
    titles[route] = operationTitle(op);
    titles[tagRoute] ??= tagName;
    paths[`/${tagSlug}`] = tagRoute;
    paths[`/tag/${tagSlug}`] = tagRoute;
    paths[route.slice(1)] = route;
    paths[`/operation/${op.operationId}`] = route;
    paths[`/operation/${op.operationId.toLowerCase()}`] = route;
    paths[`/tag/${tagSlug}/operation/${op.operationId}`] = route;
    hashes[`#tag/${tagSlug}`] = tagRoute;
    hashes[`#operation/${op.operationId}`] = route;
    hashes[`#tag/${tagSlug}/operation/${op.operationId}`] = route;
  }
  return { paths, titles, hashes };
}

/**
 * Takes Redoc's code out of the page into a file of its own (cached by browsers, shared
 * by every visit), and makes the prerendered links what the page will render: hash
 * routes, so that a link opened before the page has hydrated (or in a new tab) works.
 * @param {string} page
 * @param {ReturnType<typeof referenceRoutes>} routes
 */
function splitBundle(page, routes) {
  const open = '<script type="module">';
  const start = page.indexOf(open);
  const end = page.indexOf("const __redoc_definition", start);
  if (start < 0 || end < 0) throw new ReferenceError("redocly build-docs wrote a page without its inlined Redoc script; its output format has changed");
  // Redoc's sidebar credit loads its image from a CDN; the offline site draws it in place.
  const bundle = page.slice(start + open.length, end).trim().replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, CREDIT_IMAGE);
  if (!/export\s*\{[^}]*\bhydrate\b[^}]*\}\s*;?$/.test(bundle)) throw new ReferenceError("the inlined Redoc script does not end by exporting hydrate; its output format has changed");
  // Redoc's prerendered HTML links sections as paths; the hash router it hydrates with uses "#/...".
  const redocAt = page.indexOf('<div id="redoc">');
  if (redocAt < 0 || redocAt > start) throw new ReferenceError('redocly build-docs wrote a page without <div id="redoc">; its output format has changed');
  const prerendered = page.slice(0, redocAt) + page.slice(redocAt, start).replace(/href="(\/[\w/-]*)"/g, (whole, path) => {
    if (path === "/") return 'href="#/"';
    const route = routes.paths[path];
    return route ? `href="${route}"` : whole;
  });
  // Redoc prerenders the page at its top. At a deeper route React would try to hydrate that
  // markup, fail, and render again; starting from an empty element skips the failed try.
  const fresh = `<script>if (location.hash.length > 2) document.getElementById("redoc").replaceChildren();</script>\n`;
  const html = `${prerendered.replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, CREDIT_IMAGE)}${fresh}${open}\nimport { hydrate } from "${BUNDLE_PLACEHOLDER}";\n${page.slice(end)}`;
  return { html, bundle };
}

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * The page frame around Redoc: a top bar that leads back to the rest of the site (as
 * VitePress's does), the theme, and a small script that runs before Redoc: it turns a
 * section or operation named by path or by an older hash form into Redoc's route, and
 * keeps the page's title on the operation in view.
 * @param {{ apiTitle: string, description: string, nav: Array<{ text: string, link: string }>, home: string, logo: boolean, routes: ReturnType<typeof referenceRoutes> }} frame
 */
function template({ apiTitle, description, nav, home, logo, routes }) {
  const base = `API reference · ${apiTitle}`;
  const boot = `(() => {
  const R = ${JSON.stringify(routes)};
  const base = ${JSON.stringify(base)};
  // The rest of the site (VitePress) remembers a light or dark choice; Redoc follows it until told otherwise.
  try {
    const chosen = localStorage.getItem("vitepress-theme-appearance");
    if ((chosen === "dark" || chosen === "light") && !localStorage.getItem("redoc.colorMode")) localStorage.setItem("redoc.colorMode", chosen);
  } catch {}
  const lower = (table) => Object.fromEntries(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v]));
  const paths = lower(R.paths), hashes = lower(R.hashes);
  const path = decodeURIComponent(location.pathname).replace(/\\/+$/, "").toLowerCase();
  const route = paths[path] ?? hashes[decodeURIComponent(location.hash).toLowerCase()];
  if (route) history.replaceState(history.state, "", "/reference.html" + route);
  const retitle = () => {
    const hash = decodeURIComponent(location.hash);
    const title = R.titles[hash] ?? R.titles[hash.toLowerCase()];
    document.title = title ? title + " · " + base : base;
  };
  retitle();
  for (const event of ["hashchange", "popstate", "redocly:urlreplace"]) addEventListener(event, retitle);
  // Redoc's router moves by pushState / replaceState, which fire no event.
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name].bind(history);
    history[name] = (...args) => { original(...args); retitle(); };
  }
  // Redoc labels some menu buttons ("Example") without the text they show; a name that
  // includes the visible text is what speech input users say (WCAG 2.5.3).
  let pending = 0;
  const relabel = () => {
    pending = 0;
    for (const button of document.querySelectorAll("#redoc button[aria-label]")) {
      const label = button.getAttribute("aria-label") ?? "";
      const text = (button.textContent ?? "").trim().replace(/\\s+/g, " ");
      if (text && !label.toLowerCase().includes(text.toLowerCase())) button.setAttribute("aria-label", label + ": " + text);
    }
  };
  addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("redoc");
    if (root) new MutationObserver(() => { pending ||= setTimeout(relabel, 150); }).observe(root, { childList: true, subtree: true, characterData: true });
  });
})();`.replace(/<\//g, "<\\/");
  const links = nav.map((item) => `<a href="${escapeHtml(item.link)}"${item.link === "/reference.html" ? ' aria-current="page"' : ""}>${escapeHtml(item.text)}</a>`).join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(base)}</title>
<meta name="description" content="${escapeHtml(`Every operation of the ${apiTitle}, with TypeScript and curl samples. ${description}`.trim())}">
${logo ? `<link rel="icon" href="${LOGO_ASSET}" type="image/svg+xml">` : ""}
<link rel="modulepreload" href="${BUNDLE_PLACEHOLDER}">
<script>${boot}</script>
<style>${THEME}</style>
{{{redocHead}}}
</head>
<body>
<a class="ref-skip" href="#redoc">Skip to the reference</a>
<header class="ref-nav">
<h1 class="ref-sr">${escapeHtml(apiTitle)}: API reference</h1>
<a class="ref-brand" href="${escapeHtml(home)}" aria-label="${escapeHtml(apiTitle)}: home">${logo ? `<img src="${LOGO_ASSET}" alt="" width="24" height="24">` : ""}<span>${escapeHtml(apiTitle)}</span></a>
<nav aria-label="Site">${links}</nav>
</header>
{{{redocHTML}}}
</body>
</html>
`;
}

/**
 * The look of VitePress's default theme (its indigo brand, type and greys) on Redoc's
 * CSS variables, with text colours dark enough for WCAG AA contrast.
 */
const THEME = `
:root {
  --ref-nav-height: 56px;
  --color-brand-1: #eef0fb; --color-brand-2: #e0e4f7; --color-brand-3: #c7cef0;
  --color-brand-4: #a8b3e6; --color-brand-5: #5672cd; --color-brand-6: #3451b2;
  --color-brand-7: #3a5ccc; --color-brand-8: #2f4aa3; --color-brand-9: #283f8c;
  --link-color-primary-palette: #3451b2;
  --font-family-base: Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Helvetica, Arial, sans-serif;
  --font-family-monospaced: ui-monospace, "Menlo", "Monaco", "Consolas", "Liberation Mono", "Courier New", monospace;
  --text-color-primary: rgba(60, 60, 67);
  --text-color-secondary: #55555c;
  --text-color-description: #5c5c63;
}
/* Light theme: Redoc's method badges and code colours, darkened to at least 4.5:1 on
   every background they sit on (white, the code panel, the active sidebar row). */
html:root:not(.dark) {
  --input-content-placeholder-color: #6a6a71;
  --code-block-tokens-comment-color: #6a6a71;
  --code-block-tokens-function-color: #a44d00;
  --code-block-tokens-operator-color: #a44d00;
  --code-block-tokens-class-name-color: #a44d00;
  --code-block-tokens-regex-color: #a44d00;
  --code-block-tokens-property-string-color: #2a5fb8;
  --code-block-tokens-link-color: #2a5fb8;
  --code-block-tokens-boolean-color: #0a6b37;
  --code-block-tokens-keyword-color: #9c1466;
}
html:root:not(.dark) .tag-get { --tag-color: #0a6b37; }
html:root:not(.dark) .tag-post { --tag-color: #1d4ed8; }
html:root:not(.dark) .tag-delete { --tag-color: #b8062f; }
html:root:not(.dark) .tag-put { --tag-color: #9a5200; }
html:root:not(.dark) .tag-patch { --tag-color: #7a5d00; }
html:root:not(.dark) .tag-head { --tag-color: #5b4cc4; }
/* Redoc colours the names of pattern and additional properties with fixed blues (3.97:1). */
html:root:not(.dark) .schema-name { color: var(--schemas-property-name-text-color) !important; }
/* Request samples wrap their long lines instead of hiding them past the panel's edge. */
.panel-request-samples pre[data-component-name="CodeBlock/CodeBlockContainer"] { white-space: pre-wrap; word-break: break-all; }
.ref-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
body { margin: 0; }
.ref-skip { position: absolute; left: -9999px; top: 0; z-index: 100; background: #fff; color: #3451b2; padding: 8px 16px; }
.ref-skip:focus { left: 8px; top: 8px; }
.ref-nav { position: sticky; top: 0; z-index: 30; display: flex; align-items: center; gap: 24px; height: var(--ref-nav-height);
  padding: 0 24px; background: #fff; border-bottom: 1px solid #e2e2e3; font-family: var(--font-family-base); box-sizing: border-box; }
.ref-brand { display: flex; align-items: center; gap: 8px; font-weight: 600; font-size: 16px; color: rgba(60, 60, 67); text-decoration: none; white-space: nowrap; }
.ref-nav nav { display: flex; gap: 20px; margin-left: auto; overflow-x: auto; }
.ref-nav nav a { color: rgba(60, 60, 67); text-decoration: none; font-size: 14px; font-weight: 500; line-height: var(--ref-nav-height); white-space: nowrap; }
.ref-nav nav a:hover, .ref-nav nav a[aria-current="page"] { color: #3451b2; }
:root.dark .ref-nav, :root.dark .ref-skip { background: #1b1b1f; border-color: #2e2e32; }
:root.dark .ref-brand, :root.dark .ref-nav nav a { color: rgba(255, 255, 245, 0.86); }
:root.dark .ref-nav nav a:hover, :root.dark .ref-nav nav a[aria-current="page"] { color: #a8b1ff; }
@media (max-width: 640px) {
  .ref-nav { gap: 12px; padding: 0 12px; }
  .ref-brand span { display: none; }
  .ref-nav nav { gap: 14px; }
}
`;
