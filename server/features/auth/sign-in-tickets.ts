/**
 * Second-factor tickets: a right password on an account with two-factor sign-in earns one; it
 * finishes one sign-in with a TOTP code, a recovery code or a passkey, within
 * SECURITY_LIMITS.ticketTtlMinutes and SECURITY_LIMITS.ticketAttempts wrong codes. Only the
 * ticket's sha256 is stored.
 */
import type { Kysely } from "kysely";
import { SECURITY_LIMITS } from "../../../shared/security.ts";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomToken, sha256Hex } from "../../lib/crypto.ts";
import { UnauthorizedError } from "../../lib/errors.ts";

export function createSignInTickets(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async issue(userId: string): Promise<string> {
      const ticket = randomToken(32);
      const now = clock();
      await db
        .insertInto("sign_in_tickets")
        .values({ id: sha256Hex(ticket), user_id: userId, created_at: now, expires_at: now + SECURITY_LIMITS.ticketTtlMinutes * 60_000 })
        .execute();
      return ticket;
    },

    /**
     * Spends one attempt of a live ticket and returns its person; refuses (auth.ticketInvalid) an
     * unknown, expired or used-up ticket. Call `consume` once the factor checks out.
     */
    async attempt(ticket: string): Promise<string> {
      const row = await db
        .updateTable("sign_in_tickets")
        .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
        .where("id", "=", sha256Hex(ticket))
        .where("attempts", "<", SECURITY_LIMITS.ticketAttempts)
        .returning(["user_id", "expires_at"])
        .executeTakeFirst();
      if (!row || toMs(row.expires_at) <= clock()) throw new UnauthorizedError("auth.ticketInvalid");
      return row.user_id;
    },

    /** The person of a live ticket without spending an attempt (to prepare a passkey ceremony). */
    async peek(ticket: string): Promise<string> {
      const row = await db
        .selectFrom("sign_in_tickets")
        .select(["user_id", "expires_at", "attempts"])
        .where("id", "=", sha256Hex(ticket))
        .executeTakeFirst();
      if (!row || toMs(row.expires_at) <= clock() || row.attempts >= SECURITY_LIMITS.ticketAttempts) {
        throw new UnauthorizedError("auth.ticketInvalid");
      }
      return row.user_id;
    },

    /** Spends the ticket for good; false when another request already did (only one sign-in per ticket). */
    async consume(ticket: string): Promise<boolean> {
      const res = await db.deleteFrom("sign_in_tickets").where("id", "=", sha256Hex(ticket)).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    async deleteExpired() {
      await db.deleteFrom("sign_in_tickets").where("expires_at", "<=", clock()).execute();
    },
  };
}

export type SignInTickets = ReturnType<typeof createSignInTickets>;
