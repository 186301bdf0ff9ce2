import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      // Tests run the sources: generated code's runtime import resolves to them (the published name, and
      // the older `iprotoc/runtime` re-export).
      "@iprotoc/runtime": fileURLToPath(new URL("./runtime/index.ts", import.meta.url)),
      "iprotoc/runtime": fileURLToPath(new URL("./runtime/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Generous: tests check behaviour, not speed, and CI may run them with both cores busy.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
