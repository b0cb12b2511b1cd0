import { Database as SqliteDatabase, type Statement } from "bun:sqlite";
import type { SQL } from "bun";
import { dirname, join, resolve } from "node:path";
import { Kysely, SqliteAdapter } from "kysely";
import { BunSqliteDialect } from "kysely-bun-sqlite";
import { BunSqlPostgresDialect } from "./bun-sql-dialect.ts";
import { isDatabaseUnavailable } from "./db-errors.ts";
import { registerSqliteConnection } from "./hot-sql.ts";
import { startCheckpointer, type Checkpointer, type CheckpointOptions } from "./sqlite-checkpointer.ts";
import { applySqlitePragmas } from "./sqlite-pragmas.ts";
import type { Database } from "./schema.ts";
import type { Logger } from "../lib/log.ts";

export type DbKind = "sqlite" | "postgres";
export interface Db {
  db: Kysely<Database>;
  kind: DbKind;
  /** Human-readable location (never includes a password). */
  describe: string;
  /** Statements run so far, when created with countQueries (tests prove "a constant number per page"). */
  stats: { queries: number };
  /** SQLite with background checkpoints (sqlite-checkpointer.ts): the worker's state. */
  checkpointer?: Checkpointer;
  close(): Promise<void>;
}

/** Postgres pool and session limits (env: DATABASE_POOL_MAX, DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_CONNECT_TIMEOUT_MS). */
export interface PostgresOptions {
  /** Connections in this instance's pool. */
  poolMax: number;
  /** Postgres cancels a statement running longer than this (0: never). */
  statementTimeoutMs: number;
  /** Giving up on opening a connection (an unreachable server) after this long. */
  connectTimeoutMs: number;
}
export const POSTGRES_DEFAULTS: PostgresOptions = { poolMax: 20, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 };
/** Postgres ends a session left idle inside a transaction this long (a stuck request must not hold row locks forever). */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/** Whether DATABASE_URL (absent: the default) means SQLite. */
export const isSqliteUrl = (url: string | undefined) => !url || !/^postgres(ql)?:\/\//.test(url);
/** The SQLite file DATABASE_URL names (sqlite:… or file:…), or DATA_DIR/world-it.sqlite without one. */
export const sqliteFileOf = (url: string | undefined, dataDir: string) =>
  url ? url.replace(/^(sqlite:|file:)(\/\/)?/, "") : join(dataDir, "world-it.sqlite");

/** SQLite (default: DATA_DIR/world-it.sqlite) or Postgres when the URL is postgres://. */
export function createDb(opts: {
  databaseUrl?: string;
  dataDir: string;
  countQueries?: boolean;
  postgres?: Partial<PostgresOptions>;
  /** Postgres: one line when connections start failing, one when they work again. */
  log?: Logger;
  /** SQLite file: WAL checkpoints in a worker thread instead of inside commits (the server; ADR 0030). */
  backgroundCheckpoints?: CheckpointOptions;
}): Db {
  const url = opts.databaseUrl;
  const stats = { queries: 0 };
  const log = opts.countQueries ? () => void stats.queries++ : undefined;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pg = { ...POSTGRES_DEFAULTS, ...opts.postgres };
    let reachable = true;
    let closing = false;
    // Bun.SQL read here, not imported: the import reads it at start, and reading it loads Bun's
    // Postgres client (~10 ms of CPU a SQLite start does not need, ADR 0029).
    const sql: SQL = new Bun.SQL({
      url,
      max: pg.poolMax,
      idleTimeout: 30,
      connectionTimeout: pg.connectTimeoutMs / 1000,
      // Session settings sent when each connection opens (no extra round trip).
      connection: {
        statement_timeout: pg.statementTimeoutMs,
        idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
      onconnect: () => {
        if (reachable) return;
        reachable = true;
        opts.log?.info("database reachable again");
      },
      onclose: (error) => {
        const code = (error as { code?: string } | null)?.code;
        // Closed by us (idle timeout, shutdown) is not news.
        if (closing || !reachable || !error || !isDatabaseUnavailable(error) || code === "ERR_POSTGRES_IDLE_TIMEOUT") return;
        reachable = false;
        opts.log?.warn("database connection lost; requests fail as unavailable until it is back", { error: error.message, code });
      },
    });
    const db = new Kysely<Database>({ dialect: new BunSqlPostgresDialect(sql), log });
    const u = new URL(url);
    const close = () => {
      closing = true;
      return db.destroy();
    };
    return { db, kind: "postgres", describe: `postgres ${u.host}${u.pathname}`, stats, close };
  }
  const file = sqliteFileOf(url, opts.dataDir);
  const sqlite = openSqlite(file);
  applySqlitePragmas(sqlite);
  const connection = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialectWithTransactionalDdl({ database: connection }), log });
  registerSqliteConnection(db, connection, log);
  const checkpointer = opts.backgroundCheckpoints && file !== ":memory:" ? startCheckpointer(sqlite, file, { log: opts.log, ...opts.backgroundCheckpoints }) : undefined;
  const close = async () => {
    // The worker (and its connection) first: it must not checkpoint a database being closed.
    await checkpointer?.stop();
    await db.destroy();
  };
  return { db, kind: "sqlite", describe: `sqlite ${file}`, stats, checkpointer, close };
}

/**
 * Opens (or creates) the SQLite file. Its folder is made only when the open fails (a first start):
 * node:fs is loaded only then, not at every start (~5 ms of CPU before the server listens, ADR 0029).
 */
function openSqlite(file: string): SqliteDatabase {
  const open = () => new SqliteDatabase(file, { create: true, strict: true });
  try {
    return open();
  } catch (error) {
    if (file === ":memory:") throw error;
    process.getBuiltinModule("node:fs").mkdirSync(dirname(resolve(file)), { recursive: true });
    return open();
  }
}

/**
 * SQLite runs DDL inside transactions (unlike MySQL), but Kysely's SqliteAdapter says it does not,
 * so its Migrator ran every statement of every migration in its own implicit transaction. With
 * this adapter the Migrator applies all pending migrations in ONE transaction: a failed migration
 * leaves the database as it was, and a fresh database is ready in a fraction of the time (issue 12:
 * the compiled binary's start from an empty directory). Nothing else reads this flag.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
class SqliteDialectWithTransactionalDdl extends BunSqliteDialect {
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * kysely-bun-sqlite prepares every query anew; here each SQL text is compiled once and kept.
 * Profiling the chat send path showed fresh `prepare` calls at 11 % of the server's CPU
 * (BENCHMARKS.md). bun:sqlite's own `query()` cache holds only 20 texts, fewer than the send path
 * alone has (a multi-row insert or an `in (…)` list is one text per length), so it thrashed.
 * The number of distinct texts is bounded by the code's query shapes and list lengths; the LRU
 * bound only guards against a shape nobody foresaw. An evicted statement is left to the GC, not
 * finalized, in case a caller still iterates it.
 */
const STATEMENT_CACHE_SIZE = 1024;

function withStatementCache(sqlite: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      // Most recently used goes last; the first key is the one to evict.
      cache.delete(sql);
    } else {
      stmt = sqlite.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === "prepare") return prepare;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
