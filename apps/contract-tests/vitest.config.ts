import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Loading Prism costs seconds; sharing module state between files in a worker pays it once per worker.
    // Every file stops what it started in its own afterAll, so nothing leaks between them.
    pool: "threads",
    isolate: false,
    reporters: ["default", ["junit", { outputFile: "reports/junit.xml" }], "./src/coverage-reporter.ts"],
  },
});
