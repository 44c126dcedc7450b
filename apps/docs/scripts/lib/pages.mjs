// @ts-check
// The Markdown pages that VitePress renders (site/.vitepress holds its config and
// theme): the guides, with the client's example programs pasted in; one page per tag
// listing its operations (so that the site's search finds every operation's summary);
// the home page, the changelog and the console page. Everything here is text in,
// Markdown out: VitePress does the HTML.
import { Lexer } from "marked";
import { referenceRoute } from "./spec.mjs";

/**
 * @typedef {import("./spec.mjs").Operation} Operation
 * @typedef {import("./spec.mjs").Json} Json
 * @typedef {{ slug: string, title: string, description: string, file: string, markdown: string }} Guide
 * @typedef {{ slug: string, name: string, description: string, operations: Operation[] }} TagPage
 */

/** The reference page, relative to the site's root. */
export const REFERENCE_PAGE = "/reference.html";

/**
 * The one place that knows how the site links to an operation in the reference.
 * The route inside the page is the reference builder's (`referenceRoute`), so both
 * sides change together.
 * @param {Pick<Operation, "tag" | "operationId">} op
 */
export const referenceHref = (op) => `${REFERENCE_PAGE}${referenceRoute(op)}`;

/** The console page, open at one operation. */
export const consoleHref = (/** @type {string} */ operationId) => `/console.html?op=${encodeURIComponent(operationId)}`;

/** A tag's page under /operations/: lower case, runs of other characters as one dash. */
export const tagSlug = (/** @type {string} */ name) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "tag";

/** @param {string} text */
export const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** A YAML front matter block; every value is written as a JSON string, which YAML reads as is. */
function frontMatter(/** @type {Record<string, string | boolean | number>} */ fields) {
  const lines = Object.entries(fields).map(([key, value]) => `${key}: ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  return `---\n${lines.join("\n")}\n---\n\n`;
}

/** One line of plain text for a meta description: Markdown marks and line breaks dropped. */
export function plainLine(/** @type {string} */ text, max = 160) {
  const flat = text
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_#>]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, "")}…`;
}

/**
 * A guide's title is its first level-one heading, its meta description the first
 * paragraph after it; its slug is the file name without the order prefix
 * (`01-quickstart.md` -> `quickstart`).
 * @param {string} file
 * @param {string} markdown
 * @returns {Guide}
 */
export function readGuide(file, markdown) {
  const title = /^# (.+)$/m.exec(markdown)?.[1]?.trim();
  if (!title) throw new Error(`guides/${file}: a guide starts with a "# Title" line`);
  const paragraph = /** @type {{ text: string } | undefined} */ (Lexer.lex(markdown).find((token) => token.type === "paragraph"));
  const slug = file.replace(/^\d+-/, "").replace(/\.md$/, "");
  return { slug, title, description: plainLine(paragraph?.text ?? title), file, markdown };
}

/**
 * A guide as VitePress reads it. A fenced block whose info string is `ts example=<file>`
 * becomes that example program, so the code a guide shows is the code the client's tests
 * run; links to other guides (`02-authentication.md`) follow the slugs; links to the
 * reference and the console become site-absolute, and the reference (not a VitePress
 * page) is opened as a plain page load. A guide names an operation of the reference by its
 * operationId (`../reference.html#listInstances`), so that it need not know the
 * reference's routes.
 * @param {Guide} guide
 * @param {{ readExample: (file: string) => string | undefined, included: Set<string>, onLink: (href: string) => void, operations: Operation[] }} hooks
 */
export function guideMarkdown(guide, hooks) {
  const tokens = Lexer.lex(guide.markdown);
  /** @param {unknown[]} list */
  const walk = (list) => {
    for (const token of /** @type {Array<{ type: string, href?: string, tokens?: unknown[], items?: unknown[] }>} */ (list)) {
      if (token.type === "link" && token.href !== undefined) hooks.onLink(token.href);
      if (token.tokens) walk(token.tokens);
      if (token.items) walk(token.items);
      if (token.type === "table") {
        const table = /** @type {{ header: Array<{ tokens: unknown[] }>, rows: Array<Array<{ tokens: unknown[] }>> }} */ (/** @type {unknown} */ (token));
        for (const cell of [...table.header, ...table.rows.flat()]) walk(cell.tokens);
      }
    }
  };
  walk(tokens);
  const body = guide.markdown
    .replace(/^```(\w+)[^\n]*?\bexample=(\S+)[^\n]*\n([\s\S]*?)^```$/gm, (_all, _lang, file) => {
      const source = hooks.readExample(file);
      hooks.included.add(file);
      // Four backticks, so that a program with a fenced string cannot end the block.
      return `\`\`\`\`ts\n${(source ?? "").trimEnd()}\n\`\`\`\``;
    })
    .replace(/\]\((?:\d+-)?([\w-]+)\.md(#[^)]*)?\)/g, (_all, slug, hash = "") => `](./${slug}.md${hash})`)
    .replace(/\]\((?:\.\.\/)*reference\.html([^)]*)\)/g, (_all, rest) => {
      const op = hooks.operations.find((o) => `#${o.operationId}` === rest);
      return `](${op ? referenceHref(op) : `${REFERENCE_PAGE}${rest}`}){target="_self"}`;
    })
    .replace(/\]\((?:\.\.\/)*console\.html([^)]*)\)/g, (_all, rest) => `](/console.html${rest})`);
  return frontMatter({ title: guide.title, description: guide.description }) + body;
}

/**
 * The operations grouped by tag, in the spec's order of tags, then tags only operations
 * name, then the operations without a tag.
 * @param {Json} spec
 * @param {Operation[]} operations
 * @returns {TagPage[]}
 */
export function tagPages(spec, operations) {
  const declared = /** @type {Array<{ name: string, description?: string }>} */ (Array.isArray(spec.tags) ? spec.tags : []);
  const named = [...new Set(operations.flatMap((op) => (op.tag === undefined || declared.some((t) => t.name === op.tag) ? [] : [op.tag])))];
  /** @type {Array<{ name: string, description: string, tag: string | undefined }>} */
  const groups = [
    ...declared.map((t) => ({ name: t.name, description: String(t.description ?? ""), tag: /** @type {string | undefined} */ (t.name) })),
    ...named.map((name) => ({ name, description: "", tag: /** @type {string | undefined} */ (name) })),
    { name: "Other operations", description: "Operations without a tag.", tag: undefined },
  ];
  /** @type {Set<string>} */
  const slugs = new Set();
  return groups.flatMap((group) => {
    const ops = operations.filter((op) => op.tag === group.tag);
    if (ops.length === 0) return [];
    let slug = group.tag === undefined ? "other" : tagSlug(group.name);
    while (slugs.has(slug)) slug += "-";
    slugs.add(slug);
    return [{ slug, name: group.name, description: group.description, operations: ops }];
  });
}

/**
 * The page of one tag: each operation under a heading (its summary, which the search
 * indexes), with its method and path, its client method, the first paragraph of its
 * description and links to the reference and the console. Spec text is shown as text
 * (`v-pre`), never as a Vue template.
 * @param {TagPage} page
 */
export function tagPageMarkdown(page) {
  const sections = page.operations.map((op) => {
    const first = String(op.description ?? "").split(/\n\s*\n/)[0]?.trim() ?? "";
    return [
      `## ${escapeHtml(op.summary ?? op.operationId)} {#${op.operationId}}`,
      "",
      `<p class="operation-line"><span class="method method-${op.method}">${op.method.toUpperCase()}</span> <code>${escapeHtml(op.path)}</code> · client method <code>${escapeHtml(op.operationId)}</code>${op.deprecated ? " · <strong>deprecated</strong>" : ""}</p>`,
      "",
      first,
      "",
      `[Reference](${referenceHref(op)}){target="_self"} · [Try it in the console](${consoleHref(op.operationId)})`,
    ].join("\n");
  });
  const title = `${page.name} operations`;
  return (
    frontMatter({ title, description: plainLine(page.description || `The ${page.name} operations of the API.`) }) +
    `# ${escapeHtml(title)}\n\n::: v-pre\n\n${page.description}\n\n${sections.join("\n\n")}\n\n:::\n`
  );
}

/**
 * The home page: VitePress's hero and features, then the spec's own introduction,
 * every tag with its operations, the servers and the downloads.
 * @param {{ spec: Json, tags: TagPage[], guides: Guide[], title: string }} site
 */
export function homeMarkdown({ spec, tags, guides, title }) {
  const info = spec.info ?? {};
  const summary = String(info.summary ?? "");
  const hero = {
    layout: "home",
    title,
    titleTemplate: false,
    description: plainLine(summary || String(info.description ?? title)),
  };
  const quickstart = guides[0] ? `/guides/${guides[0].slug}.html` : "/guides/";
  const yaml = [
    "hero:",
    `  name: ${JSON.stringify(title)}`,
    `  tagline: ${JSON.stringify(`${summary} API version ${String(info.version ?? "")}.`.trim())}`,
    "  actions:",
    "    - theme: brand",
    `      text: ${JSON.stringify(guides[0] ? guides[0].title : "Guides")}`,
    `      link: ${JSON.stringify(quickstart)}`,
    "    - theme: alt",
    "      text: API reference",
    `      link: ${JSON.stringify(REFERENCE_PAGE)}`,
    "      target: _self",
    "    - theme: alt",
    "      text: Console",
    "      link: /console.html",
    "features:",
    "  - title: Guides",
    `    details: ${JSON.stringify(guides.map((g) => g.title).join(", ") || "How to use the API.")}`,
    `    link: ${JSON.stringify("/guides/")}`,
    "  - title: API reference",
    `    details: ${JSON.stringify(`Every operation (${tags.reduce((n, t) => n + t.operations.length, 0)}), with TypeScript and curl samples.`)}`,
    `    link: ${JSON.stringify(REFERENCE_PAGE)}`,
    "    target: _self",
    "  - title: Console",
    "    details: Call any operation from the browser, against the local sandbox or your account.",
    "    link: /console.html",
  ].join("\n");
  const fields = Object.entries(hero)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? JSON.stringify(v) : String(v)}`)
    .join("\n");
  const operationsList = tags
    .map((tag) => {
      const rows = tag.operations
        .map((op) => `| <span class="method method-${op.method}">${op.method.toUpperCase()}</span> \`${op.path}\` | [${escapeHtml(op.summary ?? op.operationId)}](/operations/${tag.slug}.md#${op.operationId}) | \`${op.operationId}\` |`)
        .join("\n");
      return `### [${escapeHtml(tag.name)}](/operations/${tag.slug}.md)\n\n${tag.description}\n\n| Request | Operation | Client method |\n|---|---|---|\n${rows}`;
    })
    .join("\n\n");
  const servers = (Array.isArray(spec.servers) ? spec.servers : [])
    .map((/** @type {{ url: string, description?: string }} */ s) => `- \`${s.url}\` ${s.description ?? ""}`)
    .join("\n");
  return `---\n${fields}\n${yaml}\n---\n\n<div class="home-content">\n\n::: v-pre\n\n## About the API\n\n${String(info.description ?? "")}\n\n## Operations\n\n${operationsList}\n\n## Servers\n\n${servers}\n\n:::\n\n## The OpenAPI document\n\nDownload the bundled spec as [openapi.json](/openapi.json){target="_self" download} or [openapi.yaml](/openapi.yaml){target="_self" download}.\n\n</div>\n`;
}

/** The guides' index page. @param {Guide[]} guides */
export function guidesIndexMarkdown(guides) {
  const list = guides.map((g, i) => `${i + 1}. [${escapeHtml(g.title)}](./${g.slug}.md): ${g.description}`).join("\n");
  return frontMatter({ title: "Guides", description: "Step-by-step guides to the BeeOS Platform API and its TypeScript client." }) + `# Guides\n\n${list}\n`;
}

/** The changelog page: the spec's CHANGELOG.md, as text (no Vue templates). @param {string} markdown */
export function changelogMarkdown(markdown) {
  const title = /^# (.+)$/m.exec(markdown)?.[1]?.trim() ?? "Changelog";
  const after = markdown.replace(/^# .+$/m, "").trim();
  return frontMatter({ title, description: plainLine(after.split(/\n\s*\n/)[0] ?? title) }) + `# ${escapeHtml(title)}\n\n::: v-pre\n\n${after}\n\n:::\n`;
}

/** The console page: the ApiConsole component of the theme. */
export function consoleMarkdown() {
  return (
    frontMatter({ title: "Console", description: "Call every operation of the API from your browser: the request as curl, the response, its status, request id and timing.", aside: false, outline: false }) +
    `# Console\n\nPick an operation, fill in its fields and send it. The page talks to the API URL below: the local sandbox that \`pnpm start\` serves, or any server you enter.\n\n<ClientOnly>\n  <ApiConsole />\n</ClientOnly>\n`
  );
}
