/**
 * Editing my own message: the row keeps its id and place, its body is replaced, and `edited_at`
 * says when it was last edited (null: never), so clients can mark it "(edited)". A nullable
 * bigint column is the same statement on SQLite and Postgres (like 0006).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").addColumn("edited_at", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").dropColumn("edited_at").execute();
}
