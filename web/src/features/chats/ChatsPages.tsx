/**
 * The messenger's layout: my chat list beside the open chat (on a phone they are separate
 * screens), and /chats with no chat chosen. The open chat (/chats/:id and the public
 * /chat/global, which guests read too, without the list) is ChatView.tsx's, and the list is
 * ChatList.tsx's: each a chunk of its own, so a chat's first visit does not wait for the list, and
 * a phone, where an open chat fills the screen, fetches the list only on going back to it.
 */
import { useLocation, type RouteSectionProps } from "@solidjs/router";
import { createEffect, onMount, Show } from "solid-js";
import { claimFirstPage } from "../../components/Page.tsx";
import { UsersIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { mediaMatches } from "../../lib/media-query.ts";
import { me } from "../../lib/session.ts";
import "../../styles/chats.css";
import { ChatListPanel } from "./chat-parts.tsx";

/** The width below which the list and the open chat are separate screens (chats.css; keep them equal). */
const ONE_PANE_QUERY = "(max-width: 720px)";

/** Whether the screen shows one pane at a time (live: follows rotation and resizing). */
const onePane = mediaMatches(ONE_PANE_QUERY);

export function ChatsLayout(props: RouteSectionProps) {
  const location = useLocation();
  const inChat = () => location.pathname !== "/chats" && location.pathname !== "/chats/";
  return (
    <div class="chats-shell" data-view={inChat() ? "chat" : "list"} data-guest={me() ? undefined : ""}>
      {/* Not rendered where it would be hidden (an open chat on a phone), so its code is not fetched there. */}
      <Show when={me() && !(inChat() && onePane())}>
        <aside class="chats-side" aria-labelledby="chats-list-title">
          <ChatListPanel headingLevel={inChat() ? 2 : 1} />
        </aside>
      </Show>
      <div class="chats-main">{props.children}</div>
    </div>
  );
}

export function NoChatSelected() {
  createEffect(() => {
    document.title = `${t("chats.title")} · ${t("app.name")}`;
  });
  onMount(() => {
    // The list's heading, once its code is here (it renders in the same step as the chunk arrives).
    if (!claimFirstPage()) void ChatListPanel.preload().then(() => document.getElementById("chats-list-title")?.focus(), () => undefined);
  });
  return (
    <div class="chat-none">
      <UsersIcon />
      <p>{t("chats.selectChat")}</p>
    </div>
  );
}
