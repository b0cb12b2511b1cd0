import type { Limit } from "../../lib/rate-limit.ts";

/** Uploads per person (every attempt counts, refused ones too). */
export const mediaLimits = {
  upload: { name: "media:upload", max: 200, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;
