/**
 * Hand-written SQL for the few statements the chat send path runs per message batch.
 *
 * Kysely's query builder freezes a node per column, value and clause and compiles the tree on
 * every call; on SQLite that costs more than running the statement (profile and figures in
 * BENCHMARKS.md). Here the text is plain, so nothing is built: it goes as is through the same
 * Kysely executor, connection and transaction as every other query, and the SQLite statement
 * cache (create-db.ts) reuses its compiled statement.
 *
 * Inside a transaction on SQLite the statement runs on the transaction's connection directly:
 * Kysely's executor (connection hand-over, promise chain, result transform) costs about as much
 * again as a small statement. That is the same connection and the same transaction — the SQLite
 * driver has exactly one connection, and a transaction holds it until it ends — so nothing
 * changes but the cost. Outside a transaction it runs directly too while no transaction is open
 * on the connection (SQLite's own autocommit flag, `inTransaction`): bun:sqlite runs a statement
 * synchronously, so nothing can interleave with it, and it sees exactly the committed rows the
 * executor would have given it. While another request's transaction is open, it goes through the
 * executor, which waits for that transaction to end instead of reading its uncommitted rows (the
 * feed's read path, ADR 0013). Statements run directly count in `Db.stats` like any other.
 *
 * Write `?` placeholders; on Postgres they become `$1, $2, …` (converted once per text). The
 * texts must stay portable between SQLite and Postgres, and must not contain a literal `?`.
 * Everything that is not on a hot path uses the query builder, which type-checks it.
 */
import type { Database as SqliteDatabase } from "bun:sqlite";
import { PostgresAdapter, RawNode, createQueryId, type CompiledQuery, type DialectAdapter, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

type Q = Kysely<Database> | Transaction<Database>;

/** The SQLite connection behind a Kysely instance, by its adapter (a transaction shares its database's adapter). */
const sqliteConnections = new WeakMap<DialectAdapter, { connection: SqliteDatabase; counted?: () => void }>();

/**
 * Called by createDb: `connection` is what the Kysely driver itself uses (with its statement
 * cache); `counted` is called for each statement run here without the executor (Db.stats).
 */
export function registerSqliteConnection(db: Kysely<Database>, connection: SqliteDatabase, counted?: () => void): void {
  sqliteConnections.set(db.getExecutor().adapter, { connection, counted });
}

const postgresText = new Map<string, string>();
function forPostgres(text: string): string {
  let out = postgresText.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    postgresText.set(text, out);
  }
  return out;
}

/** `?, ?, ?` for an `in (…)` list or a row of values. */
export const placeholders = (count: number): string => (count === 1 ? "?" : `?${", ?".repeat(count - 1)}`);

/** Runs one statement on `db` (or the transaction `trx`) and returns its rows. */
export async function runSql<Row>(db: Q, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  const adapter = db.getExecutor().adapter;
  const sqlite = sqliteConnections.get(adapter);
  if (sqlite && (db.isTransaction || !sqlite.connection.inTransaction)) {
    sqlite.counted?.();
    return sqlite.connection.prepare(text).all(parameters as never) as Row[];
  }
  const sql = adapter instanceof PostgresAdapter ? forPostgres(text) : text;
  // CompiledQuery.raw would freeze the parameter array, which is most of its cost; nothing here mutates it.
  const query: CompiledQuery = { sql, parameters, query: RawNode.createWithSql(sql), queryId: createQueryId() };
  const result = await db.executeQuery<Row>(query);
  return result.rows as Row[];
}
