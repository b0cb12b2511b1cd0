/**
 * Moderation's rules and words that need no zod (roles, limits, resolutions, audit actions): the web
 * client's moderation pages import them from here, so a page that only reads them does not load zod
 * (bench/web.ts). shared/moderation.ts re-exports all of it with the schemas.
 */
export const ROLES = ["member", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];
/** Whether `role` is at least `needed` (member < moderator < admin). */
export const hasRole = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);
/** Whether a person of role `actor` may act on a person of role `target` (suspend, unsuspend): staff, above them, and never on an admin. */
export const outranks = (actor: Role, target: Role) => hasRole(actor, "moderator") && !hasRole(target, actor) && target !== "admin";

export const MODERATION_LIMITS = {
  reasonMax: 500,
  pageDefault: 20,
  pageMax: 50,
  /** Reporters listed on a queue entry (the rest are counted). */
  reportersShown: 20,
  /** A suspension's length in days when not for good. */
  suspendDaysMax: 3650,
  slowModeMaxSeconds: 3600,
} as const;

/** A suspension "for good" ends at this time (year 9999): a plain comparison covers both kinds. */
export const SUSPENDED_FOREVER = 253_402_300_799_000;

export const REPORT_TARGET_KINDS = ["user", "post", "comment", "message", "chat"] as const;
export type ReportTargetKind = (typeof REPORT_TARGET_KINDS)[number];

/** What a moderator may do to a reported thing (which apply depends on its kind). */
export const RESOLUTIONS = ["none", "hide", "suspend", "clear_chat_name", "clear_chat_avatar"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
/** Which resolutions fit which kind of target ("suspend" suspends the content's author). */
export const RESOLUTIONS_FOR: Record<ReportTargetKind, readonly Resolution[]> = {
  user: ["none", "suspend"],
  post: ["none", "hide", "suspend"],
  comment: ["none", "hide", "suspend"],
  message: ["none", "hide", "suspend"],
  chat: ["none", "clear_chat_name", "clear_chat_avatar"],
};

export const MODERATION_ACTIONS = [
  "report.resolve",
  "post.hide",
  "post.restore",
  "comment.hide",
  "comment.restore",
  "message.delete",
  "user.suspend",
  "user.unsuspend",
  "chat.clear_name",
  "chat.clear_avatar",
  "chat.slow_mode",
  "role.grant",
  "role.revoke",
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
