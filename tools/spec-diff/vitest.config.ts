import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each case runs redocly (about a second each) and some build git repositories.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
