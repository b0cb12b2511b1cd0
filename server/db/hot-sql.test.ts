/**
 * runSql's two routes on SQLite: inside a transaction it runs on the transaction's connection
 * (sees its writes, is undone with it); outside one it must wait for the connection like any
 * Kysely query, never slipping into another request's open transaction. Postgres placeholders
 * are covered by every chat integration test on Postgres.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { createDb, type Db } from "./create-db.ts";
import { placeholders, runSql } from "./hot-sql.ts";

let dir: string;
let handle: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "wit-hot-sql-"));
  handle = createDb({ dataDir: dir });
  await sql`create table t (id integer primary key, v text not null)`.execute(handle.db);
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async () => (await runSql<{ n: number }>(handle.db, "select count(*) as n from t", []))[0]!.n;

describe("hand-written send-path SQL on SQLite", () => {
  test("placeholders lists as many ? as asked", () => {
    expect(placeholders(1)).toBe("?");
    expect(placeholders(3)).toBe("?, ?, ?");
  });

  test("inside a transaction it sees the transaction's own writes, and a rollback undoes what it wrote", async () => {
    const failed = handle.db.transaction().execute(async (trx) => {
      await runSql(trx, `insert into t (v) values (${placeholders(1)})`, ["inside"]);
      expect(await runSql(trx, "select v from t", [])).toEqual([{ v: "inside" }]);
      throw new Error("roll back");
    });
    await expect(failed).rejects.toThrow("roll back");
    expect(await count()).toBe(0);
  });

  test("outside a transaction it waits for another request's open transaction instead of reading its uncommitted rows", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const other = handle.db.transaction().execute(async (trx) => {
      await sql`insert into t (v) values ('uncommitted')`.execute(trx);
      inserted();
      await gate;
      throw new Error("roll back");
    });
    await didInsert;
    const outside = count();
    await Bun.sleep(20);
    release();
    await expect(other).rejects.toThrow("roll back");
    // Had it run on the shared connection at once, it would have counted the uncommitted row.
    expect(await outside).toBe(0);
  });
});
