import { defineConfig } from "vitest/config";
import { junitFile, parseShard } from "./src/shards.js";

// `vitest run --shard=i/n` (`pnpm test:contract -- --shard=i/n`) writes reports/junit-i-of-n.xml,
// so shards running at once on one machine, or collected from several, never overwrite each other.
const shard = parseShard(process.argv);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Loading Prism costs seconds; sharing module state between files in a worker pays it once per worker.
    // Every file stops what it started in its own afterAll, so nothing leaks between them.
    pool: "threads",
    isolate: false,
    reporters: ["default", ["junit", { outputFile: junitFile(shard, "reports") }], "./src/coverage-reporter.ts"],
  },
});
