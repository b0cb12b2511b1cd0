/**
 * The idempotency index of messages (a retried send never duplicates) with its columns swapped:
 * (client_id, author_id) instead of (author_id, client_id). Same rule — one message per author
 * and client id — but new entries now land where the last ones did: client ids start with the
 * time they were made (shared/chats.ts newClientId), so the index grows at its end instead of
 * taking a random leaf page per message, one per author. That is a third of the pages a message
 * batch writes (BENCHMARKS.md). The new index is built before the old one goes, so the rule holds
 * throughout. `on conflict (author_id, client_id)` matches it on both databases: the conflict
 * target is a set of columns.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("messages_client_author_uq").on("messages").columns(["client_id", "author_id"]).unique().execute();
  await db.schema.dropIndex("messages_author_client_uq").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("messages_author_client_uq").on("messages").columns(["author_id", "client_id"]).unique().execute();
  await db.schema.dropIndex("messages_client_author_uq").execute();
}
