/**
 * Presence's limits, without zod: the web client's presence store (on every page with people)
 * imports them from here (bench/web.ts); shared/presence.ts re-exports them with its schemas.
 */
export const PRESENCE_LIMITS = {
  /** People one socket may watch at once (presence.watch). */
  watchMax: 200,
  /** No input for this long (or a hidden tab): the client reports "away". */
  awayAfterMs: 5 * 60_000,
  /** "Seen by": at most this many people listed (the count is exact). */
  seenByListed: 100,
} as const;
