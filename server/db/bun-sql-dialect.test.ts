/**
 * What the Postgres dialect runs again after a transient connection error, and what it must not:
 * against a scripted stand-in for Bun.SQL's pool (no server needed), so every case is exact.
 * The whole path against a real Postgres behind a cut connection: tests/integration/postgres-restart.test.ts.
 */
import { describe, expect, test } from "bun:test";
import type { SQL } from "bun";
import { CompiledQuery, Kysely } from "kysely";
import { BunSqlPostgresDialect } from "./bun-sql-dialect.ts";
import { isDatabaseUnavailable, isReadOnlyStatement } from "./db-errors.ts";

const closed = () => Object.assign(new Error("Connection closed"), { code: "ERR_POSTGRES_CONNECTION_CLOSED" });
const refused = () => Object.assign(new Error("Connection closed before the connection was established"), { code: "ERR_POSTGRES_CONNECTION_FAILED" });
const serverError = (errno: string) => Object.assign(new Error(`server error ${errno}`), { code: "ERR_POSTGRES_SERVER_ERROR", errno });

/** A pool whose connections are numbered; `dead` ones fail every statement as a dropped connection would. */
function fakePool() {
  let next = 1;
  const dead = new Set<number>();
  const released: number[] = [];
  const ran: Array<{ conn: number; sql: string }> = [];
  /** Errors the next reserve() calls throw, in order. */
  const reserveFailures: Error[] = [];
  /** A statement (by its text) that fails once with this error on any connection. */
  const failOnce = new Map<string, Error>();
  const sql = {
    async reserve() {
      const failure = reserveFailures.shift();
      if (failure) throw failure;
      const conn = next++;
      return {
        async unsafe(text: string) {
          ran.push({ conn, sql: text });
          if (dead.has(conn)) throw closed();
          const once = failOnce.get(text);
          if (once) {
            failOnce.delete(text);
            throw once;
          }
          const command = text.split(" ")[0]!.toUpperCase();
          return Object.assign([{ ok: 1 }], { command, count: 1, affectedRows: command === "INSERT" ? 1 : 0 });
        },
        release() {
          released.push(conn);
        },
      };
    },
    async close() {},
  };
  const db = new Kysely<any>({ dialect: new BunSqlPostgresDialect(sql as unknown as SQL, { delaysMs: [1, 1], retryWindowMs: 5_000 }) });
  return { db, dead, released, ran, reserveFailures, failOnce, nextConn: () => next };
}

const run = (db: Kysely<any>, text: string) => db.executeQuery(CompiledQuery.raw(text));

describe("the Postgres dialect after a transient connection error", () => {
  test("a read outside a transaction that met a dead connection runs again on a fresh one and answers", async () => {
    const pool = fakePool();
    pool.dead.add(1);
    const result = await run(pool.db, "select 1 as ok");
    expect(result.rows).toEqual([{ ok: 1 }]);
    expect(pool.ran).toEqual([
      { conn: 1, sql: "select 1 as ok" },
      { conn: 2, sql: "select 1 as ok" },
    ]);
    // The dead one went back to the pool (which drops it); the fresh one too, after the query.
    expect(pool.released.sort()).toEqual([1, 2]);
  });

  test("a write outside a transaction is not sent again: its outcome is unknown", async () => {
    const pool = fakePool();
    pool.dead.add(1);
    const error = await run(pool.db, "insert into t values (1)").catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(pool.ran).toEqual([{ conn: 1, sql: "insert into t values (1)" }]);
  });

  test("a connection that cannot be had yet is asked for again", async () => {
    const pool = fakePool();
    pool.reserveFailures.push(refused());
    expect((await run(pool.db, "update t set a = 1")).numAffectedRows).toBe(0n);
    expect(pool.ran).toEqual([{ conn: 1, sql: "update t set a = 1" }]);
  });

  test("a begin that met a dead connection goes again on a fresh one, and the transaction runs there", async () => {
    const pool = fakePool();
    pool.dead.add(1);
    await pool.db.transaction().execute(async (trx) => {
      await run(trx, "insert into t values (1)");
    });
    expect(pool.ran).toEqual([
      { conn: 1, sql: "begin" },
      { conn: 2, sql: "begin" },
      { conn: 2, sql: "insert into t values (1)" },
      { conn: 2, sql: "commit" },
    ]);
  });

  test("inside a transaction not even a read is retried, and the dead connection's rollback does not hide why it failed", async () => {
    const pool = fakePool();
    const error = await pool.db
      .transaction()
      .execute(async (trx) => {
        await run(trx, "insert into t values (1)");
        pool.dead.add(1);
        await run(trx, "select 1 as ok");
      })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("ERR_POSTGRES_CONNECTION_CLOSED");
    expect(pool.ran.map((r) => `${r.conn}:${r.sql}`)).toEqual(["1:begin", "1:insert into t values (1)", "1:select 1 as ok", "1:rollback"]);
  });

  test("a commit whose answer was lost is not sent again", async () => {
    const pool = fakePool();
    pool.failOnce.set("commit", closed());
    const error = await pool.db
      .transaction()
      .execute((trx) => run(trx, "insert into t values (1)"))
      .catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(pool.ran.filter((r) => r.sql === "commit")).toHaveLength(1);
  });

  test("retries stop after the policy's count, and an error of the statement itself is never retried", async () => {
    const pool = fakePool();
    for (let i = 1; i <= 10; i++) pool.dead.add(i);
    expect(isDatabaseUnavailable(await run(pool.db, "select 1 as ok").catch((e: unknown) => e))).toBe(true);
    expect(pool.ran).toHaveLength(3);

    const again = fakePool();
    again.failOnce.set("select pg_sleep(60)", serverError("57014"));
    const timeout = await run(again.db, "select pg_sleep(60)").catch((e: unknown) => e);
    expect((timeout as { errno?: string }).errno).toBe("57014");
    expect(isDatabaseUnavailable(timeout)).toBe(false);
    expect(again.ran).toHaveLength(1);
  });
});

describe("which errors and statements count", () => {
  test("dropped, refused and shut-down connections are transient; statement errors are not", () => {
    expect(isDatabaseUnavailable(closed())).toBe(true);
    expect(isDatabaseUnavailable(refused())).toBe(true);
    expect(isDatabaseUnavailable(serverError("57P01"))).toBe(true);
    expect(isDatabaseUnavailable(serverError("08006"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("wrapped"), { cause: closed() }))).toBe(true);
    expect(isDatabaseUnavailable(serverError("23505"))).toBe(false);
    expect(isDatabaseUnavailable(serverError("57014"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("anything"))).toBe(false);
  });

  test("only statements that cannot write are reads", () => {
    expect(isReadOnlyStatement('select "id", "updated_at", "deleted_at" from "posts" where "id" = $1')).toBe(true);
    expect(isReadOnlyStatement("  WITH x AS (select 1) select * from x")).toBe(true);
    expect(isReadOnlyStatement('select * from "chats" where "id" in ($1) for update')).toBe(false);
    expect(isReadOnlyStatement("with moved as (delete from t returning *) select * from moved")).toBe(false);
    expect(isReadOnlyStatement("select nextval('s')")).toBe(false);
    expect(isReadOnlyStatement("insert into t select * from u")).toBe(false);
    expect(isReadOnlyStatement("update t set a = 1")).toBe(false);
  });
});
