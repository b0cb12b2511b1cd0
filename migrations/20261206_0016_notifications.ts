/**
 * Notifications (shared/notifications.ts), grouped on write: one group per person, kind and
 * subject ("likes on post 12"), with one event row per actor (and per comment for comments).
 * Events are written in the transaction of what caused them and deleted by its undo; a group
 * whose last event goes is deleted. `latest_event_id` orders the list (keyset) and tells seen
 * from unseen against the person's `seen_up_to` marker.
 */
import { PostgresAdapter, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable("notification_groups")
    .addColumn("id", postgres ? "bigserial" : "integer", serial)
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    /** What it is about: "post:<id>", "comment:<id>", "friends". */
    .addColumn("subject_key", "text", (c) => c.notNull())
    .addColumn("latest_event_id", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("events_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("notification_groups_subject", ["user_id", "kind", "subject_key"])
    .execute();
  await db.schema.createIndex("notification_groups_list_idx").on("notification_groups").columns(["user_id", "latest_event_id"]).execute();

  await db.schema
    .createTable("notification_events")
    .addColumn("id", postgres ? "bigserial" : "integer", serial)
    .addColumn("group_id", "bigint", (c) => c.notNull().references("notification_groups.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** Tells apart several events of one actor in a group (a comment's id); "" otherwise. */
    .addColumn("ref", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("notification_events_once", ["group_id", "actor_id", "ref"])
    .execute();
  await db.schema.createIndex("notification_events_group_idx").on("notification_events").columns(["group_id", "id"]).execute();
  await db.schema.createIndex("notification_events_actor_idx").on("notification_events").columns(["actor_id"]).execute();

  await db.schema
    .createTable("notification_state")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("seen_up_to", "bigint", (c) => c.notNull().defaultTo(0))
    /** JSON array of the kinds this person does not want shown. */
    .addColumn("hidden_kinds", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["notification_state", "notification_events", "notification_groups"]) await db.schema.dropTable(table).execute();
}
