// SQLite's direct path for plain statements (issue 20, lib/db/direct-sqlite.ts): on a real Prisma
// client over a real SQLite file, rows come back as `$queryRaw` answers them, a statement sent
// inside `$transaction` commits and rolls back with it, unique violations are recognized, and a
// closed connection sends the statements back to Prisma.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@prisma/client";
import { Prisma, isUniqueViolation } from "@/lib/db";
import { SQLiteWithStatementCache } from "@/lib/db/statement-cache";
import { bindable, converterFor, directSQLite } from "@/lib/db/direct-sqlite";
import { executeSql, queryRows, sqlTime } from "@/lib/db/sql-rows";

let dir: string;
let client: PrismaClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-direct-"));
  client = new PrismaClient({ adapter: new SQLiteWithStatementCache({ url: `file:${path.join(dir, "t.db")}` }, true) });
  await client.$executeRawUnsafe(
    'CREATE TABLE "T" ("id" TEXT PRIMARY KEY, "n" INTEGER NOT NULL, "big" BIGINT, "on" BOOLEAN NOT NULL, "at" DATETIME, "note" TEXT, "blob" BLOB, "x" REAL)',
  );
});

afterAll(async () => {
  await client?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const at = new Date("2026-12-05T19:12:05.004Z");
const insert = (id: string, n: number) =>
  Prisma.sql`INSERT INTO "T" ("id", "n", "big", "on", "at", "note", "blob", "x") VALUES (${id}, ${n}, ${BigInt(n) * 10n}, ${n % 2 === 1}, ${sqlTime(at)}, ${null}, ${Buffer.from([1, 2])}, ${n / 4})`;
const select = (id: string) =>
  Prisma.sql`SELECT "id", "n", "big", "on", "at", "note", "blob", "x", (SELECT COUNT(*) FROM "T") AS "count" FROM "T" WHERE "id" = ${id}`;

describe("the direct path of plain statements on SQLite", () => {
  it("answers rows in the same form as $queryRaw, column by column", async () => {
    // the client's first statement connects its adapter, which registers the direct path
    expect(await client.$executeRaw(insert("a", 1))).toBe(1);
    expect(directSQLite()).not.toBeNull();
    const viaPrisma = await client.$queryRaw<Record<string, unknown>[]>(select("a"));
    // a transaction client takes the direct path (the test's own client is not the process's db)
    const direct = await client.$transaction(async (tx) => queryRows<Record<string, unknown>>(tx, select("a")));
    expect(direct).toEqual(viaPrisma);
    const [row] = direct;
    expect(row).toEqual({ id: "a", n: 1, big: 10n, on: true, at, note: null, blob: new Uint8Array([1, 2]), x: 0.25, count: 1n });
    for (const k of Object.keys(row)) expect(typeof row[k], k).toBe(typeof viaPrisma[0][k]);
  });

  it("commits and rolls back with the Prisma transaction it runs in", async () => {
    await client.$transaction(async (tx) => {
      expect(await executeSql(tx, insert("b", 2))).toBe(1);
      // the transaction sees its own write before the commit
      expect(await queryRows(tx, select("b"))).toHaveLength(1);
    });
    await expect(
      client.$transaction(async (tx) => {
        await executeSql(tx, insert("c", 3));
        throw new Error("stop here");
      }),
    ).rejects.toThrow("stop here");
    const ids = await client.$queryRaw<{ id: string }[]>`SELECT "id" FROM "T" ORDER BY "id"`;
    expect(ids.map((r) => r.id)).toEqual(["a", "b"]);
  });

  it("a unique violation is one isUniqueViolation recognizes, and rolls its transaction back", async () => {
    const err = await client
      .$transaction(async (tx) => {
        await executeSql(tx, insert("d", 4));
        await executeSql(tx, insert("a", 5));
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    const ids = await client.$queryRaw<{ id: string }[]>`SELECT "id" FROM "T" ORDER BY "id"`;
    expect(ids.map((r) => r.id)).toEqual(["a", "b"]);
  });

  it("INSERT … RETURNING answers its rows; UPDATE answers the rows it changed", async () => {
    const rows = await client.$transaction((tx) =>
      queryRows<{ n: number }>(tx, Prisma.sql`INSERT INTO "T" ("id", "n", "on") VALUES (${"e"}, ${7}, ${false}) RETURNING "n"`),
    );
    expect(rows).toEqual([{ n: 7 }]);
    expect(await client.$transaction((tx) => executeSql(tx, Prisma.sql`UPDATE "T" SET "note" = ${"x"} WHERE "n" < ${5}`))).toBe(2);
  });

  it("once the client disconnected, statements go through Prisma again (which connects anew)", async () => {
    await client.$disconnect();
    expect(directSQLite()).toBeNull();
    const rows = await client.$transaction((tx) => queryRows<{ id: string }>(tx, Prisma.sql`SELECT "id" FROM "T" WHERE "id" = ${"e"}`));
    expect(rows).toEqual([{ id: "e" }]);
    expect(directSQLite()).not.toBeNull();
  });
});

describe("conversions", () => {
  it("binds booleans as 1/0 and Dates as ISO text, and refuses undefined", () => {
    expect(bindable(true)).toBe(1);
    expect(bindable(false)).toBe(0);
    expect(bindable(at)).toBe("2026-12-05T19:12:05.004+00:00");
    expect(bindable("s")).toBe("s");
    expect(() => bindable(undefined)).toThrow(/undefined parameter/);
  });

  it("converts by declared column type, nulls kept", () => {
    expect(converterFor("INTEGER")(5n)).toBe(5);
    expect(converterFor("BIGINT")(5n)).toBe(5n);
    expect(converterFor("BOOLEAN")(0n)).toBe(false);
    expect(converterFor("DATETIME")("2026-12-05T19:12:05.004+00:00")).toEqual(at);
    expect(converterFor("DATETIME")(BigInt(at.getTime()))).toEqual(at);
    expect(converterFor(null)(3n)).toBe(3n);
    expect(converterFor("TEXT")("t")).toBe("t");
    for (const t of ["INTEGER", "BIGINT", "BOOLEAN", "DATETIME", "BLOB", null]) expect(converterFor(t)(null)).toBeNull();
  });
});
