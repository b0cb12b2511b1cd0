import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { migrationNames } from "../../migrations/index.ts";
import { createDb } from "./create-db.ts";
import { migrateToLatest } from "./migrate.ts";

const dir = mkdtempSync(join(tmpdir(), "world-it-migrate-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("on a database with every migration applied the check is one statement; anything else goes through Kysely's Migrator and its checks", async () => {
  const db = createDb({ dataDir: dir, countQueries: true });
  try {
    expect(await migrateToLatest(db.db)).toEqual([...migrationNames].sort());

    db.stats.queries = 0;
    expect(await migrateToLatest(db.db)).toEqual([]);
    expect(db.stats.queries).toBe(1);

    // A migration this build does not have (a newer build ran here): not "up to date", and the
    // Migrator refuses it as before.
    await sql`insert into kysely_migration (name, timestamp) values ('29990101_0001_from_the_future', '2999-01-01T00:00:00.000Z')`.execute(db.db);
    db.stats.queries = 0;
    await expect(migrateToLatest(db.db)).rejects.toThrow(/29990101_0001_from_the_future/);
    expect(db.stats.queries).toBeGreaterThan(1);
  } finally {
    await db.close();
  }
});
