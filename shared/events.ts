/**
 * WebSocket frames in both directions, as zod unions. Every client frame is parsed with
 * `clientEvent`; a frame that fails gets an `error` frame back and the connection lives on.
 * The client may parse what it receives with `serverEvent`. The protocol is described in
 * README.md ("Messenger").
 */
import { z } from "zod";
import {
  chatIdSchema,
  chatInfoSchema,
  chatMessageSchema,
  chatPersonSchema,
  clientIdSchema,
  messagePreviewSchema,
  messageReactionSchema,
  notEmptyMessage,
  pinnedMessageSchema,
  sendMessageShape,
} from "./chats.ts";
import { exportProgressFrame } from "./data-export.ts";
import { friendStatusFrame } from "./friends.ts";
import { notificationFrame } from "./notifications.ts";
import { commentSchema, POST_LIMITS, postIdSchema, postSchema } from "./posts.ts";
import { presenceFrame, presenceSetFrame, presenceWatchFrame } from "./presence.ts";
import { WS_LIMITS } from "./ws-rules.ts";
export { WS_CLOSE, WS_LIMITS } from "./ws-rules.ts";

/** An optional correlation id the server echoes on the reply or error frame. */
const ref = z.string().max(64).optional();

export const clientEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping"), at: z.number().finite().optional() }),
  /** Subscribe to a chat's messages (membership checked); answered by chat.opened. */
  z.object({ type: z.literal("chat.open"), chatId: chatIdSchema, ref }),
  z.object({ type: z.literal("chat.close"), chatId: chatIdSchema, ref }),
  /** Send a message; answered by chat.ack (or an error frame carrying the clientId). */
  z.object({ type: z.literal("chat.send"), ...sendMessageShape }).refine(...notEmptyMessage),
  /** "I am typing" in an opened chat; never stored. */
  z.object({ type: z.literal("chat.typing"), chatId: chatIdSchema }),
  /**
   * The posts this socket has on screen (replaces the previous list; [] for none): it gets their
   * post.* and comment.* frames (post:<id> topics). Posts are public, so anyone may watch.
   */
  z.object({ type: z.literal("post.watch"), postIds: z.array(postIdSchema).max(POST_LIMITS.watchMax) }),
  /** on: this socket shows a feed and wants post.created / post.deleted ("N new posts"). */
  z.object({ type: z.literal("feed.watch"), on: z.boolean() }),
  /** The people on screen whose presence this socket wants (shared/presence.ts); answered by `presence`. */
  presenceWatchFrame,
  /** This tab is away (hidden or idle) or in use again. */
  presenceSetFrame,
]);
export type ClientEvent = z.infer<typeof clientEvent>;

export const WS_ERROR_CODES = [
  "BAD_FRAME",
  "TOO_LARGE",
  "RATE_LIMITED",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_REQUEST",
  "CONFLICT",
  "INTERNAL",
] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

export const serverEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), userId: z.string().nullable() }),
  z.object({ type: z.literal("pong"), at: z.number().optional() }),
  z.object({
    type: z.literal("error"),
    code: z.enum(WS_ERROR_CODES),
    message: z.string(),
    /** i18n key. */
    reason: z.string().optional(),
    /** The request it answers: its ref, or the clientId/chatId of a chat frame. */
    ref: z.string().optional(),
    clientId: z.string().optional(),
    chatId: z.string().optional(),
    retryAfterSeconds: z.number().optional(),
  }),
  /** "Notify everyone": on the global topic, to every connected socket. */
  z.object({ type: z.literal("notice"), text: z.string(), from: chatPersonSchema, at: z.number() }),
  /** People connected (signed-in people once each, plus guest connections); on `global`. */
  z.object({ type: z.literal("online"), count: z.number() }),
  /** The socket now receives chat:<id>; lastMessageId tells whether history has news. */
  /** `at`: the server's time of the open (a later resume asks for changes since then, chats.changes). */
  /** `slowModeSeconds`: the public chat's slow mode (0: off); only on the public chat's. */
  z.object({
    type: z.literal("chat.opened"),
    chatId: z.string(),
    lastMessageId: z.number().nullable(),
    at: z.number(),
    ref: z.string().optional(),
    slowModeSeconds: z.number().optional(),
    /** The chat's pinned message (issue 13), null when none; later changes come as chat.pinned. */
    pinned: pinnedMessageSchema.nullable().optional(),
  }),
  /** On chat:<id> (issue 13): the pinned message changed (null: unpinned). */
  z.object({ type: z.literal("chat.pinned"), chatId: z.string(), pinned: pinnedMessageSchema.nullable() }),
  /**
   * On `global`: a moderator set the public chat's slow mode (one message per `seconds` per
   * person; 0: off). Sends sooner are refused (RATE_LIMITED "chats.slowMode", retryAfterSeconds).
   */
  z.object({ type: z.literal("chat.slowmode"), chatId: z.literal("global"), seconds: z.number() }),
  /** On chat:<id>: a stored message (the sender's other tabs get it too). */
  z.object({ type: z.literal("chat.message"), message: chatMessageSchema }),
  /** To the sender: the message is stored (a retried clientId acks the original). */
  z.object({ type: z.literal("chat.ack"), clientId: clientIdSchema, message: chatMessageSchema }),
  /**
   * On chat:<id>, and to members' sockets that have not opened the chat (for their lists): its
   * author deleted this message; show it as a tombstone (shared/chats.ts toTombstone).
   */
  z.object({ type: z.literal("chat.message.deleted"), chatId: z.string(), messageId: z.number() }),
  /**
   * On chat:<id>, and to members' sockets that have not opened the chat when it is the chat's last
   * message (for their lists): its author edited this message; replace it by id (it carries editedAt).
   */
  z.object({ type: z.literal("chat.message.edited"), chatId: z.string(), message: chatMessageSchema }),
  /**
   * On chat:<id> only (the chat list shows no reactions): the message's whole new list of
   * reactions ([] when the last one was taken off); replace that message's reactions.
   */
  z.object({ type: z.literal("chat.reactions"), chatId: z.string(), messageId: z.number(), reactions: z.array(messageReactionSchema) }),
  /**
   * On chat:<id>: a member's read marker moved forward to lastReadId (read receipts: my messages
   * with an id up to it were seen). Sent only when the marker actually moved.
   */
  z.object({ type: z.literal("chat.seen"), chatId: z.string(), userId: z.string(), lastReadId: z.number() }),
  /** On chat:<id>: someone is typing. */
  z.object({ type: z.literal("chat.typing"), chatId: z.string(), userId: z.string() }),
  /** On user:<id>: a message arrived in one of my chats (for the list and the badge). */
  z.object({
    type: z.literal("chat.activity"),
    chatId: z.string(),
    message: messagePreviewSchema,
    unreadDelta: z.number(),
    /** Issue 13: true when one of the new messages mentions the receiving member; absent otherwise. */
    mentioned: z.literal(true).optional(),
  }),
  /** On user:<id>: I read up to lastReadId (on some tab); unread is that chat's new count. */
  z.object({
    type: z.literal("chat.read"),
    chatId: z.string(),
    lastReadId: z.number(),
    unread: z.number(),
    /** Issue 13: how many unread messages there still mention me; absent: none. */
    mentions: z.number().optional(),
  }),
  /** On user:<id> (issue 13): I muted or unmuted a chat on some tab; mutedUntil null = not muted. */
  z.object({ type: z.literal("chat.muted"), chatId: z.string(), mutedUntil: z.number().nullable() }),
  /** On user:<id>: a chat of mine changed (name, avatar, admin, members) or I was added. */
  z.object({ type: z.literal("chat.updated"), chat: chatInfoSchema }),
  /** To my sockets: I am no longer a member; the server has unsubscribed them. */
  z.object({ type: z.literal("chat.removed"), chatId: z.string(), reason: z.enum(["removed", "left"]) }),
  /** On `feed`: someone published a post (fetch it, or count it for "N new posts"). */
  z.object({ type: z.literal("post.created"), postId: z.number(), authorId: z.string(), tags: z.array(z.string()) }),
  /** On post:<id>: its author edited it (liked is false: keep your own). */
  z.object({ type: z.literal("post.updated"), post: postSchema }),
  /** On post:<id> and `feed`: its author deleted it. */
  z.object({ type: z.literal("post.deleted"), postId: z.number() }),
  /** On post:<id>: the like count moved. */
  z.object({ type: z.literal("post.likes"), postId: z.number(), likes: z.number() }),
  /** On post:<id>: the view count moved. */
  z.object({ type: z.literal("post.views"), postId: z.number(), views: z.number() }),
  /** On post:<id>: a new comment; `comments` is the post's count now. */
  z.object({ type: z.literal("comment.created"), comment: commentSchema, comments: z.number() }),
  /** On post:<id>: a comment was deleted. */
  z.object({ type: z.literal("comment.deleted"), postId: z.number(), commentId: z.number(), comments: z.number() }),
  /** On user:<post author>: someone else commented on my post (the badge). */
  z.object({ type: z.literal("post.commented"), postId: z.number(), title: z.string(), comment: commentSchema }),
  /** On user:<id>: a friend request, acceptance, removal, block… changed my relation with someone (shared/friends.ts). */
  friendStatusFrame,
  /** On user:<id>: my notifications changed; `unseen` is the bell's number (coalesced: shared/notifications.ts). */
  notificationFrame,
  /** On user:<id>: my data export moved (shared/data-export.ts). */
  exportProgressFrame,
  /** To a watching socket: watched people's presence (shared/presence.ts), coalesced. */
  presenceFrame,
]);
export type ServerEvent = z.infer<typeof serverEvent>;
export type ServerEventOf<T extends ServerEvent["type"]> = Extract<ServerEvent, { type: T }>;
