/**
 * Emoji reactions on messages: one row per (message, person, emoji), so a person has at most one
 * reaction per emoji on a message (the primary key makes "on" idempotent) and may have several
 * different ones. Rows go with their message (a deleted group) or their person (ON DELETE
 * CASCADE). The primary key starts with message_id, which is what history reads by (the reactions
 * of a page's messages, "message_id in (...)"): no other index is needed.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("message_reactions")
    .addColumn("message_id", "bigint", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("emoji", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("message_reactions_pk", ["message_id", "user_id", "emoji"])
    .execute();
  // Deleting a person cascades here by user_id: without an index that is a scan of every reaction.
  await db.schema.createIndex("message_reactions_user_idx").on("message_reactions").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("message_reactions").execute();
}
