/**
 * The part of the messenger's contract that needs no zod: the public chat's id and what the chat
 * list shows of a message. The web client's chat-list store is in its first load (the header's
 * unread count) and zod is not (26 KB gzip, loaded with the first page that validates a form);
 * importing these from here keeps it that way (bench/web.ts). shared/chats.ts re-exports them.
 */
import type { ChatMessage, MessagePreview } from "./chats.ts";

/** Whether a chat muted until `mutedUntil` is muted at `now` (shared/mentions.ts re-exports it). */
export const isMuted = (mutedUntil: number | null | undefined, now: number) => mutedUntil != null && mutedUntil > now;

/** The public chat: everyone reads it (guests too), signed-in people write. */
export const GLOBAL_CHAT_ID = "global";

/** Characters of the last message shown in the chat list (CHAT_LIMITS.previewChars). */
export const PREVIEW_CHARS = 120;

/** The first PREVIEW_CHARS characters (code points) of a body. */
export const previewText = (body: string) =>
  body.length <= PREVIEW_CHARS ? body : [...body].slice(0, PREVIEW_CHARS).join("");

/** What the chat list shows of a message (the server's chat.activity and a client that has the chat open). */
export const toPreview = (m: ChatMessage): MessagePreview => ({
  id: m.id,
  authorId: m.author.id,
  authorName: `${m.author.firstName} ${m.author.lastName}`.trim(),
  text: previewText(m.body),
  imageCount: m.images.length,
  createdAt: m.createdAt,
  ...(m.deleted && { deleted: true }),
  ...(m.event && { system: m.event }),
});
