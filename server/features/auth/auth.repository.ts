/** All SQL of accounts, codes, sessions and password resets. First argument: db or trx. */
import type { Insertable, Kysely, Transaction, Updateable } from "kysely";
import type { Database, SessionsTable, UsersTable } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;
export type UserRow = UsersTable;

// ── users ────────────────────────────────────────────────────────────────────
export const findUserByEmail = (db: Q, email: string) =>
  db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();

export const findUserById = (db: Q, id: string) =>
  db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();

export const findUserIdByUsername = (db: Q, username: string) =>
  db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst();

export const insertUser = (db: Q, row: Insertable<UserRow>) => db.insertInto("users").values(row).execute();

export const updateUser = (db: Q, id: string, fields: Omit<Updateable<UserRow>, "id">) =>
  db.updateTable("users").set(fields).where("id", "=", id).executeTakeFirst();

// ── emailed codes ────────────────────────────────────────────────────────────
export const upsertCode = (
  db: Q,
  row: { user_id: string; purpose: string; code_hash: string; expires_at: number; sent_at: number },
) =>
  db
    .insertInto("email_codes")
    .values({ ...row, attempts: 0 })
    .onConflict((oc) =>
      oc.columns(["user_id", "purpose"]).doUpdateSet({
        code_hash: row.code_hash,
        expires_at: row.expires_at,
        sent_at: row.sent_at,
        attempts: 0,
      }),
    )
    .execute();

export const findCode = (db: Q, userId: string, purpose: string) =>
  db
    .selectFrom("email_codes")
    .selectAll()
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .executeTakeFirst();

/** Spends one attempt atomically; undefined when none are left. */
export const spendCodeAttempt = (db: Q, userId: string, purpose: string, maxAttempts: number) =>
  db
    .updateTable("email_codes")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("attempts", "<", maxAttempts)
    .returning(["attempts", "code_hash", "expires_at"])
    .executeTakeFirst();

export const deleteCode = (db: Q, userId: string, purpose: string) =>
  db.deleteFrom("email_codes").where("user_id", "=", userId).where("purpose", "=", purpose).execute();

/** Deletes the code; the count tells whether this caller consumed it (single use under races). */
export async function consumeCode(db: Q, userId: string, purpose: string, codeHash: string): Promise<boolean> {
  const r = await db
    .deleteFrom("email_codes")
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("code_hash", "=", codeHash)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

// ── sessions (id = sha256 of the cookie token) ───────────────────────────────
export const insertSession = (db: Q, row: SessionsTable) => db.insertInto("sessions").values(row).execute();

export const findSessionWithUser = (db: Q, id: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as session_id",
      "sessions.user_id",
      "sessions.expires_at",
      "sessions.created_at as session_created_at",
      "sessions.last_active_at",
      "sessions.user_agent",
      "sessions.ip",
      "users.email",
      "users.username",
      "users.first_name",
      "users.last_name",
      "users.email_verified_at",
      "users.avatar_media_id",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();

export const listUserSessions = (db: Q, userId: string, now: number) =>
  db
    .selectFrom("sessions")
    .select(["id", "user_agent", "ip", "created_at", "last_active_at"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .orderBy("last_active_at", "desc")
    .execute();

export const updateSessionExpiry = (db: Q, id: string, expiresAt: number) =>
  db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", id).execute();

export const touchSession = (db: Q, id: string, at: number) =>
  db.updateTable("sessions").set({ last_active_at: at }).where("id", "=", id).execute();

export const deleteSession = (db: Q, id: string) => db.deleteFrom("sessions").where("id", "=", id).execute();

/** Deletes one session of this user; the count says whether it existed. */
export async function deleteUserSession(db: Q, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom("sessions").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Deletes every session of the user except `keepId`; returns the deleted ids. */
export async function deleteUserSessions(db: Q, userId: string, keepId: string | null = null): Promise<string[]> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepId) q = q.where("id", "!=", keepId);
  const rows = await q.returning("id").execute();
  return rows.map((r) => r.id);
}

export const deleteExpiredSessions = (db: Q, now: number) =>
  db.deleteFrom("sessions").where("expires_at", "<=", now).execute();

// ── password resets (token stored as sha256) ─────────────────────────────────
export const insertPasswordReset = (
  db: Q,
  row: { token_hash: string; user_id: string; expires_at: number; created_at: number },
) => db.insertInto("password_resets").values({ ...row, used_at: null }).execute();

/** Marks an unexpired, unused token used; returns its user, or undefined. */
export const consumePasswordReset = (db: Q, tokenHash: string, now: number) =>
  db
    .updateTable("password_resets")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("user_id")
    .executeTakeFirst();

export const deletePasswordResetsOf = (db: Q, userId: string) =>
  db.deleteFrom("password_resets").where("user_id", "=", userId).execute();
