// The SQLite statement cache (issue 20): a statement is prepared once per SQL text, each call binds
// its own parameters, the least recently used text leaves first; and through Prisma's real adapter
// on an in-memory database, queries and transactions read and write what they should.
import { describe, expect, it } from "vitest";
import { cachePreparedStatements, SQLiteWithStatementCache } from "@/lib/db/statement-cache";

/** A connection whose statements record the parameters of every run. */
function fakeConnection() {
  const prepared: string[] = [];
  const runs: { sql: string; params: unknown[] }[] = [];
  const connection = {
    prepare(sql: string) {
      prepared.push(sql);
      const stmt = {
        reader: sql.startsWith("SELECT"),
        rawMode: false,
        columns: () => [{ name: "x", type: "TEXT" }],
        run: (...params: unknown[]) => (runs.push({ sql, params }), { changes: 1 }),
        all: (...params: unknown[]) => (runs.push({ sql, params }), [[stmt.rawMode ? "raw" : "object"]]),
        raw(on?: boolean) {
          stmt.rawMode = on ?? true;
          return stmt;
        },
      };
      return stmt;
    },
  };
  return { connection, prepared, runs };
}

type View = { reader: boolean; run(): unknown; raw(): { all(): unknown[] }; bind(args: unknown[]): View };

describe("cachePreparedStatements", () => {
  it("prepares a text once and binds each call's own parameters", () => {
    const { connection, prepared, runs } = fakeConnection();
    const size = cachePreparedStatements(connection);
    const p = (sql: string) => connection.prepare(sql) as unknown as View;
    p("INSERT INTO t VALUES (?)").bind([1]).run();
    p("INSERT INTO t VALUES (?)").bind([2]).run();
    expect(p("SELECT x FROM t WHERE id = ?").bind([7]).raw().all()).toEqual([["raw"]]);
    const reader = p("SELECT x FROM t WHERE id = ?").bind([8]);
    expect(reader.reader).toBe(true);
    reader.raw().all();
    p("BEGIN").run();
    expect(prepared).toEqual(["INSERT INTO t VALUES (?)", "SELECT x FROM t WHERE id = ?", "BEGIN"]);
    // the adapter binds an array: it reaches the statement as one list of positional parameters
    expect(runs.map((r) => [r.sql, r.params])).toEqual([
      ["INSERT INTO t VALUES (?)", [[1]]],
      ["INSERT INTO t VALUES (?)", [[2]]],
      ["SELECT x FROM t WHERE id = ?", [[7]]],
      ["SELECT x FROM t WHERE id = ?", [[8]]],
      ["BEGIN", []],
    ]);
    expect(size()).toBe(3);
  });

  it("keeps at most `max` texts, the least recently used leaving first", () => {
    const { connection, prepared } = fakeConnection();
    const size = cachePreparedStatements(connection, 2);
    connection.prepare("A");
    connection.prepare("B");
    connection.prepare("A"); // A is now the most recent
    connection.prepare("C"); // B leaves
    connection.prepare("A");
    connection.prepare("B"); // prepared again
    expect(prepared).toEqual(["A", "B", "C", "B"]);
    expect(size()).toBe(2);
  });
});

const text = { scalarType: "string", arity: "scalar" } as const;
const int = { scalarType: "int", arity: "scalar" } as const;

describe("SQLiteWithStatementCache (Prisma's adapter, in-memory SQLite)", () => {
  it("the same statement text with other parameters reads other rows, in and out of a transaction", async () => {
    const adapter = await new SQLiteWithStatementCache({ url: ":memory:" }).connect();
    try {
      await adapter.executeScript('CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL UNIQUE)');
      const insert = (id: number, name: string) => ({ sql: 'INSERT INTO "T" ("id", "name") VALUES (?, ?)', args: [id, name], argTypes: [int, text] });
      const byId = (id: number) => ({ sql: 'SELECT "name" FROM "T" WHERE "id" = ?', args: [id], argTypes: [int] });
      for (let i = 1; i <= 3; i++) expect(await adapter.executeRaw(insert(i, `n${i}`))).toBe(1);
      expect((await adapter.queryRaw(byId(2))).rows).toEqual([["n2"]]);
      expect((await adapter.queryRaw(byId(3))).rows).toEqual([["n3"]]);
      expect((await adapter.queryRaw(byId(9))).rows).toEqual([]);
      // a failing run leaves the cached statement usable
      await expect(adapter.executeRaw(insert(4, "n1"))).rejects.toThrow();
      expect(await adapter.executeRaw(insert(4, "n4"))).toBe(1);
      const tx = await adapter.startTransaction();
      await tx.executeRaw(insert(5, "n5"));
      expect((await tx.queryRaw(byId(5))).rows).toEqual([["n5"]]);
      await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
      await tx.rollback();
      expect((await adapter.queryRaw(byId(5))).rows).toEqual([]);
      expect((await adapter.queryRaw({ sql: 'SELECT COUNT(*) AS "n" FROM "T"', args: [], argTypes: [] })).rows).toEqual([["4"]]);
    } finally {
      await adapter.dispose();
    }
  });
});
