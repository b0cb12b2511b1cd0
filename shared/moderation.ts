/**
 * Moderation (#16): roles, the reports queue, actions on content and people, the audit log and the
 * public chat's slow mode. Inputs are validated with these schemas on both sides; messages are
 * i18n keys (web/src/features/admin/i18n.ts). Every role check is in the server's services
 * (server/features/moderation/roles.ts).
 */
import { z } from "zod";
import { chatIdSchema, chatPersonSchema, userIdSchema } from "./chats.ts";
import { REPORT_REASONS, type ReportReason } from "./friends.ts";
import { multiLine } from "./text.ts";

// Roles, limits, resolutions and audit actions (zod-free, for the web client): shared/moderation-rules.ts.
import { ROLES, hasRole, outranks, MODERATION_LIMITS, SUSPENDED_FOREVER, REPORT_TARGET_KINDS, RESOLUTIONS, RESOLUTIONS_FOR, MODERATION_ACTIONS, type Role, type ReportTargetKind, type Resolution, type ModerationAction } from "./moderation-rules.ts";
export { ROLES, hasRole, outranks, MODERATION_LIMITS, SUSPENDED_FOREVER, REPORT_TARGET_KINDS, RESOLUTIONS, RESOLUTIONS_FOR, MODERATION_ACTIONS };
export type { Role, ReportTargetKind, Resolution, ModerationAction };

const reason = z
  .string()
  .overwrite(multiLine)
  .trim()
  .min(1, { error: "moderation.reasonRequired" })
  .max(MODERATION_LIMITS.reasonMax, { error: "moderation.reasonTooLong" });
const cursor = z.string().regex(/^\d{1,18}$/, { error: "moderation.badCursor" }).nullish();
/** The queue's: "<last report id>" (newest first), "<count>-<last report id>" (most reported first). */
const queueCursor = z.string().regex(/^(\d{1,9}-)?\d{1,18}$/, { error: "moderation.badCursor" }).nullish();
const limit = z.number().int().min(1).max(MODERATION_LIMITS.pageMax).default(MODERATION_LIMITS.pageDefault);
/** A suspension's length: whole days, or null for good. */
const suspendDays = z.number().int().min(1).max(MODERATION_LIMITS.suspendDaysMax, { error: "moderation.suspendTooLong" }).nullable();

/** A reported thing's key as the queue shows it: an id, or "<chatId>:<messageId>" for a message. */
export const targetKeySchema = z.string().regex(/^[a-z0-9:]{1,80}$/, { error: "moderation.badTarget" });

export const reportQueueInput = z
  .object({
    status: z.enum(["open", "resolved"]).default("open"),
    sort: z.enum(["newest", "most"]).default("newest"),
    kind: z.enum(REPORT_TARGET_KINDS).nullish(),
    cursor: queueCursor,
    limit,
  })
  .default({ status: "open", sort: "newest", limit: MODERATION_LIMITS.pageDefault });

export const resolveInput = z.object({
  targetKind: z.enum(REPORT_TARGET_KINDS),
  targetKey: targetKeySchema,
  resolution: z.enum(RESOLUTIONS),
  reason,
  /** For "suspend": days, or null for good. */
  suspendDays: suspendDays.optional(),
});

/** Content a moderator can hide or restore directly (also from the queue). */
export const contentTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("post"), id: z.number().int().positive() }),
  z.object({ kind: z.literal("comment"), id: z.number().int().positive() }),
]);
export type ContentTarget = z.infer<typeof contentTargetSchema>;
export const hideInput = z.object({ target: contentTargetSchema, reason });
export const restoreInput = z.object({ target: contentTargetSchema, reason });
export const suspendInput = z.object({ userId: userIdSchema, days: suspendDays, reason });
export const unsuspendInput = z.object({ userId: userIdSchema, reason });
export const setRoleInput = z.object({ userId: userIdSchema, role: z.enum(["member", "moderator"]), reason });
export const clearChatInput = z.object({ chatId: chatIdSchema, what: z.enum(["name", "avatar"]), reason });
export const slowModeInput = z.object({
  seconds: z.number().int().min(0).max(MODERATION_LIMITS.slowModeMaxSeconds, { error: "moderation.slowModeTooLong" }),
});

export const logInput = z
  .object({
    cursor,
    limit,
    action: z.enum(MODERATION_ACTIONS).nullish(),
    actorId: userIdSchema.nullish(),
    targetKind: z.enum(REPORT_TARGET_KINDS).nullish(),
  })
  .default({ limit: MODERATION_LIMITS.pageDefault });

/** Where a reported thing lives, for a link: a profile, a post (and comment), a chat (and message). */
export interface TargetLink {
  userId?: string;
  username?: string;
  postId?: number;
  commentId?: number;
  chatId?: string;
  messageId?: number;
}

export interface ReportItem {
  id: number;
  reporter: z.infer<typeof chatPersonSchema>;
  reason: ReportReason;
  text: string;
  at: number;
}

/** One reported thing with its reports (the queue's row). */
export interface ReportGroup {
  targetKind: ReportTargetKind;
  targetKey: string;
  link: TargetLink;
  /** Whose content it is (or the reported person); null when gone. */
  owner: z.infer<typeof chatPersonSchema> | null;
  /** The owner's suspension end, when suspended now. */
  ownerSuspendedUntil: number | null;
  /** As it was when first reported (the stored snapshot's fields). */
  reported: Record<string, unknown>;
  /** As it is now; null when it is gone (deleted). */
  current: Record<string, unknown> | null;
  /** Hidden by a moderator now (posts and comments). */
  hidden: { reason: string; at: number } | null;
  count: number;
  reasons: Partial<Record<ReportReason, number>>;
  firstAt: number;
  lastAt: number;
  reports: ReportItem[];
  resolution: { by: z.infer<typeof chatPersonSchema> | null; at: number; resolution: Resolution; note: string } | null;
}

export interface ReportQueuePage {
  items: ReportGroup[];
  nextCursor: string | null;
  /** Open reported things in all (the admin badge). */
  open: number;
}

export interface LogEntry {
  id: number;
  actor: z.infer<typeof chatPersonSchema> | null;
  action: ModerationAction;
  targetKind: string;
  targetKey: string;
  link: TargetLink;
  owner: z.infer<typeof chatPersonSchema> | null;
  reason: string;
  details: Record<string, unknown>;
  at: number;
}

export interface TeamMember {
  person: z.infer<typeof chatPersonSchema>;
  role: Role;
}

export { REPORT_REASONS };
