// The tier's provider: its migrations replayed on an empty database give exactly its schema. On
// integration-pg this is PostgreSQL (the shadow database lives on the tier's private server).
import { describe, expect, inject, it } from "vitest";
import { diffMigrationsToSchema } from "../support/migrations";

describe("migrations match the schema on the tier's database", () => {
  it("prisma migrate diff from the migrations to the schema is empty", { timeout: 120_000 }, async () => {
    const url = inject("databaseUrl");
    const provider = url.startsWith("postgres") ? "postgresql" : "sqlite";
    // SQLite: the shadow is in memory; the URL only selects the provider.
    const r = await diffMigrationsToSchema(provider, provider === "sqlite" ? "file:/tmp/caas-migdiff-unused.db" : url);
    expect(r.output).not.toMatch(/Error/);
    expect(r.code, r.output).toBe(0);
  });
});
