/**
 * The zod-free checks the web client runs as a person types a tag or a link (shared/post-rules.ts)
 * give the answers of the schemas the server validates with (shared/posts.ts).
 */
import { describe, expect, test } from "bun:test";
import { checkLink, checkTag, POST_LIMITS } from "./post-rules.ts";
import { linkSchema, tagSchema } from "./posts.ts";

const tags = ["Travel", "#travel", "  ##Подорожі ", "ґрунт_2-й", "", "   ", "#", "two words", "tag!", "a".repeat(POST_LIMITS.tagMax), "a".repeat(POST_LIMITS.tagMax + 1), "ТЕГ\u0000x", "e\u0301", "日本"];
const links = [
  "https://example.com",
  "  http://example.com/path?q=1  ",
  "javascript:alert(1)",
  "data:text/html,hi",
  "ftp://example.com",
  "example.com",
  "https://",
  "https://exa mple.com",
  "https://example.com/\u0000",
  "https://example.com/\u007f",
  `https://example.com/${"a".repeat(POST_LIMITS.linkMax)}`,
  "",
];

describe("the web client's tag and link checks", () => {
  test("a tag is accepted, spelled and refused exactly as tagSchema does", () => {
    for (const raw of tags) {
      const parsed = tagSchema.safeParse(raw);
      const checked = checkTag(raw);
      expect({ raw, result: checked }).toEqual({ raw, result: parsed.success ? { tag: parsed.data } : { error: parsed.error.issues[0]!.message as never } });
    }
  });

  test("a link is accepted, trimmed and refused exactly as linkSchema does", () => {
    for (const raw of links) {
      const parsed = linkSchema.safeParse(raw);
      const checked = checkLink(raw);
      expect({ raw, result: checked }).toEqual({ raw, result: parsed.success ? { link: parsed.data } : { error: parsed.error.issues[0]!.message as never } });
    }
  });
});
