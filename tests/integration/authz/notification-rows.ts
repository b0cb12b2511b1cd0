/**
 * The matrix rows of the bell (merged into procedureRows in procedures.ts): notifications.*. Every
 * procedure acts on the caller's own notifications and takes no id, so only signing in matters;
 * the list also proves it shows each person their own: the member has "the admin commented on
 * your post" (cast.ts: the admin's comment under the member's post), and nobody else sees an
 * entry about the member's posts.
 */
import type { NotificationsPage } from "../../../shared/notifications.ts";
import type { Cast } from "./cast.ts";
import { ownAccount, signedIn, type Role } from "./matrix.ts";
import type { ProcedureRow } from "./procedures.ts";

function listLeaks(result: unknown, role: Role, cast: Cast): string | null {
  const items = (result as NotificationsPage).items;
  const membersPosts = [cast.target.postId, cast.foreign.postId];
  const aboutMembersPosts = items.filter((i) => i.postId !== null && membersPosts.includes(i.postId));
  if (role !== "member") return aboutMembersPosts.length ? `shows ${role} the member's notifications: ${JSON.stringify(aboutMembersPosts)}` : null;
  const admin = cast.actors.admin.user!.id;
  const found = items.some((i) => i.kind === "comment" && i.postId === cast.target.postId && i.actors.some((a) => a.id === admin));
  return found ? null : "the member's list lacks the admin's comment on their post";
}

export const notificationRows: Record<string, ProcedureRow> = {
  "notifications.list": { expect: signedIn, call: (api) => api.notifications.list.query({ limit: 50 }), leaks: listLeaks },
  "notifications.unseenCount": { expect: ownAccount, call: (api) => api.notifications.unseenCount.query() },
  // Up to the first entry only: the member's list keeps what the other rows rely on either way.
  "notifications.markSeen": { expect: ownAccount, call: (api) => api.notifications.markSeen.mutate({ upTo: 1 }) },
  "notifications.settings": { expect: ownAccount, call: (api) => api.notifications.settings.query() },
  // Nothing hidden: the member's list still shows every kind to the list row.
  "notifications.updateSettings": { expect: ownAccount, call: (api) => api.notifications.updateSettings.mutate({ hidden: [] }) },
};
