/**
 * The bottom tab bar on phones (issue 15): Feed, Chats (with the unread count), Friends (with the
 * incoming requests), Notifications (with the bell's count) and Profile, where a thumb reaches
 * them. Signed-in people only; CSS hides it on wide screens (the header's navigation is there) and
 * while a chat is open full screen. Each count is a badge for the eye and words for screen readers.
 */
import { Show, type JSX } from "solid-js";
import { Avatar } from "../../components/Avatar.tsx";
import { linkState } from "../../components/NavLink.tsx";
import { ChatIcon, UsersIcon } from "../../components/icons.tsx";
import { t, type MessageKey } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { totalUnread } from "../chats/chat-list.ts";
import { incomingRequests } from "../friends/friends-live.ts";
import { BellIcon } from "../notifications/icons.tsx";
import { unseenNotifications } from "../notifications/notifications-live.ts";
import "./tab-bar.css";

const FeedIcon = () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d="M4 11l8-7 8 7v9h-5v-6H9v6H4z" />
  </svg>
);

function Tab(props: { href: string; end?: boolean; name: string; label: MessageKey; count?: number; countLabel?: MessageKey; icon: JSX.Element }) {
  const n = () => props.count ?? 0;
  const state = linkState(
    () => props.href,
    () => props.end,
  );
  return (
    <li>
      <a href={props.href} class="tab-bar-link" classList={{ active: state.active() }} aria-current={state.current()} data-tab={props.name}>
        <span class="tab-bar-icon">
          {props.icon}
          <Show when={n() > 0}>
            <span class="tab-bar-badge" aria-hidden="true">
              {n() > 99 ? "99+" : n()}
            </span>
          </Show>
        </span>
        <span class="tab-bar-label">{t(props.label)}</span>
        <Show when={n() > 0 && props.countLabel}>
          <span class="visually-hidden">{` (${t(props.countLabel!, { n: n() })})`}</span>
        </Show>
      </a>
    </li>
  );
}

export function TabBar() {
  return (
    <Show when={me()}>
      {(user) => (
        <nav class="tab-bar" aria-label={t("phone.tabs")}>
          <ul>
            <Tab href="/" end name="feed" label="phone.feed" icon={<FeedIcon />} />
            <Tab href="/chats" name="chats" label="phone.chats" count={totalUnread()} countLabel="phone.unread" icon={<ChatIcon />} />
            <Tab href="/friends" name="friends" label="phone.friends" count={incomingRequests()} countLabel="phone.requests" icon={<UsersIcon />} />
            <Tab href="/notifications" name="notifications" label="phone.notifications" count={unseenNotifications()} countLabel="phone.unseen" icon={<BellIcon />} />
            <Tab
              href={`/u/${encodeURIComponent(user().username)}`}
              name="profile"
              label="phone.profile"
              icon={<Avatar person={user()} avatar={user().avatarId} size="sm" />}
            />
          </ul>
        </nav>
      )}
    </Show>
  );
}
