/**
 * Accounts, emailed codes, sessions and password resets. Every write: validate (router, shared
 * schemas) → rate-limit → transaction → commit → mail / realtime control.
 */
import type { Kysely } from "kysely";
import { AUTH_LIMITS, type CodeSent, type Me, type SessionInfo, type SignInResult } from "../../../shared/auth.ts";
import { describeUserAgent } from "../../../shared/user-agent.ts";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomId, randomToken, sha256Hex } from "../../lib/crypto.ts";
import { BadRequestError, ConflictError, RateLimitedError, UnauthorizedError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { Mailer, MailMessage } from "../../lib/mail.ts";
import type { PasswordHasher } from "../../lib/password.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Hub } from "../../realtime/hub.ts";
import { authLimits } from "./auth.limits.ts";
import { alreadyRegisteredMail, passwordResetMail, verificationCodeMail } from "./auth.mails.ts";
import * as repo from "./auth.repository.ts";
import { createEmailCodes, type CodePurpose } from "./email-codes.ts";
import { sessionKey, type AuthLucia } from "./lucia.ts";

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  limiter: RateLimiter;
  hasher: PasswordHasher;
  lucia: AuthLucia;
  hub: Hub;
  log: Logger;
  publicUrl: string;
}

/** A signed-in request: the person and the hashed id of the session they use. */
export interface Authenticated {
  user: Me;
  sessionId: string;
}

const VERIFY: CodePurpose = "verify_email";
const MIN = 60_000;
const TOUCH_EVERY_MS = MIN;

export function createAuthService(deps: AuthDeps) {
  const { db, clock, limiter, hasher, lucia, hub, log } = deps;
  const codes = createEmailCodes({ db, clock, limiter });

  async function sendMail(message: MailMessage) {
    try {
      await deps.mailer.send(message);
    } catch (error) {
      // The person can ask again (resend / reset); the answer must not differ either way.
      log.error("mail delivery failed", { to: message.to, error });
    }
  }

  /** Mails a fresh confirmation code unless one went within the cooldown; says when the next may go. */
  async function issueCodeIfAllowed(userId: string, email: string): Promise<{ sent: boolean; waitSeconds: number }> {
    const { code, waitSeconds } = await codes.issue(userId, VERIFY, email);
    if (code) await sendMail(verificationCodeMail(email, code));
    return { sent: code !== null, waitSeconds };
  }

  async function newSession(userId: string, meta: RequestMeta) {
    const now = clock();
    const session = await lucia.createSession(userId, {
      created_at: now,
      last_active_at: now,
      user_agent: meta.userAgent?.slice(0, 512) ?? null,
      ip: meta.ip,
    });
    return { token: session.id, cookie: lucia.createSessionCookie(session.id).serialize() };
  }

  const toMe = (u: {
    id: string;
    email: string;
    username: string;
    first_name: string;
    last_name: string;
    avatar_media_id?: string | null;
  }): Me => ({
    id: u.id,
    email: u.email,
    username: u.username,
    firstName: u.first_name,
    lastName: u.last_name,
    avatarId: u.avatar_media_id ?? null,
  });

  return {
    async register(
      input: { email: string; username: string; firstName: string; lastName: string; password: string },
      meta: RequestMeta,
    ): Promise<CodeSent> {
      await enforce(limiter, authLimits.registerIp, meta.ip);
      const passwordHash = await hasher.hash(input.password);
      const now = clock();
      const outcome = await db.transaction().execute(async (trx) => {
        const existing = await repo.findUserByEmail(trx, input.email);
        const holder = await repo.findUserIdByUsername(trx, input.username);
        if (holder && holder.id !== existing?.id) throw new ConflictError("auth.usernameTaken", { field: "username" });
        if (existing?.email_verified_at != null) return { kind: "exists" as const, userId: existing.id };
        const fields = {
          username: input.username,
          first_name: input.firstName,
          last_name: input.lastName,
          password_hash: passwordHash,
          updated_at: now,
        };
        if (existing) {
          // Never verified: nobody proved they own the address, so the newest registration wins.
          await repo.updateUser(trx, existing.id, fields);
          return { kind: "pending" as const, userId: existing.id };
        }
        const id = randomId();
        await repo.insertUser(trx, { id, email: input.email, email_verified_at: null, created_at: now, ...fields });
        return { kind: "pending" as const, userId: id };
      });
      if (outcome.kind === "exists") {
        // Same answer as a new account; the owner learns of the attempt by mail.
        const waitMs = await limiter.hit(authLimits.codeMail, input.email);
        if (waitMs === 0) await sendMail(alreadyRegisteredMail(input.email, deps.publicUrl));
        return { email: input.email, resendAfterSeconds: waitMs ? Math.ceil(waitMs / 1000) : AUTH_LIMITS.resendCooldownSeconds };
      }
      const { waitSeconds } = await issueCodeIfAllowed(outcome.userId, input.email);
      return { email: input.email, resendAfterSeconds: waitSeconds };
    },

    async resendCode(input: { email: string }, meta: RequestMeta): Promise<CodeSent> {
      await enforce(limiter, authLimits.resendIp, meta.ip);
      const user = await repo.findUserByEmail(db, input.email);
      if (user && user.email_verified_at === null) {
        const { sent, waitSeconds } = await issueCodeIfAllowed(user.id, user.email);
        if (!sent) throw new RateLimitedError(waitSeconds);
      } else {
        // Unknown or verified address: spend the same cooldown so the answer gives nothing away.
        await enforce(limiter, authLimits.codeMail, input.email);
      }
      return { email: input.email, resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds };
    },

    async verifyEmail(input: { email: string; code: string }, meta: RequestMeta) {
      await enforce(limiter, authLimits.codeIp, meta.ip);
      const user = await repo.findUserByEmail(db, input.email);
      if (!user || user.email_verified_at !== null) throw new BadRequestError("auth.codeInvalid");
      const hash = await codes.check(user.id, VERIFY, input.code);
      const now = clock();
      const consumed = await db.transaction().execute(async (trx) => {
        if (!(await codes.consume(trx, user.id, VERIFY, hash))) return false;
        await repo.updateUser(trx, user.id, { email_verified_at: now, updated_at: now });
        return true;
      });
      if (!consumed) throw new BadRequestError("auth.codeInvalid");
      const session = await newSession(user.id, meta);
      return { user: toMe(user), ...session };
    },

    async signIn(
      input: { email: string; password: string },
      meta: RequestMeta,
    ): Promise<{ result: SignInResult; cookie: string | null }> {
      await enforce(limiter, authLimits.signInIp, meta.ip);
      await enforce(limiter, authLimits.signInEmail, input.email);
      const user = await repo.findUserByEmail(db, input.email);
      if (!user) {
        await hasher.verifyDummy(input.password);
        throw new UnauthorizedError("auth.invalidCredentials");
      }
      if (!(await hasher.verify(user.password_hash, input.password))) {
        throw new UnauthorizedError("auth.invalidCredentials");
      }
      if (user.email_verified_at === null) {
        const { waitSeconds } = await issueCodeIfAllowed(user.id, user.email);
        return { result: { status: "verify_email", email: user.email, resendAfterSeconds: waitSeconds }, cookie: null };
      }
      const { cookie } = await newSession(user.id, meta);
      return { result: { status: "signed_in", user: toMe(user) }, cookie };
    },

    /** Resolves the session cookie's token; refreshes the cookie when Lucia extends the session. */
    async authenticate(token: string | null): Promise<(Authenticated & { refreshCookie: string | null }) | null> {
      if (!token) return null;
      const { session, user } = await lucia.validateSession(token);
      if (!session) return null;
      const id = sessionKey(token);
      const now = clock();
      if (now - session.last_active_at > TOUCH_EVERY_MS) await repo.touchSession(db, id, now);
      return {
        user: toMe(user),
        sessionId: id,
        refreshCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
      };
    },

    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
    readToken: (cookieHeader: string | null) => (cookieHeader ? lucia.readSessionCookie(cookieHeader) : null),

    async signOut(auth: Authenticated) {
      await repo.deleteSession(db, auth.sessionId);
      hub.control({ kind: "sessions.revoked", userId: auth.user.id, sessionIds: [auth.sessionId] });
    },

    async listSessions(auth: Authenticated): Promise<SessionInfo[]> {
      const rows = await repo.listUserSessions(db, auth.user.id, clock());
      return rows.map((r) => ({
        id: r.id,
        browser: describeUserAgent(r.user_agent),
        createdAt: toMs(r.created_at),
        lastActiveAt: toMs(r.last_active_at),
        current: r.id === auth.sessionId,
      }));
    },

    async revokeSession(auth: Authenticated, id: string) {
      if (!(await repo.deleteUserSession(db, auth.user.id, id))) throw new BadRequestError("auth.sessionNotFound");
      hub.control({ kind: "sessions.revoked", userId: auth.user.id, sessionIds: [id] });
    },

    async revokeOtherSessions(auth: Authenticated): Promise<number> {
      const ids = await repo.deleteUserSessions(db, auth.user.id, auth.sessionId);
      if (ids.length) hub.control({ kind: "sessions.revoked", userId: auth.user.id, sessionIds: ids });
      return ids.length;
    },

    async requestPasswordReset(input: { email: string }, meta: RequestMeta): Promise<void> {
      await enforce(limiter, authLimits.resetIp, meta.ip);
      await enforce(limiter, authLimits.resetEmail, input.email);
      const user = await repo.findUserByEmail(db, input.email);
      if (!user) return;
      const token = randomToken(32);
      const now = clock();
      await repo.insertPasswordReset(db, {
        token_hash: sha256Hex(token),
        user_id: user.id,
        expires_at: now + AUTH_LIMITS.resetTokenTtlMinutes * MIN,
        created_at: now,
      });
      // The token travels in the fragment: it never reaches server logs or Referer headers.
      await sendMail(passwordResetMail(user.email, `${deps.publicUrl}/reset-password#token=${token}`));
    },

    async resetPassword(input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
      await enforce(limiter, authLimits.resetConfirmIp, meta.ip);
      const passwordHash = await hasher.hash(input.password);
      const now = clock();
      const userId = await db.transaction().execute(async (trx) => {
        const reset = await repo.consumePasswordReset(trx, sha256Hex(input.token), now);
        if (!reset) return null;
        const user = await repo.findUserById(trx, reset.user_id);
        await repo.updateUser(trx, reset.user_id, {
          password_hash: passwordHash,
          updated_at: now,
          // Following the emailed link proves the address.
          ...(user?.email_verified_at == null ? { email_verified_at: now } : {}),
        });
        await repo.deleteUserSessions(trx, reset.user_id);
        await repo.deletePasswordResetsOf(trx, reset.user_id);
        return reset.user_id;
      });
      if (!userId) throw new BadRequestError("auth.resetTokenInvalid");
      hub.control({ kind: "user.sessions.revoked", userId, exceptSessionId: null });
    },

    async deleteExpiredSessions() {
      await repo.deleteExpiredSessions(db, clock());
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
