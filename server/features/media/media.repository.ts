/** All SQL of the media table. First argument: db or trx. */
import { sql, type Kysely, type Transaction } from "kysely";
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { Database, MediaTable } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;
export type MediaRow = MediaTable;

export const insertMedia = (db: Q, row: MediaRow) => db.insertInto("media").values(row).execute();

export const findMedia = (db: Q, id: string) => db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirst();

/** One query for the whole list. */
/** Hand-written (every profile, feed page and chat list with pictures reads it; BENCHMARKS.md "HTTP"). */
export const findMediaMany = (db: Q, ids: readonly string[]) =>
  ids.length ? runSql<MediaRow>(db, `select * from "media" where "id" in (${placeholders(ids.length)})`, ids) : Promise.resolve([]);

export async function sumBytes(db: Q, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom("media")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string | bigint>("bytes"), sql<number>`0`).as("total"))
    .where("owner_id", "=", ownerId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/**
 * Serialises quota checks of one owner across connections and instances for the rest of the
 * transaction. Postgres: a transaction-scoped advisory lock. SQLite: nothing to do — every
 * transaction already runs alone on the single connection.
 */
export async function lockOwnerQuota(trx: Transaction<Database>, kind: "sqlite" | "postgres", ownerId: string) {
  if (kind === "postgres") await sql`select pg_advisory_xact_lock(hashtextextended(${`media-quota:${ownerId}`}, 0))`.execute(trx);
}

/** Deletes the rows (only `ownerId`'s when given) and returns what was deleted. */
export async function deleteMedia(db: Q, ids: readonly string[], ownerId?: string) {
  if (!ids.length) return [];
  let query = db.deleteFrom("media").where("id", "in", ids);
  if (ownerId) query = query.where("owner_id", "=", ownerId);
  return query.returning(["id", "variants"]).execute();
}
