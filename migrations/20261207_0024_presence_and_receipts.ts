/**
 * Issue 13: presence, last seen, read-receipt privacy. Three columns on users:
 * - last_seen_at: ms, when the person was last online (written at most once a minute per person
 *   by server/realtime/presence.ts); null: never seen since this migration.
 * - last_seen_visible: 0 or 1 (portable boolean), default 1: others may see my exact last seen
 *   (and, like Telegram, I see theirs only while mine is shared).
 * - read_receipts: 0 or 1, default 1: others get my read markers (chat.seen, othersReadId, "Seen by")
 *   and I get theirs only while mine are shared.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("last_seen_at", "bigint").execute();
  await db.schema.alterTable("users").addColumn("last_seen_visible", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("users").addColumn("read_receipts", "integer", (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("read_receipts").execute();
  await db.schema.alterTable("users").dropColumn("last_seen_visible").execute();
  await db.schema.alterTable("users").dropColumn("last_seen_at").execute();
}
