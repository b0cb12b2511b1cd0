/**
 * What the send path checks before a message joins a batch (chats.service send), beyond the
 * frame's own rate limit (socket.ts):
 * - **Slow mode** of the public chat (a moderator's setting, 0: off): one message per N seconds per
 *   person, counted in the shared RateLimiter (Redis with REDIS_URL: across instances), refused
 *   with RATE_LIMITED "chats.slowMode" and retryAfterSeconds. Moderators and admins are exempt.
 * - **Repeats**: the same text (normalised: server/lib/repeats.ts) from one person more than
 *   CHAT_LIMITS.repeatMax times within CHAT_LIMITS.repeatWindowSeconds, in any chat: refused with
 *   RATE_LIMITED (TOO_MANY_REQUESTS) "chats.repeated" and how long until it may be sent again — a
 *   rate limit rather than BAD_REQUEST, since the same words are fine again later.
 * - **Retries** (the same clientId again, e.g. after a reconnect) are never refused and not counted
 *   again: a retry of a message this instance stored lately skips the checks; any other refused
 *   send is looked up by its clientId, and one already stored goes on to be acked as stored. (A
 *   retry through another instance than the first try may count once more for repeats.)
 *
 * Nothing here reads the database per message: the slow-mode value and people's roles are kept in
 * memory (bounds below), and a chat without slow mode costs one repeat count.
 */
import type { Kysely } from "kysely";
import { CHAT_LIMITS, GLOBAL_CHAT_ID, type SendMessageInput } from "../../../shared/chats.ts";
import { hasRole, type Role } from "../../../shared/moderation.ts";
import type { Database } from "../../db/schema.ts";
import { RateLimitedError } from "../../lib/errors.ts";
import { trimOldest } from "../../lib/bounded.ts";
import type { Limit, RateLimiter } from "../../lib/rate-limit.ts";
import { enforceAs, repeatKey } from "../../lib/repeats.ts";
import type { Hub } from "../../realtime/hub.ts";
import { roleOf } from "../moderation/roles.ts";
import { slowModeOf } from "./chats.repository.ts";
import { findByClientIds } from "./messages.repository.ts";

/**
 * The slow-mode value is replaced at once on every instance by the hub control event its change
 * sends; should one be lost (a Redis reconnect), it is read again at most this long after.
 */
const SLOW_MODE_REFRESH_MS = 60_000;
/**
 * A person's role, as far as slow mode is concerned, is at most this old: someone made moderator
 * is exempt (and someone who stopped being one is not) within 30 s on every instance.
 */
const ROLE_TTL_MS = 30_000;
const ROLES_KEPT = 10_000;
/** Messages stored lately through this instance (author and clientId), for retries. */
const RECENT_KEPT = 50_000;

export const REPEAT_LIMIT: Limit = { name: "chats:repeat", max: CHAT_LIMITS.repeatMax, windowMs: CHAT_LIMITS.repeatWindowSeconds * 1000 };
/** One message per `seconds`; a new setting starts everyone afresh (its own bucket family). */
const slowModeLimit = (seconds: number): Limit => ({ name: `chats:slow${seconds}`, max: 1, windowMs: seconds * 1000 });

export function createSendLimits(deps: { db: Kysely<Database>; limiter: RateLimiter; hub: Hub }) {
  const { db, limiter } = deps;
  const now = () => performance.now();

  // ── the public chat's slow mode, per instance ──────────────────────────────
  let slow = { seconds: 0, until: -Infinity };
  /** Bumped by every control event: a read that began before one does not overwrite its value. */
  let generation = 0;
  let loading: Promise<number> | null = null;
  deps.hub.onControl((event) => {
    if (event.kind !== "chat.slowmode") return;
    generation++;
    slow = { seconds: event.seconds, until: now() + SLOW_MODE_REFRESH_MS };
  });
  function slowModeSeconds(): number | Promise<number> {
    if (now() < slow.until) return slow.seconds;
    loading ??= (async () => {
      const at = generation;
      try {
        const seconds = (await slowModeOf(db, GLOBAL_CHAT_ID)) ?? 0;
        if (at === generation) slow = { seconds, until: now() + SLOW_MODE_REFRESH_MS };
        return slow.seconds;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  // ── roles, briefly ─────────────────────────────────────────────────────────
  const roles = new Map<string, { role: Role; until: number }>();
  async function cachedRole(userId: string): Promise<Role> {
    const hit = roles.get(userId);
    if (hit && hit.until > now()) return hit.role;
    const role = await roleOf(db, userId);
    if (roles.size >= ROLES_KEPT) roles.clear();
    roles.set(userId, { role, until: now() + ROLE_TTL_MS });
    return role;
  }

  // ── retries ────────────────────────────────────────────────────────────────
  const recent = new Map<string, number>();
  const recentKey = (authorId: string, clientId: string) => `${authorId}\u0000${clientId}`;

  return {
    /** The public chat's slow mode now (seconds; 0: off), as this instance enforces it. */
    slowModeSeconds: async () => slowModeSeconds(),

    /** Throws the refusal (RATE_LIMITED) of a send over a limit; a retry of a stored message passes. */
    async check(authorId: string, input: Pick<SendMessageInput, "chatId" | "clientId" | "body">): Promise<void> {
      const seen = recent.get(recentKey(authorId, input.clientId));
      if (seen !== undefined && seen > now()) return;
      try {
        if (input.chatId === GLOBAL_CHAT_ID) {
          const seconds = await slowModeSeconds();
          if (seconds > 0 && !hasRole(await cachedRole(authorId), "moderator")) {
            await enforceAs(limiter, slowModeLimit(seconds), authorId, "chats.slowMode");
          }
        }
        // On every message: one limiter hit, nothing for images alone.
        const key = repeatKey(authorId, input.body);
        const waitMs = key ? await limiter.hit(REPEAT_LIMIT, key) : 0;
        if (waitMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)), "chats.repeated");
      } catch (error) {
        // Refused: unless it was stored already (a retry through another instance, or from long
        // ago), which the batch then acks as stored.
        if (error instanceof RateLimitedError && (await findByClientIds(db, [authorId], [input.clientId])).length) return;
        throw error;
      }
    },

    /** After a send was stored (or found stored): a retry of it passes uncounted. */
    stored(authorId: string, clientId: string): void {
      const key = recentKey(authorId, clientId);
      recent.delete(key);
      recent.set(key, now() + CHAT_LIMITS.repeatWindowSeconds * 1000);
      trimOldest(recent, RECENT_KEPT);
    },
  };
}

export type SendLimits = ReturnType<typeof createSendLimits>;
