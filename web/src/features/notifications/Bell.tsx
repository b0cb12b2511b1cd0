/**
 * The header's bell: a link to /notifications with the number of unseen notifications on it
 * (live: notifications-live.ts). Its name says the number ("Сповіщення: 2 нових"); the badge
 * itself is hidden from screen readers. The header shows one of two: `place="bar"` beside the
 * menu button on narrow screens, `place="panel"` among the account links on wide ones (CSS hides
 * the other, so it is neither seen nor focused nor read).
 */
import { Show } from "solid-js";
import { linkState } from "../../components/NavLink.tsx";
import { t, tPlural } from "../../i18n/index.ts";
import { BellIcon } from "./icons.tsx";
import { unseenNotifications } from "./notifications-live.ts";
import "./bell.css";

export function Bell(props: { place: "bar" | "panel" }) {
  const n = () => unseenNotifications();
  const label = () => (n() > 0 ? tPlural("notifications.bellNew", n()) : t("notifications.bell"));
  const state = linkState(() => "/notifications");
  return (
    <a
      href="/notifications"
      class={`icon-button bell bell-${props.place}`}
      classList={{ active: state.active() }}
      aria-current={state.current()}
      aria-label={label()}
      title={label()}
      data-unseen={n()}
    >
      <BellIcon />
      <Show when={n() > 0}>
        <span class="unread-badge bell-badge" aria-hidden="true">
          {n() > 99 ? "99+" : n()}
        </span>
      </Show>
    </a>
  );
}
