import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "./create-db.ts";
import { migrateToLatest } from "./migrate.ts";
import { buildTemplate, seedFromTemplate } from "./sqlite-template.ts";

const dir = mkdtempSync(join(tmpdir(), "world-it-template-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A row as text without its times (`*_at`: the template's rows were made when it was built). */
const withoutTimes = (row: unknown) => JSON.stringify(Object.entries(row as object).filter(([k]) => !k.endsWith("_at")));

/** Every schema object and every row of every table (the migrations table's times left out). */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  const schema = db.query("select type, name, tbl_name, sql from sqlite_master order by type, name").all();
  const tables = (db.query("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>).map((t) => t.name);
  const rows = Object.fromEntries(
    tables.map((t) => [t, db.query(t === "kysely_migration" ? `select name from "${t}"` : `select * from "${t}"`).all().map(withoutTimes).sort()]),
  );
  db.close();
  return { schema, rows };
}

test("a database seeded from the template is the same as one migrated from nothing, and needs no migration", async () => {
  const template = join(dir, "template.sqlite");
  const applied = await buildTemplate(template);
  expect(applied.length).toBeGreaterThan(20);

  const migratedDir = join(dir, "migrated");
  const migrated = createDb({ dataDir: migratedDir });
  await migrateToLatest(migrated.db);
  await migrated.close();

  const seededDir = join(dir, "seeded");
  expect(await seedFromTemplate(join(seededDir, "world-it.sqlite"), template)).toBe(true);
  const seeded = createDb({ dataDir: seededDir });
  expect(await migrateToLatest(seeded.db)).toEqual([]);
  await seeded.close();

  expect(snapshot(join(seededDir, "world-it.sqlite"))).toEqual(snapshot(join(migratedDir, "world-it.sqlite")));
});

test("an existing database is never overwritten by the template, and two starts at once write it once", async () => {
  const template = join(dir, "template2.sqlite");
  await buildTemplate(template);
  const file = join(dir, "existing", "world-it.sqlite");
  await seedFromTemplate(file, template);
  writeFileSync(file, "not the template");
  expect(await seedFromTemplate(file, template)).toBe(false);
  expect(readFileSync(file, "utf8")).toBe("not the template");

  const racedFile = join(dir, "raced", "world-it.sqlite");
  const results = await Promise.all([seedFromTemplate(racedFile, template), seedFromTemplate(racedFile, template)]);
  expect(results.filter(Boolean)).toHaveLength(1);
  expect(readFileSync(racedFile)).toEqual(readFileSync(template));
});
