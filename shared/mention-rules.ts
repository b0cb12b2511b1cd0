/**
 * Finding mentions in a text, and the mute durations, without zod: web pages that only show them
 * import them from here, so zod loads only with a form that checks its input (bench/web.ts);
 * shared/mentions.ts re-exports them with its schemas.
 */
/** `@name` at the start or after a character that cannot be part of a word or an e-mail address. */
const MENTION = /(^|[^\p{L}\p{N}_.@])@([a-z][a-z0-9_.]*)/giu;

/** The usernames `@mentioned` in a text, lower-cased, each once (a trailing "." ends the sentence). */
export function mentionedNames(body: string): string[] {
  if (!body.includes("@")) return [];
  const out = new Set<string>();
  for (const m of body.matchAll(MENTION)) out.add(m[2]!.toLowerCase().replace(/\.+$/, ""));
  out.delete("");
  return [...out];
}

/**
 * The text split into plain pieces and `@name` pieces (for highlighting), in order; joining the
 * pieces' text gives the text back.
 */
export function splitMentions(text: string): Array<{ text: string; username?: string }> {
  const out: Array<{ text: string; username?: string }> = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    const name = m[2]!.replace(/\.+$/, "");
    if (!name) continue;
    const start = m.index! + m[1]!.length;
    if (start > at) out.push({ text: text.slice(at, start) });
    out.push({ text: `@${name}`, username: name.toLowerCase() });
    at = start + 1 + name.length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/** "Always": muted until this time (the year 9999), shown as "muted" without an end. */
export const MUTE_FOREVER = 253_402_300_799_999;
export const MUTE_DURATIONS = ["1h", "8h", "1w", "forever", "off"] as const;
export type MuteDuration = (typeof MUTE_DURATIONS)[number];
export const MUTE_MS: Record<Exclude<MuteDuration, "forever" | "off">, number> = { "1h": 3_600_000, "8h": 8 * 3_600_000, "1w": 7 * 24 * 3_600_000 };
