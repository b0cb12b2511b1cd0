/**
 * A Kysely dialect for PostgreSQL over Bun's built-in client (`Bun.SQL`), so the compiled binary
 * needs no `pg` package. Each Kysely connection is a connection reserved from Bun's pool;
 * transactions run on that reserved connection.
 *
 * Transient connection errors (a restarted Postgres, a dropped link: db-errors.ts) are retried
 * here, and only where running again cannot do anything twice: reserving a connection, `begin`
 * (the first use of a pooled connection the restart left dead is usually a transaction's begin),
 * and a read-only statement outside a transaction. Each retry takes a fresh connection, after a
 * short backoff, and only while the first attempt is younger than `retryWindowMs`. A write, a
 * statement inside a transaction, and `commit` (its outcome is unknown when the answer is lost)
 * are never retried: the error goes up, and the request fails as "database unavailable".
 */
import type { SQL } from "bun";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { isDatabaseUnavailable, isReadOnlyStatement } from "./db-errors.ts";

type Reserved = Awaited<ReturnType<SQL["reserve"]>>;

export interface RetryPolicy {
  /** Pause before each retry, ms (its length is the number of retries). */
  delaysMs: readonly number[];
  /** No retry starts once this long has passed since the first attempt. */
  retryWindowMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { delaysMs: [50, 250], retryWindowMs: 5_000 };

/** Runs `attempt` again on a transient error while the policy allows; otherwise rethrows. */
async function withRetry<T>(policy: RetryPolicy, attempt: () => Promise<T>, onRetry?: () => Promise<void>): Promise<T> {
  const started = performance.now();
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = policy.delaysMs[i];
      if (delay === undefined || !isDatabaseUnavailable(error) || performance.now() - started > policy.retryWindowMs) throw error;
      await Bun.sleep(delay);
      await onRetry?.();
    }
  }
}

async function run<R>(reserved: Reserved, query: CompiledQuery): Promise<QueryResult<R>> {
  const result = await reserved.unsafe(query.sql, query.parameters as unknown[]);
  const rows = [...result] as R[];
  const command = result.command;
  const written = command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE";
  return written ? { rows, numAffectedRows: BigInt(result.affectedRows ?? result.count ?? 0) } : { rows };
}

class BunSqlConnection implements DatabaseConnection {
  /** Between begin and commit/rollback: nothing here may be retried on its own. */
  inTransaction = false;

  constructor(
    public reserved: Reserved,
    private readonly driver: BunSqlDriver,
  ) {}

  /** Gives the (dead) reserved connection back and takes a fresh one. */
  async replace(): Promise<void> {
    const dead = this.reserved;
    this.reserved = await this.driver.reserve();
    await Promise.resolve(dead.release()).catch(() => {});
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction || !isReadOnlyStatement(query.sql)) return run<R>(this.reserved, query);
    return withRetry(this.driver.retry, () => run<R>(this.reserved, query), () => this.replace());
  }

  // biome-ignore lint/correctness/useYield: streaming is not used by this app
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming queries are not supported by the Bun.SQL dialect");
  }
}

class BunSqlDriver implements Driver {
  constructor(
    private readonly sql: SQL,
    readonly retry: RetryPolicy,
  ) {}

  async init(): Promise<void> {}

  /** A connection from the pool; failing to get one is always safe to retry. */
  reserve(): Promise<Reserved> {
    return withRetry(this.retry, () => this.sql.reserve());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new BunSqlConnection(await this.reserve(), this);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = connection as BunSqlConnection;
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    const mode = settings.accessMode ? ` ${settings.accessMode}` : "";
    // Nothing has run in the transaction yet: a begin that met a dead connection goes again on a fresh one.
    await withRetry(this.retry, () => run(conn.reserved, CompiledQuery.raw(`begin${level}${mode}`)), () => conn.replace());
    conn.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as BunSqlConnection;
    try {
      await conn.executeQuery(CompiledQuery.raw("commit"));
    } finally {
      conn.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as BunSqlConnection;
    try {
      await conn.executeQuery(CompiledQuery.raw("rollback"));
    } catch (error) {
      // A dead connection's transaction is rolled back by the server; the caller's own error
      // (why it rolled back) is the one worth reporting, not this one.
      if (!isDatabaseUnavailable(error)) throw error;
    } finally {
      conn.inTransaction = false;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await (connection as BunSqlConnection).reserved.release();
  }

  async destroy(): Promise<void> {
    await this.sql.close();
  }
}

export class BunSqlPostgresDialect implements Dialect {
  constructor(
    private readonly sql: SQL,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new BunSqlDriver(this.sql, this.retry);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
