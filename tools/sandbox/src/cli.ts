#!/usr/bin/env node
// beeos-sandbox: serve the sandbox until Ctrl-C; SIGHUP resets it.
import { parseArgs } from "node:util";
import { startSandbox } from "./index.js";

const USAGE = `Usage: beeos-sandbox [--port N] [--host H] [--speed X] [--seed file.json] [--state file.json] [--quiet]

  --port   port to listen on (default 4010; 0 picks a free one)
  --host   interface to bind (default 127.0.0.1)
  --speed  time scale of state transitions (default 1; 100 = 100 times faster)
  --seed   JSON seed file: the state every token starts with
  --state  keep acknowledged state in this file and load it on start
  --quiet  do not log each request

POST /__sandbox/reset or SIGHUP resets every token to the seed.`;

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        speed: { type: "string" },
        seed: { type: "string" },
        state: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`beeos-sandbox: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, text: string | boolean | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (typeof text !== "string" || text.trim() === "" || !Number.isFinite(n)) {
      console.error(`beeos-sandbox: --${name} must be a number, got \`${String(text)}\``);
      process.exit(2);
    }
    return n;
  };
  const quiet = values.quiet === true;
  const sandbox = await startSandbox({
    port: number("port", values.port) ?? 4010,
    host: typeof values.host === "string" ? values.host : undefined,
    speed: number("speed", values.speed),
    seed: typeof values.seed === "string" ? values.seed : undefined,
    statePath: typeof values.state === "string" ? values.state : undefined,
    log: (line) => {
      if (!quiet || !/^[A-Z]+ \//.test(line)) console.error(line);
    },
  });
  console.log(`BeeOS sandbox: ${sandbox.url}`);
  process.on("SIGHUP", () => {
    void sandbox.reset();
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`beeos-sandbox: ${(error as Error).message}`);
  process.exit(1);
});
