/**
 * Two-factor sign-in with an authenticator app (#17): setting it up (password → secret → a code
 * proves the app has it → recovery codes), turning it off, new recovery codes, and finishing a
 * sign-in with a ticket and a code. The code checks themselves: totp-check.ts.
 */
import { randomBytes } from "node:crypto";
import type { SecurityStatus, TotpSetup } from "../../../shared/security.ts";
import { SECURITY_LIMITS } from "../../../shared/security.ts";
import { BadRequestError, ConflictError, UnauthorizedError } from "../../lib/errors.ts";
import { enforce, type Limit } from "../../lib/rate-limit.ts";
import { reauthenticate as checkPassword } from "../auth/reauth.ts";
import type { AccountDeps } from "../auth/account-deps.ts";
import { mailSender } from "../auth/account-deps.ts";
import { authLimits } from "../auth/auth.limits.ts";
import * as authRepo from "../auth/auth.repository.ts";
import type { Authenticated, RequestMeta } from "../auth/auth.service.ts";
import { recoveryCodesRenewedMail, totpDisabledMail, totpEnabledMail } from "../auth/security.mails.ts";
import { base32Encode, matchingTotpSteps } from "./totp.ts";
import { hashRecoveryCode, verifySecondFactorCode } from "./totp-check.ts";

/** The same budget as the password checks in settings (settings.service.ts): one per person. */

const ISSUER = "World IT";
const RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** "abcde-fghij": ten characters of a-z2-7 (50 bits), uniform (256 is a multiple of 32). */
export function newRecoveryCode(): string {
  const chars = Array.from(randomBytes(10), (b) => RECOVERY_ALPHABET[b & 31]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function otpauthUri(email: string, secret: string): string {
  const issuer = encodeURIComponent(ISSUER);
  return (
    `otpauth://totp/${issuer}:${encodeURIComponent(email)}?secret=${secret}&issuer=${issuer}` +
    `&algorithm=SHA1&digits=${SECURITY_LIMITS.totpDigits}&period=${SECURITY_LIMITS.totpPeriodSeconds}`
  );
}

export function createTotpService(d: AccountDeps) {
  const db = d.db.db;
  const { clock, limiter, hasher } = d;
  const sendMail = mailSender(d);

  async function me(userId: string) {
    const row = await authRepo.findUserById(db, userId);
    if (!row) throw new UnauthorizedError();
    return row;
  }

  /** The current password, under the per-person limit shared with every re-check (auth/reauth.ts). */
  const reauthenticate = (userId: string, password: string) => checkPassword({ db, limiter, hasher }, userId, password);

  /** Password, then a current code (app or recovery code) of an account with two-factor on. */
  async function confirm(userId: string, input: { password: string; code: string }) {
    const row = await reauthenticate(userId, input.password);
    if (row.totp_enabled_at === null) throw new ConflictError("security.totpOff");
    if (!(await verifySecondFactorCode(db, clock, userId, input.code))) throw new BadRequestError("auth.codeInvalid", { field: "code" });
    return row;
  }

  /** Replaces the person's recovery codes; returns the new ones in plain text (shown once). */
  async function replaceRecoveryCodes(trx: authRepo.Q, userId: string): Promise<string[]> {
    const codes = Array.from({ length: SECURITY_LIMITS.recoveryCodeCount }, newRecoveryCode);
    const now = clock();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    await trx
      .insertInto("recovery_codes")
      .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code), used_at: null, created_at: now })))
      .execute();
    return codes;
  }

  return {
    async status(auth: Authenticated): Promise<SecurityStatus> {
      const row = await me(auth.user.id);
      if (row.totp_enabled_at === null) return { totpEnabled: false, recoveryCodesLeft: 0 };
      const left = await db
        .selectFrom("recovery_codes")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("user_id", "=", auth.user.id)
        .where("used_at", "is", null)
        .executeTakeFirstOrThrow();
      return { totpEnabled: true, recoveryCodesLeft: Number(left.n) };
    },

    /** A new secret, pending until `enable` sees a code of it (a previous pending one is replaced). */
    async begin(auth: Authenticated, input: { password: string }): Promise<TotpSetup> {
      const row = await reauthenticate(auth.user.id, input.password);
      if (row.totp_enabled_at !== null) throw new ConflictError("security.totpAlreadyOn");
      const secret = base32Encode(randomBytes(20));
      const res = await db
        .updateTable("users")
        .set({ totp_secret: secret, totp_last_step: null })
        .where("id", "=", auth.user.id)
        .where("totp_enabled_at", "is", null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new ConflictError("security.totpAlreadyOn");
      return { secret, uri: otpauthUri(row.email, secret) };
    },

    /** Turns two-factor on once `code` is a code of the pending secret; returns the recovery codes. */
    async enable(auth: Authenticated, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
      const row = await me(auth.user.id);
      if (row.totp_enabled_at !== null) throw new ConflictError("security.totpAlreadyOn");
      if (!row.totp_secret) throw new BadRequestError("security.totpNotStarted");
      const step = matchingTotpSteps(row.totp_secret, input.code, clock())[0];
      if (step === undefined) throw new BadRequestError("auth.codeInvalid", { field: "code" });
      const codes = await db.transaction().execute(async (trx) => {
        // Only the pending secret the code was checked against, and only once.
        const res = await trx
          .updateTable("users")
          .set({ totp_enabled_at: clock(), totp_last_step: step })
          .where("id", "=", auth.user.id)
          .where("totp_enabled_at", "is", null)
          .where("totp_secret", "=", row.totp_secret)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return null;
        return replaceRecoveryCodes(trx, auth.user.id);
      });
      if (!codes) throw new ConflictError("security.totpAlreadyOn");
      await sendMail(totpEnabledMail(row.email, d.publicUrl));
      return { recoveryCodes: codes };
    },

    async disable(auth: Authenticated, input: { password: string; code: string }): Promise<{ ok: true }> {
      const row = await confirm(auth.user.id, input);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("users")
          .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
          .where("id", "=", auth.user.id)
          .execute();
        await trx.deleteFrom("recovery_codes").where("user_id", "=", auth.user.id).execute();
        // Half-finished two-factor sign-ins need a code that no longer exists; drop them.
        await trx.deleteFrom("sign_in_tickets").where("user_id", "=", auth.user.id).execute();
      });
      await sendMail(totpDisabledMail(row.email, d.publicUrl));
      return { ok: true };
    },

    async renewRecoveryCodes(auth: Authenticated, input: { password: string; code: string }): Promise<{ recoveryCodes: string[] }> {
      const row = await confirm(auth.user.id, input);
      const codes = await db.transaction().execute((trx) => replaceRecoveryCodes(trx, auth.user.id));
      await sendMail(recoveryCodesRenewedMail(row.email, d.publicUrl));
      return { recoveryCodes: codes };
    },

    /**
     * Finishes a two-factor sign-in: limited per address and per person (so fetching new tickets
     * with the password does not buy more guesses), one ticket attempt per code, the code claimed
     * once, the ticket spent once, then the sign-in ends as every other (auth.completeSignIn).
     */
    async signInWithCode(input: { ticket: string; code: string }, meta: RequestMeta) {
      await enforce(limiter, authLimits.secondFactorIp, meta.ip);
      const owner = await d.auth.tickets.peek(input.ticket);
      await enforce(limiter, authLimits.secondFactorUser, owner);
      const userId = await d.auth.tickets.attempt(input.ticket);
      if (!(await verifySecondFactorCode(db, clock, userId, input.code))) throw new UnauthorizedError("auth.codeInvalid");
      if (!(await d.auth.tickets.consume(input.ticket))) throw new UnauthorizedError("auth.ticketInvalid");
      const user = await authRepo.findUserById(db, userId);
      if (!user) throw new UnauthorizedError("auth.ticketInvalid");
      return d.auth.completeSignIn(user, meta);
    },

    start() {},
    async stop() {},
  };
}

export type TotpService = ReturnType<typeof createTotpService>;
