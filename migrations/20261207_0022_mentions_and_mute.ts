/**
 * Issue 13: mentions and mute.
 * - message_mentions: one row per (message, mentioned member), written in the transaction that
 *   stores (or edits) the message. chat_id is copied from the message so "any unread mention of me
 *   in this chat" is one index range: (user_id, chat_id, message_id > my read marker).
 * - chat_members.muted_until: ms; null (or a time in the past) = not muted.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("message_mentions")
    .addColumn("message_id", "bigint", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("chat_id", "text", (c) => c.notNull().references("chats.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("message_mentions_pk", ["message_id", "user_id"])
    .execute();
  // "Unread mentions of me", per chat: user_id, chat_id, then message ids above my read marker.
  await db.schema.createIndex("message_mentions_user_idx").on("message_mentions").columns(["user_id", "chat_id", "message_id"]).execute();
  await db.schema.alterTable("chat_members").addColumn("muted_until", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("chat_members").dropColumn("muted_until").execute();
  await db.schema.dropTable("message_mentions").execute();
}
