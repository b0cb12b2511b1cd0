/**
 * Deleting a message "for everyone" is a soft delete: the row stays as a tombstone (body emptied,
 * images gone) so message ids, keyset history and resume keep working, and `deleted_at` says when
 * its author deleted it (null: not deleted). A nullable bigint column is the same statement on
 * SQLite and Postgres, so unlike 0005 there is no dialect to check.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").addColumn("deleted_at", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").dropColumn("deleted_at").execute();
}
