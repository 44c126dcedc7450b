// @ts-check
// A loopback server answering every request with one realistic listInstances
// page: 50 instances made from the spec's own example Instance. It runs in its
// own process so that the client being measured does not share its CPU time
// with the server. Started with a `page` JSON on stdin-less argv; prints its
// port as the first line on stdout and stops on SIGTERM or when the parent dies.
import { createServer } from "node:http";

const body = process.argv[2];
if (!body) {
  console.error("instance-server: pass the JSON page as the first argument");
  process.exit(2);
}
let served = 0;
const server = createServer((req, res) => {
  served += 1;
  // Drain any body so keep-alive connections stay usable.
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": `req_${served}` });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("instance-server: no TCP address");
  process.stdout.write(`${address.port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("disconnect", stop);
// Never outlive a bench that forgot us.
setTimeout(() => process.exit(0), 10 * 60_000).unref();
