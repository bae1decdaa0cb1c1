import { defineConfig } from "vitest/config";

// Tiers: unit (pure logic, fakes passed as parameters) and integration on SQLite and on PostgreSQL (real database, and the
// real engine lab where a suite needs it). e2e runs in Playwright, not here.
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    environment: "node",
    exclude: ["e2e/**", "node_modules/**"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // several portal processes need one shared server database: PostgreSQL only
          exclude: ["tests/integration/ha-*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup-env.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The same suites on PostgreSQL (a private server from scripts/pg.mjs), plus the HA suites.
        extends: true,
        test: {
          name: "integration-pg",
          include: ["tests/integration/**/*.test.ts"],
          // the bench starts a portal of its own on its own SQLite file (bench/run.ts): once is enough
          exclude: ["tests/integration/bench-smoke.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup-env.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
