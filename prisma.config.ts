// Prisma CLI configuration: one config for SQLite (default) and PostgreSQL, switched by DATABASE_URL.
// Prisma 6.19.3 with the JS engine and driver adapters, because no engine binary can be downloaded
// on our machines. The workarounds below are CLI-only; the app runtime builds its own adapter in lib/db.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const url = process.env.DATABASE_URL || "file:./data/caas.db";
const provider = url.startsWith("postgres") ? "postgresql" : "sqlite";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

function sqliteAdapter() {
  const factory = new PrismaBetterSQLite3({ url });
  // The schema engine replays each migration.sql as one executeRaw; better-sqlite3's prepare()
  // refuses multi-statement strings, so route argument-less raw SQL to executeScript.
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const shadow: Adapter = await connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (q) => {
      if (q.args.length === 0) {
        await shadow.executeScript(q.sql);
        return 0;
      }
      return executeRaw(q);
    };
    return shadow;
  };
  return factory;
}

function pgFields(u: URL, database?: string) {
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: database ?? u.pathname.slice(1),
  };
}

function postgresAdapter() {
  // adapter-pg 6.19.3 cannot deserialize the `name`/`"char"` columns the schema engine introspects
  // (prisma/orm#27403): present them as text. CLI only.
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown; __caasPatched?: boolean };
  if (!proto.__caasPatched) {
    const query = proto.query;
    const remap: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };
    const fix = (res: { fields?: { dataTypeID: number }[] } | undefined) => {
      for (const f of res?.fields ?? []) f.dataTypeID = remap[f.dataTypeID] ?? f.dataTypeID;
      return res;
    };
    proto.query = function (this: unknown, ...args: unknown[]) {
      // pg.Pool calls client.query(config, values, callback): fix the result on both paths.
      const last = args.length - 1;
      if (typeof args[last] === "function") {
        const cb = args[last] as (err: unknown, res: unknown) => void;
        args[last] = (err: unknown, res: { fields?: { dataTypeID: number }[] }) => cb(err, err ? res : fix(res));
        return query.apply(this, args);
      }
      const r = query.apply(this, args) as Promise<{ fields?: { dataTypeID: number }[] }> | undefined;
      return r && typeof r.then === "function" ? r.then(fix) : r;
    };
    proto.__caasPatched = true;
  }
  const u = new URL(url);
  const factory = new PrismaPg(pgFields(u));
  // Own shadow-database lifecycle: discrete fields (a connectionString would override the database
  // and replay on the main one) and drop only after the shadow pool is closed.
  factory.connectToShadowDb = async () => {
    const admin = await new PrismaPg(pgFields(u)).connect();
    const name = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
    await admin.executeRaw({ sql: `CREATE DATABASE "${name}"`, args: [], argTypes: [] });
    const shadow = await new PrismaPg(pgFields(u, name)).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeRaw({ sql: `DROP DATABASE IF EXISTS "${name}"`, args: [], argTypes: [] });
      await admin.dispose();
    };
    return shadow;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", "migrations", provider) },
  async adapter() {
    return provider === "postgresql" ? postgresAdapter() : sqliteAdapter();
  },
});
