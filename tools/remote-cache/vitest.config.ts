import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two clones of the repository, installed and built (cold, then from the remote cache).
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
