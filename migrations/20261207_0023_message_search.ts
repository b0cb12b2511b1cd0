/**
 * Issue 13: message search. The index is kept by the database itself, in the writer's
 * transaction (insert, edit, tombstone, delete), so no send-path code changes and a search never
 * finds text that is deleted or edited away. Only people's words are indexed: text messages
 * (kind 'text') that are not deleted; a system message ("Olena added Taras") is never found.
 * - SQLite: an external-content FTS5 table over messages(body) (the text is not stored twice),
 *   tokenizer unicode61 with remove_diacritics 2 (case folding for Cyrillic and Latin), kept by
 *   three triggers; an external-content table must be told the exact old text to remove it, so
 *   each trigger removes what the row had when it was indexed and adds what it has now.
 * - Postgres: a partial GIN expression index on to_tsvector('simple', body) (no stock Ukrainian
 *   stemmer: 'simple' lowercases and splits; queries use prefix matching `:*`); an index on an
 *   expression of the row is always current, nothing to keep.
 * See docs/decisions/0023-message-search.md.
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create index messages_search_idx on messages using gin (to_tsvector('simple', body)) where kind = 'text' and deleted_at is null`.execute(db);
    return;
  }
  await sql`create virtual table messages_fts using fts5(body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  const indexed = (row: "new" | "old") => sql.raw(`${row}.kind = 'text' and ${row}.deleted_at is null`);
  await sql`create trigger messages_fts_insert after insert on messages when ${indexed("new")} begin
      insert into messages_fts (rowid, body) values (new.id, new.body);
    end`.execute(db);
  await sql`create trigger messages_fts_update after update of body, deleted_at, kind on messages begin
      insert into messages_fts (messages_fts, rowid, body) select 'delete', old.id, old.body where ${indexed("old")};
      insert into messages_fts (rowid, body) select new.id, new.body where ${indexed("new")};
    end`.execute(db);
  await sql`create trigger messages_fts_delete after delete on messages when ${indexed("old")} begin
      insert into messages_fts (messages_fts, rowid, body) values ('delete', old.id, old.body);
    end`.execute(db);
  await sql`insert into messages_fts (rowid, body) select id, body from messages where kind = 'text' and deleted_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index if exists messages_search_idx`.execute(db);
    return;
  }
  for (const t of ["messages_fts_insert", "messages_fts_update", "messages_fts_delete"]) await sql.raw(`drop trigger if exists ${t}`).execute(db);
  await sql`drop table if exists messages_fts`.execute(db);
}
