// Runs in each integration worker before the suites: point lib/db at the test server's database.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
