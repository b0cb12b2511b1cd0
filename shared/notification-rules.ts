/**
 * The kinds of notification, without zod: web pages that only show them import them from here, so
 * zod loads only with a form that checks its input (bench/web.ts); shared/notifications.ts
 * re-exports them with its schemas.
 */
export const NOTIFICATION_KINDS = ["like", "comment", "mention", "friend_request", "friend_accepted"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_LIMITS = {
  pageDefault: 20,
  pageMax: 50,
  /** People named on an entry; the rest are "and N others". */
  actorsShown: 3,
  /** At most one `notification` frame per person per this long (a burst is coalesced). */
  frameIntervalMs: 1_000,
} as const;
