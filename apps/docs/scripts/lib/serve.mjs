// @ts-check
// Serves the built site (sirv over node:http) and checks that a port is free before a
// server is started on it, so that a busy port is reported by name.
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import sirv from "sirv";

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

/**
 * Serves a folder of static files. `dev` re-reads the folder on every request, so a
 * rebuilt site is served without a restart.
 * @param {{ dir: string, host: string, port: number, dev?: boolean, what?: string, hint?: string }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function serveStatic({ dir, host, port, dev = false, what = "docs", hint = "pick another port" }) {
  const handler = sirv(dir, { dev, etag: true, dotfiles: false });
  const server = createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end(`Not found: ${req.url ?? ""}\n`);
    }),
  );
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
