import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds, a browser and servers run for real; the browser and start tests share two cores with the rest.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One file at a time: each build and browser run is heavy, and timing-sensitive checks stay stable.
    fileParallelism: false,
  },
});
