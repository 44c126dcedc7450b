// The built site on a free port of 127.0.0.1, as the browser checks need it: static
// files, /api-config.json naming the API the console should call (what `pnpm start`
// serves), and the site's 404 page with status 404 for any other address.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import sirv from "sirv";

export interface SiteServer {
  url: string;
  close: () => Promise<void>;
}

export function serveSite(dir: string, options: { apiUrl?: string } = {}): Promise<SiteServer> {
  const files = sirv(dir, { dev: true, etag: true, dotfiles: false });
  const notFound = join(dir, "404.html");
  const server = createServer((req, res) => {
    if (req.url?.split("?")[0] === "/api-config.json" && options.apiUrl !== undefined) {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify({ apiUrl: options.apiUrl }));
      return;
    }
    files(req, res, () => {
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(existsSync(notFound) ? readFileSync(notFound) : "Not found");
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
