/**
 * The messenger's contract: limits, input schemas (tRPC and websocket frames) and the shapes the
 * server returns. Types are inferred from the zod schemas so both directions share one source.
 * Validation messages are i18n keys (web/src/i18n), like everywhere else.
 */
import { z } from "zod";
import { CHAT_LIMITS, hasText } from "./chat-rules.ts";
import { MEDIA_PURPOSES, mediaIdSchema, type MediaInfo } from "./media.ts";
import { oneLine } from "./text.ts";
import { EMOJI_MAX_BYTES, isOneEmoji, normalizeEmoji } from "./emoji.ts";

export { GLOBAL_CHAT_ID, previewText, toPreview } from "./chat-preview.ts";
export { CHAT_LIMITS, REACTION_EMOJI, hasText, newClientId, toTombstone, withReactions } from "./chat-rules.ts";


/** Any one emoji (see isOneEmoji), stored in one form ("❤" → "❤️"). */
export type ReactionEmoji = string;
export const reactionEmojiSchema = z
  .string()
  .max(EMOJI_MAX_BYTES, { error: "emoji.notOneEmoji", abort: true })
  .refine(isOneEmoji, { error: "emoji.notOneEmoji" })
  .transform(normalizeEmoji);

const hexId = /^[a-f0-9]{24}$/;
export const chatIdSchema = z.string().regex(/^(global|[a-f0-9]{24})$/, { error: "chats.invalidId" });
export const userIdSchema = z.string().regex(hexId, { error: "chats.invalidUserId" });
/** The client's id for a message (see newClientId), the key of idempotent retries. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "chats.invalidClientId" });

export const messageIdSchema = z.number().int().positive();

/** Plain text (never HTML): CRLF → LF, control characters other than LF and TAB dropped. */
export const messageBodySchema = z
  .string()
  .max(CHAT_LIMITS.bodyMax * 2, { error: "chats.bodyTooLong" })
  .transform((s) => s.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""))
  .pipe(z.string().max(CHAT_LIMITS.bodyMax, { error: "chats.bodyTooLong" }));

export const groupNameSchema = z
  .string({ error: "validation.required" })
  .overwrite(oneLine)
  .trim()
  .min(1, { error: "validation.required" })
  .max(CHAT_LIMITS.nameMax, { error: "chats.nameTooLong" });

const userIdList = z
  .array(userIdSchema)
  .max(CHAT_LIMITS.addAtOnce, { error: "chats.tooManyAtOnce" })
  .transform((ids) => [...new Set(ids)]);

// ── inputs ───────────────────────────────────────────────────────────────────
export const sendMessageShape = {
  chatId: chatIdSchema,
  clientId: clientIdSchema,
  body: messageBodySchema.default(""),
  imageIds: z
    .array(mediaIdSchema)
    .max(CHAT_LIMITS.imagesMax, { error: "chats.tooManyImages" })
    .default([])
    .transform((ids) => [...new Set(ids)]),
  /** Issue 13: the message of the same chat this one answers (replies feature). */
  replyToId: messageIdSchema.optional(),
  /**
   * Issue 13: forward this message of a chat I can read (replies feature). The server copies its
   * text and images; the draft's own body and imageIds must be empty.
   */
  forward: z.object({ chatId: chatIdSchema, messageId: messageIdSchema }).optional(),
};
/**
 * A message needs text or at least one image (spread into `.refine(...)`). An edit follows the
 * same rule with the images the message already has (the server checks it: it knows them).
 */
export const notEmptyMessage: [(m: { body: string; imageIds: string[]; forward?: unknown }) => boolean, { error: string; path: string[] }] = [
  // A forward carries the original's content, nothing of its own (replies feature).
  (m) => (m.forward ? !hasText(m.body) && m.imageIds.length === 0 : hasText(m.body) || m.imageIds.length > 0),
  { error: "chats.emptyMessage", path: ["body"] },
];
export const sendMessageInput = z.object(sendMessageShape).refine(...notEmptyMessage);
export type SendMessageInput = z.output<typeof sendMessageInput>;

export const chatIdInput = z.object({ chatId: chatIdSchema });

/**
 * A page of my chats, most recent activity first; `before` is the last chat of the previous
 * page (its lastActivityAt and id, both from the list), so a chat that moves up meanwhile is
 * neither skipped nor shown twice. Absent: the first page.
 */
export const chatListInput = z
  .object({
    limit: z.number().int().min(1).max(CHAT_LIMITS.listPageMax).optional(),
    before: z.object({ lastActivityAt: z.number().int().nonnegative(), id: chatIdSchema }).optional(),
  })
  .optional();
export type ChatListInput = z.output<typeof chatListInput>;
export const openPersonalInput = z.object({ userId: userIdSchema });
export const createGroupInput = z.object({
  name: groupNameSchema,
  memberIds: userIdList,
  avatarId: mediaIdSchema.nullable().default(null),
});
export const updateGroupInput = z.object({
  chatId: chatIdSchema,
  name: groupNameSchema.optional(),
  /** null removes the avatar; absent leaves it. */
  avatarId: mediaIdSchema.nullable().optional(),
});
export const addMembersInput = z.object({ chatId: chatIdSchema, userIds: userIdList.refine((a) => a.length > 0, { error: "validation.required" }) });
export const chatMemberInput = z.object({ chatId: chatIdSchema, userId: userIdSchema });
export const markReadInput = z.object({ chatId: chatIdSchema, messageId: messageIdSchema });
/** Delete one of my messages "for everyone" (it stays as a tombstone: see ChatMessage.deleted). */
export const deleteMessageInput = z.object({ chatId: chatIdSchema, messageId: messageIdSchema });
/** Replace the text of one of my messages (its images stay); the body follows the send rules. */
export const editMessageInput = z.object({ chatId: chatIdSchema, messageId: messageIdSchema, body: messageBodySchema });
/** Put my reaction with this emoji on a message (on: true) or take it off (on: false); idempotent. */
export const reactInput = z.object({ chatId: chatIdSchema, messageId: messageIdSchema, emoji: reactionEmojiSchema, on: z.boolean() });
export const historyInput = z
  .object({
    chatId: chatIdSchema,
    /** Messages with a smaller id (scrolling up). */
    before: messageIdSchema.optional(),
    /** Messages with a larger id (catching up after a reconnect). */
    after: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(CHAT_LIMITS.historyMax).default(CHAT_LIMITS.historyDefault),
  })
  .refine((h) => h.before === undefined || h.after === undefined, { error: "chats.oneCursor", path: ["before"] });
export type HistoryInput = z.output<typeof historyInput>;

/**
 * Messages of a chat changed (edited, deleted, reacted to) after `since` (a server time, ms), or at
 * it with an id above `afterId`: how a client that was offline catches up on the messages it
 * holds beyond the page it re-reads. Paged by the `next` cursor of the answer.
 */
export const changesInput = z.object({
  chatId: chatIdSchema,
  since: z.number().int().nonnegative(),
  afterId: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(CHAT_LIMITS.historyMax).default(CHAT_LIMITS.historyDefault),
});
export type ChangesInput = z.output<typeof changesInput>;

export const noticeInput = z.object({
  text: z
    .string()
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]+/g, " ").trim())
    .pipe(z.string().min(1, { error: "validation.required" }).max(CHAT_LIMITS.noticeMax, { error: "chats.noticeTooLong" })),
});

// ── what the server returns (schemas, so the client can validate frames too) ─
export const mediaInfoSchema = z.object({
  id: z.string(),
  purpose: z.enum(MEDIA_PURPOSES),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  urls: z.record(z.string(), z.string()),
  createdAt: z.number(),
}) satisfies z.ZodType<MediaInfo>;

export const chatPersonSchema = z.object({
  id: z.string(),
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  /** Active avatar (`/media/<id>/s96.webp`) or null for initials. */
  avatarId: z.string().nullable(),
});
export type ChatPerson = z.infer<typeof chatPersonSchema>;

/** Someone a system event is about, with their name as it was then (they may have left since). */
export const systemPersonSchema = z.object({ id: z.string(), name: z.string() });
export type SystemPerson = z.infer<typeof systemPersonSchema>;

/**
 * What a system message says happened in a group (its author is who did it). Stored as the
 * message body (JSON) and parsed with this schema when read. Names inside are plain text as
 * people typed them: render as text, never as HTML.
 */
export const systemEventSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("created"), name: z.string() }),
  z.object({ event: z.literal("added"), users: z.array(systemPersonSchema).min(1) }),
  z.object({ event: z.literal("removed"), user: systemPersonSchema }),
  z.object({ event: z.literal("left") }),
  z.object({ event: z.literal("adminTransferred"), user: systemPersonSchema }),
  /**
   * The admin left and the role passed by itself to `user`, the longest-standing member. Comes
   * right after that "left" line; its author is the same person (the one who left).
   */
  z.object({ event: z.literal("adminAssigned"), user: systemPersonSchema }),
  z.object({ event: z.literal("renamed"), name: z.string() }),
  /** removed: the avatar was taken away rather than replaced. */
  z.object({ event: z.literal("avatarChanged"), removed: z.boolean() }),
  /**
   * A moderator cleared the group's name or avatar after a report (its author is the moderator,
   * who need not be a member; clients say "A moderator removed…" without naming them).
   */
  z.object({ event: z.literal("moderated"), what: z.enum(["name", "avatar"]) }),
]);
export type SystemEvent = z.infer<typeof systemEventSchema>;

/**
 * The people who reacted to a message with one emoji, oldest first. A message is shared by
 * everyone on its topic, so it says who reacted (a client finds "mine" by its own id) rather than
 * "mine". At most CHAT_LIMITS.reactorsListed ids; `count` is the real number (equal to
 * userIds.length unless capped).
 */
export const messageReactionSchema = z.object({ emoji: z.string(), count: z.number(), userIds: z.array(z.string()) });
export type MessageReaction = z.infer<typeof messageReactionSchema>;

export const chatMessageSchema = z.object({
  /** Increasing per database; order within a chat is id order. */
  id: z.number(),
  chatId: z.string(),
  author: chatPersonSchema,
  /** Plain text with line breaks; render as text, never as HTML. */
  body: z.string(),
  images: z.array(mediaInfoSchema),
  createdAt: z.number(),
  clientId: z.string(),
  /**
   * true: its author deleted it; body and images are empty and clients show a placeholder in its
   * place. Absent on every other message, so live messages and their frames are unchanged.
   */
  deleted: z.boolean().optional(),
  /**
   * When its author last edited the text (clients show "edited"). Absent on messages never edited
   * (and on tombstones), so live messages and the send path's frames are unchanged.
   */
  editedAt: z.number().optional(),
  /**
   * Its reactions, the quick ones (REACTION_EMOJI) first in that order, then the others by first
   * use (ties by emoji text), each with at least one person. Absent when it has
   * none (never on tombstones or system messages), so live messages and the send path's frames
   * are unchanged.
   */
  reactions: z.array(messageReactionSchema).optional(),
  /**
   * "system": a group change ("Olena added Taras"), described by `event`; body "" and no images.
   * Not unread for anyone, cannot be deleted. Absent on people's messages, so their frames are
   * unchanged.
   */
  kind: z.literal("system").optional(),
  event: systemEventSchema.optional(),
  // ── issue 13 (messenger part two). Each absent when unused, so plain messages' frames stay as they are.
  /** Replies: a quoted preview of the message this one answers (owned by the replies feature). */
  replyTo: z.lazy(() => replyPreviewSchema).optional(),
  /** Forwards: whose message this is a copy of (owned by the replies feature). */
  forwardedFrom: z.lazy(() => forwardedFromSchema).optional(),
  /** Mentions: ids of the members this message mentions with @username (owned by the mentions feature). */
  mentions: z.array(z.string()).optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** The quoted original of a reply (issue 13). Owned by the replies feature; refine freely. */
export const replyPreviewSchema = z.object({
  id: z.number(),
  authorId: z.string(),
  authorName: z.string(),
  /** Its first line (CHAT_LIMITS.previewChars at most); "" for images only or when deleted. */
  text: z.string(),
  imageCount: z.number(),
  /** The original was deleted: show "message deleted" in the quote. */
  deleted: z.boolean().optional(),
});
export type ReplyPreview = z.infer<typeof replyPreviewSchema>;
/** Who wrote the original of a forwarded message (issue 13). Owned by the replies feature. */
export const forwardedFromSchema = z.object({ userId: z.string(), name: z.string() });
export type ForwardedFrom = z.infer<typeof forwardedFromSchema>;
/**
 * A chat's pinned message (issue 13, replies feature): its preview (as a reply quote shows it) and
 * who pinned it when. Sent in chat.opened and chat.pinned frames (null: nothing pinned).
 */
export const pinnedMessageSchema = replyPreviewSchema.extend({ pinnedBy: z.string(), pinnedAt: z.number() });
export type PinnedMessage = z.infer<typeof pinnedMessageSchema>;
/** Pin a message of the chat (replacing the one pinned before). */
export const pinInput = z.object({ chatId: chatIdSchema, messageId: messageIdSchema });
/** Forward a message of a chat I can read to another chat of mine (the same path as chat.send). */
export const forwardInput = z.object({
  chatId: chatIdSchema,
  clientId: clientIdSchema,
  from: z.object({ chatId: chatIdSchema, messageId: messageIdSchema }),
});

export const messagePreviewSchema = z.object({
  id: z.number(),
  authorId: z.string(),
  /** The author's full name ("Олена Коваль"), as the conversation names them. */
  authorName: z.string(),
  /** The first CHAT_LIMITS.previewChars characters of the body. */
  text: z.string(),
  imageCount: z.number(),
  createdAt: z.number(),
  /** true: the last message was deleted (text empty; show "Message deleted"). Absent otherwise. */
  deleted: z.boolean().optional(),
  /** The last message is a system message: this event (text empty). Absent otherwise. */
  system: systemEventSchema.optional(),
});
export type MessagePreview = z.infer<typeof messagePreviewSchema>;


export const CHAT_KINDS = ["personal", "group", "public"] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

export const chatMemberSchema = chatPersonSchema.extend({ joinedAt: z.number() });
export type ChatMember = z.infer<typeof chatMemberSchema>;

/** What every member sees alike (sent in chat.updated frames). */
export const chatInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(CHAT_KINDS),
  /**
   * Group name; null for personal chats (show the other member) and for a group whose name a
   * moderator cleared (show its members' names), "global" for the public one.
   */
  name: z.string().nullable(),
  /** Group avatar (a chat_image). */
  avatar: mediaInfoSchema.nullable(),
  adminId: z.string().nullable(),
  memberCount: z.number(),
  /** Longest-standing first; chats.list gives the first CHAT_LIMITS.membersPreview, byId all. */
  members: z.array(chatMemberSchema),
});
export type ChatInfo = z.infer<typeof chatInfoSchema>;

export interface ChatSummary extends ChatInfo {
  lastMessage: MessagePreview | null;
  /** Messages by others after lastReadId. */
  unread: number;
  lastReadId: number;
  /**
   * How far the other members have read: the largest read marker among them (0 if none), so my
   * messages with an id up to it show as seen. Kept live by chat.seen frames while the chat is open.
   */
  othersReadId: number;
  lastActivityAt: number;
  /** Issue 13: an unread message (id above lastReadId, not deleted) mentions me; cleared by reading it. */
  mentioned: boolean;
  /** Issue 13: how many unread messages mention me (what a muted chat adds to totalUnread). */
  unreadMentions: number;
  /** Issue 13: muted until this time (ms; shared/mentions.ts MUTE_FOREVER = always); null: not muted. */
  mutedUntil: number | null;
}

export interface ChatList {
  /** Most recent activity first: one page (chatListInput). */
  chats: ChatSummary[];
  /**
   * Unread messages over all my chats, those on later pages included, for the header badge and the
   * tab title. Issue 13: a chat muted now counts only its unread messages that mention me (an
   * unmuted chat counts all its unread), so a mention in a muted chat still shows.
   */
  totalUnread: number;
  /** Whether older chats follow (ask again with `before` = the last of these). */
  hasMore: boolean;
}

export interface ChangesPage {
  /** Oldest change first; each message as it is now (like a history page's). */
  messages: ChatMessage[];
  /** Where the next page starts (ask again with these), or null when these were the last. */
  next: { since: number; afterId: number } | null;
}

export interface HistoryPage {
  /** Ascending by id. */
  messages: ChatMessage[];
  /** More messages exist beyond this page in the requested direction. */
  hasMore: boolean;
}

export interface ReadState {
  chatId: string;
  lastReadId: number;
  unread: number;
  /** Issue 13: how many unread messages there still mention me; absent: none. */
  mentions?: number;
}
