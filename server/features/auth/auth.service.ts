/**
 * Accounts, emailed codes, sessions and password resets. Every write: validate (router, shared
 * schemas) → rate-limit → transaction → commit → mail / realtime control.
 */
import type { Kysely, Selectable } from "kysely";
import { AUTH_LIMITS, type CodeSent, type Me, type SecondFactorMethod, type SessionInfo, type SignInResult } from "../../../shared/auth.ts";
import { describeUserAgent } from "../../../shared/user-agent.ts";
import { runSql } from "../../db/hot-sql.ts";
import type { Database, SessionsTable, UsersTable } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { readTokenCookie, serializeCookie } from "../../lib/cookies.ts";
import { randomToken, sha256Hex } from "../../lib/crypto.ts";
import { asRole } from "../moderation/roles.ts";
import { isSuspended } from "../moderation/visibility.ts";
import { SUSPENDED_FOREVER } from "../../../shared/moderation.ts";
import { BadRequestError, ForbiddenError, RateLimitedError, UnauthorizedError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { Mailer } from "../../lib/mail.ts";
import type { PasswordHasher } from "../../lib/password.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Hub } from "../../realtime/hub.ts";
import { authLimits } from "./auth.limits.ts";
import { alreadyRegisteredMail, passwordResetMail } from "./auth.mails.ts";
import { deletionCancelledMail, newSignInMail } from "./security.mails.ts";
import { createSignInTickets } from "./sign-in-tickets.ts";
import * as repo from "./auth.repository.ts";
import { coarseIp } from "./coarse-ip.ts";
import { mailSender } from "./account-deps.ts";
import { createRegistrations, REGISTRATION_COOKIE } from "./registrations.ts";
import * as regRepo from "./registrations.repository.ts";
import { sessionKey, type AuthLucia } from "./lucia.ts";

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  /** The request's Cookie header (registration ticket, device cookie). */
  cookie: string | null;
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
  secureCookies: boolean;
}

/** A signed-in request: the person and the hashed id of the session they use. */
export interface Authenticated {
  user: Me;
  sessionId: string;
}

/** Set on every successful sign-in: that browser is then trusted past the per-email sign-in limit. */
export const DEVICE_COOKIE = "wit_device";
const DEVICE_COOKIE_DAYS = 365;
const MIN = 60_000;
const TOUCH_EVERY_MS = MIN;
/** Lucia's sessionExpiresIn (lucia.ts): a session lives this long and is extended in its second half. */
const SESSION_MS = AUTH_LIMITS.sessionDays * 24 * 60 * MIN;

/** The session and its person: auth.repository.ts findSessionWithUser, as plain text for authenticate. */
const SESSION_WITH_USER =
  'select "sessions"."expires_at", "sessions"."last_active_at", "users"."id", "users"."email", "users"."username", ' +
  '"users"."first_name", "users"."last_name", "users"."email_verified_at", "users"."avatar_media_id", "users"."role", "users"."suspended_until" ' +
  'from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = ?';
type SessionWithUser = Pick<Selectable<SessionsTable>, "expires_at" | "last_active_at"> &
  Pick<
    Selectable<UsersTable>,
    "id" | "email" | "username" | "first_name" | "last_name" | "email_verified_at" | "avatar_media_id" | "role" | "suspended_until"
  >;

export function createAuthService(deps: AuthDeps) {
  const { db, clock, limiter, hasher, lucia, hub, log } = deps;

  // A failed delivery is logged: the person can ask again (resend / reset); the answer must not differ either way.
  const sendMail = mailSender(deps);

  const registrations = createRegistrations({ db, clock, limiter, hasher, secureCookies: deps.secureCookies, sendMail });

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

  const deviceToken = (meta: RequestMeta) => readTokenCookie(meta.cookie, DEVICE_COOKIE);

  /** Remembers this browser as one that proved it may sign in to `userId`; returns its cookie. */
  async function trustDevice(userId: string, meta: RequestMeta): Promise<string> {
    const token = deviceToken(meta) ?? randomToken(32);
    const now = clock();
    await regRepo.insertKnownDevice(db, { token_hash: sha256Hex(token), user_id: userId, created_at: now, last_used_at: now });
    return serializeCookie(DEVICE_COOKIE, token, { maxAgeSeconds: DEVICE_COOKIE_DAYS * 86_400, secure: deps.secureCookies });
  }

  async function isTrustedDevice(userId: string, meta: RequestMeta): Promise<boolean> {
    const token = deviceToken(meta);
    return token !== null && (await regRepo.isKnownDevice(db, sha256Hex(token), userId));
  }

  const tickets = createSignInTickets({ db, clock });

  /**
   * The one way a sign-in ends (password, password + second factor, passkey): refuses a suspended
   * person, makes the session, cancels a pending deletion (and says so), tells the owner by mail
   * when this browser never signed in to the account before, and trusts it from now on.
   */
  async function completeSignIn(
    user: Pick<Selectable<UsersTable>, "id" | "email" | "username" | "first_name" | "last_name" | "avatar_media_id" | "role" | "suspended_until">,
    meta: RequestMeta,
  ): Promise<{ result: Extract<SignInResult, { status: "signed_in" }>; cookies: string[] }> {
    // Told only to someone who proved they own the account: it exists and is suspended until then.
    if (isSuspended(user.suspended_until, clock())) {
      const until = toMs(user.suspended_until!);
      throw new ForbiddenError("auth.suspended", { suspendedUntil: until >= SUSPENDED_FOREVER ? null : until });
    }
    const knownDevice = await isTrustedDevice(user.id, meta);
    const { cookie } = await newSession(user.id, meta);
    const cancelled = await db
      .updateTable("users")
      .set({ deletion_due_at: null })
      .where("id", "=", user.id)
      .where("deletion_due_at", "is not", null)
      .executeTakeFirst();
    const deletionCancelled = Number(cancelled.numUpdatedRows) > 0;
    if (deletionCancelled) await sendMail(deletionCancelledMail(user.email, deps.publicUrl));
    if (!knownDevice) {
      await sendMail(newSignInMail(user.email, deps.publicUrl, { browser: describeUserAgent(meta.userAgent), ip: coarseIp(meta.ip), at: clock() }));
    }
    return {
      result: { status: "signed_in", user: toMe(user), deletionCancelled },
      cookies: [cookie, await trustDevice(user.id, meta)],
    };
  }

  const registrationCookieCleared = () => serializeCookie(REGISTRATION_COOKIE, "", { maxAgeSeconds: 0, secure: deps.secureCookies });

  const toMe = (u: {
    id: string;
    email: string;
    username: string;
    first_name: string;
    last_name: string;
    avatar_media_id?: string | null;
    role?: string;
  }): Me => ({
    id: u.id,
    email: u.email,
    username: u.username,
    firstName: u.first_name,
    lastName: u.last_name,
    avatarId: u.avatar_media_id ?? null,
    role: asRole(u.role),
  });

  return {
    tickets,
    completeSignIn,

    async register(
      input: { email: string; username: string; firstName: string; lastName: string; password: string },
      meta: RequestMeta,
    ): Promise<{ answer: CodeSent; cookies: string[] }> {
      await enforce(limiter, authLimits.registerIp, meta.ip);
      const { kind, answer, cookie } = await registrations.register(input);
      if (kind === "exists") {
        // Same answer as a new registration; the owner learns of the attempt by mail.
        const waitMs = await limiter.hit(authLimits.codeMail, input.email);
        if (waitMs === 0) await sendMail(alreadyRegisteredMail(input.email, deps.publicUrl));
        if (waitMs > 0) answer.resendAfterSeconds = Math.ceil(waitMs / 1000);
      }
      return { answer, cookies: [cookie] };
    },

    async resendCode(input: { email: string }, meta: RequestMeta): Promise<CodeSent> {
      await enforce(limiter, authLimits.resendIp, meta.ip);
      return registrations.resend(input.email, meta.cookie);
    },

    async verifyEmail(input: { email: string; code: string }, meta: RequestMeta) {
      await enforce(limiter, authLimits.codeIp, meta.ip);
      const user = await registrations.confirm(input.email, input.code, meta.cookie);
      const session = await newSession(user.id, meta);
      const cookies = [session.cookie, await trustDevice(user.id, meta), registrationCookieCleared()];
      return { user: toMe(user), cookies };
    },

    /**
     * Every attempt counts per IP; wrong passwords count per (email, IP) — that address waits —
     * and per email, which stops only browsers that never signed in to the account (no known
     * wit_device cookie): an attacker cannot lock the owner out of a device they use.
     */
    async signIn(
      input: { email: string; password: string },
      meta: RequestMeta,
    ): Promise<{ result: SignInResult; cookies: string[] }> {
      await enforce(limiter, authLimits.signInIp, meta.ip);
      const fromHere = `${input.email}|${meta.ip}`;
      const waitHere = await limiter.peek(authLimits.signInFailEmailIp, fromHere);
      if (waitHere > 0) throw new RateLimitedError(Math.ceil(waitHere / 1000));
      const user = await repo.findUserByEmail(db, input.email);
      if (!user || !(await isTrustedDevice(user.id, meta))) {
        const waitEmail = await limiter.peek(authLimits.signInFailEmail, input.email);
        if (waitEmail > 0) throw new RateLimitedError(Math.ceil(waitEmail / 1000));
      }
      const failed = async (): Promise<never> => {
        await limiter.hit(authLimits.signInFailEmailIp, fromHere);
        await limiter.hit(authLimits.signInFailEmail, input.email);
        throw new UnauthorizedError("auth.invalidCredentials");
      };
      if (!user) {
        const pending = await registrations.signInPending(input.email, input.password);
        if (pending) return { result: { status: "verify_email", ...pending.answer }, cookies: [pending.cookie] };
        return failed();
      }
      if (!(await hasher.verify(user.password_hash, input.password))) return failed();
      if (user.totp_enabled_at !== null) {
        // Two-factor sign-in: no session yet, a ticket that a code or a passkey turns into one.
        const passkey = await db.selectFrom("passkeys").select("id").where("user_id", "=", user.id).limit(1).executeTakeFirst();
        const methods: SecondFactorMethod[] = passkey ? ["totp", "passkey"] : ["totp"];
        return { result: { status: "second_factor", ticket: await tickets.issue(user.id), methods }, cookies: [] };
      }
      return completeSignIn(user, meta);
    },

    /**
     * Resolves the session cookie's token; refreshes the cookie when the session is extended.
     * Every signed-in request runs this, so it is Lucia's validateSession on one hand-written
     * statement (the query builder and Lucia's objects cost more than the statement; ADR 0013),
     * with Lucia's rules and clock: no row or an unverified person → no session; expired → the
     * row is deleted, no session; in the second half of its life → extended by the full length,
     * with a fresh cookie. Nothing is cached: a revoked (deleted) session is refused at once.
     */
    async authenticate(token: string | null): Promise<(Authenticated & { refreshCookie: string | null }) | null> {
      if (!token) return null;
      const id = sessionKey(token);
      const [row] = await runSql<SessionWithUser>(db, SESSION_WITH_USER, [id]);
      if (!row || row.email_verified_at === null) return null;
      // Suspending deletes the sessions; this closes the gap of a sign-in racing the suspension.
      if (isSuspended(row.suspended_until, clock())) return null;
      const expiresAt = toMs(row.expires_at);
      const wall = Date.now();
      if (wall >= expiresAt) {
        await repo.deleteSession(db, id);
        return null;
      }
      let refreshCookie: string | null = null;
      if (wall >= expiresAt - SESSION_MS / 2) {
        await repo.updateSessionExpiry(db, id, wall + SESSION_MS);
        refreshCookie = lucia.createSessionCookie(token).serialize();
      }
      const now = clock();
      if (now - toMs(row.last_active_at) > TOUCH_EVERY_MS) await repo.touchSession(db, id, now);
      return { user: toMe(row), sessionId: id, refreshCookie };
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
        ip: coarseIp(r.ip),
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

    /** Sets the new password and signs out every session; the browser that did it becomes a known device. */
    async resetPassword(input: { token: string; password: string }, meta: RequestMeta): Promise<{ cookies: string[] }> {
      await enforce(limiter, authLimits.resetConfirmIp, meta.ip);
      const passwordHash = await hasher.hash(input.password);
      const now = clock();
      const userId = await db.transaction().execute(async (trx) => {
        const reset = await repo.consumePasswordReset(trx, sha256Hex(input.token), now);
        if (!reset) return null;
        await repo.updateUser(trx, reset.user_id, { password_hash: passwordHash, updated_at: now });
        await repo.deleteUserSessions(trx, reset.user_id);
        await repo.deletePasswordResetsOf(trx, reset.user_id);
        return reset.user_id;
      });
      if (!userId) throw new BadRequestError("auth.resetTokenInvalid");
      hub.control({ kind: "user.sessions.revoked", userId, exceptSessionId: null });
      return { cookies: [await trustDevice(userId, meta)] };
    },

    /** Hourly: expired sessions and registrations. */
    async deleteExpired() {
      await repo.deleteExpiredSessions(db, clock());
      await registrations.deleteExpired();
      await tickets.deleteExpired();
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
