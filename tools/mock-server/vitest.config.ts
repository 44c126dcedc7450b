import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Spawning the Prism CLI for the start-time comparison takes several seconds here.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
