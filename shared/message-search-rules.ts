/**
 * The message search's limits and how a hit's text is cut into marked pieces, without zod: the
 * chat pages import them from here (bench/web.ts); shared/message-search.ts re-exports them.
 */
import type { TextRange } from "./message-search.ts";

export const SEARCH_LIMITS = {
  queryMax: 100,
  /** Words of a query beyond this are ignored (each is one more term for the index to intersect). */
  wordsMax: 8,
  pageDefault: 20,
  pageMax: 50,
  /** Characters of a result's text around its first match (a long message is cut around it). */
  snippetMax: 240,
} as const;

/** Splits a hit's text into plain and marked pieces, in order (for rendering as text nodes). */
export function segments(text: string, matches: TextRange[]): Array<{ text: string; mark: boolean }> {
  const out: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const r of matches) {
    if (r.start < at || r.end > text.length) continue;
    if (r.start > at) out.push({ text: text.slice(at, r.start), mark: false });
    out.push({ text: text.slice(r.start, r.end), mark: true });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
