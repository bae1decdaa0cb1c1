// The tier's provider: its migrations replayed on an empty database give exactly its schema. On
// integration-pg this is PostgreSQL (the shadow database lives on the tier's private server).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { diffMigrationsToSchema } from "../support/migrations";

describe("migrations match the schema on the tier's database", () => {
  it("prisma migrate diff from the migrations to the schema is empty", { timeout: 120_000 }, async () => {
    const url = inject("databaseUrl");
    const provider = url.startsWith("postgres") ? "postgresql" : "sqlite";
    // SQLite: the shadow is in memory; the URL only selects the provider (Prisma still creates the
    // empty file: it goes with its directory).
    const dir = provider === "sqlite" ? fs.mkdtempSync(path.join(os.tmpdir(), "caas-migdiff-")) : null;
    const r = await diffMigrationsToSchema(provider, dir ? `file:${path.join(dir, "unused.db")}` : url).finally(
      () => dir && fs.rmSync(dir, { recursive: true, force: true }),
    );
    expect(r.output).not.toMatch(/Error/);
    expect(r.code, r.output).toBe(0);
  });
});
