/**
 * Version counters for the chat send path's in-process caches (SQLite only; ADR 0009).
 *
 * Every message batch needs the members of its chats (to authorise the authors and address the
 * chat-list frames) and its authors' names and avatars. Both change rarely, so the server keeps
 * them in memory and checks one row per batch: `members` goes up with any change to who is in
 * which chat (a row of chat_members added, removed or moved to another chat or user), `people` with any change to a user's name, username or avatar, or a deleted user.
 * Triggers bump them in the same transaction as the change itself, whatever wrote it (a service,
 * a foreign-key cascade, a hand-run SQL statement), so a batch that reads an unchanged counter
 * knows its cached rows are exactly what the tables hold.
 *
 * Postgres does nothing here: there the send path reads the tables (several instances would
 * otherwise all contend on one counter row).
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";

const bump = (column: string) => sql.raw(`update send_path_versions set ${column} = ${column} + 1 where id = 1;`);

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema
    .createTable("send_path_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("members", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("people", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto("send_path_versions").values({ id: 1 }).execute();
  const triggers = [
    ["chat_members_insert_version", "after insert on chat_members", "members"],
    // Not on last_read_id or joined_at: reading a chat must not empty the cache.
    ["chat_members_update_version", "after update of chat_id, user_id on chat_members", "members"],
    ["chat_members_delete_version", "after delete on chat_members", "members"],
    ["users_person_version", "after update of username, first_name, last_name, avatar_media_id on users", "people"],
    ["users_delete_version", "after delete on users", "people"],
  ] as const;
  for (const [name, when, column] of triggers) {
    await sql`create trigger ${sql.raw(name)} ${sql.raw(when)} begin ${bump(column)} end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  for (const name of ["chat_members_insert_version", "chat_members_update_version", "chat_members_delete_version", "users_person_version", "users_delete_version"]) {
    await sql`drop trigger if exists ${sql.raw(name)}`.execute(db);
  }
  await db.schema.dropTable("send_path_versions").execute();
}
