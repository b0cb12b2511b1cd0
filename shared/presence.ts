/**
 * Presence (issue 13): online / away / offline with "last seen", who may see it, and read-receipt
 * privacy. Presence is ephemeral (server/realtime/presence.ts keeps it in memory and Redis); only
 * the last-seen time and the two settings are stored (users.last_seen_at, last_seen_visible,
 * read_receipts). Words: web/src/features/presence/i18n.ts.
 *
 * Who sees what: a person's exact state and last seen are shown to a viewer only while both share
 * their last seen (Telegram's rule); otherwise the viewer gets "recently" (coarse, never live).
 * A block (either way) shows nothing at all. Read receipts likewise go both ways: someone who does
 * not share theirs gets no chat.seen, no othersReadId and no "Seen by" from others.
 */
import { z } from "zod";
import { chatIdSchema, chatPersonSchema, userIdSchema } from "./chats.ts";

// Zod-free, so a web page that reads only the limits does not load zod (bench/web.ts).
import { PRESENCE_LIMITS } from "./presence-rules.ts";
export { PRESENCE_LIMITS };

/** What a viewer sees: "recently" when either side hides the last-seen time. */
export const PRESENCE_STATES = ["online", "away", "offline", "recently"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export const presenceEntrySchema = z.object({
  userId: z.string(),
  state: z.enum(PRESENCE_STATES),
  /** Offline: when last online (ms), null if unknown; null for every other state. */
  lastSeenAt: z.number().nullable(),
});
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;

/**
 * Client → server: the people this socket shows (replaces the previous list; [] for none). The
 * server answers with a `presence` frame of their current states and then streams changes
 * (coalesced, at most about one frame per second per socket). Signed-in sockets only.
 */
export const presenceWatchFrame = z.object({
  type: z.literal("presence.watch"),
  userIds: z.array(userIdSchema).max(PRESENCE_LIMITS.watchMax),
});
/** Client → server: this tab is hidden or idle ("away") or in use again ("online"). */
export const presenceSetFrame = z.object({ type: z.literal("presence.set"), state: z.enum(["online", "away"]) });

/** Server → client: current states of watched people (the answer to a watch, then changes). */
export const presenceFrame = z.object({
  type: z.literal("presence"),
  people: z.array(presenceEntrySchema),
  /** The answer to a watch: every watched person I may see is here; one left out is not shown to me (blocked). */
  complete: z.boolean().optional(),
});

export const presenceSettingsSchema = z.object({
  /** Others may see my exact last seen and online status (and I theirs). */
  lastSeenVisible: z.boolean(),
  /** Others get my read receipts (and I theirs). */
  readReceipts: z.boolean(),
});
export type PresenceSettings = z.infer<typeof presenceSettingsSchema>;

export const seenByInput = z.object({ chatId: chatIdSchema, messageId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export type SeenByInput = z.infer<typeof seenByInput>;

export const seenBySchema = z.object({
  /** Members other than the author whose read marker reached the message (and who share receipts). */
  count: z.number(),
  people: z.array(chatPersonSchema),
  /** I do not share my read receipts, so I see nobody's (count 0). */
  hidden: z.boolean(),
});
export type SeenBy = z.infer<typeof seenBySchema>;
