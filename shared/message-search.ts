/**
 * Issue 13: searching the messages of my chats. The query is split into words here, on both
 * sides, the same way the indexes split text (letters and digits; everything else separates), so
 * user input never reaches FTS5 or to_tsquery as syntax: `"`, `*`, `NEAR`, `-`, `:` are just
 * separators or plain words. Each word matches as a prefix ("ґрунт" finds "Ґрунтовний"), all
 * words must match. Results are newest first, paged by a keyset cursor (the last message id).
 * Matched words come back as ranges of the text (never HTML): the client renders text nodes and
 * <mark> elements.
 */
import { z } from "zod";
import { SEARCH_LIMITS } from "./message-search-rules.ts";
export { SEARCH_LIMITS, segments } from "./message-search-rules.ts";
import { chatIdSchema, messageIdSchema, type ChatPerson } from "./chats.ts";
import { oneLine } from "./text.ts";

export const messageSearchInput = z.object({
  query: z
    .string()
    .overwrite(oneLine)
    .trim()
    .min(1, { error: "validation.required" })
    .max(SEARCH_LIMITS.queryMax, { error: "message-search.queryTooLong" }),
  /** Only this chat (one I can read); absent: all my chats and the public one. */
  chatId: chatIdSchema.optional(),
  /** The last result's messageId of the previous page: older results only. */
  cursor: messageIdSchema.optional(),
  limit: z.number().int().min(1).max(SEARCH_LIMITS.pageMax).default(SEARCH_LIMITS.pageDefault),
});
export type MessageSearchInput = z.output<typeof messageSearchInput>;

/** A piece of a result's text: `mark` is true for a matched word (render as <mark>, as text). */
export interface TextRange {
  start: number;
  end: number;
}

export interface MessageSearchHit {
  messageId: number;
  chatId: string;
  chatKind: "personal" | "group" | "public";
  /** The group's name, the other person's name for a personal chat, null for the public chat. */
  chatName: string | null;
  author: ChatPerson;
  createdAt: number;
  /** The text shown: the message, or a cut of it around the first match (with … at a cut end). */
  text: string;
  /** The matched words in `text`, ascending, not overlapping. */
  matches: TextRange[];
}

export interface MessageSearchPage {
  hits: MessageSearchHit[];
  /** Pass as `cursor` for the next (older) page; null: no more. */
  nextCursor: number | null;
}

/** Lower case, with accents on Latin letters dropped (as FTS5's remove_diacritics); й, ї, ґ stay letters. */
export function foldWord(w: string): string {
  return w
    .normalize("NFD")
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
    .normalize("NFC")
    .toLocaleLowerCase("uk-UA");
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of a query, folded, without repeats, at most SEARCH_LIMITS.wordsMax. */
export function queryWords(query: string): string[] {
  const words = [...query.matchAll(WORD)].map((m) => foldWord(m[0]));
  return [...new Set(words)].slice(0, SEARCH_LIMITS.wordsMax);
}

/** The words of `text` that start with one of the query words, as ranges (ascending). */
export function matchRanges(text: string, words: string[]): TextRange[] {
  const out: TextRange[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = foldWord(m[0]);
    if (words.some((q) => w.startsWith(q))) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * The text of a hit: the whole message when short, otherwise a cut of SEARCH_LIMITS.snippetMax
 * characters starting a little before the first match, with the ranges moved to match.
 */
export function snippet(body: string, words: string[]): { text: string; matches: TextRange[] } {
  const all = matchRanges(body, words);
  if (body.length <= SEARCH_LIMITS.snippetMax) return { text: body, matches: all };
  const first = all[0]?.start ?? 0;
  let from = Math.max(0, first - 40);
  // Start on a word boundary when one is near.
  const space = body.lastIndexOf(" ", from);
  if (space >= 0 && from - space < 20) from = space + 1;
  if (from === 1) from = 0;
  const to = Math.min(body.length, from + SEARCH_LIMITS.snippetMax);
  const lead = from > 0 ? "…" : "";
  const text = lead + body.slice(from, to) + (to < body.length ? "…" : "");
  const shift = lead.length - from;
  const matches = all.filter((r) => r.start >= from && r.end <= to).map((r) => ({ start: r.start + shift, end: r.end + shift }));
  return { text, matches };
}

