// @ts-check
// The shared page frame (header navigation, stylesheet) and the Markdown pages:
// guides, the changelog, and the home page's introduction.
import { Marked } from "marked";

/**
 * @typedef {{ slug: string, title: string, file: string, markdown: string }} Guide
 * @typedef {{ guides: Guide[], changelog: boolean, apiTitle: string }} Site
 * @typedef {"home" | "reference" | "guides" | "console" | "changelog"} Section
 */

/** @param {string} text */
export const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * The header every page shares. `root` is the relative way back to the site's root
 * ("" or "../"), so the site also works opened from disk.
 * @param {Site} site
 * @param {Section} active
 * @param {string} root
 */
export function siteNav(site, active, root) {
  /** @type {Array<[Section, string, string]>} */
  const items = [
    ["home", "index.html", "Overview"],
    ["reference", "reference.html", "API reference"],
    ["guides", `guides/${site.guides[0]?.slug ?? ""}.html`, "Guides"],
    ["console", "console.html", "Console"],
  ];
  if (site.changelog) items.push(["changelog", "changelog.html", "Changelog"]);
  const links = items
    .map(([id, href, label]) => `<a href="${root}${href}"${id === active ? ' aria-current="page"' : ""}>${label}</a>`)
    .join("");
  return (
    `<header class="site-nav"><a class="site-brand" href="${root}index.html"><img src="${root}assets/logo.svg" alt="" width="28" height="28">` +
    `<span>${escapeHtml(site.apiTitle)}</span></a><nav aria-label="Site">${links}</nav>` +
    `<a class="site-download" href="${root}openapi.json" download>openapi.json</a></header>`
  );
}

/**
 * A whole HTML page in the shared frame.
 * @param {{ site: Site, active: Section, root: string, title: string, head?: string, body: string }} page
 */
export function renderPage({ site, active, root, title, head = "", body }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="${root}assets/logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="${root}assets/site.css">
${head}
</head>
<body class="page-${active}">
${siteNav(site, active, root)}
${body}
</body>
</html>
`;
}

/**
 * Markdown to HTML. Links to `other.md` become `other.html`; a fenced block whose info
 * string is `ts example=<file>` is replaced by that example program, so the code a
 * guide shows is the code the client's tests run.
 * @param {string} markdown
 * @param {{ readExample?: (file: string) => string, included?: Set<string>, onLink?: (href: string) => void }} [hooks]
 */
export function renderMarkdown(markdown, hooks = {}) {
  const marked = new Marked({
    gfm: true,
    walkTokens(token) {
      if (token.type === "code") {
        const include = /(?:^|\s)example=(\S+)/.exec(token.lang ?? "");
        if (include) {
          const file = /** @type {string} */ (include[1]);
          if (!hooks.readExample) throw new Error(`a block includes example ${file}, but no examples were given`);
          token.text = hooks.readExample(file).trimEnd();
          token.lang = "ts";
          hooks.included?.add(file);
        }
      }
      if (token.type === "link") {
        hooks.onLink?.(token.href);
        token.href = token.href.replace(/^(?:\d+-)?([\w-]+)\.md(#.*)?$/, "$1.html$2");
      }
    },
  });
  return /** @type {string} */ (marked.parse(markdown, { async: false }));
}

/**
 * A guide's title is its first level-one heading; its slug is the file name without the
 * order prefix (`01-quickstart.md` -> `quickstart`).
 * @param {string} file
 * @param {string} markdown
 * @returns {Guide}
 */
export function readGuide(file, markdown) {
  const title = /^# (.+)$/m.exec(markdown)?.[1]?.trim();
  if (!title) throw new Error(`guides/${file}: a guide starts with a "# Title" line`);
  const slug = file.replace(/^\d+-/, "").replace(/\.md$/, "");
  return { slug, title, file, markdown };
}

/**
 * The guide page: the list of guides beside the rendered guide.
 * @param {Site} site
 * @param {Guide} guide
 * @param {string} html
 */
export function guidePage(site, guide, html) {
  const list = site.guides
    .map((g) => `<li><a href="${g.slug}.html"${g.slug === guide.slug ? ' aria-current="page"' : ""}>${escapeHtml(g.title)}</a></li>`)
    .join("");
  return renderPage({
    site,
    active: "guides",
    root: "../",
    title: `${escapeHtml(guide.title)} · ${escapeHtml(site.apiTitle)}`,
    body: `<div class="site-columns"><nav class="guide-list" aria-label="Guides"><h2>Guides</h2><ol>${list}</ol></nav><main class="site-content">${html}</main></div>`,
  });
}
