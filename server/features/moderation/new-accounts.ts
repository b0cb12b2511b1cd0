/**
 * Lower limits for new accounts (#16, "limits that protect without a moderator"): in its first
 * NEW_ACCOUNT_MS an account meets a second, lower rate limit on posts, comments, friend requests
 * and "notify everyone", in addition to the usual one (the numbers sit next to those:
 * posts.limits.ts, friends.limits.ts, shared/chats.ts CHAT_LIMITS). Over it: TOO_MANY_REQUESTS
 * "errors.newAccountLimit" with retryAfterSeconds, so the client can say why.
 *
 * An account's creation time never changes: it is read once (a primary-key read) and then kept
 * in memory per database.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Limit, RateLimiter } from "../../lib/rate-limit.ts";
import { enforceAs } from "../../lib/repeats.ts";

/** How long an account counts as new. */
export const NEW_ACCOUNT_MS = 24 * 60 * 60 * 1000;
const KEPT = 10_000;

const createdAtByDb = new WeakMap<object, Map<string, number>>();

async function createdAtOf(db: Kysely<Database>, userId: string): Promise<number | null> {
  let known = createdAtByDb.get(db);
  if (!known) createdAtByDb.set(db, (known = new Map()));
  const hit = known.get(userId);
  if (hit !== undefined) return hit;
  const row = await db.selectFrom("users").select("created_at").where("id", "=", userId).executeTakeFirst();
  if (!row) return null;
  const at = toMs(row.created_at);
  if (known.size >= KEPT) known.clear();
  known.set(userId, at);
  return at;
}

/** Whether the account is still in its first NEW_ACCOUNT_MS. */
export async function isNewAccount(deps: { db: Kysely<Database>; clock: Clock }, userId: string): Promise<boolean> {
  const at = await createdAtOf(deps.db, userId);
  return at !== null && deps.clock() - at < NEW_ACCOUNT_MS;
}

/** Counts a hit on `limit` while the account is new; TOO_MANY_REQUESTS "errors.newAccountLimit" over it. */
export async function enforceNewAccountLimit(deps: { db: Kysely<Database>; clock: Clock; limiter: RateLimiter }, limit: Limit, userId: string): Promise<void> {
  if (await isNewAccount(deps, userId)) await enforceAs(deps.limiter, limit, userId, "errors.newAccountLimit");
}
