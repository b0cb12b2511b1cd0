/**
 * Checking a second-factor code (#17): a current TOTP code of the person's enabled secret, each
 * 30-second step good once (users.totp_last_step), or an unused recovery code (good once).
 * Both are claimed with a conditional update so two racing requests cannot both win.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { sha256Hex } from "../../lib/crypto.ts";
import { matchingTotpSteps } from "./totp.ts";

/** Lower case without spaces and dashes: how recovery codes are hashed and compared. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return sha256Hex(normaliseRecoveryCode(code));
}

/**
 * Claims a TOTP code of `secret` for the person: true when some matching step is later than
 * totp_last_step and this request recorded it (the latest matching step is tried first).
 */
export async function claimTotpCode(db: Kysely<Database>, clock: Clock, userId: string, secret: string, code: string): Promise<boolean> {
  for (const step of matchingTotpSteps(secret, code, clock())) {
    const res = await db
      .updateTable("users")
      .set({ totp_last_step: step })
      .where("id", "=", userId)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return true;
  }
  return false;
}

/** Uses up an unused recovery code of the person; true when this request did. */
export async function claimRecoveryCode(db: Kysely<Database>, clock: Clock, userId: string, code: string): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!/^[a-z2-7]{10}$/.test(normalised)) return false;
  const res = await db
    .updateTable("recovery_codes")
    .set({ used_at: clock() })
    .where("user_id", "=", userId)
    .where("code_hash", "=", sha256Hex(normalised))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * True iff `code` is a current TOTP code of the person's enabled secret not used before (its step
 * is recorded), or an unused recovery code (marked used). False when two-factor is off.
 */
export async function verifySecondFactorCode(db: Kysely<Database>, clock: Clock, userId: string, code: string): Promise<boolean> {
  const user = await db
    .selectFrom("users")
    .select(["totp_secret", "totp_enabled_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || !user.totp_secret || user.totp_enabled_at === null) return false;
  const digits = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(digits)) return claimTotpCode(db, clock, userId, user.totp_secret, digits);
  return claimRecoveryCode(db, clock, userId, code);
}
