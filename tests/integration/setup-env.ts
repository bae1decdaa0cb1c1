// Runs in each integration worker before the suites: point lib/db at the test server's database.
import { afterAll, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

// After each file (this hook runs after the file's own): hosts it left registered fail it and are
// released, so one suite's leak never fails every later suite's host add.
afterAll(async () => {
  const { releaseLeftoverHosts } = await import("../support/lab");
  const left = await releaseLeftoverHosts(inject("baseUrl"), inject("admin"));
  if (left.length) throw new Error(`this suite left lab hosts registered (now released): ${left.join(", ")}`);
}, 300_000);
