/**
 * The posts' limits and the checks the web client runs as a person types a tag or a link, without
 * zod: the pages of posts import them from here, so zod loads only when a post or comment is sent
 * (bench/web.ts). shared/posts.ts re-exports them and builds its schemas on them (tagSchema and
 * linkSchema give the same answers as checkTag and checkLink: shared/post-rules.test.ts).
 */
import type { PostLink } from "./posts.ts";
import { oneLine } from "./text.ts";

export const POST_LIMITS = {
  titleMax: 255,
  topicMax: 60,
  bodyMax: 10_000,
  tagsMax: 10,
  tagMax: 40,
  linksMax: 5,
  linkMax: 2_000,
  imagesMax: 10,
  commentMax: 2_000,
  feedPageDefault: 20,
  feedPageMax: 50,
  commentsPageDefault: 20,
  commentsPageMax: 100,
  /** Comments each post of a feed page carries. */
  latestComments: 3,
  /** Posts a socket may watch (post:<id> topics) at once. */
  watchMax: 100,
  markViewedMax: 100,
  suggestMax: 10,
  popularDays: 7,
  popularMax: 20,
} as const;

/**
 * One spelling per tag: `#Travel`, `travel` and `TRAVEL` are `travel`. Letters of any script
 * (Ukrainian included), digits, `_` and `-`.
 */
export function normaliseTag(raw: string): string {
  return oneLine(raw).normalize("NFC").trim().replace(/^#+/, "").toLocaleLowerCase("uk-UA");
}
export const TAG_PATTERN = /^[\p{L}\p{N}_-]+$/u;

/** A tag as typed → its one spelling, or the i18n key of what is wrong with it (tagSchema's rules). */
export function checkTag(raw: string): { tag: string } | { error: "posts.tagEmpty" | "posts.tagTooLong" | "posts.tagFormat" } {
  const tag = normaliseTag(raw);
  if (tag.length < 1) return { error: "posts.tagEmpty" };
  if (tag.length > POST_LIMITS.tagMax) return { error: "posts.tagTooLong" };
  if (!TAG_PATTERN.test(tag)) return { error: "posts.tagFormat" };
  return { tag };
}

/** An http(s) URL a person can open, shown as typed (no control characters); anything else (javascript:, data:, …) is refused. */
export function isHttpLink(value: string): boolean {
  // No control characters: nothing invisible; NUL would be a 500 on Postgres.
  if (/[\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A link as typed → trimmed, or the i18n key of what is wrong with it (linkSchema's rules). */
export function checkLink(raw: string): { link: string } | { error: "posts.linkTooLong" | "posts.linkInvalid" } {
  const link = raw.trim();
  if (link.length > POST_LIMITS.linkMax) return { error: "posts.linkTooLong" };
  return isHttpLink(link) ? { link } : { error: "posts.linkInvalid" };
}

export function linkOf(url: string): PostLink {
  return { url, domain: new URL(url).hostname.replace(/^www\./, "") };
}
