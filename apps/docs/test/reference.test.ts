// The API reference in Chromium, served the way `pnpm start` serves it (serveStatic:
// precompressed files, cache headers, Redoc's routes): the load budget, every section
// and operation route opened directly, per-operation titles, axe-core, phones, and
// screenshots in reports/. The reference is built alone (buildReference) into a temp
// folder, so these checks follow its sources whatever the rest of the site does.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examplesDir, listExamples } from "@beeos/client/examples";
import { bundledSpecPath, bundledSpecYamlPath, listOperations, loadBundledSpec } from "@beeos/spec";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReference, DEFAULT_NAV, ROUTES_FILE, SANDBOX_SAMPLE_LABEL, SANDBOX_SERVER } from "../scripts/lib/reference.mjs";
import { serveStatic } from "../scripts/lib/serve.mjs";
import { operationTitle, referenceRoute } from "../scripts/lib/spec.mjs";
import { findChromium } from "./support/browser.js";

const appDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const reportsDir = join(appDir, "reports");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const spec = loadBundledSpec();
const operations = listOperations(spec);
const byId = (id: string) => operations.find((op) => op.operationId === id)!;

/** The budget of issue 14, for the 65-operation spec on localhost. */
const FIRST_OPERATION_MS = 1500;
const PAGE_BYTES = 1024 * 1024;

const chromiumPath = findChromium();
const ci = process.env["CI"] === "true";
const skipReason = "no Chromium found (looked at CHROMIUM_PATH, /usr/bin/chromium and PATH); install it with `apt-get install chromium`";
if (!chromiumPath) {
  if (ci) it("has a browser for the reference checks (CI=true)", () => expect.fail(`${skipReason}; under CI=true the browser checks must run`));
  else console.warn(`docs reference tests skipped: ${skipReason}`);
}

/** Redoc's id of an operation's section: its route without "#/". */
const sectionOf = (op: (typeof operations)[number]) => referenceRoute(op).slice(2);

describe.skipIf(!chromiumPath)("the API reference in Chromium", () => {
  let site: string;
  let outDir: string;
  let browser: Browser;
  const stops: Array<() => Promise<void>> = [];
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "beeos-reference-"));
    stops.push(async () => rmSync(outDir, { recursive: true, force: true }));
    const notes: string[] = [];
    const problems: string[] = [];
    // Example files that are no operation's sample belong to guides; here they are no orphans.
    const names = new Set(operations.map((op) => `${op.operationId}.ts`));
    const includedExamples = new Set(listExamples(examplesDir).filter((file) => !names.has(file)));
    await buildReference({ spec, specJsonPath: bundledSpecPath, specYamlPath: bundledSpecYamlPath, examplesDir, outDir, notes, problems, includedExamples });
    expect(problems).toEqual([]);
    const server = await serveStatic({ dir: outDir, host: "127.0.0.1", port: 0 });
    stops.push(server.close);
    site = server.url;
    browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
    stops.push(() => browser.close());
    mkdirSync(reportsDir, { recursive: true });
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  async function fresh(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    context.on("request", (request) => void requests.push(request.url()));
    const page = await context.newPage();
    page.on("pageerror", (error) => void errors.push(`uncaught: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    return { context, page };
  }

  /** Loads a URL and waits until the operation's section shows its title. */
  async function expectOperation(page: Page, url: string, op: (typeof operations)[number]) {
    const response = await page.goto(url);
    expect(response?.status(), `${url} answers 200`).toBe(200);
    const section = page.locator(`[id="${sectionOf(op)}"]`);
    await section.getByText(operationTitle(op), { exact: true }).first().waitFor({ state: "visible", timeout: 15_000 });
    await expect(section.getByText(op.path, { exact: true }).first().isVisible(), `${url} shows ${op.path}`).resolves.toBe(true);
  }

  /** One cold visit (a fresh browser context: empty cache) of listInstances' route: when it showed, and the bytes it took. */
  async function coldVisit() {
    const { context, page } = await fresh();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const sizes = new Map<string, number>();
    const responses = new Map<string, { url: string; headers: Record<string, string> }>();
    cdp.on("Network.responseReceived", (e) => void responses.set(e.requestId, { url: e.response.url, headers: e.response.headers }));
    cdp.on("Network.loadingFinished", (e) => void sizes.set(e.requestId, e.encodedDataLength));
    // Time from navigation start to the first frame where listInstances' title is on screen.
    await page.addInitScript(() => {
      const tick = () => {
        const title = document.getElementById("instances/listinstances")?.querySelector("h2");
        const box = title?.getBoundingClientRect();
        if (box && box.height > 0 && box.top < innerHeight && box.bottom > 0) (window as unknown as { __firstOperation: number }).__firstOperation = performance.now();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.goto(`${site}/reference.html${referenceRoute(byId("listInstances"))}`);
    await page.waitForFunction(() => (window as unknown as { __firstOperation?: number }).__firstOperation !== undefined, undefined, { timeout: 15_000 });
    const shown = await page.evaluate(() => (window as unknown as { __firstOperation: number }).__firstOperation);
    await page.waitForLoadState("load");
    await page.waitForTimeout(500);
    const bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
    return { context, page, shown, bytes, sizes, responses };
  }

  it(`shows the first operation within ${FIRST_OPERATION_MS} ms and transfers at most 1 MB, with Redoc's code as a cached, compressed file of its own`, async () => {
    // The median of three cold visits: one visit on two shared cores says more about the neighbours than the page.
    const visits = [];
    for (let i = 0; i < 3; i++) {
      const visit = await coldVisit();
      visits.push(visit);
      if (i < 2) await visit.context.close();
    }
    const shown = visits.map((v) => v.shown).sort((a, b) => a - b)[1]!;
    const bytes = Math.max(...visits.map((v) => v.bytes));
    console.log(`reference: listInstances visible after ${visits.map((v) => Math.round(v.shown)).join(", ")} ms (median ${Math.round(shown)}); ${(bytes / 1024).toFixed(0)} KiB transferred`);
    expect(shown).toBeLessThanOrEqual(FIRST_OPERATION_MS);
    expect(bytes).toBeLessThanOrEqual(PAGE_BYTES);

    const { context, page, sizes, responses } = visits[2]!;
    const all = [...responses.values()];
    const html = all.find((r) => r.url.endsWith("/reference.html"))!;
    const bundle = all.find((r) => /\/assets\/redoc\.standalone\.[0-9a-f]{12}\.js$/.test(r.url));
    expect(bundle, "Redoc's code is a file of its own").toBeDefined();
    expect(bundle!.headers["cache-control"] ?? bundle!.headers["Cache-Control"]).toBe("public, max-age=31536000, immutable");
    expect(bundle!.headers["content-encoding"] ?? bundle!.headers["Content-Encoding"]).toBe("br");
    expect(html.headers["content-encoding"] ?? html.headers["Content-Encoding"]).toBe("br");
    expect(readFileSync(join(outDir, "reference.html"), "utf8").length, "the page no longer inlines Redoc").toBeLessThan(1024 * 1024);

    // A second visit takes Redoc's code from the browser's cache.
    sizes.clear();
    responses.clear();
    await page.goto(`${site}/reference.html#/instances/getinstance`);
    await page.locator(`[id="instances/getinstance"] h2`).first().waitFor({ state: "visible", timeout: 15_000 });
    const again = [...responses.entries()].filter(([, r]) => r.url.includes("redoc.standalone"));
    const fetched = again.reduce((sum, [id]) => sum + (sizes.get(id) ?? 0), 0);
    expect(fetched, "Redoc's code is not downloaded again").toBeLessThan(1024);
    await context.close();
  }, 90_000);

  it("answers every section and operation route opened directly (Redoc's paths, its hash routes and the older forms) with 200, and shows it", async () => {
    const table = JSON.parse(readFileSync(join(outDir, ROUTES_FILE), "utf8")) as { page: string; routes: Record<string, string> };
    // Every form of every route answers 200 with the reference page.
    for (const path of Object.keys(table.routes)) {
      const res = await fetch(`${site}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain('id="redoc"');
    }
    expect((await fetch(`${site}/no-such-section`)).status).toBe(404);

    // The links Redoc's sidebar prerenders (before its code has run) are what a new tab
    // opens; a page without Redoc's code shows them (its failed load is on purpose).
    const bare = await browser.newContext();
    await bare.route(/redoc\.standalone/, (route) => route.abort());
    const barePage = await bare.newPage();
    await barePage.goto(`${site}/reference.html`);
    const prerendered = await barePage.locator("#redoc a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    await bare.close();
    const { context, page } = await fresh();
    const internal = prerendered.filter((href) => href.startsWith("/") || href.startsWith("#/"));
    expect(internal.length).toBeGreaterThan(5);
    for (const href of internal) {
      const path = href.startsWith("#") ? `/reference.html${href}` : href;
      const res = await fetch(`${site}${path.split("#")[0]}`);
      expect(res.status, `${href} opened directly`).toBe(200);
    }

    // Each operation at Redoc's path form, as its sidebar spells a route (a fresh load each).
    for (const op of operations) await expectOperation(page, `${site}${referenceRoute(op).slice(1)}`, op);
    // Each section (tag) by path, and one operation by each older form.
    const tags = [...new Set(operations.map((op) => referenceRoute(op).split("/")[1]!))];
    for (const tag of tags) {
      const res = await page.goto(`${site}/${tag}`);
      expect(res?.status()).toBe(200);
      await page.locator(`[id="${tag}"]`).first().waitFor({ state: "attached", timeout: 15_000 });
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/${tag}`);
    }
    const op = byId("deployInstance");
    for (const form of [`/operation/${op.operationId}`, `/tag/instances/operation/${op.operationId}`, `/reference.html#operation/${op.operationId}`, `/reference.html#tag/instances/operation/${op.operationId}`]) {
      await page.goto("about:blank");
      await expectOperation(page, `${site}${form}`, op);
    }
    await context.close();
  }, 60_000 + operations.length * 4_000);

  it("titles the page after the operation in view, and follows the reader to another one", async () => {
    const { context, page } = await fresh();
    const list = byId("listInstances");
    await expectOperation(page, `${site}/operation/listInstances`, list);
    const base = `API reference · ${spec.info.title}`;
    expect(await page.title()).toBe(`${operationTitle(list)} · ${base}`);
    expect(new URL(page.url()).pathname).toBe("/reference.html");
    const deploy = byId("deployInstance");
    await page.locator(`#redoc a[href="${referenceRoute(deploy)}"]`).first().click();
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(`${operationTitle(deploy)} · ${base}`);
    // Back to the rest of the site.
    const nav = await page.locator("header.ref-nav a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(nav).toEqual(["/", ...DEFAULT_NAV.map((item) => item.link)]);
    await context.close();
  });

  it("offers the local sandbox: in the server menu and as a curl sample to paste", async () => {
    const { context, page } = await fresh();
    const op = byId("deployInstance");
    await expectOperation(page, `${site}/reference.html${referenceRoute(op)}`, op);
    const section = page.locator(`[id="${sectionOf(op)}"]`);
    await section.getByRole("button", { name: /TypeScript/ }).first().click();
    await page.getByRole("menuitem", { name: SANDBOX_SAMPLE_LABEL }).click();
    const sample = section.locator(".panel-request-samples pre").first();
    await expect.poll(() => sample.innerText()).toContain(`curl -X POST '${SANDBOX_SERVER.url}${op.path}'`);
    await section.getByText(op.path, { exact: true }).first().click();
    await expect(page.getByRole("menuitem", { name: new RegExp(SANDBOX_SERVER.description.replace(/[()]/g, "\\$&")) }).first().isVisible()).resolves.toBe(true);
    await context.close();
  });

  it("has no serious or critical axe-core violation, and no horizontal scroll on a 390x844 phone; screenshots in reports/", async () => {
    const failures: string[] = [];
    for (const [name, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      const { context, page } = await fresh(viewport);
      for (const id of ["listInstances", "deployInstance", "destroyInstance", "streamTaskEvents"]) {
        const op = byId(id);
        await page.goto("about:blank");
        await expectOperation(page, `${site}/reference.html${referenceRoute(op)}`, op);
        await page.waitForTimeout(300);
        if (id === "listInstances") await page.screenshot({ path: join(reportsDir, `reference-listInstances-${name}.png`) });
        const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
        expect(width.scroll, `${name} ${id}: no horizontal scroll`).toBeLessThanOrEqual(width.view);
        await page.addScriptTag({ path: axePath });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> }> } }).axe;
          const result = await axe.run(document, { resultTypes: ["violations"] });
          return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join(" | ")}`);
        });
        failures.push(...violations.map((v) => `${name} ${id}: ${v}`));
      }
      await context.close();
    }
    expect(failures, failures.join("\n")).toEqual([]);
  }, 120_000);

  it("made no request beyond 127.0.0.1 and logged no error", () => {
    expect(requests.filter((url) => !/^(?:blob:)?(http:\/\/127\.0\.0\.1:\d+\/|about:|data:)/.test(url))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
