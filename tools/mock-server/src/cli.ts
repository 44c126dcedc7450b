#!/usr/bin/env node
import { startMockServer } from "./index.js";
import { parseCli, USAGE } from "./args.js";

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`beeos-mock: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = await startMockServer(options);
  const what = options.upstream ? `validating proxy to ${String(options.upstream)}` : `${options.mode} mock`;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        process.stdout.write(`beeos-mock: stopped (${signal})\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`beeos-mock: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a library's signal-exit hook re-raises the signal when it finds no other listener left.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Only now: whoever waits for this line may signal at once, and must find the handlers in place.
  process.stdout.write(`BeeOS mock (${what}) listening on ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`beeos-mock: ${(error as Error).message}\n`);
  process.exit(1);
});
