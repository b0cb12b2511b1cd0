import { Database as SqliteDatabase } from "bun:sqlite";
import { SQL } from "bun";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Kysely } from "kysely";
import { BunSqliteDialect } from "kysely-bun-sqlite";
import { BunSqlPostgresDialect } from "./bun-sql-dialect.ts";
import type { Database } from "./schema.ts";

export type DbKind = "sqlite" | "postgres";
export interface Db {
  db: Kysely<Database>;
  kind: DbKind;
  /** Human-readable location (never includes a password). */
  describe: string;
  close(): Promise<void>;
}

/** SQLite (default: DATA_DIR/world-it.sqlite) or Postgres when the URL is postgres://. */
export function createDb(opts: { databaseUrl?: string; dataDir: string }): Db {
  const url = opts.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const sql = new SQL({ url, max: 20, idleTimeout: 30 });
    const db = new Kysely<Database>({ dialect: new BunSqlPostgresDialect(sql) });
    const u = new URL(url);
    return { db, kind: "postgres", describe: `postgres ${u.host}${u.pathname}`, close: () => db.destroy() };
  }
  const file = url ? url.replace(/^(sqlite:|file:)(\/\/)?/, "") : join(opts.dataDir, "world-it.sqlite");
  if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file, { create: true, strict: true });
  // WAL + NORMAL: tens of thousands of writes/s instead of ~1k (see ARCHITECTURE.md).
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new BunSqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, kind: "sqlite", describe: `sqlite ${file}`, close: () => db.destroy() };
}

/**
 * kysely-bun-sqlite prepares every query anew; bun:sqlite's `query()` keeps one compiled
 * statement per SQL text. Profiling the chat send path showed fresh `prepare` calls at 11 % of the
 * server's CPU (BENCHMARKS.md). The number of distinct SQL texts is bounded by the code's query
 * shapes (and `in (…)` list lengths), so the cache stays small.
 */
function withStatementCache(sqlite: SqliteDatabase): SqliteDatabase {
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => target.query(sql);
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
