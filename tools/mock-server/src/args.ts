import { parseArgs } from "node:util";
import { DEFAULT_MOCK_PORT, type MockServerOptions } from "./index.js";

export const USAGE = `Usage: beeos-mock [--port N] [--host H] [--spec FILE] [--dynamic] [--seed S] [--upstream URL] [--errors] [--verbose]

Serves a Prism mock of the BeeOS Platform API spec until Ctrl-C.
  --port      port to listen on (default: MOCK_PORT, else ${DEFAULT_MOCK_PORT}; 0 picks a free one)
  --host      interface to bind (default 127.0.0.1)
  --spec      OpenAPI document (default: the bundled spec of @beeos/spec)
  --dynamic   generate data from the schemas instead of serving the examples
  --seed      seed for --dynamic, so answers repeat
  --upstream  proxy to this server and validate its answers against the spec
  --errors    answer 500 when a response violates the spec
  --verbose   print Prism's log lines`;

/** Parses argv into options; throws an error naming the bad flag. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): MockServerOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      spec: { type: "string" },
      dynamic: { type: "boolean", default: false },
      seed: { type: "string" },
      upstream: { type: "string" },
      errors: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const rawPort = values.port ?? env["MOCK_PORT"] ?? String(DEFAULT_MOCK_PORT);
  const from = values.port !== undefined ? "--port" : env["MOCK_PORT"] !== undefined ? "MOCK_PORT" : "the default port";
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new Error(`${from} must be a whole number from 0 to 65535, got ${JSON.stringify(rawPort)}`);
  }
  return {
    help: values.help,
    port: Number(rawPort),
    host: values.host,
    specPath: values.spec,
    mode: values.dynamic ? "dynamic" : "static",
    seed: values.seed,
    upstream: values.upstream,
    errors: values.errors,
    log: values.verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined,
  };
}
