import { defineConfig } from "vitest/config";
import { junitFile, parseShard } from "./src/shards.js";

// `vitest run --shard=i/n` (`pnpm test:contract -- --shard=i/n`) writes reports/junit-i-of-n.xml,
// so shards running at once on one machine, or collected from several, never overwrite each other.
const shard = parseShard(process.argv);

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Loading Prism costs seconds; sharing module state between files in a worker pays it once per worker.
    // Every file stops what it started in its own afterAll, so nothing leaks between them.
    pool: "threads",
    isolate: false,
    reporters: ["default", ["junit", { outputFile: junitFile(shard, "reports") }], "./src/coverage-reporter.ts"],
    // Two targets, one run: `prism` serves the spec's examples (stateless, every status
    // forceable); `sandbox` is the stateful @beeos/sandbox behind Prism's validating proxy,
    // started once for the project by its global setup. `vitest run --project prism` runs one.
    projects: [
      { extends: true, test: { name: "prism", include: ["test/*.test.ts"] } },
      { extends: true, test: { name: "sandbox", include: ["test/sandbox/*.test.ts"], globalSetup: ["./src/sandbox-setup.ts"] } },
    ],
  },
});
