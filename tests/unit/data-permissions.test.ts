// Issue 9 hole 6: the data directory and the SQLite files were world-readable. At start the portal
// makes them private (0700 / 0600), whatever mode they were created with.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { restrictDataPermissions, sqliteFile } from "@/lib/db";

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("restrictDataPermissions", () => {
  it("fixes a world-readable data dir and the SQLite file with its -wal and -shm", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-perm-"));
    dirs.push(dir);
    fs.chmodSync(dir, 0o755);
    const db = path.join(dir, "caas.db");
    for (const f of [db, `${db}-wal`, `${db}-shm`, path.join(dir, "other")]) fs.writeFileSync(f, "x", { mode: 0o644 });
    restrictDataPermissions(dir, db);
    expect(mode(dir)).toBe(0o700);
    expect([mode(db), mode(`${db}-wal`), mode(`${db}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    expect(fs.existsSync(`${db}-journal`)).toBe(false); // absent companions are not created
  });

  it("creates a missing data dir as 0700", () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "caas-perm-"));
    dirs.push(parent);
    const dir = path.join(parent, "data");
    restrictDataPermissions(dir, null);
    expect(mode(dir)).toBe(0o700);
  });

  it("finds the SQLite file of a file: URL, not of a PostgreSQL one", () => {
    expect(sqliteFile("file:/var/lib/caas/caas.db")).toBe("/var/lib/caas/caas.db");
    expect(sqliteFile("file:./data/caas.db?connection_limit=1")).toBe(path.resolve("data/caas.db"));
    expect(sqliteFile("postgresql://u:p@h/db")).toBeNull();
  });
});
