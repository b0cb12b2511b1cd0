/**
 * The social graph: friend requests, friends, followers, recommendations, blocks, reports, person
 * search and the privacy settings that depend on them. Inputs are validated with the same schemas
 * on both sides; messages are i18n keys (web/src/features/friends/i18n.ts).
 *
 * A pair of people has at most one relation row (canonical order), in one of three states:
 * `pending` (one asked the other), `friends`, or `following` (a declined request: the sender
 * follows the recipient, who is "followed"; the profile counts them as "читачі" / followers).
 * Blocks are separate and win over everything: blocking ends the relation row.
 */
import { z } from "zod";
import { AUDIENCES, REPORT_REASONS } from "./friends-rules.ts";
export { AUDIENCES, REPORT_REASONS, type Audience, type ReportReason } from "./friends-rules.ts";
import { chatIdSchema, chatPersonSchema, type ChatPerson } from "./chats.ts";
import { multiLine, oneLine } from "./text.ts";

// Zod-free, so a web page that reads only the limits does not load zod (bench/web.ts).
import { FRIENDS_LIMITS } from "./friends-rules.ts";
export { FRIENDS_LIMITS };

/** What `friends.status` answers, from the asking person's side. */
export const FRIEND_STATUSES = ["none", "friends", "requested", "incoming", "following", "follower", "blocked"] as const;
export type FriendStatus = (typeof FRIEND_STATUSES)[number];

export const userIdSchema = z
  .string()
  .trim()
  .min(1, { error: "validation.required" })
  .max(64, { error: "validation.required" })
  // No control characters: a NUL reaching a query is a 500 on Postgres (found by the fuzz suite).
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: "chats.invalidUserId" });
export const userIdInput = z.object({ userId: userIdSchema });

/** Search text: one line, at most 100 characters; blank means "no filter". */
export const peopleQuerySchema = z.string().overwrite(oneLine).trim().max(FRIENDS_LIMITS.queryMax, { error: "friends.queryTooLong" });
const cursorSchema = z.string().max(200).nullish();
const limitSchema = z.number().int().min(1).max(FRIENDS_LIMITS.pageMax).default(FRIENDS_LIMITS.pageDefault);

export const friendsListInput = z.object({
  /** Whose friends (default: mine). Hidden from non-friends when that person chose so. */
  userId: userIdSchema.optional(),
  query: peopleQuerySchema.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export const friendRequestsInput = z.object({
  direction: z.enum(["in", "out"]),
  query: peopleQuerySchema.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export const recommendationsInput = z.object({
  query: peopleQuerySchema.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export const peopleSearchInput = z.object({
  query: peopleQuerySchema.pipe(z.string().min(1, { error: "friends.queryEmpty" })),
  cursor: cursorSchema,
  limit: limitSchema,
});
export const followersInput = z.object({ userId: userIdSchema.optional(), cursor: cursorSchema, limit: limitSchema });

/** Who may start a personal chat with me; who may see my friends list. */
export const privacySchema = z.object({
  chatFrom: z.enum(AUDIENCES),
  friendsListVisibleTo: z.enum(AUDIENCES),
});
export type Privacy = z.infer<typeof privacySchema>;

export const reportTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), id: userIdSchema }),
  z.object({ kind: z.literal("post"), id: z.number().int().positive() }),
  z.object({ kind: z.literal("comment"), id: z.number().int().positive() }),
  z.object({ kind: z.literal("message"), chatId: chatIdSchema, id: z.number().int().positive() }),
  /** A group chat (its name or avatar), by one of its members. */
  z.object({ kind: z.literal("chat"), chatId: chatIdSchema }),
]);
export type ReportTarget = z.infer<typeof reportTargetSchema>;
export const createReportInput = z.object({
  target: reportTargetSchema,
  reason: z.enum(REPORT_REASONS),
  text: z.string().overwrite(multiLine).trim().max(FRIENDS_LIMITS.reportTextMax, { error: "friends.reportTooLong" }).optional(),
});

/** A person on a card: a friend, a request, a recommendation or a search result. */
export const personCardSchema = chatPersonSchema.extend({
  status: z.enum(FRIEND_STATUSES),
  /** Friends we both have (0 when unknown or none). */
  mutualFriends: z.number(),
  /** Tags we both used in posts (recommendations only; else 0). */
  sharedTags: z.number(),
});
export type PersonCard = z.infer<typeof personCardSchema>;

export interface PeoplePage {
  items: PersonCard[];
  nextCursor: string | null;
}
export interface BlockedPerson {
  person: ChatPerson;
  blockedAt: number;
}
/** What a profile shows about me and its owner (null for a guest or my own profile). */
export interface Relation {
  status: FriendStatus;
  /** I blocked them (only I can undo it); false when they blocked me. */
  blockedByMe: boolean;
  /** `chats.openPersonal` would succeed. */
  canMessage: boolean;
  canSeeFriends: boolean;
}
export interface FriendCounts {
  /** Received requests waiting for me (the header badge). */
  incoming: number;
  outgoing: number;
  friends: number;
}

/**
 * On user:<id> (both people of a pair, each from their own side): the relation with `person`
 * changed to `status`; `incoming` is my received-requests badge now.
 */
export const friendStatusFrame = z.object({
  type: z.literal("friend.status"),
  person: chatPersonSchema,
  status: z.enum(FRIEND_STATUSES),
  incoming: z.number(),
  /** What happened, so a client can say it ("X accepted your request"). */
  event: z.enum(["requested", "cancelled", "accepted", "declined", "removed", "unfollowed", "blocked", "unblocked"]),
});
