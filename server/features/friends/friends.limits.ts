import type { Limit } from "../../lib/rate-limit.ts";

const MIN = 60_000;

/** Rate limits of the social graph (per person). */
export const friendsLimits = {
  request: { name: "friends:request", max: 50, windowMs: 60 * MIN },
  change: { name: "friends:change", max: 120, windowMs: MIN },
  block: { name: "blocks:change", max: 30, windowMs: MIN },
  search: { name: "people:search", max: 120, windowMs: MIN },
  report: { name: "reports:create", max: 20, windowMs: 60 * MIN },
} satisfies Record<string, Limit>;

/**
 * In addition while an account is new (its first 24 h: moderation/new-accounts.ts), refused with
 * "errors.newAccountLimit": 20 friend requests in that day (the usual limit allows 1,200).
 */
export const newAccountFriendsLimits = {
  request: { name: "friends:request:new", max: 20, windowMs: 24 * 60 * MIN },
} satisfies Record<string, Limit>;
