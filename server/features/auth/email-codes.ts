/**
 * Emailed 6-digit codes, for any purpose (confirming a new account, changing the address).
 * Stored hashed, expire after 15 minutes, single use, dead after 5 wrong tries; at most one mail
 * per address per cooldown. The caller sends the mail and consumes the code in its transaction.
 */
import type { Kysely } from "kysely";
import { AUTH_LIMITS } from "../../../shared/auth.ts";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomCode, safeEqualHex, sha256Hex } from "../../lib/crypto.ts";
import { BadRequestError } from "../../lib/errors.ts";
import type { RateLimiter } from "../../lib/rate-limit.ts";
import { authLimits } from "./auth.limits.ts";
import * as repo from "./auth.repository.ts";

export type CodePurpose = "verify_email" | "change_email";

export function createEmailCodes(deps: { db: Kysely<Database>; clock: Clock; limiter: RateLimiter }) {
  const { db, clock, limiter } = deps;
  const hashOf = (purpose: CodePurpose, userId: string, code: string) => sha256Hex(`${purpose}:${userId}:${code}`);

  return {
    /**
     * A fresh code for `userId` unless a code mail went to `email` within the cooldown.
     * Returns the code to mail, or how long until the next one may go.
     */
    async issue(
      userId: string,
      purpose: CodePurpose,
      email: string,
    ): Promise<{ code: string; waitSeconds: number } | { code: null; waitSeconds: number }> {
      const waitMs = await limiter.hit(authLimits.codeMail, email);
      if (waitMs > 0) return { code: null, waitSeconds: Math.ceil(waitMs / 1000) };
      const code = randomCode();
      const now = clock();
      await repo.upsertCode(db, {
        user_id: userId,
        purpose,
        code_hash: hashOf(purpose, userId, code),
        expires_at: now + AUTH_LIMITS.codeTtlMinutes * 60_000,
        sent_at: now,
      });
      return { code, waitSeconds: AUTH_LIMITS.resendCooldownSeconds };
    },

    /** Spends one attempt and checks the code; returns its hash for `consume`, or throws a clear reason. */
    async check(userId: string, purpose: CodePurpose, code: string): Promise<string> {
      const spent = await repo.spendCodeAttempt(db, userId, purpose, AUTH_LIMITS.codeMaxAttempts);
      if (!spent) {
        const row = await repo.findCode(db, userId, purpose);
        throw new BadRequestError(row ? "auth.codeExhausted" : "auth.codeInvalid");
      }
      if (toMs(spent.expires_at) <= clock()) throw new BadRequestError("auth.codeExpired");
      const hash = hashOf(purpose, userId, code);
      if (!safeEqualHex(hash, spent.code_hash)) {
        const left = AUTH_LIMITS.codeMaxAttempts - spent.attempts;
        if (left <= 0) throw new BadRequestError("auth.codeExhausted");
        throw new BadRequestError("auth.codeInvalid", { attemptsLeft: left });
      }
      return hash;
    },

    /** Deletes a checked code inside the caller's transaction; false if someone else used it first. */
    consume: repo.consumeCode,

    discard: (userId: string, purpose: CodePurpose) => repo.deleteCode(db, userId, purpose),
  };
}

export type EmailCodes = ReturnType<typeof createEmailCodes>;
