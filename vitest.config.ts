import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
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
