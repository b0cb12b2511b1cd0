/**
 * Mentions and mute (issue 13), shared by server and web client.
 * - A mention is `@username` (case-insensitive) of a current member of the chat, found by the
 *   server in the message body; the message carries the mentioned ids (ChatMessage.mentions).
 *   Never in the public chat (nobody gets mention badges there), never the author themself.
 * - Mute is per member: until a time, or for good (MUTE_FOREVER).
 */
import { z } from "zod";
import { MUTE_FOREVER, MUTE_DURATIONS } from "./mention-rules.ts";
export { mentionedNames, splitMentions, MUTE_FOREVER, MUTE_DURATIONS, MUTE_MS, type MuteDuration } from "./mention-rules.ts";
import { chatIdSchema } from "./chats.ts";


export const muteInput = z.object({ chatId: chatIdSchema, duration: z.enum(MUTE_DURATIONS, { error: "mentions.unknownDuration" }) });
export type MuteInput = z.output<typeof muteInput>;

/** Whether a chat muted until `mutedUntil` is muted at `now` (zod-free, for the web client's first load). */
export { isMuted } from "./chat-preview.ts";
