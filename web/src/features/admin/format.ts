/** Words and links of moderation shared by its pages: roles, kinds, actions, targets, suspensions. */
import type { ModerationAction, ReportTargetKind, Resolution, TargetLink } from "../../../../shared/moderation.ts";
import { SUSPENDED_FOREVER } from "../../../../shared/moderation-rules.ts";
import { formatDateTime, t } from "../../i18n/index.ts";

export const roleLabel = (role: string) => (role === "admin" || role === "moderator" || role === "member" ? t(`admin.role.${role}`) : role);
export const kindLabel = (kind: ReportTargetKind) => t(`admin.kind.${kind}`);
export const kindsLabel = (kind: ReportTargetKind) => t(`admin.kinds.${kind}`);
export const actionLabel = (action: ModerationAction) => t(`admin.act.${action}`);
export const resolutionLabel = (r: Resolution) => t(`admin.resolution.${r}`);

/** A suspension's end for people: "назавжди" for good, else the date and time. */
export const isForever = (until: number | null) => until === null || until >= SUSPENDED_FOREVER;
export const suspendedText = (until: number) =>
  isForever(until) ? t("admin.entry.suspendedForever") : t("admin.entry.suspendedUntil", { date: formatDateTime(until) });

const chatHref = (chatId: string) => (chatId === "global" ? "/chat/global" : `/chats/${encodeURIComponent(chatId)}`);

/** Where a reported or logged thing is in the app; null when there is nowhere to go. */
export function targetHref(kind: string, link: TargetLink): string | null {
  switch (kind) {
    case "user":
      return link.username ? `/u/${encodeURIComponent(link.username)}` : null;
    case "post":
      return link.postId ? `/posts/${link.postId}` : null;
    case "comment":
      return link.postId ? `/posts/${link.postId}${link.commentId ? `#comment-${link.commentId}` : ""}` : null;
    case "message":
    case "chat":
      return link.chatId ? chatHref(link.chatId) : null;
    default:
      return null;
  }
}

export const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

/** A value of a snapshot as text (numbers too); "" for anything else. */
export const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
