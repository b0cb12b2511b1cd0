/**
 * The social graph (shared/friends.ts): one relation row per pair of people in canonical order
 * (user_a < user_b, so two people asking each other at the same instant meet on one primary key),
 * blocks, dismissed recommendations, reports, the privacy settings on users, and a search index of
 * people's names (normalised words: prefix search that ignores case and accents).
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";

/** Frozen copy of server/features/friends/people-search.ts `searchTerms` as of this migration. */
function normalise(s: string): string {
  return s.normalize("NFD").replace(/\p{M}+/gu, "").toLocaleLowerCase("uk-UA").replace(/\s+/g, " ").trim();
}
function terms(p: { username: string; first_name: string; last_name: string }): string[] {
  const first = normalise(p.first_name);
  const last = normalise(p.last_name);
  const list = [normalise(p.username), first, last, `${first} ${last}`, `${last} ${first}`].map((t) => t.trim());
  return [...new Set(list.filter((t) => t.length > 0))];
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable("relations")
    .addColumn("user_a", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("user_b", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** pending | friends | following */
    .addColumn("status", "text", (c) => c.notNull())
    /** Who asked (pending), or who follows (following); for friends, who asked first. */
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("relations_pk", ["user_a", "user_b"])
    .execute();
  // The pair's other side: a person's relations where they are user_b.
  await db.schema.createIndex("relations_b_idx").on("relations").columns(["user_b", "user_a"]).execute();
  // Lists newest first (friends since, requests received) for either side.
  await db.schema.createIndex("relations_a_status_idx").on("relations").columns(["user_a", "status", "updated_at"]).execute();
  await db.schema.createIndex("relations_b_status_idx").on("relations").columns(["user_b", "status", "updated_at"]).execute();

  await db.schema
    .createTable("blocks")
    .addColumn("blocker_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("blocked_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("blocks_pk", ["blocker_id", "blocked_id"])
    .execute();
  await db.schema.createIndex("blocks_blocked_idx").on("blocks").columns(["blocked_id", "blocker_id"]).execute();

  await db.schema
    .createTable("recommendation_dismissals")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("dismissed_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("recommendation_dismissals_pk", ["user_id", "dismissed_id"])
    .execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", postgres ? "bigserial" : "integer", serial)
    .addColumn("reporter_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** user | post | comment | message */
    .addColumn("target_kind", "text", (c) => c.notNull())
    /** The target's id (a message: "<chatId>:<messageId>"). */
    .addColumn("target_key", "text", (c) => c.notNull())
    /** Whose content it is (for moderators; null when it is gone). */
    .addColumn("target_owner_id", "text")
    /** JSON: what was reported, as it was when reported. */
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("reports_once", ["reporter_id", "target_kind", "target_key"])
    .execute();
  await db.schema.createIndex("reports_status_idx").on("reports").columns(["status", "id"]).execute();

  await db.schema
    .createTable("people_search")
    // Byte order on Postgres as on SQLite, so a prefix is one index range (not the locale's order,
    // which skips spaces).
    .addColumn("term", "text", (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("people_search_pk", ["term", "user_id"])
    .execute();
  await db.schema.createIndex("people_search_user_idx").on("people_search").column("user_id").execute();

  await db.schema.alterTable("users").addColumn("chat_from", "text", (c) => c.notNull().defaultTo("everyone")).execute();
  await db.schema.alterTable("users").addColumn("friends_list_visible_to", "text", (c) => c.notNull().defaultTo("everyone")).execute();
  // Recently active people (recommendations for someone with no friends yet).
  await db.schema.createIndex("sessions_last_active_idx").on("sessions").columns(["last_active_at", "user_id"]).execute();

  const people = await db.selectFrom("users").select(["id", "username", "first_name", "last_name"]).where("email_verified_at", "is not", null).execute();
  const rows = people.flatMap((p: any) => terms(p).map((term) => ({ term, user_id: p.id })));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("people_search").values(rows.slice(i, i + 500)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("sessions_last_active_idx").execute();
  await db.schema.alterTable("users").dropColumn("friends_list_visible_to").execute();
  await db.schema.alterTable("users").dropColumn("chat_from").execute();
  for (const table of ["people_search", "reports", "recommendation_dismissals", "blocks", "relations"]) {
    await db.schema.dropTable(table).execute();
  }
}
