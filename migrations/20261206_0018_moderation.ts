/**
 * Moderation (#16): roles on accounts, suspensions, hidden posts and comments, resolved reports,
 * the append-only audit log (the database itself refuses to change or delete its rows), slow mode
 * for the public chat.
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  /** member | moderator | admin */
  await db.schema.alterTable("users").addColumn("role", "text", (c) => c.notNull().defaultTo("member")).execute();
  /** While set and in the future: no sign-in, no sessions, public content hidden. */
  await db.schema.alterTable("users").addColumn("suspended_until", "bigint").execute();
  await db.schema.createIndex("users_role_idx").on("users").columns(["role", "id"]).execute();

  for (const table of ["posts", "comments"]) {
    await db.schema.alterTable(table).addColumn("hidden_at", "bigint").execute();
    await db.schema.alterTable(table).addColumn("hidden_reason", "text").execute();
  }

  await db.schema.alterTable("reports").addColumn("resolved_by", "text").execute();
  await db.schema.alterTable("reports").addColumn("resolved_at", "bigint").execute();
  /** What was done: none | hide | suspend | clear_chat_name | clear_chat_avatar */
  await db.schema.alterTable("reports").addColumn("resolution", "text").execute();
  await db.schema.alterTable("reports").addColumn("resolution_note", "text").execute();
  await db.schema.createIndex("reports_target_idx").on("reports").columns(["status", "target_kind", "target_key", "id"]).execute();

  /** Seconds between one person's messages in the chat (0: off). Used for the public chat. */
  await db.schema.alterTable("chats").addColumn("slow_mode_seconds", "integer", (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable("moderation_log")
    .addColumn("id", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    /** Who acted (no foreign key: the log outlives what it names). */
    .addColumn("actor_id", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    /** user | post | comment | message | chat */
    .addColumn("target_kind", "text", (c) => c.notNull())
    .addColumn("target_key", "text", (c) => c.notNull())
    .addColumn("target_owner_id", "text")
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    /** JSON: the action's particulars (a suspension's end, a role given, the reports resolved). */
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("moderation_log_actor_idx").on("moderation_log").columns(["actor_id", "id"]).execute();
  await db.schema.createIndex("moderation_log_action_idx").on("moderation_log").columns(["action", "id"]).execute();
  await db.schema.createIndex("moderation_log_target_idx").on("moderation_log").columns(["target_kind", "target_key", "id"]).execute();

  if (postgres) {
    await sql`create function moderation_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'moderation_log is append-only'; end $$`.execute(db);
    await sql`create trigger moderation_log_no_change before update or delete on moderation_log
      for each row execute function moderation_log_append_only()`.execute(db);
    await sql`create trigger moderation_log_no_truncate before truncate on moderation_log
      for each statement execute function moderation_log_append_only()`.execute(db);
  } else {
    await sql`create trigger moderation_log_no_update before update on moderation_log
      begin select raise(abort, 'moderation_log is append-only'); end`.execute(db);
    await sql`create trigger moderation_log_no_delete before delete on moderation_log
      begin select raise(abort, 'moderation_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable("moderation_log").execute();
  if (postgres) await sql`drop function moderation_log_append_only()`.execute(db);
  await db.schema.alterTable("chats").dropColumn("slow_mode_seconds").execute();
  await db.schema.dropIndex("reports_target_idx").execute();
  for (const c of ["resolution_note", "resolution", "resolved_at", "resolved_by"]) await db.schema.alterTable("reports").dropColumn(c).execute();
  for (const table of ["posts", "comments"]) {
    await db.schema.alterTable(table).dropColumn("hidden_reason").execute();
    await db.schema.alterTable(table).dropColumn("hidden_at").execute();
  }
  await db.schema.dropIndex("users_role_idx").execute();
  await db.schema.alterTable("users").dropColumn("suspended_until").execute();
  await db.schema.alterTable("users").dropColumn("role").execute();
}
