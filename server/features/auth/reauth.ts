/**
 * Asking for the password again before a sensitive change (settings, two-factor, passkeys,
 * account deletion): one per-person limit shared by all of them, so spreading guesses over several
 * forms gains nothing.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { BadRequestError, UnauthorizedError } from "../../lib/errors.ts";
import type { PasswordHasher } from "../../lib/password.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import { findUserById } from "./auth.repository.ts";

export const REAUTH_LIMIT = { name: "reauth:user", max: 10, windowMs: 15 * 60_000 };

/**
 * The person's row when `password` is theirs; otherwise BAD_REQUEST settings.wrongPassword on
 * `field` (the input that held it). Every try counts against REAUTH_LIMIT.
 */
export async function reauthenticate(
  deps: { db: Kysely<Database>; limiter: RateLimiter; hasher: PasswordHasher },
  userId: string,
  password: string,
  field: "currentPassword" | "password" = "password",
) {
  await enforce(deps.limiter, REAUTH_LIMIT, userId);
  const row = await findUserById(deps.db, userId);
  if (!row) throw new UnauthorizedError();
  if (!(await deps.hasher.verify(row.password_hash, password))) throw new BadRequestError("settings.wrongPassword", { field });
  return row;
}
