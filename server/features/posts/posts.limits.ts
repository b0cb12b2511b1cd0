import type { Limit } from "../../lib/rate-limit.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Rate limits on writing posts, comments and likes (per person). */
export const postLimits = {
  create: { name: "posts:create", max: 30, windowMs: 60 * MIN },
  update: { name: "posts:update", max: 60, windowMs: 60 * MIN },
  like: { name: "posts:like", max: 120, windowMs: MIN },
  markViewed: { name: "posts:views", max: 120, windowMs: MIN },
  comment: { name: "comments:create", max: 20, windowMs: MIN },
  removeComment: { name: "comments:remove", max: 60, windowMs: MIN },
  /**
   * The same comment text (normalised: server/lib/repeats.ts) by one person, on any post: the
   * fourth within 10 minutes is refused (TOO_MANY_REQUESTS "posts.repeatedComment").
   */
  repeatedComment: { name: "comments:repeat", max: 3, windowMs: 10 * MIN },
} satisfies Record<string, Limit>;

/**
 * In addition to the above while an account is new (its first 24 h: moderation/new-accounts.ts),
 * refused with "errors.newAccountLimit": 30 posts in that day (the usual limit allows 720) and 60
 * comments an hour (the usual one allows 1,200).
 */
export const newAccountPostLimits = {
  create: { name: "posts:create:new", max: 30, windowMs: DAY },
  comment: { name: "comments:create:new", max: 60, windowMs: 60 * MIN },
} satisfies Record<string, Limit>;
