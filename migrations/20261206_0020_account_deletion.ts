/**
 * Account deletion (#17, ADR 0017): the one "deleted account" row that chat messages of deleted
 * people are re-pointed to (messages.author_id is a NOT NULL foreign key, and SQLite cannot make a
 * column nullable without rebuilding the table under every index and trigger of the chat). It is
 * no one: its password hash is not a hash (no password verifies), its address is reserved
 * (.invalid), its username breaks the username rule (nobody can register or find it), it is not
 * confirmed (no profile, no search, cannot be added to a group) and takes personal messages from
 * friends only (it has none, so nobody can write to it).
 */
import type { Kysely } from "kysely";

/** Frozen copy of shared/account-deletion.ts DELETED_ACCOUNT_ID (migrations never import app code). */
const DELETED_ACCOUNT_ID = "deleted";

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("users")
    .values({
      id: DELETED_ACCOUNT_ID,
      email: "deleted-account@world-it.invalid",
      username: "~deleted",
      first_name: "",
      last_name: "",
      password_hash: "!",
      email_verified_at: null,
      created_at: 0,
      updated_at: 0,
      chat_from: "friends",
      friends_list_visible_to: "friends",
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Messages it authors go with it (the foreign key cascades): their people are gone anyway.
  await db.deleteFrom("users").where("id", "=", DELETED_ACCOUNT_ID).execute();
}
