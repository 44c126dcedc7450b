import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The pipeline tests run the real build (redocly, openapi-typescript, tsc, turbo).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
