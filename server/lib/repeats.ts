/**
 * Refusing repeated identical texts (#16: "limits that protect without a moderator"): one person
 * sending the same words over and over — in chats, in comments — is counted per person and per
 * text in the shared RateLimiter (Redis with REDIS_URL, so every instance counts together). The
 * text is compared normalised (trimmed, case-folded, runs of white space as one space) and kept
 * only as a hash in the limiter's key.
 */
import { RateLimitedError } from "./errors.ts";
import type { Limit, RateLimiter } from "./rate-limit.ts";

/** White space that is more than one plain space (runs, tabs, line breaks, other kinds). */
const UNUSUAL_SPACE = /\s{2}|[^\S ]/;

/** The text as repeats compare it: "  Buy   NOW\n" and "buy now" are the same. */
export function normaliseRepeat(text: string): string {
  const lower = text.trim().toLowerCase();
  // Most messages have single spaces only: no replace (it runs on every chat message).
  return UNUSUAL_SPACE.test(lower) ? lower.replace(/\s+/g, " ") : lower;
}

/** The limiter key of this person's text ("<personId>:<hash>"), or null for no text (images only). */
export function repeatKey(personId: string, text: string): string | null {
  const normal = normaliseRepeat(text);
  return normal ? `${personId}:${Bun.hash(normal).toString(36)}` : null;
}

/** Counts one hit and throws TOO_MANY_REQUESTS with this reason (and retry-after) when over the limit. */
export async function enforceAs(limiter: RateLimiter, limit: Limit, key: string, reason: string): Promise<void> {
  const waitMs = await limiter.hit(limit, key);
  if (waitMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)), reason);
}

/**
 * Counts one more of this text by this person; beyond `limit.max` within its window, TOO_MANY_REQUESTS
 * with `reason` and how long until the count starts over. A text that is empty is not counted.
 */
export async function enforceNotRepeated(limiter: RateLimiter, limit: Limit, personId: string, text: string, reason: string): Promise<void> {
  const key = repeatKey(personId, text);
  if (key) await enforceAs(limiter, limit, key, reason);
}
