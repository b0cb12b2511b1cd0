/**
 * runSql's routes on SQLite: inside a transaction it runs on the transaction's connection (sees
 * its writes, is undone with it); outside one it runs at once while no transaction is open, and
 * otherwise waits for the connection like any Kysely query, never slipping into another
 * request's open transaction. Every statement counts in Db.stats (the feed's "constant number of
 * statements" test reads it). Postgres placeholders are covered by the chat and posts integration
 * tests on Postgres.
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

  test("outside a transaction, with none open, each statement still counts as a statement", async () => {
    const counted = createDb({ dataDir: dir, countQueries: true });
    try {
      const before = counted.stats.queries;
      await runSql(counted.db, "select count(*) as n from t", []);
      await runSql(counted.db, `insert into t (v) values (${placeholders(1)})`, ["counted"]);
      expect(counted.stats.queries - before).toBe(2);
      expect(await runSql(counted.db, "select v from t", [])).toEqual([{ v: "counted" }]);
    } finally {
      await counted.close();
    }
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
