/**
 * Lucia v3 sessions through our own Kysely adapter (SQLite and Postgres alike).
 * The cookie carries Lucia's random token; the database keeps only sha256(token), so a leaked
 * database holds no usable session, and that hash doubles as the public id on the sessions page.
 */
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { AUTH_LIMITS } from "../../../shared/auth.ts";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import { sha256Hex } from "../../lib/crypto.ts";
import * as repo from "./auth.repository.ts";

export interface SessionAttributes {
  created_at: number;
  last_active_at: number;
  user_agent: string | null;
  ip: string | null;
}
export interface UserAttributes {
  email: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}

export const SESSION_COOKIE = "wit_session";

export function createLucia(db: Kysely<Database>, opts: { secureCookies: boolean }) {
  return new Lucia(createKyselyAdapter(db), {
    sessionExpiresIn: new TimeSpan(AUTH_LIMITS.sessionDays, "d"),
    sessionCookie: { name: SESSION_COOKIE, attributes: { secure: opts.secureCookies, sameSite: "lax" } },
    getSessionAttributes: (a) => a,
    getUserAttributes: (a) => a,
  });
}
export type AuthLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: AuthLucia;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: UserAttributes;
  }
}

export const sessionKey = (token: string) => sha256Hex(token);

function createKyselyAdapter(db: Kysely<Database>): Adapter {
  return {
    async getSessionAndUser(token) {
      const row = await repo.findSessionWithUser(db, sessionKey(token));
      if (!row || row.email_verified_at === null) return [null, null];
      const session: DatabaseSession = {
        id: token,
        userId: row.user_id,
        expiresAt: new Date(toMs(row.expires_at)),
        attributes: {
          created_at: toMs(row.session_created_at),
          last_active_at: toMs(row.last_active_at),
          user_agent: row.user_agent,
          ip: row.ip,
        },
      };
      const user: DatabaseUser = {
        id: row.user_id,
        attributes: {
          email: row.email,
          username: row.username,
          first_name: row.first_name,
          last_name: row.last_name,
          avatar_media_id: row.avatar_media_id,
        },
      };
      return [session, user];
    },
    async getUserSessions() {
      // Tokens are not recoverable from their hashes; the service lists sessions itself.
      throw new Error("getUserSessions is not supported: use the auth service");
    },
    async setSession(session) {
      await repo.insertSession(db, {
        id: sessionKey(session.id),
        user_id: session.userId,
        expires_at: session.expiresAt.getTime(),
        ...session.attributes,
      });
    },
    async updateSessionExpiration(token, expiresAt) {
      await repo.updateSessionExpiry(db, sessionKey(token), expiresAt.getTime());
    },
    async deleteSession(token) {
      await repo.deleteSession(db, sessionKey(token));
    },
    async deleteUserSessions(userId) {
      await repo.deleteUserSessions(db, userId);
    },
    async deleteExpiredSessions() {
      await repo.deleteExpiredSessions(db, Date.now());
    },
  };
}
