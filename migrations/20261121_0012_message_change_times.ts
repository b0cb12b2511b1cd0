/**
 * When a message last changed after it was sent (edited, deleted, reacted to): `changed_at`,
 * null for one never changed. A client that was offline asks for the messages of a chat changed
 * since it last opened it (chats.changes), so a message older than the page it re-reads is
 * caught up too. The index holds changed messages only: sending, which never sets the column,
 * writes nothing to it.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").addColumn("changed_at", "bigint").execute();
  await db.schema
    .createIndex("messages_changed_idx")
    .on("messages")
    .columns(["chat_id", "changed_at", "id"])
    .where(sql.ref("changed_at"), "is not", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("messages_changed_idx").execute();
  await db.schema.alterTable("messages").dropColumn("changed_at").execute();
}
