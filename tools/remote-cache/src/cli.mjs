// @ts-check
// `pnpm cache:serve [-- --port N]`: the remote cache on 127.0.0.1 (port from --port,
// else CACHE_PORT, else DEFAULT_PORT), artifacts under this package's .cache/,
// until Ctrl-C. Prints what a shell or a CI job exports to use it.
import { parseArgs } from "node:util";
import { DEFAULT_PORT, startRemoteCache } from "./server.mjs";

const args = process.argv.slice(2).filter((a) => a !== "--"); // pnpm and turbo pass their `--` through
const { values } = parseArgs({ args, options: { port: { type: "string" }, storage: { type: "string" } } });
const port = Number(values.port ?? process.env["CACHE_PORT"] ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--port / CACHE_PORT: not a port: ${values.port ?? process.env["CACHE_PORT"]}`);

const cache = await startRemoteCache({ port, ...(values.storage && { storagePath: values.storage }) });
const exports = Object.entries(cache.env).map(([name, value]) => `export ${name}=${value}`);
process.stdout.write(
  [
    `turbo remote cache on ${cache.url}, artifacts in ${cache.storagePath}`,
    `Export these where turbo runs (every clone and CI job sharing the cache uses the same four):`,
    ``,
    ...exports,
    ``,
    `Ctrl-C stops the server; the artifacts stay.`,
    ``,
  ].join("\n"),
);
let stopping = false;
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, () => {
    stopping = true;
    void cache.stop().then(() => process.exit(0));
  });
}
cache.child.once("exit", (code) => {
  if (stopping) return;
  process.stderr.write(`turborepo-remote-cache exited with ${code}\n`);
  process.exit(code ?? 1);
});
