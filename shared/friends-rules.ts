/**
 * The friends' limits, without zod: web pages that only page through lists import them from here
 * (bench/web.ts); shared/friends.ts re-exports them with its schemas.
 */
export const FRIENDS_LIMITS = {
  pageDefault: 20,
  pageMax: 50,
  queryMax: 100,
  /** Recommendations considered in all (pages are taken from this ranking). */
  recommendationsMax: 200,
  reportTextMax: 1_000,
  /** Friends a profile page or the /friends overview shows before "all". */
  overviewFriends: 6,
} as const;

export const AUDIENCES = ["everyone", "friends"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const REPORT_REASONS = ["spam", "harassment", "hate", "violence", "nudity", "fake", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
