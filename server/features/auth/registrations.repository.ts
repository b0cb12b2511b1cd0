/** All SQL of pending registrations and known devices. First argument: db or trx. */
import type { Insertable } from "kysely";
import type { KnownDevicesTable, RegistrationsTable } from "../../db/schema.ts";
import type { Q } from "./auth.repository.ts";

// ── registrations ────────────────────────────────────────────────────────────
export const insertRegistration = (db: Q, row: Insertable<RegistrationsTable>) =>
  db.insertInto("registrations").values(row).execute();

/** The live registrations of an address, newest first. */
export const liveRegistrationsOf = (db: Q, email: string, now: number, limit: number) =>
  db
    .selectFrom("registrations")
    .selectAll()
    .where("email", "=", email)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();

export const countLiveRegistrationsOf = async (db: Q, email: string, now: number) =>
  Number(
    (
      await db
        .selectFrom("registrations")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("email", "=", email)
        .where("expires_at", ">", now)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A live registration of another address that holds this username. */
export const registrationHoldingUsername = (db: Q, username: string, email: string, now: number) =>
  db
    .selectFrom("registrations")
    .select("id")
    .where("username", "=", username)
    .where("email", "!=", email)
    .where("expires_at", ">", now)
    .executeTakeFirst();

export const findRegistrationByTicket = (db: Q, ticketHash: string, email: string, now: number) =>
  db
    .selectFrom("registrations")
    .selectAll()
    .where("ticket_hash", "=", ticketHash)
    .where("email", "=", email)
    .where("expires_at", ">", now)
    .executeTakeFirst();

export const setRegistrationCode = (db: Q, id: string, codeHash: string, codeExpiresAt: number) =>
  db
    .updateTable("registrations")
    .set({ code_hash: codeHash, code_attempts: 0, code_expires_at: codeExpiresAt })
    .where("id", "=", id)
    .execute();

export const setRegistrationTicket = (db: Q, id: string, ticketHash: string) =>
  db.updateTable("registrations").set({ ticket_hash: ticketHash }).where("id", "=", id).execute();

/**
 * Spends one code attempt, atomically, on each of these registrations that has attempts left;
 * returns those (with the attempts now spent), so parallel guesses never get more than the limit.
 */
export const spendRegistrationAttempts = (db: Q, ids: string[], maxAttempts: number) =>
  db
    .updateTable("registrations")
    .set((eb) => ({ code_attempts: eb("code_attempts", "+", 1) }))
    .where("id", "in", ids)
    .where("code_attempts", "<", maxAttempts)
    .returning(["id", "code_hash", "code_attempts", "code_expires_at"])
    .execute();

/** Deletes the registration if it still has this code; the count says whether this caller won. */
export async function consumeRegistration(db: Q, id: string, codeHash: string): Promise<boolean> {
  const r = await db.deleteFrom("registrations").where("id", "=", id).where("code_hash", "=", codeHash).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export const deleteRegistrationsOf = (db: Q, email: string) =>
  db.deleteFrom("registrations").where("email", "=", email).execute();

export const deleteExpiredRegistrations = (db: Q, now: number) =>
  db.deleteFrom("registrations").where("expires_at", "<=", now).execute();

// ── known devices ────────────────────────────────────────────────────────────
export const insertKnownDevice = (db: Q, row: KnownDevicesTable) =>
  db
    .insertInto("known_devices")
    .values(row)
    .onConflict((oc) => oc.columns(["token_hash", "user_id"]).doUpdateSet({ last_used_at: row.last_used_at }))
    .execute();

export const isKnownDevice = async (db: Q, tokenHash: string, userId: string) =>
  (await db
    .selectFrom("known_devices")
    .select("token_hash")
    .where("token_hash", "=", tokenHash)
    .where("user_id", "=", userId)
    .executeTakeFirst()) !== undefined;
