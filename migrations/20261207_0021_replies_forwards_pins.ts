/**
 * Issue 13: replies, forwards, pins. All nullable columns, the same statements on SQLite and
 * Postgres (like 0006/0008):
 * - messages.reply_to_id: the message (of the same chat) this one answers. Its quote is read from
 *   the original when the reply is read, so an original deleted later shows "deleted" everywhere.
 *   The partial index finds a message's replies (a delete marks them changed for chats.changes).
 * - messages.forwarded_from_user_id: whose words a forwarded copy carries (the name is read live).
 * - chats.pinned_message_id / pinned_by / pinned_at: the chat's one pinned message.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").addColumn("reply_to_id", "bigint").execute();
  await db.schema.alterTable("messages").addColumn("forwarded_from_user_id", "text").execute();
  await db.schema
    .createIndex("messages_reply_to_idx")
    .on("messages")
    .column("reply_to_id")
    .where(sql.ref("reply_to_id"), "is not", null)
    .execute();
  await db.schema.alterTable("chats").addColumn("pinned_message_id", "bigint").execute();
  await db.schema.alterTable("chats").addColumn("pinned_by", "text").execute();
  await db.schema.alterTable("chats").addColumn("pinned_at", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("chats").dropColumn("pinned_at").execute();
  await db.schema.alterTable("chats").dropColumn("pinned_by").execute();
  await db.schema.alterTable("chats").dropColumn("pinned_message_id").execute();
  await db.schema.dropIndex("messages_reply_to_idx").execute();
  await db.schema.alterTable("messages").dropColumn("forwarded_from_user_id").execute();
  await db.schema.alterTable("messages").dropColumn("reply_to_id").execute();
}
