/**
 * Issue 15: web push.
 * - push_keys: the application server's VAPID key pair (name "vapid"), made once on first use and
 *   kept: browsers' subscriptions are bound to its public key, so a new pair orphans every device.
 * - push_subscriptions: one row per device (a browser's push endpoint), for the person signed in
 *   there, tied to that session: signing out (or any end of the session) deletes the row by cascade.
 *   show_text: 1 = notifications of this device may carry message and comment text.
 */
import { PostgresAdapter, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable("push_keys")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("private_key", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("push_subscriptions")
    .addColumn("id", postgres ? "bigserial" : "integer", serial)
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("session_id", "text", (c) => c.references("sessions.id").onDelete("cascade"))
    .addColumn("endpoint", "text", (c) => c.notNull().unique())
    .addColumn("p256dh", "text", (c) => c.notNull())
    .addColumn("auth", "text", (c) => c.notNull())
    .addColumn("show_text", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("lang", "text", (c) => c.notNull().defaultTo("uk"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_sent_at", "bigint")
    .execute();
  await db.schema.createIndex("push_subscriptions_user_idx").on("push_subscriptions").columns(["user_id", "id"]).execute();
  await db.schema.createIndex("push_subscriptions_session_idx").on("push_subscriptions").column("session_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("push_subscriptions").execute();
  await db.schema.dropTable("push_keys").execute();
}
