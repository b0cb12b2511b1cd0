/**
 * A Kysely dialect for PostgreSQL over Bun's built-in client (`Bun.SQL`), so the compiled binary
 * needs no `pg` package. Each Kysely connection is a connection reserved from Bun's pool;
 * transactions run on that reserved connection.
 */
import { SQL } from "bun";
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

type Reserved = Awaited<ReturnType<SQL["reserve"]>>;

class BunSqlConnection implements DatabaseConnection {
  constructor(readonly reserved: Reserved) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.reserved.unsafe(query.sql, query.parameters as unknown[]);
    const rows = [...result] as R[];
    const command = result.command;
    const written = command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE";
    return written ? { rows, numAffectedRows: BigInt(result.affectedRows ?? result.count ?? 0) } : { rows };
  }

  // biome-ignore lint/correctness/useYield: streaming is not used by this app
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming queries are not supported by the Bun.SQL dialect");
  }
}

class BunSqlDriver implements Driver {
  constructor(private readonly sql: SQL) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new BunSqlConnection(await this.sql.reserve());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await connection.executeQuery(CompiledQuery.raw(`begin${level}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await (connection as BunSqlConnection).reserved.release();
  }

  async destroy(): Promise<void> {
    await this.sql.close();
  }
}

export class BunSqlPostgresDialect implements Dialect {
  constructor(private readonly sql: SQL) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new BunSqlDriver(this.sql);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
