/**
 * Issue 12: the SQLite search index (migration 0023) is filled in batches instead of one row per
 * send. FTS5 writes a new index segment for every transaction that adds to it, so with group
 * commit at 2,000 messages/s (batches of one or two) the insert trigger doubled the pages each
 * commit wrote (and the merges behind them): a one-message commit cost 150–245 µs of CPU instead
 * of 84–90 µs (BENCHMARKS.md, chat). See ADR 0028.
 * - message_search_progress (one row): every message with an id up to `indexed_upto` is in the
 *   index (when it is a text message, not deleted). Above it, nothing is: the send path's insert
 *   no longer touches FTS5.
 * - server/features/message-search/search-index.ts adds the rows above it in one transaction per
 *   batch (a timer after sends, and before every search, so a search still finds every message
 *   sent before it), then moves `indexed_upto`.
 * - The update and delete triggers still remove (and re-add) the text a row had, but only for a
 *   row that is in the index (id ≤ indexed_upto): an edit or tombstone of a row not indexed yet
 *   needs nothing, the batch indexes what the row holds then. So a deleted or edited-away text is
 *   still never found.
 * Postgres (a GIN expression index, always current) is unchanged.
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";

const indexed = (row: "new" | "old") => sql.raw(`${row}.kind = 'text' and ${row}.deleted_at is null`);
const inIndex = (row: "new" | "old") => sql.raw(`${row}.id <= (select indexed_upto from message_search_progress where id = 1)`);

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table message_search_progress (id integer primary key check (id = 1), indexed_upto integer not null)`.execute(db);
  // Migration 0023's triggers indexed every row so far.
  await sql`insert into message_search_progress (id, indexed_upto) select 1, coalesce(max(id), 0) from messages`.execute(db);
  for (const t of ["messages_fts_insert", "messages_fts_update", "messages_fts_delete"]) await sql.raw(`drop trigger ${t}`).execute(db);
  await sql`create trigger messages_fts_update after update of body, deleted_at, kind on messages when ${inIndex("old")} begin
      insert into messages_fts (messages_fts, rowid, body) select 'delete', old.id, old.body where ${indexed("old")};
      insert into messages_fts (rowid, body) select new.id, new.body where ${indexed("new")};
    end`.execute(db);
  await sql`create trigger messages_fts_delete after delete on messages when ${indexed("old")} and ${inIndex("old")} begin
      insert into messages_fts (messages_fts, rowid, body) values ('delete', old.id, old.body);
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  // Index what is still waiting, then back to one row per insert (migration 0023's triggers).
  await sql`insert into messages_fts (rowid, body) select id, body from messages
      where id > (select indexed_upto from message_search_progress where id = 1) and ${sql.raw("kind = 'text' and deleted_at is null")}`.execute(db);
  for (const t of ["messages_fts_update", "messages_fts_delete"]) await sql.raw(`drop trigger ${t}`).execute(db);
  await sql`drop table message_search_progress`.execute(db);
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
}
