/**
 * Registrations apart from accounts, and devices that signed in before.
 *
 * `registrations`: one row per attempt to register (email, chosen username, name, password hash),
 * each with its own emailed code and its own ticket (the sha256 of a cookie the registering
 * browser holds, for resends). The account is created only from the registration whose code was
 * entered, so nobody else's attempt with the same address can change it (account
 * pre-hijacking). A registration lives an hour at most, so it cannot hold a username for long.
 *
 * `known_devices`: the sha256 of a device cookie set on every successful sign-in; sign-in
 * throttling per email does not apply to a device that signed in to that account before.
 *
 * Accounts never confirmed become registrations: the id and the code hash carry over (the code
 * hash is sha256("verify_email:<id>:<code>") in both), so a code mailed before the upgrade works.
 */
import { sql, type Kysely } from "kysely";

const HOUR = 3_600_000;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("registrations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("first_name", "text", (c) => c.notNull())
    .addColumn("last_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("ticket_hash", "text", (c) => c.notNull())
    .addColumn("code_hash", "text")
    .addColumn("code_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("code_expires_at", "bigint", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("registrations_email_idx").on("registrations").columns(["email", "expires_at"]).execute();
  await db.schema.createIndex("registrations_username_idx").on("registrations").columns(["username", "expires_at"]).execute();
  await db.schema.createIndex("registrations_ticket_idx").on("registrations").column("ticket_hash").execute();
  await db.schema.createIndex("registrations_expires_idx").on("registrations").column("expires_at").execute();

  await db.schema
    .createTable("known_devices")
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("known_devices_pk", ["token_hash", "user_id"])
    .execute();
  await db.schema.createIndex("known_devices_user_idx").on("known_devices").column("user_id").execute();

  // Accounts never confirmed (they have no sessions, media or chats: they could not sign in).
  const now = Date.now();
  await sql`
    insert into registrations (id, email, username, first_name, last_name, password_hash, ticket_hash,
                               code_hash, code_attempts, code_expires_at, created_at, expires_at)
    select u.id, u.email, u.username, u.first_name, u.last_name, u.password_hash, '',
           c.code_hash, coalesce(c.attempts, 0), coalesce(c.expires_at, 0), u.created_at, ${now + HOUR}
    from users u left join email_codes c on c.user_id = u.id and c.purpose = 'verify_email'
    where u.email_verified_at is null`.execute(db);
  await sql`delete from users where email_verified_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("known_devices").execute();
  await db.schema.dropTable("registrations").execute();
}
