// SQLite: the hot plain statements run on the adapter's own connection, past Prisma's client
// engine (issue 20). Prisma 6.19 compiles every statement it is given, plain SQL too, into a query
// plan in WebAssembly and runs the plan through its interpreter: in a profile of 200 concurrent
// create-app POSTs that was ~40% of the portal's CPU, around better-sqlite3's own ~10%. A plain
// statement sent here is one cached prepared statement and one synchronous call.
//
// Same connection, same transaction: Prisma's SQLite adapter runs an interactive transaction on
// its one connection (it holds its own lock from BEGIN to COMMIT), so a statement sent here from
// inside `db.$transaction(async (tx) => …)` is part of that transaction, and its failure rolls
// the transaction back like any other. Outside a transaction it behaves as the adapter's own
// queries do (they take no lock either).
//
// Rows come back as `$queryRaw` answers them on SQLite (the adapter's conversion by declared
// column type, then the client's): BOOLEAN columns as booleans, DATETIME as Dates, INTEGER as
// numbers, BIGINT and untyped integers (COUNT(*)) as bigints, BLOB as bytes.
import { LRUCache } from "lru-cache";

/** What is used of a better-sqlite3 statement. */
export interface NativeStatement {
  readonly reader: boolean;
  columns(): { name: string; type: string | null }[];
  raw(on?: boolean): NativeStatement;
  safeIntegers(on?: boolean): NativeStatement;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint };
}

type Convert = (v: unknown) => unknown;

const asNumber: Convert = (v) => (v === null ? null : Number(v));
const asBigInt: Convert = (v) => (v === null ? null : BigInt(v as number | bigint));
const asBoolean: Convert = (v) => (v === null ? null : Number(v) !== 0);
const asDate: Convert = (v) => (v === null ? null : new Date(typeof v === "string" ? v : Number(v)));
const asBytes: Convert = (v) => (v === null ? null : new Uint8Array(v as Buffer));
// no declared type (an expression): integers stay bigints, as the adapter infers Int64 for them
const asIs: Convert = (v) => (v instanceof Buffer ? new Uint8Array(v) : v);

/** The conversion Prisma's adapter and client apply to a column of this declared type. */
export function converterFor(declared: string | null): Convert {
  switch ((declared ?? "").toUpperCase()) {
    case "TINYINT":
    case "SMALLINT":
    case "MEDIUMINT":
    case "INT":
    case "INTEGER":
    case "SERIAL":
    case "INT2":
    case "DECIMAL":
    case "FLOAT":
    case "DOUBLE":
    case "DOUBLE PRECISION":
    case "NUMERIC":
    case "REAL":
      return asNumber;
    case "BIGINT":
    case "UNSIGNED BIG INT":
    case "INT8":
      return asBigInt;
    case "BOOLEAN":
      return asBoolean;
    case "DATETIME":
    case "TIMESTAMP":
    case "DATE":
      return asDate;
    case "BLOB":
      return asBytes;
    default:
      return asIs;
  }
}

/** A parameter as the adapter binds it: booleans as 1/0, Dates as ISO text (lib/db/sql-rows.ts: sqlTime). */
export function bindable(v: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (v === undefined) throw new Error("a plain statement got an undefined parameter");
  return v;
}

interface Prepared {
  stmt: NativeStatement;
  /** Readers: the column names and each column's conversion (a prepared statement's columns do not change). */
  names: string[];
  convert: Convert[];
}

export class DirectSQLite {
  private readonly cache: LRUCache<string, Prepared>;

  constructor(
    private readonly prepare: (sql: string) => NativeStatement,
    /** False once the connection is closed (the client disconnected: its next query connects anew). */
    readonly isOpen: () => boolean = () => true,
    max = 500,
  ) {
    this.cache = new LRUCache({ max });
  }

  private prepared(sql: string): Prepared {
    let p = this.cache.get(sql);
    if (!p) {
      // integers as bigints, as the adapter reads them (untyped ones stay bigints, typed ones are converted)
      const stmt = this.prepare(sql).safeIntegers(true);
      const columns = stmt.reader ? stmt.raw(true).columns() : [];
      p = { stmt, names: columns.map((c) => c.name), convert: columns.map((c) => converterFor(c.type)) };
      this.cache.set(sql, p);
    }
    return p;
  }

  /** Rows of a SELECT (or of an INSERT … RETURNING); a statement without result rows answers []. */
  query(sql: string, values: readonly unknown[]): Record<string, unknown>[] {
    const { stmt, names, convert } = this.prepared(sql);
    const params = values.map(bindable);
    if (!stmt.reader) {
      stmt.run(...params);
      return [];
    }
    return (stmt.all(...params) as unknown[][]).map((row) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) o[names[i]] = convert[i](row[i]);
      return o;
    });
  }

  /** Rows changed by an INSERT, UPDATE or DELETE. */
  execute(sql: string, values: readonly unknown[]): number {
    const { stmt } = this.prepared(sql);
    const params = values.map(bindable);
    if (stmt.reader) return stmt.all(...params).length;
    return Number(stmt.run(...params).changes);
  }

  size(): number {
    return this.cache.size;
  }
}

// One per process, shared by every copy of this module (the custom server's bundle and Next's
// route chunks each load lib/db; the Prisma client is shared the same way, lib/db/index.ts).
const shared = globalThis as unknown as { __caasDirectSQLite?: DirectSQLite | null };

/** Set by the SQLite adapter when it connects (lib/db/statement-cache.ts). */
export function registerDirectSQLite(direct: DirectSQLite | null): void {
  shared.__caasDirectSQLite = direct;
}

/** The process's SQLite connection for plain statements, or null (PostgreSQL, or not connected yet). */
export function directSQLite(): DirectSQLite | null {
  const direct = shared.__caasDirectSQLite ?? null;
  return direct?.isOpen() ? direct : null;
}

/** True when `e` is SQLite's unique (or primary key) constraint error, as thrown by better-sqlite3. */
export function isSQLiteUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY");
}
