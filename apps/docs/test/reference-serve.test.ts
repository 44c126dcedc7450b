// The docs server of `pnpm start` (serveStatic) on a hand-made site: compression (a
// precompressed sibling, else on the fly), cache headers, the reference's routes (after
// real files), /api-config.json and the site's 404 page.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../scripts/lib/serve.mjs";

/** A raw GET (fetch would decode the body and hide Content-Encoding's effect). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the docs server", () => {
  let dir: string;
  let url: string;
  let close: () => Promise<void>;
  const page = `<!DOCTYPE html><title>home</title>${"<p>text</p>".repeat(400)}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "beeos-serve-"));
    mkdirSync(join(dir, "assets"));
    mkdirSync(join(dir, "guides"));
    writeFileSync(join(dir, "index.html"), page);
    writeFileSync(join(dir, "guides", "index.html"), "<title>guides</title>");
    writeFileSync(join(dir, "404.html"), "<title>not found</title><nav>home</nav>");
    writeFileSync(join(dir, "assets", "app.Ab12Cd34.js"), `console.log(${JSON.stringify("x".repeat(4000))});`);
    writeFileSync(join(dir, "assets", "plain.js"), `console.log(${JSON.stringify("y".repeat(4000))});`);
    const reference = `<div id="redoc">${"r".repeat(5000)}</div>`;
    writeFileSync(join(dir, "reference.html"), reference);
    // The precompressed sibling wins over compressing on the fly (its bytes are what arrive).
    writeFileSync(join(dir, "reference.html.br"), brotliCompressSync(Buffer.from(`${reference}<!-- precompressed -->`)));
    writeFileSync(join(dir, "reference-routes.json"), JSON.stringify({ page: "/reference.html", routes: { "/instances": "#/instances", "/operation/listInstances": "#/instances/listinstances", "/guides": "#/guides" } }));
    const server = await serveStatic({ dir, host: "127.0.0.1", port: 0, apiUrl: "http://127.0.0.1:4999" });
    url = server.url;
    close = server.close;
  });

  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("compresses what has no precompressed file (brotli, else gzip), and sends the precompressed one when there is", async () => {
    const br = await get(`${url}/`, { "Accept-Encoding": "gzip, br" });
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(page);
    const gz = await get(`${url}/index.html`, { "Accept-Encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(page);
    const none = await get(`${url}/index.html`);
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.toString()).toBe(page);
    const pre = await get(`${url}/reference.html`, { "Accept-Encoding": "br" });
    expect(brotliDecompressSync(pre.body).toString()).toContain("<!-- precompressed -->");
    // An unchanged file is revalidated, not sent again.
    const again = await get(`${url}/index.html`, { "Accept-Encoding": "br", "If-None-Match": String(br.headers["etag"]) });
    expect(again.status).toBe(304);
  });

  it("lets browsers keep content-hashed assets for a year, and revalidate everything else", async () => {
    expect((await get(`${url}/assets/app.Ab12Cd34.js`, { "Accept-Encoding": "br" })).headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await get(`${url}/assets/plain.js`, { "Accept-Encoding": "br" })).headers["cache-control"]).toBe("no-cache");
    expect((await get(`${url}/assets/plain.js`)).headers["cache-control"]).toBe("no-cache");
    expect((await get(`${url}/index.html`)).headers["cache-control"]).toBe("no-cache");
  });

  it("answers the reference's routes with its page, after real files; anything else with the site's 404 page", async () => {
    for (const path of ["/instances", "/instances/", "/operation/listInstances", "/OPERATION/LISTINSTANCES"]) {
      const res = await get(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.body.toString(), path).toContain('<div id="redoc">');
    }
    // A folder of the site keeps its page even when a tag has its name.
    expect((await get(`${url}/guides/`)).body.toString()).toContain("<title>guides</title>");
    const missing = await get(`${url}/operation/noSuchOperation`);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain("<nav>home</nav>");
    expect((await get(`${url}/%E0%A4%A`)).status).toBe(400);
  });

  it("tells the console where the API is", async () => {
    const res = await get(`${url}/api-config.json`);
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(res.body.toString())).toEqual({ apiUrl: "http://127.0.0.1:4999" });
  });
});
