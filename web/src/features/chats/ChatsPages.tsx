/**
 * The messenger's routes: one layout with my chat list beside the open chat (on a phone they
 * are separate screens), /chats with no chat chosen, /chats/:id and the public /chat/global
 * (guests read it too, without the list).
 */
import { useLocation, useParams, type RouteSectionProps } from "@solidjs/router";
import { createEffect, onMount, Show } from "solid-js";
import { claimFirstPage } from "../../components/Page.tsx";
import { UsersIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import "../../styles/chats.css";
import "../../styles/messages.css";
import "../../styles/composer.css";
import { ChatListPanel } from "./ChatList.tsx";
import { ChatMissing, ChatView } from "./ChatView.tsx";

export function ChatsLayout(props: RouteSectionProps) {
  const location = useLocation();
  const inChat = () => location.pathname !== "/chats" && location.pathname !== "/chats/";
  return (
    <div class="chats-shell" data-view={inChat() ? "chat" : "list"} data-guest={me() ? undefined : ""}>
      <Show when={me()}>
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
    if (!claimFirstPage()) document.getElementById("chats-list-title")?.focus();
  });
  return (
    <div class="chat-none">
      <UsersIcon />
      <p>{t("chats.selectChat")}</p>
    </div>
  );
}

const CHAT_ID = /^[a-f0-9]{24}$/;

export function ChatPage() {
  const params = useParams<{ id: string }>();
  return (
    <Show when={CHAT_ID.test(params.id) && params.id} keyed fallback={<section class="chat-view"><ChatMissing level={1} /></section>}>
      {(id) => <ChatView chatId={id} />}
    </Show>
  );
}

export function GlobalChatPage() {
  return <ChatView chatId="global" />;
}
