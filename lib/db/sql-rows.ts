// Plain statements for the hot write paths (issue 20: a create-app POST is a handful of statements
// in one short transaction). A model call costs a query compilation each time; these INSERTs cost
// one prepared statement. Same text on SQLite and PostgreSQL: quoted identifiers, parameters, and
// timestamps written as Prisma writes them (SQLite: ISO text; PostgreSQL: TIMESTAMP(3) in UTC).
import { randomBytes } from "node:crypto";
import { databaseUrl, db, isTransaction, Prisma, type Db } from "./index";
import { directSQLite, type DirectSQLite } from "./direct-sqlite";

/** The direct path for `client` (the process's SQLite database, or a transaction on it), else null. */
function directFor(client: Db): DirectSQLite | null {
  const direct = directSQLite();
  return direct && (client === db || isTransaction(client)) ? direct : null;
}

/** Rows of a plain statement, as `client.$queryRaw` answers them: on SQLite without Prisma's
 * per-statement plan compilation (lib/db/direct-sqlite.ts), on PostgreSQL through Prisma. */
export async function queryRows<T>(client: Db, query: Prisma.Sql): Promise<T[]> {
  const direct = directFor(client);
  return direct ? (direct.query(query.sql, query.values) as T[]) : client.$queryRaw<T[]>(query);
}

/** Rows changed by a plain statement, as `client.$executeRaw` answers (same paths as queryRows). */
export async function executeSql(client: Db, query: Prisma.Sql): Promise<number> {
  const direct = directFor(client);
  return direct ? direct.execute(query.sql, query.values) : client.$executeRaw(query);
}

let counter = 0;
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/** A row id chosen before the insert, like Prisma's cuid default (25 characters, "c", time first),
 * so one statement can name a row that another statement of the same transaction writes. */
export function rowId(): string {
  counter = (counter + 1) % 1296;
  let random = "";
  for (const b of randomBytes(13)) random += DIGITS[b % 36];
  return `c${Date.now().toString(36).padStart(9, "0")}${counter.toString(36).padStart(2, "0")}${random}`;
}

/** A timestamp as a parameter, in the column's stored form. */
export function sqlTime(at: Date): Prisma.Sql {
  return databaseUrl().startsWith("postgres")
    ? Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`
    : Prisma.sql`${at.toISOString().replace("Z", "+00:00")}`;
}

/** A timestamp column read by a plain statement, in the database's own form (SQLite: ISO text;
 * PostgreSQL: a Date), as the Date a model call would answer. */
export function rowDate(v: unknown): Date {
  return new Date(v as string | Date);
}

/** Same for a nullable timestamp column. */
export function rowDateOrNull(v: unknown): Date | null {
  return v === null || v === undefined ? null : rowDate(v);
}

const ident = (name: string) => {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return Prisma.raw(`"${name}"`);
};

/** Rows one INSERT carries at most (at a dozen columns, far below either database's limit of
 * bound values: SQLite 32,766, PostgreSQL 65,535). */
const ROWS_PER_INSERT = 500;

/** INSERT of one or more rows of one table (every row with the same columns). Dates are timestamps.
 * `onConflict`: a row whose `key` column is taken updates that row's `update` columns instead. */
export async function insertRows(
  tx: Db,
  table: string,
  rows: Record<string, string | number | null | Date>[],
  onConflict?: { key: string; update: string[] },
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const conflict = onConflict
    ? Prisma.sql` ON CONFLICT (${ident(onConflict.key)}) DO UPDATE SET ${Prisma.join(onConflict.update.map((c) => Prisma.sql`${ident(c)} = excluded.${ident(c)}`))}`
    : Prisma.empty;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows
      .slice(i, i + ROWS_PER_INSERT)
      .map((r) => Prisma.sql`(${Prisma.join(columns.map((c) => (r[c] instanceof Date ? sqlTime(r[c]) : Prisma.sql`${r[c]}`)))})`);
    await executeSql(tx, Prisma.sql`INSERT INTO ${ident(table)} (${Prisma.join(columns.map(ident))}) VALUES ${Prisma.join(values)}${conflict}`);
  }
}
