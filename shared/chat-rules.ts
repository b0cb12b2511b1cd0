/**
 * The messenger's limits and the helpers the web client shows messages with, without zod: the
 * chat pages import them from here, so zod loads only with a form that checks its input
 * (bench/web.ts). shared/chats.ts re-exports them with its schemas.
 */
import { PREVIEW_CHARS } from "./chat-preview.ts";
import type { ChatMessage, MessageReaction } from "./chats.ts";

export { GLOBAL_CHAT_ID } from "./chat-preview.ts";

export const CHAT_LIMITS = {
  bodyMax: 4096,
  imagesMax: 10,
  nameMax: 100,
  /** Members of one group, admin included. */
  groupMembersMax: 500,
  /** People added in one call (createGroup or addMembers). */
  addAtOnce: 100,
  historyDefault: 50,
  historyMax: 100,
  noticeMax: 200,
  /** A person may notify everyone once per this many seconds. */
  noticeEverySeconds: 30,
  /** …and, in the first 24 hours of their account, in addition at most this many per window. */
  newAccountNotices: 2,
  newAccountNoticeWindowSeconds: 3600,
  /**
   * The same text (trimmed, case-folded, spaces collapsed) from one person is refused beyond this
   * many times within repeatWindowSeconds, in any chat (images-only messages are not counted).
   */
  repeatMax: 3,
  repeatWindowSeconds: 600,
  /** Members listed with each chat in chats.list (byId lists all). */
  membersPreview: 5,
  /** Chats in one page of chats.list (the web client asks for more as the list scrolls). */
  listPage: 30,
  listPageMax: 100,
  /** Characters of the last message shown in the chat list. */
  previewChars: PREVIEW_CHARS,
  /** Reactors listed per emoji on a message (beyond it only the count grows). */
  reactorsListed: 100,
  /** Distinct emoji on one message (issue 13); one more is refused ("emoji.tooManyReactions"). */
  reactionEmojiMax: 20,
} as const;

/**
 * The quick reactions: one tap under a message, and listed first in this order. Any other single
 * emoji (shared/emoji.ts) may be picked too, up to CHAT_LIMITS.reactionEmojiMax distinct ones per
 * message (issue 13).
 */
export const REACTION_EMOJI = ["👍", "❤️", "😂", "😮", "😢", "🔥"] as const;

/**
 * A new client id for a message: the time in milliseconds (base 36, fixed width, so ids sort by
 * the time they were made) and 64 random bits, e.g. `0mhxq3k2a-9f8e7d6c5b4a3f2e`. The server's
 * idempotency index starts with the client id, so time-ordered ids keep its writes at its end
 * instead of on a random page per message (migrations/…_0010). Any id the schema accepts still
 * works: this is about speed, never about correctness.
 */
export function newClientId(now = Date.now()): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  let hex = "";
  for (const b of random) hex += b.toString(16).padStart(2, "0");
  return `${now.toString(36).padStart(9, "0")}-${hex}`;
}

/** Whether a body counts as text (not just spaces and line breaks). */
export const hasText = (body: string) => body.trim().length > 0;

/**
 * The message with this list of reactions (none, or a tombstone or system line, which never
 * carry any: no field at all, as the server sends it). The server builds history pages with it and
 * clients apply reaction frames with it.
 */
export function withReactions(m: ChatMessage, reactions: readonly MessageReaction[] = []): ChatMessage {
  if (!reactions.length && m.reactions === undefined) return m;
  const { reactions: _old, ...rest } = m;
  return reactions.length && !m.deleted && m.kind !== "system" ? { ...rest, reactions: [...reactions] } : rest;
}

/** What a deleted message becomes: author, time and ids kept, nothing of its content. */
export const toTombstone = ({ editedAt: _edited, reactions: _reactions, replyTo: _replyTo, forwardedFrom: _forwardedFrom, ...m }: ChatMessage): ChatMessage => ({ ...m, body: "", images: [], deleted: true });
