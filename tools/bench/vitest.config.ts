import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Some tests run the real Redocly and esbuild binaries on a busy machine.
    testTimeout: 60_000,
  },
});
