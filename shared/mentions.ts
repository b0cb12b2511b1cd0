/**
 * Mentions and mute (issue 13), shared by server and web client.
 * - A mention is `@username` (case-insensitive) of a current member of the chat, found by the
 *   server in the message body; the message carries the mentioned ids (ChatMessage.mentions).
 *   Never in the public chat (nobody gets mention badges there), never the author themself.
 * - Mute is per member: until a time, or for good (MUTE_FOREVER).
 */
import { z } from "zod";
import { chatIdSchema } from "./chats.ts";

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

export const muteInput = z.object({ chatId: chatIdSchema, duration: z.enum(MUTE_DURATIONS, { error: "mentions.unknownDuration" }) });
export type MuteInput = z.output<typeof muteInput>;

/** Whether a chat muted until `mutedUntil` is muted at `now` (zod-free, for the web client's first load). */
export { isMuted } from "./chat-preview.ts";
