import { sql, type Kysely } from "kysely";
import { loadMigrations, migrationNames } from "../../migrations/index.ts";

/** Where the Migrator keeps the applied migrations (Kysely's default name, given outright). */
const MIGRATION_TABLE = "kysely_migration";

/**
 * Whether every migration is applied, and no other, in one query (a start on a migrated database,
 * bench:start): Kysely's Migrator creates its tables if needed, takes its lock and reads them in a
 * transaction — a dozen statements — before finding nothing to do. False whenever anything
 * differs or the table is not there yet: then the Migrator runs as always.
 */
async function upToDate(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
    const applied = new Set(rows.map((r) => r.name));
    return applied.size === migrationNames.length && migrationNames.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/**
 * Applies the migrations not applied yet; returns their names. The Migrator and the migrations'
 * code load only then (dynamic imports): a start on a migrated database reads one table and
 * loads neither (ADR 0029).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const [{ Migrator }, migrations] = await Promise.all([import("kysely/migration"), loadMigrations()]);
  const migrator = new Migrator({ db, migrationTableName: MIGRATION_TABLE, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String((error as Error)?.message ?? error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
