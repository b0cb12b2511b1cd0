import type { Limit } from "../../lib/rate-limit.ts";

const MIN = 60_000;

/** Rate limits on writing posts, comments and likes (per person). */
export const postLimits = {
  create: { name: "posts:create", max: 30, windowMs: 60 * MIN },
  update: { name: "posts:update", max: 60, windowMs: 60 * MIN },
  like: { name: "posts:like", max: 120, windowMs: MIN },
  markViewed: { name: "posts:views", max: 120, windowMs: MIN },
  comment: { name: "comments:create", max: 20, windowMs: MIN },
  removeComment: { name: "comments:remove", max: 60, windowMs: MIN },
} satisfies Record<string, Limit>;
