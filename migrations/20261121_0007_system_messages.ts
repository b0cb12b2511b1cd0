/**
 * System messages ("Olena added Taras"): group changes shown in the conversation. They are rows
 * of `messages` like any other, so ids, keyset history, resume and the chat list's last message
 * work unchanged; `kind` tells them apart ('text' | 'system'), and a system message's body is a
 * small JSON event (shared/chats.ts systemEventSchema). A not-null text column with a default is
 * the same statement on SQLite and Postgres, and existing rows become 'text'. The send path's
 * insert does not name the column: every message it stores gets the default.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").addColumn("kind", "text", (c) => c.notNull().defaultTo("text")).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").dropColumn("kind").execute();
}
