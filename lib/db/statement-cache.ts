// SQLite: prepared statements reused by their SQL text (issue 20). Prisma's better-sqlite3 adapter
// prepares every statement again for every query (SQLite parses and plans it each time: about 6%
// of the portal's CPU in a bench profile) and binds the parameters to the statement itself, which
// better-sqlite3 allows once per statement. The cache hands the adapter a view of a cached
// statement whose `bind` keeps the parameters for the call instead. better-sqlite3 is synchronous:
// a statement is never used by two queries at once (no iterators here).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DirectSQLite, registerDirectSQLite, type NativeStatement } from "./direct-sqlite";

/** What the adapter calls on a statement (@prisma/adapter-better-sqlite3 6.19: prepare(sql).bind(args)
 * then reader / columns() / run() / raw().all(), and prepare("BEGIN").run()). */
interface Statement {
  readonly reader: boolean;
  columns(): unknown[];
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  raw(on?: boolean): Statement;
}

interface Connection {
  prepare(sql: string): unknown;
}

type Bound = Pick<Statement, "reader" | "columns" | "run"> & { raw(): { all(): unknown[] } };

function view(stmt: Statement, params: unknown[]): Bound & { bind(args: unknown[]): Bound } {
  return {
    reader: stmt.reader,
    columns: () => stmt.columns(),
    run: () => stmt.run(...params),
    raw: () => ({ all: () => stmt.raw(true).all(...params) }),
    bind: (args: unknown[]) => view(stmt, [args]),
  };
}

/** Makes `connection.prepare` answer from a cache of at most `max` statements (least recently used
 * first out: `IN (?, ?, …)` lists make one text per length). Returns the cache's size, for tests. */
export function cachePreparedStatements(connection: Connection, max = 500): () => number {
  const prepare = connection.prepare.bind(connection) as (sql: string) => Statement;
  const cache = new Map<string, Statement>();
  connection.prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) cache.delete(sql);
    else stmt = prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
    return view(stmt, []);
  };
  return () => cache.size;
}

/** Prisma's SQLite adapter with its connection's statements cached. */
export class SQLiteWithStatementCache extends PrismaBetterSQLite3 {
  /** `direct`: this is the process's database, whose connection also serves lib/db/sql-rows.ts's
   * plain statements (false for a second connection, e.g. a test's own). */
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
    private readonly direct = false,
  ) {
    super(config);
  }

  override async connect() {
    const adapter = await super.connect();
    const connection = (adapter as unknown as { client?: Connection }).client;
    if (typeof connection?.prepare !== "function") throw new Error("The SQLite adapter no longer exposes its connection: see lib/db/statement-cache.ts");
    // the plain statements' own path, on the same connection (lib/db/direct-sqlite.ts)
    if (this.direct) {
      const open = connection as { open?: boolean };
      registerDirectSQLite(new DirectSQLite(connection.prepare.bind(connection) as (sql: string) => NativeStatement, () => open.open !== false));
    }
    cachePreparedStatements(connection);
    return adapter;
  }
}
