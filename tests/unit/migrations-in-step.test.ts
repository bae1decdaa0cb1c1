// SQLite and PostgreSQL migrations are one history: same folders in the same order, and the SQLite
// migrations produce exactly the SQLite schema (the PostgreSQL replay runs in the integration-pg
// tier, which has a server: tests/integration/migrations-in-step.test.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, migrationFolders, migrationSql } from "../support/migrations";

describe("migrations of both providers", () => {
  it("have the same folders, numbered without gaps, each with SQL", () => {
    const sqlite = migrationFolders("sqlite");
    expect(migrationFolders("postgresql")).toEqual(sqlite);
    sqlite.forEach((name, i) => expect(name, "folders are numbered 0001_, 0002_, …").toMatch(new RegExp(`^${String(i + 1).padStart(4, "0")}_[a-z0-9_]+$`)));
    for (const name of sqlite) {
      expect(migrationSql("sqlite", name).trim(), `sqlite/${name}`).not.toBe("");
      expect(migrationSql("postgresql", name).trim(), `postgresql/${name}`).not.toBe("");
    }
  });

  it("create the same tables in both providers", () => {
    // SQLite alters a column by copying the table through "new_<Table>" (Prisma's RedefineTables).
    const tables = (p: "sqlite" | "postgresql") =>
      new Set(
        migrationFolders(p)
          .flatMap((f) => [...migrationSql(p, f).matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"(\w+)"/g)].map((m) => m[1]))
          .filter((t) => !(p === "sqlite" && t.startsWith("new_"))),
      );
    expect([...tables("postgresql")].sort()).toEqual([...tables("sqlite")].sort());
  });

  it("replayed on an empty SQLite database give exactly the schema", { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-migdiff-"));
    try {
      const r = await diffMigrationsToSchema("sqlite", `file:${path.join(dir, "shadow.db")}`);
      expect(r.output).not.toMatch(/Error/);
      expect(r.code, r.output).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
