/**
 * What counts as one emoji (issue 13: any emoji as a reaction). Used by the reaction schema in
 * shared/chats.ts on both sides, so the picker never offers what the server refuses.
 *
 * One emoji is exactly one grapheme (Intl.Segmenter), at most EMOJI_MAX_BYTES of UTF-8, and one of:
 * - a flag: two regional indicators (🇺🇦), or a black flag with tag letters (🏴󠁧󠁢󠁳󠁣󠁴󠁿);
 * - a keycap: 0-9, # or * with an optional VS16 and U+20E3 (1️⃣);
 * - pictographs joined by ZWJ (👨‍👩‍👧, ❤️‍🔥), each an Extended_Pictographic code point with an
 *   optional VS16 and/or skin-tone modifier. Nothing else: no letters, digits or spaces, no ZWJ at
 *   either end or twice in a row, no VS15 (text presentation).
 */
export const EMOJI_MAX_BYTES = 32;

const FLAG = /^\p{Regional_Indicator}{2}$/u;
const TAG_FLAG = /^\u{1F3F4}[\u{E0020}-\u{E007E}]{1,8}\u{E007F}$/u;
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3$/u;
const PICTO_PART = "\\p{Extended_Pictographic}\\uFE0F?\\p{Emoji_Modifier}?";
const ZWJ_SEQUENCE = new RegExp(`^${PICTO_PART}(?:\\u200D${PICTO_PART})*$`, "u");
/** A lone pictograph whose default look is text (❤, ☺): it gets VS16, so "❤" and "❤️" are one reaction. */
const TEXT_DEFAULT = /^(?!\p{Emoji_Presentation})\p{Extended_Pictographic}$/u;

let segmenter: Intl.Segmenter | undefined;
const graphemes = (s: string) => {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let n = 0;
  for (const _ of segmenter.segment(s)) if (++n > 1) break;
  return n;
};

/** Whether the text is exactly one emoji (see the rules above). */
export function isOneEmoji(s: string): boolean {
  if (!s || new TextEncoder().encode(s).length > EMOJI_MAX_BYTES) return false;
  if (graphemes(s) !== 1) return false;
  return FLAG.test(s) || TAG_FLAG.test(s) || KEYCAP.test(s) || ZWJ_SEQUENCE.test(s);
}

/** The one form stored for an emoji: a lone text-default pictograph gets VS16 ("❤" → "❤️"). */
export const normalizeEmoji = (s: string) => (TEXT_DEFAULT.test(s) ? `${s}\uFE0F` : s);
