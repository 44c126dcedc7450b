// @ts-check
// The API port of `pnpm start`: one address for every call. Prism's validating proxy
// passes an answer on only once it is complete, so an event stream would arrive all at
// once at its end (and a conversation's, which stays open, never). Event streams
// therefore go straight to the sandbox, which checks each event against the spec
// itself; every other request goes through Prism. Which requests are streams is the
// spec's word: the operations whose only success is `text/event-stream`, and any
// request that asks for `text/event-stream`.
import { createServer, request as httpRequest } from "node:http";
import { jsonMedia, listOperations, loadBundledSpec, successResponses } from "@beeos/spec";

/** Path patterns of the spec's event-stream operations. @param {string} specPath */
export function streamRoutes(specPath) {
  return listOperations(loadBundledSpec(specPath))
    .filter((op) => op.method === "get" && op.stream !== undefined && !successResponses(op).some((r) => jsonMedia(r.content)))
    .map((op) => new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/?#]+")}(?:\\?|$)`));
}

/**
 * @param {{ host: string, port: number, prismUrl: string, sandboxUrl: string, streams: RegExp[] }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function startApiFront({ host, port, prismUrl, sandboxUrl, streams }) {
  /** @param {import("node:http").IncomingMessage} req */
  const isStream = (req) => req.method === "GET" && (String(req.headers.accept ?? "").includes("text/event-stream") || streams.some((re) => re.test(req.url ?? "")));
  const server = createServer((req, res) => {
    const direct = isStream(req);
    const target = new URL(req.url ?? "/", direct ? sandboxUrl : prismUrl);
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      const headers = { ...answer.headers };
      // Prism answers CORS for the console on the docs port; the sandbox does not, so its streams say it here.
      if (direct) Object.assign(headers, { "access-control-allow-origin": "*", "access-control-expose-headers": "*" });
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on("error", (err) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, error: { type: "api_error", code: "upstream_unreachable", message: `the API behind this port did not answer: ${err.message}` } }));
    });
    // The client went away (a stream it stopped reading): stop the upstream request too.
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolveStart, rejectStart) => {
    server.once("error", rejectStart);
    server.listen(port, host, () => {
      const address = /** @type {import("node:net").AddressInfo} */ (server.address());
      resolveStart({
        url: `http://${host}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
