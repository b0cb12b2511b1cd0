/**
 * Notifications: one bell for what happened to me. Grouped on write (server/features/notifications):
 * one entry per kind and subject ("Olena, Taras and 3 others liked your post"), newest first.
 */
import { z } from "zod";
import { NOTIFICATION_KINDS, NOTIFICATION_LIMITS } from "./notification-rules.ts";
export { NOTIFICATION_KINDS, NOTIFICATION_LIMITS, type NotificationKind } from "./notification-rules.ts";
import { chatPersonSchema } from "./chats.ts";

export const notificationsListInput = z
  .object({
    cursor: z.string().regex(/^\d{1,18}$/, { error: "notifications.badCursor" }).nullish(),
    limit: z.number().int().min(1).max(NOTIFICATION_LIMITS.pageMax).default(NOTIFICATION_LIMITS.pageDefault),
  })
  .default({ limit: NOTIFICATION_LIMITS.pageDefault });
export const markSeenInput = z.object({ upTo: z.number().int().nonnegative().optional() }).default({});
export const notificationSettingsSchema = z.object({
  /** Kinds I do not want shown (nor counted). */
  hidden: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const notificationSchema = z.object({
  /** The entry's position: list order (newest first) and the `upTo` of markSeen. */
  id: z.number(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** The newest people first, at most NOTIFICATION_LIMITS.actorsShown. */
  actors: z.array(chatPersonSchema),
  /** Everyone in it (comments: how many comments). */
  count: z.number(),
  /** How many people are in it (for every kind; "Olena, Taras and 3 others"). */
  people: z.number(),
  at: z.number(),
  seen: z.boolean(),
  /** What it opens: a post (likes, comments, mentions in comments), or a person (friends). */
  postId: z.number().nullable(),
  /** The post's title then (null when gone or not about a post). */
  title: z.string().nullable(),
  /** A mention: the comment's id and the first words of it. */
  commentId: z.number().nullable(),
  excerpt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export interface NotificationsPage {
  items: Notification[];
  nextCursor: string | null;
  unseen: number;
}

/** On user:<id>: my notifications changed; `unseen` is the bell's number now (coalesced: a burst sends a few). */
export const notificationFrame = z.object({ type: z.literal("notification"), unseen: z.number() });
