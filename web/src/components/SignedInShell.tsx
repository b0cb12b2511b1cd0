/**
 * What the app's frame shows only to a signed-in person, as one chunk of its own (ADR 0031): the
 * header's live counts (unread chats, friend requests, comments on my posts, the menu's dot), the
 * bell, the person search, the moderators' link (its code fetched only for them), the tab title's
 * notices and the phone's tab bar, with the live state behind them (chat-list, friends-live,
 * notifications-live, posts/notify). A guest's first visit does not load it. It is fetched as soon as someone is signed in, and the
 * tab's socket connects only once it is here (App.tsx), so its listeners hear the first hello.
 * Its parts show through signedIn() below: nothing until the chunk is here, a moment after `me`.
 */
import { createComponent, Show } from "solid-js";
import type { Role } from "../../../shared/moderation.ts";
import { isTeam } from "../features/admin/team.ts";
import { totalUnread } from "../features/chats/chat-list.ts";
import { incomingRequests } from "../features/friends/friends-live.ts";
import { unseenComments } from "../features/posts/notify.ts";
import { t } from "../i18n/index.ts";
import { loadedSignal } from "../lib/load-once.ts";

export { Bell } from "../features/notifications/Bell.tsx";
export { PeopleSearch } from "../features/friends/PeopleSearch.tsx";
export { TabNotifier } from "../features/mentions/tab-notify.tsx";
export { TabBar } from "../features/phone/TabBar.tsx";

/** On the closed menu button: something waits behind it (unread messages, friend requests). */
export function MenuDot() {
  return (
    <Show when={totalUnread() > 0 || incomingRequests() > 0}>
      <span class="menu-dot" aria-hidden="true" />
    </Show>
  );
}

const BADGES = {
  publications: { count: unseenComments, label: "posts.newComments", attr: undefined },
  friends: { count: incomingRequests, label: "friends.newRequests", attr: "friends" },
  chats: { count: totalUnread, label: "nav.unread", attr: undefined },
} as const;

/** A main link's count: a badge for the eye, " (N new …)" for screen readers. */
export function NavBadge(props: { of: keyof typeof BADGES }) {
  const badge = BADGES[props.of];
  return (
    <Show when={badge.count() > 0}>
      <span class="nav-badge" data-badge={badge.attr}>
        <span aria-hidden="true">{badge.count() > 99 ? "99+" : badge.count()}</span>
        <span class="visually-hidden">{` (${t(badge.label, { n: badge.count() })})`}</span>
      </span>
    </Show>
  );
}

const { value: adminLink, load: loadAdminLink } = loadedSignal(() => import("../features/admin/AdminNavLink.tsx").then((m) => m.AdminNavLink));

/** The link's code, fetched only for a moderator or admin (nothing shows until it is here; a failed fetch retries on the next mount). */
function AdminLinkItem() {
  loadAdminLink().catch(() => undefined);
  return <Show when={adminLink()}>{(link) => <li>{createComponent(link(), {})}</li>}</Show>;
}

/** "Модерація" among the main links, for moderators and admins. */
export function AdminNavItem(props: { role: Role | undefined }) {
  return (
    <Show when={isTeam(props.role)}>
      <AdminLinkItem />
    </Show>
  );
}
