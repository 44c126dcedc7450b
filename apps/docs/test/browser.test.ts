// The built site in a real browser (Debian's Chromium via playwright-core), served on a
// free port, with a mock of the API started by the test. Each page gets a screenshot
// in reports/. Without Chromium these checks are skipped with the reason, except
// under CI=true, where a missing browser is a failure.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examplesDir } from "@beeos/client/examples";
import { startMockServer } from "@beeos/mock-server";
import { listOperations, loadBundledSpec, sourceRootPath } from "@beeos/spec";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../scripts/lib/serve.mjs";
import { operationTitle, referenceRoute } from "../scripts/lib/spec.mjs";
import { findChromium, launchChromium } from "./support/browser.js";
import { addEdgeCases, build, fixture, workDir } from "./support/fixture.js";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const distDir = join(appDir, "dist");
const reportsDir = join(appDir, "reports");
const spec = loadBundledSpec();
const operations = listOperations(spec);

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

describe.skipIf(!chromiumPath)(`the docs site in Chromium${chromiumPath ? "" : ` (skipped: ${skipReason})`}`, () => {
  let context: BrowserContext;
  let docsUrl: string;
  let mockUrl: string;
  const stops: Array<() => Promise<void>> = [];
  /** Every request any page made, and every console error or uncaught exception. */
  const requests: string[] = [];
  const consoleErrors: Array<{ page: string; text: string; url: string }> = [];

  beforeAll(async () => {
    if (!existsSync(join(distDir, "index.html"))) throw new Error("no built site in dist/; run `pnpm build` first");
    mkdirSync(reportsDir, { recursive: true });
    const docs = await serveStatic({ dir: distDir, host: "127.0.0.1", port: 0 });
    stops.push(docs.close);
    docsUrl = docs.url;
    const mock = await startMockServer({ host: "127.0.0.1", port: 0 });
    stops.push(() => mock.close());
    mockUrl = mock.url.replace(/\/+$/, "");
    const chromium = await launchChromium(chromiumPath as string);
    stops.push(chromium.close);
    context = chromium.context;
    context.on("request", (request) => void requests.push(request.url()));
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  async function open(path: string, site = docsUrl): Promise<Page> {
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push({ page: path, text: message.text(), url: message.location().url });
    });
    page.on("pageerror", (error) => void consoleErrors.push({ page: path, text: `uncaught: ${error.message}`, url: "" }));
    await page.goto(`${site}/${path}`, { waitUntil: "load" });
    return page;
  }

  /** Loads the reference at an operation's route: Redoc shows its section (id = the route) with its title and path. */
  async function expectInReference(page: Page, site: string, op: (typeof operations)[number]) {
    // Redoc routes on load (a hash change alone does not re-render), so each operation is a fresh load.
    await page.goto("about:blank");
    await page.goto(`${site}/reference.html${referenceRoute(op)}`);
    const section = page.locator(`[id="${referenceRoute(op).slice(2)}"]`);
    await section.waitFor({ state: "visible", timeout: 15_000 });
    await expect(section.getByText(operationTitle(op), { exact: true }).first().isVisible(), `${op.operationId} shows its summary`).resolves.toBe(true);
    await expect(page.getByText(op.path, { exact: true }).first().isVisible(), `${op.operationId} shows its path`).resolves.toBe(true);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(reportsDir, `${name}.png`), fullPage: false });

  it("the home page links every operation of the spec to the reference", async () => {
    const page = await open("index.html");
    await expect.poll(() => page.locator("h1").first().textContent()).toContain(spec.info.title);
    for (const op of operations) {
      await expect(page.locator(`a[href="reference.html${referenceRoute(op)}"]`).textContent()).resolves.toBe(operationTitle(op));
    }
    await shot(page, "home");
    await page.close();
  });

  it("the reference has every operation of the bundled spec at its route, titled with its summary", async () => {
    const page = await open("reference.html");
    // The overview appears once Redoc has hydrated the page. (It renders tags as they scroll into view and
    // only a few operations of each, so each operation is checked at its own route below.)
    await page.locator("#redoc a[href^='#/']").first().waitFor();
    await shot(page, "reference");
    for (const op of operations) await expectInReference(page, docsUrl, op);
    await page.close();
  }, 60_000 + operations.length * 3_000 /* a fresh load of the reference per operation, on two cores */);

  it("an operation without a tag, or with a tag no group names, is at the route the home page links", async () => {
    const work = workDir();
    stops.push(async () => work.remove());
    const run = build(fixture(work.dir, addEdgeCases));
    expect(run.status, run.stderr).toBe(0);
    const site = await serveStatic({ dir: run.dist, host: "127.0.0.1", port: 0 });
    stops.push(site.close);
    const edited = listOperations(loadBundledSpec(join(run.dist, "openapi.json")));
    const edges = edited.filter((op) => !operations.some((o) => o.operationId === op.operationId));
    expect(edges.map((op) => op.tag)).toContain(undefined);
    const home = await open("index.html", site.url);
    for (const op of edges) await expect(home.locator(`a[href="reference.html${referenceRoute(op)}"]`).textContent()).resolves.toBe(operationTitle(op));
    await home.close();
    const page = await open("reference.html", site.url);
    for (const op of edges) await expectInReference(page, site.url, op);
    await shot(page, "reference-untagged");
    await page.close();
  });

  it("shows listInstances with its TypeScript sample (the client's example) first, and a curl sample", async () => {
    const op = operations.find((o) => o.operationId === "listInstances")!;
    const page = await open(`reference.html${referenceRoute(op)}`);
    const example = readFileSync(join(examplesDir, "listInstances.ts"), "utf8");
    const firstCall = /beeos\.listInstances\([^\n]*/.exec(example)![0];
    const sample = page.locator("pre", { hasText: "beeos.listInstances(" }).first();
    await sample.waitFor({ state: "visible" });
    expect(await sample.innerText()).toContain(firstCall);
    await expect(page.getByRole("button", { name: /TypeScript/ }).first().isVisible()).resolves.toBe(true);
    await shot(page, "reference-listInstances");
    await page.getByRole("button", { name: /TypeScript/ }).first().click();
    await page.getByRole("menuitem", { name: /curl/ }).or(page.getByRole("option", { name: /curl/ })).first().click();
    await expect.poll(() => page.locator("pre", { hasText: "curl -G" }).count()).toBeGreaterThan(0);
    await page.close();
  });

  it("a guide renders with the site's navigation and the list of every guide", async () => {
    const guides = readdirSync(join(appDir, "guides")).filter((f) => f.endsWith(".md"));
    const page = await open("guides/pagination.html");
    await expect(page.locator("main h1").textContent()).resolves.toBe("Pagination");
    await expect(page.locator(".guide-list a").count()).resolves.toBe(guides.length);
    await expect(page.locator('.guide-list a[aria-current="page"]').textContent()).resolves.toBe("Pagination");
    await expect(page.locator('.site-nav a[aria-current="page"]').textContent()).resolves.toBe("Guides");
    await expect(page.locator("main pre", { hasText: 'beeos.paginate("listInstances"' }).first().isVisible()).resolves.toBe(true);
    await shot(page, "guide-pagination");
    await page.locator(".guide-list a", { hasText: "Errors and retries" }).click();
    await page.waitForURL(/errors-and-retries\.html$/);
    await expect(page.locator("main h1").textContent()).resolves.toBe("Errors and retries");
    await page.locator(".site-nav a", { hasText: "API reference" }).click();
    await page.waitForURL(/reference\.html$/);
    await page.close();
  });

  it("has a changelog page exactly when the spec has a changelog", async () => {
    const changelog = join(dirname(sourceRootPath), "CHANGELOG.md");
    const page = await open("index.html");
    const link = page.locator(".site-nav a", { hasText: "Changelog" });
    if (!existsSync(changelog)) {
      await expect(link.count()).resolves.toBe(0);
      await page.close();
      return;
    }
    await link.click();
    await page.waitForURL(/changelog\.html$/);
    const title = /^# (.+)$/m.exec(readFileSync(changelog, "utf8"))?.[1];
    await expect(page.locator("main h1").textContent()).resolves.toBe(title);
    await expect(page.locator('.site-nav a[aria-current="page"]').textContent()).resolves.toBe("Changelog");
    await shot(page, "changelog");
    await page.close();
  });

  describe("the console", () => {
    let page: Page;
    const submit = () => page.getByRole("button", { name: "List instances" }).click();

    beforeAll(async () => {
      page = await open(`console.html?baseUrl=${encodeURIComponent(mockUrl)}`);
      await page.waitForFunction(() => document.body.dataset["consoleReady"] === "true");
    });
    afterAll(() => page.close());

    it("starts at the mock it was pointed at", async () => {
      await expect(page.locator('input[name="baseUrl"]').inputValue()).resolves.toBe(mockUrl);
    });

    it("shows a typed error for a missing token, and sends nothing", async () => {
      const before = requests.filter((url) => url.startsWith(mockUrl)).length;
      await submit();
      await expect.poll(() => page.locator("#console-error h2").textContent()).toBe("BeeosUsageError");
      await expect(page.locator('#console-error dd[data-field="message"]').textContent()).resolves.toContain("no API token");
      expect(requests.filter((url) => url.startsWith(mockUrl)).length).toBe(before);
      await shot(page, "console-missing-token");
    });

    it("lists instances from the mock with the filters and page size in the query", async () => {
      await page.fill('input[name="token"]', "oag_browser_test");
      await page.fill('input[name="status"]', "running");
      await page.fill('input[name="pageSize"]', "5");
      await submit();
      await expect.poll(() => page.locator("#console-results tbody tr").count()).toBeGreaterThan(0);
      await expect(page.locator("#console-error").isHidden()).resolves.toBe(true);
      await expect(page.locator("#console-status").textContent()).resolves.toMatch(/^\d+ instance\(s\) match; showing \d+\. Request id /);
      await expect(page.locator("#console-page").textContent()).resolves.toMatch(/^Page 1 of \d+$/);
      const call = requests.filter((url) => url.startsWith(`${mockUrl}/api/v1/instances?`)).at(-1);
      expect(call).toBeDefined();
      const query = new URL(call!).searchParams;
      expect(Object.fromEntries(query)).toMatchObject({ status: "running", pageSize: "5", page: "0" });
      const firstRow = await page.locator("#console-results tbody tr").first().locator("td").allTextContents();
      expect(firstRow[0]).not.toBe("");
      await shot(page, "console-list");
    });

    it("pages forward and back with page=1, page=0 and the same filters", async () => {
      await page.fill('input[name="pageSize"]', "1");
      await submit();
      await expect.poll(() => page.locator("#console-page").textContent()).toMatch(/^Page 1 of [2-9]\d*$/);
      const lastQuery = () => Object.fromEntries(new URL(requests.filter((url) => url.startsWith(`${mockUrl}/api/v1/instances?`)).at(-1)!).searchParams);
      await page.getByRole("button", { name: "Next page" }).click();
      await expect.poll(() => page.locator("#console-page").textContent()).toMatch(/^Page 2 of /);
      expect(lastQuery()).toMatchObject({ page: "1", pageSize: "1", status: "running" });
      await expect(page.getByRole("button", { name: "Previous page" }).isEnabled()).resolves.toBe(true);
      await page.getByRole("button", { name: "Previous page" }).click();
      await expect.poll(() => page.locator("#console-page").textContent()).toMatch(/^Page 1 of /);
      expect(lastQuery()).toMatchObject({ page: "0", pageSize: "1" });
      await expect(page.getByRole("button", { name: "Previous page" }).isDisabled()).resolves.toBe(true);
    });

    it("shows the typed error for an error status the mock returns", async () => {
      const answers: number[] = [];
      page.on("response", (response) => {
        if (response.url().startsWith(`${mockUrl}/api/v1/instances?`)) answers.push(response.status());
      });
      await page.fill('input[name="pageSize"]', "500");
      await submit();
      await expect.poll(() => page.locator("#console-error h2").textContent()).toBe("BadRequestError");
      expect(answers.length).toBeGreaterThan(0);
      const status = answers.at(-1)!;
      expect([400, 422]).toContain(status);
      await expect(page.locator('#console-error dd[data-field="status"]').textContent()).resolves.toBe(String(status));
      await expect(page.locator("#console-results").isHidden()).resolves.toBe(true);
      await shot(page, "console-error");
      // The browser logs the failed answer itself; that one line is expected.
      const expected = consoleErrors.findIndex((e) => e.url.startsWith(mockUrl) && e.text.includes(`status of ${status}`));
      expect(expected).toBeGreaterThanOrEqual(0);
      consoleErrors.splice(expected, 1);
    });
  });

  it("no request left 127.0.0.1, and no page logged an error", () => {
    const network = requests.filter((url) => !/^(data|blob):/.test(url));
    expect(network.length).toBeGreaterThan(10);
    expect(network.filter((url) => new URL(url).hostname !== "127.0.0.1")).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
