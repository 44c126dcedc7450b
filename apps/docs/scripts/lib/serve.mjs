// @ts-check
// Serves the built site (sirv over node:http) and checks that a port is free before a
// server is started on it, so that a busy port is reported by name.
//
// What the server adds to the files in the folder:
// - compression: a file's `.br` / `.gz` sibling written at build time when there is one,
//   else compressed on the first request and kept in memory;
// - caching: files named with a content hash (`assets/name.<hash>.js`) are immutable for a
//   year, everything else is revalidated (ETag) on every visit;
// - the reference's section and operation routes (`/instances`, `/operation/listInstances`,
//   ...; the table the reference build writes) answer with the reference page;
// - `GET /api-config.json`: where the API of this `pnpm start` listens, for the console.
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import sirv from "sirv";

/** The table `buildReference` writes into the site (see reference.mjs). */
const ROUTES_FILE = "reference-routes.json";

export class PortInUseError extends Error {
  /** @param {string} what @param {string} host @param {number} port @param {string} hint */
  constructor(what, host, port, hint) {
    super(`${what}: port ${port} on ${host} is already in use; ${hint}`);
    this.port = port;
  }
}

/**
 * Resolves when nothing listens on host:port, throws PortInUseError otherwise.
 * @param {string} what @param {string} host @param {number} port @param {string} hint
 */
export function ensurePortFree(what, host, port, hint) {
  if (port === 0) return Promise.resolve();
  return new Promise((resolvePromise, reject) => {
    const probe = createNetServer();
    probe.once("error", (/** @type {NodeJS.ErrnoException} */ err) =>
      reject(err.code === "EADDRINUSE" ? new PortInUseError(what, host, port, hint) : err),
    );
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolvePromise(undefined)));
  });
}

/** Text types worth compressing, by extension. */
const COMPRESSIBLE = /** @type {Record<string, string>} */ ({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".yaml": "application/yaml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
});
/** Below this, compression saves less than it costs. */
const MIN_COMPRESS_BYTES = 1024;
/** A content hash in a file name, as build tools write them: `name.<hash>.ext` or `name-<hash>.ext`. */
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(?:js|mjs|css|woff2?|svg|png|jpe?g|webp|json)$/;
const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/**
 * @param {string} pathname
 */
const cacheControl = (pathname) => (pathname.startsWith("/assets/") && HASHED.test(pathname) ? IMMUTABLE : REVALIDATE);

/**
 * The reference's routes: path -> the page that answers it. Re-read when the file changes,
 * so a rebuilt site (pnpm dev) is followed.
 * @param {string} dir
 */
function routeTable(dir) {
  const file = join(dir, ROUTES_FILE);
  /** @type {{ mtime: number, page: string, routes: Set<string> } | undefined} */
  let cached;
  return (/** @type {string} */ pathname) => {
    let mtime;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    if (cached?.mtime !== mtime) {
      try {
        const parsed = JSON.parse(readFileSync(file, "utf8"));
        cached = { mtime, page: String(parsed.page), routes: new Set(Object.keys(parsed.routes ?? {}).map((path) => path.toLowerCase())) };
      } catch {
        return undefined;
      }
    }
    const path = pathname.replace(/\/+$/, "");
    // Paths match whatever their case, as Redoc's routes (lower-cased operationIds) and links written by hand differ.
    return cached.routes.has(path.toLowerCase()) ? cached.page : undefined;
  };
}

/**
 * Compresses files that have no precompressed sibling, once per version of the file.
 * @param {string} dir
 */
function compressor(dir) {
  /** @type {Map<string, { key: string, br: Buffer, gz: Buffer, type: string, etag: string }>} */
  const cache = new Map();
  /**
   * Answers the request when it can send a compressed body; false leaves it to sirv.
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   * @param {string} pathname
   */
  return (req, res, pathname) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const accepts = String(req.headers["accept-encoding"] ?? "");
    const encoding = /\bbr\b/.test(accepts) ? "br" : /\bgzip\b/.test(accepts) ? "gzip" : undefined;
    if (!encoding) return false;
    const rel = pathname.endsWith("/") ? `${pathname}index.html` : pathname;
    const type = COMPRESSIBLE[extname(rel).toLowerCase()];
    if (!type) return false;
    const file = normalize(join(dir, rel));
    // Only files inside the folder, and no dotfiles (as sirv).
    if (!file.startsWith(dir + sep) || file.slice(dir.length).split(sep).some((part) => part.startsWith("."))) return false;
    /** @type {import("node:fs").Stats} */
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return false;
    }
    if (!stat.isFile() || stat.size < MIN_COMPRESS_BYTES) return false;
    // A precompressed sibling is sirv's to send.
    for (const ext of [".br", ".gz"]) {
      try {
        if (statSync(file + ext).isFile()) return false;
      } catch {
        // none
      }
    }
    const key = `${stat.mtimeMs}:${stat.size}`;
    let entry = cache.get(file);
    if (entry?.key !== key) {
      const data = readFileSync(file);
      entry = {
        key,
        type,
        etag: `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
        br: brotliCompressSync(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
        gz: gzipSync(data, { level: 6 }),
      };
      cache.set(file, entry);
    }
    res.setHeader("Content-Type", entry.type);
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("ETag", entry.etag);
    res.setHeader("Cache-Control", cacheControl(pathname));
    if (req.headers["if-none-match"] === entry.etag) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    const body = encoding === "br" ? entry.br : entry.gz;
    res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", body.length);
    res.statusCode = 200;
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}

/**
 * The site's own 404 page (with its navigation) when it has one, else a line of text.
 * @param {string} root
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
function notFound(root, req, res) {
  res.statusCode = 404;
  res.setHeader("Cache-Control", REVALIDATE);
  try {
    const page = readFileSync(join(root, "404.html"));
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(req.method === "HEAD" ? undefined : page);
  } catch {
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end(`Not found: ${req.url ?? ""}\n`);
  }
}

/**
 * Serves a folder of static files. `dev` re-reads the folder on every request, so a
 * rebuilt site is served without a restart. `apiUrl`, when given, is served as
 * `GET /api-config.json` -> `{ "apiUrl": ... }`.
 * @param {{ dir: string, host: string, port: number, dev?: boolean, what?: string, hint?: string, apiUrl?: string }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function serveStatic({ dir, host, port, dev = false, what = "docs", hint = "pick another port", apiUrl }) {
  const root = normalize(dir).replace(/[\\/]+$/, "");
  const handler = sirv(root, {
    dev,
    etag: true,
    dotfiles: false,
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => void res.setHeader("Cache-Control", cacheControl(pathname)),
  });
  const reference = routeTable(root);
  const compressed = compressor(root);
  const server = createServer((req, res) => {
    /** @type {string} */
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.statusCode = 400;
      res.end("Bad request: the path is not valid percent-encoding\n");
      return;
    }
    if (apiUrl !== undefined && pathname === "/api-config.json") {
      res.setHeader("Content-Type", "application/json; charset=utf-8");
      res.setHeader("Cache-Control", "no-store");
      res.end(`${JSON.stringify({ apiUrl })}\n`);
      return;
    }
    if (compressed(req, res, pathname)) return;
    handler(req, res, () => {
      // No file has this name: a route of the reference gets its page, whose own script
      // turns the path into the route.
      const page = reference(pathname);
      if (!page) return notFound(root, req, res);
      req.url = page;
      if (!compressed(req, res, page)) handler(req, res, () => notFound(root, req, res));
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", (/** @type {NodeJS.ErrnoException} */ err) =>
      reject(err.code === "EADDRINUSE" ? new PortInUseError(what, host, port, hint) : err),
    );
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      resolvePromise({
        url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
        port: bound,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done(undefined));
          }),
      });
    });
  });
}
