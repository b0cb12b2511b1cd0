/**
 * Accounts, part two (#17): TOTP two-factor with hashed recovery codes, passkeys (WebAuthn),
 * second-factor sign-in tickets, data exports and account deletion with a grace period.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  /** Base32 TOTP secret; set by totpBegin, live once totp_enabled_at is set. */
  await db.schema.alterTable("users").addColumn("totp_secret", "text").execute();
  await db.schema.alterTable("users").addColumn("totp_enabled_at", "bigint").execute();
  /** The last accepted 30-second step: a code of this step or earlier is refused (replay). */
  await db.schema.alterTable("users").addColumn("totp_last_step", "bigint").execute();
  /** Set while a deletion waits out its grace period: everything goes at this time unless the person signs in. */
  await db.schema.alterTable("users").addColumn("deletion_due_at", "bigint").execute();
  await db.schema.createIndex("users_deletion_due_idx").on("users").column("deletion_due_at").execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** sha256 of the normalised code. */
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("recovery_codes_pk", ["user_id", "code_hash"])
    .execute();

  /** A password that was right for an account with a second factor: good for one finished sign-in. */
  await db.schema
    .createTable("sign_in_tickets")
    /** sha256 of the ticket handed to the browser. */
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_tickets_user_idx").on("sign_in_tickets").column("user_id").execute();

  await db.schema
    .createTable("passkeys")
    /** The credential id, base64url. */
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    /** COSE public key, base64url. */
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("counter", "bigint", (c) => c.notNull().defaultTo(0))
    /** JSON array of transports the authenticator reported. */
    .addColumn("transports", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("backed_up", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint")
    .execute();
  await db.schema.createIndex("passkeys_user_idx").on("passkeys").columns(["user_id", "created_at"]).execute();

  /** One WebAuthn ceremony in flight (any instance may finish it). */
  await db.schema
    .createTable("webauthn_challenges")
    .addColumn("id", "text", (c) => c.primaryKey())
    /** register: the signed-in person; authenticate: null (discoverable) or the ticket's person. */
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("challenge", "text", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("data_exports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** queued | running | ready | failed | expired */
    .addColumn("status", "text", (c) => c.notNull())
    /** 0..100 */
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    /** Where the ZIP is kept (relative to the exports directory), once ready. */
    .addColumn("file_key", "text")
    .addColumn("size_bytes", "bigint")
    .addColumn("error", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint")
    .addColumn("expires_at", "bigint")
    /** Which instance works on it and until when its claim holds (another takes over after). */
    .addColumn("claimed_until", "bigint")
    .execute();
  await db.schema.createIndex("data_exports_user_idx").on("data_exports").columns(["user_id", "created_at"]).execute();
  // One export at a time per person, kept by the database itself.
  await db.schema
    .createIndex("data_exports_one_active_idx")
    .on("data_exports")
    .column("user_id")
    .unique()
    .where(sql<boolean>`status in ('queued', 'running')`)
    .execute();
}
