// The built site's VitePress pages in a real browser (Debian's Chromium via
// playwright-core), served on a free port with /api-config.json naming a mock of the API
// that the test starts: every page fits a 390 px phone without sideways scrolling and
// passes axe-core with no serious or critical violation; every internal link answers
// 200; search works offline across guides and operations; the 404 page leads on; the
// console calls every operation and follows an event stream live. Screenshots (desktop
// and phone) go to reports/. Without Chromium these checks are skipped with the
// reason, except under CI=true, where a missing browser is a failure. The reference
// page itself (Redoc) is checked by test/reference*.test.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockServer } from "@beeos/mock-server";
import { listOperations, loadBundledSpec } from "@beeos/spec";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagPages } from "../scripts/lib/pages.mjs";
import type { ConsoleOperation } from "../src/console/types.js";
import { findChromium, launchChromium } from "./support/browser.js";
import { serveSite } from "./support/site-server.js";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const distDir = join(appDir, "dist");
const reportsDir = join(appDir, "reports");
const spec = loadBundledSpec();
const operations = listOperations(spec);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const chromiumPath = findChromium();
const ci = process.env["CI"] === "true";
const skipReason = "no Chromium found (looked at CHROMIUM_PATH, /usr/bin/chromium and PATH); install it with `apt-get install chromium`";

if (!chromiumPath) {
  if (ci) {
    it("has a browser to run the docs' browser checks in (CI=true)", () => {
      expect.fail(`${skipReason}; under CI=true the browser checks must run`);
    });
  } else {
    console.warn(`docs browser tests skipped: ${skipReason}`);
  }
}

/** Every page VitePress wrote (the reference is Redoc's, checked elsewhere). */
function sitePages(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".html")) out.push(relative(distDir, path));
    }
  };
  walk(distDir);
  return out.filter((p) => p !== "reference.html" && p !== "404.html").sort();
}

describe.skipIf(!chromiumPath)(`the docs site in Chromium${chromiumPath ? "" : ` (skipped: ${skipReason})`}`, () => {
  let context: BrowserContext;
  let siteUrl: string;
  let mockUrl: string;
  let pages: string[];
  const stops: Array<() => Promise<void>> = [];
  /** Every request any page made, and every console error or uncaught exception. */
  const requests: string[] = [];
  const consoleErrors: Array<{ page: string; text: string; url: string }> = [];

  beforeAll(async () => {
    if (!existsSync(join(distDir, "index.html"))) throw new Error("no built site in dist/; run `pnpm build` first");
    mkdirSync(reportsDir, { recursive: true });
    pages = sitePages();
    const mock = await startMockServer({ host: "127.0.0.1", port: 0 });
    stops.push(() => mock.close());
    mockUrl = mock.url.replace(/\/+$/, "");
    const site = await serveSite(distDir, { apiUrl: mockUrl });
    stops.push(site.close);
    siteUrl = site.url;
    const chromium = await launchChromium(chromiumPath as string);
    stops.push(chromium.close);
    context = chromium.context;
    context.on("request", (request) => void requests.push(request.url()));
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  async function open(path: string, viewport = DESKTOP, site = siteUrl): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push({ page: path, text: message.text(), url: message.location().url });
    });
    page.on("pageerror", (error) => void consoleErrors.push({ page: path, text: `uncaught: ${error.message}`, url: "" }));
    await page.goto(`${site}/${path}`, { waitUntil: "networkidle" });
    return page;
  }

  /** axe-core's serious and critical violations on the page as it is now. */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      const result = await axe.run({ resultTypes: ["violations"] });
      return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(", ")}`);
    });
    return violations;
  }

  const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(reportsDir, `${name}.png`), fullPage: false });

  it("has a page per guide and per tag, the home page, the console and the guides' index", () => {
    const tags = tagPages(spec, operations);
    expect(pages).toEqual(expect.arrayContaining(["index.html", "console.html", "guides/index.html", "guides/quickstart.html", ...tags.map((t) => `operations/${t.slug}.html`)]));
  });

  it("every page fits a 390 px phone without sideways scrolling, and axe finds nothing serious (phone and desktop, light and dark)", async () => {
    const problems: string[] = [];
    for (const path of pages) {
      const page = await open(path, PHONE);
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`${path}: scrolls ${overflow} px sideways at 390 px`);
      for (const v of await axeViolations(page)) problems.push(`${path} (phone): ${v}`);
      // A fresh load at desktop size: resizing would catch the sidebar mid-transition.
      await page.setViewportSize(DESKTOP);
      await page.reload({ waitUntil: "networkidle" });
      for (const v of await axeViolations(page)) problems.push(`${path} (desktop): ${v}`);
      // Dark mode as a reader with a dark system theme gets it: from the first paint, no transition.
      await page.emulateMedia({ colorScheme: "dark" });
      await page.reload({ waitUntil: "networkidle" });
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark")), `${path} follows the system's dark mode`).toBe(true);
      for (const v of await axeViolations(page)) problems.push(`${path} (dark): ${v}`);
      await page.close();
    }
    expect(problems.join("\n")).toBe("");
  }, 240_000);

  it("every page has its own title and a meta description, and a skip link to the content", async () => {
    const titles = new Map<string, string>();
    for (const path of pages) {
      const page = await open(path);
      const title = await page.title();
      expect(titles.has(title), `${path} repeats the title "${title}" of ${titles.get(title)}`).toBe(false);
      titles.set(title, path);
      expect((await page.locator('meta[name="description"]').getAttribute("content"))?.length ?? 0, `${path} description`).toBeGreaterThan(20);
      await expect(page.locator("a.VPSkipLink").count(), `${path} skip link`).resolves.toBe(1);
      await page.close();
    }
  }, 120_000);

  it("every internal link of every page answers 200 (and the reference's are plain page loads)", async () => {
    const links = new Map<string, string>();
    for (const path of [...pages, "missing-page.html"]) {
      const page = await open(path);
      const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).href, target: a.getAttribute("target") })));
      for (const { href, target } of hrefs) {
        const url = new URL(href);
        if (url.origin !== siteUrl) continue;
        // The missing page's skip link points at itself, which rightly answers 404.
        if (path === "missing-page.html" && url.pathname === "/missing-page.html") continue;
        if (url.pathname === "/reference.html") expect(target, `${path} opens the reference with a page load`).toBe("_self");
        links.set(url.pathname + url.search, path);
      }
      await page.close();
    }
    expect(links.size).toBeGreaterThan(pages.length);
    const broken: string[] = [];
    for (const [link, from] of links) {
      const response = await fetch(`${siteUrl}${link}`);
      if (response.status !== 200) broken.push(`${link} (on ${from}): ${response.status}`);
    }
    expect(broken.join("\n")).toBe("");
  }, 120_000);

  it("a missing page answers 404 with the site's navigation, search and links to the main pages", async () => {
    const page = await context.newPage();
    const response = await page.goto(`${siteUrl}/guides/no-such-guide.html`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(404);
    await expect(page.locator(".not-found h1").textContent()).resolves.toBe("Page not found");
    for (const text of ["Home", "Guides", "API reference", "Console"]) await expect(page.locator(".not-found a", { hasText: text }).count(), text).resolves.toBe(1);
    await expect(page.locator(".VPNavBar").isVisible()).resolves.toBe(true);
    await expect(page.locator(".DocSearch-Button").isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("searches offline across the guides and every operation's summary", async () => {
    const page = await open("index.html");
    const search = async (query: string) => {
      await page.locator(".DocSearch-Button").click();
      const input = page.locator("#localsearch-input");
      await input.fill(query);
      await expect.poll(() => page.locator(".VPLocalSearchBox .result").count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const results = await page.locator(".VPLocalSearchBox .result").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
      await page.keyboard.press("Escape");
      return results;
    };
    const pagination = await search("pagination");
    expect(pagination.some((href) => href.startsWith("/guides/pagination.html")), pagination.join(", ")).toBe(true);
    for (const id of ["streamTaskEvents", "listInstances", "deployInstance"]) {
      const op = operations.find((o) => o.operationId === id)!;
      const results = await search(op.summary ?? id);
      expect(results.some((href) => href.endsWith(`#${id}`)), `${op.summary} -> ${results.join(", ")}`).toBe(true);
    }
    await page.close();
  });

  it("switches to dark mode and back", async () => {
    const page = await open("guides/quickstart.html");
    const dark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
    const before = await dark();
    await page.locator(".VPNavBarAppearance button.VPSwitchAppearance").click();
    await expect.poll(dark).toBe(!before);
    // The choice is kept for the next pages; the screenshots below are in the first mode.
    await page.locator(".VPNavBarAppearance button.VPSwitchAppearance").click();
    await expect.poll(dark).toBe(before);
    await page.close();
  });

  it("shows a guide with its highlighted code and copy buttons, the guide list on desktop and a full-width column on a phone", async () => {
    const guides = readdirSync(join(appDir, "guides")).filter((f) => f.endsWith(".md"));
    const page = await open("guides/pagination.html");
    await expect(page.locator("main h1").first().textContent()).resolves.toContain("Pagination");
    await expect(page.locator('.VPSidebar a[href^="/guides/"]').count()).resolves.toBe(guides.length);
    const code = page.locator("div.language-ts", { hasText: 'beeos.paginate("listInstances"' }).first();
    await expect(code.isVisible()).resolves.toBe(true);
    await expect(code.locator("button.copy").count()).resolves.toBe(1);
    await expect(code.locator("span[style*='--shiki-light']").count()).resolves.toBeGreaterThan(5);
    await page.close();
    for (const [name, path] of [["home", "index.html"], ["guide-quickstart", "guides/quickstart.html"]] as const) {
      const desktop = await open(path, DESKTOP);
      await shot(desktop, `${name}-desktop`);
      await desktop.close();
      const phone = await open(path, PHONE);
      if (path.startsWith("guides/")) {
        const width = await phone.locator(".VPDoc .content-container").evaluate((el) => el.getBoundingClientRect().width);
        expect(width, "the guide's column on a phone").toBeGreaterThan(330);
        // The sidebar waits off screen behind the menu button.
        const sidebar = await phone.locator(".VPSidebar").boundingBox();
        expect((sidebar?.x ?? 0) + (sidebar?.width ?? 0), "the sidebar is off screen").toBeLessThanOrEqual(0);
      }
      await shot(phone, `${name}-phone`);
      await phone.close();
    }
  });

  describe("the console", () => {
    let page: Page;
    const ready = (p: Page) => p.waitForFunction(() => document.body.dataset["consoleReady"] === "true");
    const choose = (p: Page, id: string) => p.locator("#console-operation").selectOption(id);
    const send = (p: Page) => p.locator("button.console-send").click();

    beforeAll(async () => {
      page = await open("console.html?op=listInstances");
      await ready(page);
    });
    afterAll(() => page.close());

    it("talks to the API that /api-config.json names", async () => {
      await expect(page.locator("#console-api-url").inputValue()).resolves.toBe(mockUrl);
      await expect(page.locator('[data-testid="api-url-source"]').textContent()).resolves.toContain("api-config.json");
    });

    it("offers every operation of the spec, each with a field per path and query parameter and body property", async () => {
      const ops = (await (await fetch(`${siteUrl}/console-operations.json`)).json()) as ConsoleOperation[];
      await expect(page.locator("#console-operation option").count()).resolves.toBe(operations.length);
      for (const op of ops) {
        await choose(page, op.operationId);
        const fields = op.params.length + (op.body ? Math.max(op.body.fields.length, 1) : 0);
        await expect.poll(() => page.locator("#console-form .console-field").count(), { message: op.operationId }).toBe(fields);
      }
    }, 60_000);

    it("lists instances: the request as curl, the status, request id, timing and body", async () => {
      await choose(page, "listInstances");
      await page.fill("#console-token", "oag_browser_test");
      await page.fill('[name="query:status"]', "running");
      await page.fill('[name="query:pageSize"]', "5");
      await expect(page.locator("#console-curl").textContent()).resolves.toContain(`curl -X GET '${mockUrl}/api/v1/instances?pageSize=5&status=running'`);
      await send(page);
      await expect.poll(() => page.locator('#console-status dd[data-field="status"]').textContent()).toBe("200 OK");
      await expect(page.locator('#console-status dd[data-field="request-id"]').textContent()).resolves.toMatch(/^req_/);
      await expect(page.locator('#console-status dd[data-field="time"]').textContent()).resolves.toMatch(/^\d+ ms$/);
      const body = JSON.parse((await page.locator("#console-body").textContent()) ?? "");
      expect(body.success).toBe(true);
      const call = requests.filter((url) => url.startsWith(`${mockUrl}/api/v1/instances?`)).at(-1)!;
      expect(Object.fromEntries(new URL(call).searchParams)).toEqual({ status: "running", pageSize: "5" });
    });

    it("refuses a value outside the spec's constraints before sending, naming the field", async () => {
      const before = requests.length;
      await page.fill('[name="query:pageSize"]', "500");
      await send(page);
      await expect.poll(() => page.locator("#console-problem").textContent()).toBe("query pageSize: must be at most 200");
      expect(requests.slice(before).filter((url) => url.startsWith(mockUrl))).toEqual([]);
      await page.fill('[name="query:pageSize"]', "");
    });

    it("shows an error status as the server sent it", async () => {
      await page.fill("#console-token", "");
      await send(page);
      await expect.poll(() => page.locator('#console-status dd[data-field="status"]').textContent()).toMatch(/^401/);
      await expect(page.locator("#console-body").textContent()).resolves.toContain('"success": false');
      // The browser logs the failed answer itself; that one line is expected.
      const expected = consoleErrors.findIndex((e) => e.url.startsWith(mockUrl) && e.text.includes("401"));
      expect(expected).toBeGreaterThanOrEqual(0);
      consoleErrors.splice(expected, 1);
    });

    it("follows a task's event stream live: each event shows as it arrives", async () => {
      // The mock's own events for the task, sent one at a time by a server that holds the
      // rest back until the page shows what it has.
      const op = operations.find((o) => o.operationId === "streamTaskEvents")!;
      const ops = (await (await fetch(`${siteUrl}/console-operations.json`)).json()) as ConsoleOperation[];
      const params = ops.find((o) => o.operationId === op.operationId)!.params;
      const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => String(params.find((p) => p.name === name)?.example ?? name));
      const sample = await (await fetch(`${mockUrl}${path}`, { headers: { Authorization: "Bearer oag_browser_test", Accept: "text/event-stream" } })).text();
      const events = sample.split(/\n\n+/).filter((e) => e.trim() !== "");
      expect(events.length).toBeGreaterThan(1);
      let stream: ServerResponse | undefined;
      const server: Server = createServer((req, res) => {
        res.setHeader("Access-Control-Allow-Origin", "*");
        res.setHeader("Access-Control-Allow-Headers", "*");
        res.setHeader("Access-Control-Expose-Headers", "*");
        if (req.method === "OPTIONS") return void res.writeHead(204).end();
        res.writeHead(200, { "Content-Type": "text/event-stream", "X-Request-Id": "req_live_stream" });
        res.write(`${events[0]}\n\n`);
        stream = res;
      });
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
      stops.push(() => new Promise((done) => server.close(() => done())));
      const address = server.address();
      const liveUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

      for (const [viewport, name] of [[DESKTOP, "console-stream-desktop"], [PHONE, "console-stream-phone"]] as const) {
        const live = await open(`console.html?op=streamTaskEvents&apiUrl=${encodeURIComponent(liveUrl)}`, viewport);
        await ready(live);
        await live.fill("#console-token", "oag_browser_test");
        await expect(live.locator("#console-curl").textContent()).resolves.toMatch(/^curl -N -X GET/);
        await send(live);
        await expect.poll(() => live.locator("#console-events li").count()).toBe(1);
        await expect(live.locator('#console-status dd[data-field="time"]').textContent()).resolves.toMatch(/streaming/);
        await expect(live.locator('#console-status dd[data-field="request-id"]').textContent()).resolves.toBe("req_live_stream");
        for (const event of events.slice(1)) stream!.write(`${event}\n\n`);
        await expect.poll(() => live.locator("#console-events li").count()).toBe(events.length);
        await live.locator("h2", { hasText: "Response" }).evaluate((el) => el.scrollIntoView({ block: "start" }));
        await live.evaluate(() => window.scrollBy(0, -80));
        await shot(live, name);
        stream!.end();
        await expect.poll(() => live.locator('#console-status dd[data-field="time"]').textContent()).toMatch(/^\d+ ms$/);
        expect(await horizontalOverflow(live)).toBe(0);
        await live.close();
      }
    });

    it("without /api-config.json, keeps the API URL the user typed in this browser", async () => {
      const bare = await serveSite(distDir);
      stops.push(bare.close);
      const first = await open("console.html", DESKTOP, bare.url);
      await ready(first);
      await expect(first.locator("#console-api-url").inputValue()).resolves.toBe("");
      await first.fill("#console-api-url", mockUrl);
      await first.close();
      const again = await open("console.html", DESKTOP, bare.url);
      await ready(again);
      await expect(again.locator("#console-api-url").inputValue()).resolves.toBe(mockUrl);
      await expect(again.locator('[data-testid="api-url-source"]').textContent()).resolves.toContain("you entered last time");
      await again.close();
    });
  });

  it("no request left 127.0.0.1, and no page logged an error", () => {
    const network = requests.filter((url) => !/^(data|blob):/.test(url));
    expect(network.length).toBeGreaterThan(10);
    expect(network.filter((url) => new URL(url).hostname !== "127.0.0.1")).toEqual([]);
    // Expected failures: the 404 page's own status, and /api-config.json where the site is served without one.
    expect(consoleErrors.filter((e) => !(e.text.includes("404") && /missing-page|no-such-guide|\/api-config\.json$/.test(e.page + e.url))).map((e) => `${e.page}: ${e.text} (${e.url})`).join("\n")).toBe("");
  });
});
