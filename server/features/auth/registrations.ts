/**
 * Registrations kept apart from accounts (migration 0013). Each attempt to register is its own
 * row with its own code; the account is created only from the registration whose code was
 * entered, so another attempt with the same address — someone else's — can never change what
 * the address owner chose (account pre-hijacking). The registering browser holds a ticket cookie
 * (wit_reg) that says which registration a resend is for; a code entered in a browser that holds
 * the ticket of another registration of that address is refused.
 */
import type { Kysely } from "kysely";
import { AUTH_LIMITS, type CodeSent } from "../../../shared/auth.ts";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { readTokenCookie, serializeCookie } from "../../lib/cookies.ts";
import { randomCode, randomId, randomToken, safeEqualHex, sha256Hex } from "../../lib/crypto.ts";
import { BadRequestError, ConflictError, RateLimitedError } from "../../lib/errors.ts";
import type { MailMessage } from "../../lib/mail.ts";
import type { PasswordHasher } from "../../lib/password.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import { authLimits } from "./auth.limits.ts";
import { verificationCodeMail } from "./auth.mails.ts";
import * as accounts from "./auth.repository.ts";
import * as repo from "./registrations.repository.ts";
import { indexPerson } from "../friends/people-search.ts";

export const REGISTRATION_COOKIE = "wit_reg";
const MIN = 60_000;
/** Live registrations one address may have at once; more are answered alike but not stored. */
const MAX_PENDING_PER_ADDRESS = 5;
/** Pending registrations whose password a sign-in tries. */
const SIGN_IN_CANDIDATES = 3;

type Registration = Awaited<ReturnType<typeof repo.liveRegistrationsOf>>[number];

export interface RegistrationInput {
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  password: string;
}

export function createRegistrations(deps: {
  db: Kysely<Database>;
  clock: Clock;
  limiter: RateLimiter;
  hasher: PasswordHasher;
  secureCookies: boolean;
  sendMail(message: MailMessage): Promise<void>;
}) {
  const { db, clock, limiter, hasher } = deps;
  const codeHash = (registrationId: string, code: string) => sha256Hex(`verify_email:${registrationId}:${code}`);
  const ticketCookie = (ticket: string) =>
    serializeCookie(REGISTRATION_COOKIE, ticket, {
      maxAgeSeconds: AUTH_LIMITS.registrationTtlMinutes * 60,
      secure: deps.secureCookies,
    });
  const ticketOf = (cookieHeader: string | null) => {
    const ticket = readTokenCookie(cookieHeader, REGISTRATION_COOKIE);
    return ticket ? sha256Hex(ticket) : null;
  };

  /** Mails a fresh code for this registration unless one went within the cooldown. */
  async function issueCode(reg: Registration): Promise<{ sent: boolean; waitSeconds: number }> {
    for (const [limit, key] of [
      [authLimits.registrationMail, reg.id],
      [authLimits.registrationMailAddress, reg.email],
    ] as const) {
      const waitMs = await limiter.hit(limit, key);
      if (waitMs > 0) return { sent: false, waitSeconds: Math.ceil(waitMs / 1000) };
    }
    const code = randomCode();
    const expiresAt = Math.min(clock() + AUTH_LIMITS.codeTtlMinutes * MIN, toMs(reg.expires_at));
    await repo.setRegistrationCode(db, reg.id, codeHash(reg.id, code), expiresAt);
    await deps.sendMail(verificationCodeMail(reg.email, code, { username: reg.username }));
    return { sent: true, waitSeconds: AUTH_LIMITS.resendCooldownSeconds };
  }

  return {
    /** A new registration (or, for a taken address, the same answer and nothing stored). */
    async register(
      input: RegistrationInput,
    ): Promise<{ kind: "exists" | "pending"; answer: CodeSent; cookie: string }> {
      const passwordHash = await hasher.hash(input.password);
      const now = clock();
      const ticket = randomToken(32);
      const outcome = await db.transaction().execute(async (trx) => {
        const existing = await accounts.findUserByEmail(trx, input.email);
        const holder = await accounts.findUserIdByUsername(trx, input.username);
        if (holder && holder.id !== existing?.id) throw new ConflictError("auth.usernameTaken", { field: "username" });
        if (existing) return { kind: "exists" as const };
        if (await repo.registrationHoldingUsername(trx, input.username, input.email, now)) {
          throw new ConflictError("auth.usernameTaken", { field: "username" });
        }
        if ((await repo.countLiveRegistrationsOf(trx, input.email, now)) >= MAX_PENDING_PER_ADDRESS) {
          return { kind: "full" as const };
        }
        const row = {
          id: randomId(),
          email: input.email,
          username: input.username,
          first_name: input.firstName,
          last_name: input.lastName,
          password_hash: passwordHash,
          ticket_hash: sha256Hex(ticket),
          code_hash: null,
          code_attempts: 0,
          code_expires_at: 0,
          created_at: now,
          expires_at: now + AUTH_LIMITS.registrationTtlMinutes * MIN,
        };
        await repo.insertRegistration(trx, row);
        return { kind: "pending" as const, row };
      });
      const cookie = ticketCookie(ticket);
      if (outcome.kind !== "pending") {
        // A ticket that matches nothing: the answer looks the same as for a new registration.
        return { kind: "exists", answer: { email: input.email, resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds }, cookie };
      }
      const { waitSeconds } = await issueCode(outcome.row);
      return { kind: "pending", answer: { email: input.email, resendAfterSeconds: waitSeconds }, cookie };
    },

    /** A new code for the registration this browser made; for anything else, the same answer and no mail. */
    async resend(email: string, cookieHeader: string | null): Promise<CodeSent> {
      const ticket = ticketOf(cookieHeader);
      const reg = ticket ? await repo.findRegistrationByTicket(db, ticket, email, clock()) : undefined;
      if (reg) {
        const { sent, waitSeconds } = await issueCode(reg);
        if (!sent) throw new RateLimitedError(waitSeconds);
      } else {
        // Unknown address, an account, or another browser's registration: spend the same cooldown.
        await enforce(limiter, authLimits.codeMail, email);
      }
      return { email, resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds };
    },

    /**
     * Checks a code against the address's live registrations (each check spends an attempt on
     * each of them, atomically) and, for the one it belongs to, creates the account.
     */
    async confirm(email: string, code: string, cookieHeader: string | null) {
      const now = clock();
      if (await accounts.findUserByEmail(db, email)) throw new BadRequestError("auth.codeInvalid");
      const live = (await repo.liveRegistrationsOf(db, email, now, MAX_PENDING_PER_ADDRESS)).filter((r) => r.code_hash);
      if (live.length === 0) throw new BadRequestError("auth.codeInvalid");
      const spent = await repo.spendRegistrationAttempts(db, live.map((r) => r.id), AUTH_LIMITS.codeMaxAttempts);
      const usable = spent.filter((r) => toMs(r.code_expires_at) > now);
      const match = usable.find((r) => safeEqualHex(codeHash(r.id, code), r.code_hash!));
      if (!match) {
        if (spent.length === 0) throw new BadRequestError("auth.codeExhausted");
        if (usable.length === 0) throw new BadRequestError("auth.codeExpired");
        const left = Math.max(...usable.map((r) => AUTH_LIMITS.codeMaxAttempts - r.code_attempts));
        if (left <= 0) throw new BadRequestError("auth.codeExhausted");
        throw new BadRequestError("auth.codeInvalid", { attemptsLeft: left });
      }
      // This browser started another registration of the address: the code is not the one it was sent.
      const ticket = ticketOf(cookieHeader);
      const mine = ticket ? live.find((r) => r.ticket_hash === ticket) : undefined;
      if (mine && mine.id !== match.id) throw new BadRequestError("auth.codeForOtherRegistration");

      const reg = live.find((r) => r.id === match.id)!;
      return db.transaction().execute(async (trx) => {
        if (!(await repo.consumeRegistration(trx, reg.id, match.code_hash!))) throw new BadRequestError("auth.codeInvalid");
        if (await accounts.findUserByEmail(trx, email)) throw new BadRequestError("auth.codeInvalid");
        if (await accounts.findUserIdByUsername(trx, reg.username)) {
          throw new ConflictError("auth.usernameTaken", { field: "username" });
        }
        const user = {
          id: reg.id,
          email: reg.email,
          username: reg.username,
          first_name: reg.first_name,
          last_name: reg.last_name,
          password_hash: reg.password_hash,
          email_verified_at: now,
          created_at: now,
          updated_at: now,
        };
        await accounts.insertUser(trx, user);
        await indexPerson(trx, user);
        await repo.deleteRegistrationsOf(trx, email);
        return { ...user, avatar_media_id: null };
      });
    },

    /**
     * Sign-in for an address with no account yet: if the password is that of one of its
     * registrations, this browser gets that registration's ticket and a fresh code; else null.
     */
    async signInPending(email: string, password: string): Promise<{ answer: CodeSent; cookie: string } | null> {
      const candidates = await repo.liveRegistrationsOf(db, email, clock(), SIGN_IN_CANDIDATES);
      for (const reg of candidates) {
        if (!(await hasher.verify(reg.password_hash, password))) continue;
        const ticket = randomToken(32);
        await repo.setRegistrationTicket(db, reg.id, sha256Hex(ticket));
        const { waitSeconds } = await issueCode(reg);
        return { answer: { email, resendAfterSeconds: waitSeconds }, cookie: ticketCookie(ticket) };
      }
      return null;
    },

    deleteExpired: () => repo.deleteExpiredRegistrations(db, clock()),
  };
}

export type Registrations = ReturnType<typeof createRegistrations>;
