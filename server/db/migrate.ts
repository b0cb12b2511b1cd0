import { sql, type Kysely } from "kysely";
import { DEFAULT_MIGRATION_TABLE, Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import { migrations } from "../../migrations/index.ts";

/** Migrations are imported statically so they are inside the compiled binary. */
const provider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  },
};

/**
 * Whether every migration is applied, and no other, in one query (a start on a migrated database,
 * bench:start): Kysely's Migrator creates its tables if needed, takes its lock and reads them in a
 * transaction — a dozen statements — before finding nothing to do. False whenever anything
 * differs or the table is not there yet: then the Migrator runs as always.
 */
async function upToDate(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    const applied = new Set(rows.map((r) => r.name));
    const names = Object.keys(migrations);
    return applied.size === names.length && names.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String((error as Error)?.message ?? error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
