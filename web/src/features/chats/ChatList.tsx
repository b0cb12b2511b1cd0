/**
 * The list of my chats (latest activity first): picture, name, last message, time and the unread
 * count, live from the chat-list store. The public chat is always on top; "New group" opens the
 * dialog. A notice (removed from a group, left it) arrives in the navigation state. The list comes
 * in pages: the next one loads when the list's end scrolls into view, or with its button.
 */
import { useLocation } from "@solidjs/router";
import { createEffect, createSignal, For, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import type { ChatInfo, ChatSummary } from "../../../../shared/chats.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { linkState } from "../../components/NavLink.tsx";
import { ImageIcon, PlusIcon } from "../../components/icons.tsx";
import { formatNumber, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { me } from "../../lib/session.ts";
import { ChatAvatar } from "./ChatAvatar.tsx";
import { chatList, loadChatList, loadMoreChats } from "./chat-list.ts";
import { chatTitle, formatFullTime, formatListTime, peerOf, previewParts, type PreviewParts } from "./format.ts";
import { PresenceLabel } from "../presence/PresenceLabel.tsx";
import { onlineCount } from "./live.ts";
import { NewGroupDialog } from "./chat-parts.tsx";
import { chatNameMatches, ChatSearchBox, MessageSearchResults } from "../message-search/ChatSearch.tsx";
import { BellOffIcon } from "../mentions/icons.tsx";
import { SoundToggle } from "../mentions/SoundToggle.tsx";
import { chatMuted } from "../mentions/unread.ts";
import { mutedLabel } from "../mentions/MuteMenu.tsx";

export interface ChatNotice {
  key: "chats.removedNotice" | "chats.leftNotice";
  name: string;
}

const GLOBAL_ROW: Pick<ChatInfo, "id" | "kind" | "name" | "avatar" | "members"> = { id: "global", kind: "public", name: "global", avatar: null, members: [] };

function UnreadBadge(props: { n: number }) {
  return (
    <span class="unread-badge">
      <span aria-hidden="true">{props.n > 99 ? "99+" : props.n}</span>
      <span class="visually-hidden">{t("chats.unread", { n: props.n })}</span>
    </span>
  );
}

/**
 * The last message on one line: who, a photo icon (not an emoji, which shows as a box without an
 * emoji font) named "Photo" for screen readers — or, with no text, beside the visible word — and the text.
 */
function Preview(props: { parts: PreviewParts }) {
  return (
    <>
      {props.parts.who}
      <Show when={props.parts.photos}>
        <Show
          when={props.parts.text}
          fallback={
            <>
              <ImageIcon class="preview-photo" />
              {t("chats.photo")}
            </>
          }
        >
          <span class="preview-photo-named" role="img" aria-label={t("chats.photo")}>
            <ImageIcon class="preview-photo" />
          </span>
        </Show>
      </Show>
      {props.parts.text}
    </>
  );
}

function ChatRow(props: { chat: ChatSummary }) {
  const c = () => props.chat;
  const last = () => c().lastMessage;
  const state = linkState(() => `/chats/${c().id}`);
  return (
    <li>
      <a
        href={`/chats/${c().id}`}
        class="chat-row"
        classList={{ active: state.active() }}
        aria-current={state.current()}
        data-unread={c().unread > 0 ? "" : undefined}
        data-muted={chatMuted(c()) ? "" : undefined}
        data-mentioned={c().mentioned ? "" : undefined}
      >
        <ChatAvatar chat={c()} />
        <span class="chat-row-main">
          <span class="chat-row-top">
            <span class="chat-row-name">{chatTitle(c(), me()?.id)}</span>
            <Show when={c().kind === "personal" && peerOf(c(), me()?.id)}>{(p) => <PresenceLabel userId={p().id} class="chat-row-presence" />}</Show>
            <Show when={chatMuted(c())}>
              <span class="chat-muted-icon" role="img" aria-label={mutedLabel(c().mutedUntil!)} title={mutedLabel(c().mutedUntil!)}>
                <BellOffIcon class="chat-muted-icon" />
              </span>
            </Show>
            <Show when={last()}>
              {(m) => (
                <time class="chat-row-time" datetime={new Date(m().createdAt).toISOString()} title={formatFullTime(m().createdAt)}>
                  {formatListTime(m().createdAt)}
                </time>
              )}
            </Show>
          </span>
          <span class="chat-row-bottom">
            <span class="chat-row-preview" data-deleted={last()?.deleted ? "" : undefined}>
              <Show when={last()} fallback={t("chats.noMessages")}>
                {(m) => <Preview parts={previewParts(m(), me()?.id, c().kind === "group")} />}
              </Show>
            </span>
            <Show when={c().mentioned}>
              <span class="mention-badge" title={t("mentions.mentionedBadge")}>
                <span aria-hidden="true">@</span>
                <span class="visually-hidden">{t("mentions.mentionedBadge")}</span>
              </span>
            </Show>
            <Show when={c().unread > 0}>
              <UnreadBadge n={c().unread} />
            </Show>
          </span>
        </span>
      </a>
    </li>
  );
}

/**
 * The end of a list with more chats after it: loads them when it scrolls into view (again after
 * each page while it stays in view, on a tall screen), or on a click.
 */
function MoreChats() {
  let el: HTMLDivElement | undefined;
  const [inView, setInView] = createSignal(false);
  onMount(() => {
    if (typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)));
    observer.observe(el!);
    onCleanup(() => observer.disconnect());
  });
  createEffect(() => {
    if (inView() && !chatList.loadingMore() && !chatList.moreFailed()) void loadMoreChats();
  });
  return (
    <div ref={el} class="chat-list-more">
      <button type="button" class="btn btn-small" disabled={chatList.loadingMore()} onClick={() => void loadMoreChats()}>
        {chatList.loadingMore() ? t("chats.loadingMoreChats") : chatList.moreFailed() ? t("load.retry") : t("chats.moreChats")}
      </button>
    </div>
  );
}

export function ChatListPanel(props: { headingLevel: 1 | 2 }) {
  const location = useLocation<{ chatNotice?: ChatNotice }>();
  const [creating, setCreating] = createSignal(false);
  const globalRow = linkState(() => "/chat/global");
  onMount(() => {
    if (chatList.status() === "idle") void loadChatList();
  });
  const notice = () => {
    const n = location.state?.chatNotice;
    return n ? t(n.key, { name: n.name }) : null;
  };

  return (
    <div class="chat-list-panel">
      <div class="chat-list-head">
        <Show
          when={props.headingLevel === 1}
          fallback={
            <h2 id="chats-list-title" class="chat-list-title" tabindex="-1">
              {t("chats.title")}
            </h2>
          }
        >
          <h1 id="chats-list-title" class="chat-list-title" tabindex="-1">
            {t("chats.title")}
          </h1>
        </Show>
        <SoundToggle />
        <button type="button" class="btn btn-small btn-primary" onPointerEnter={() => void NewGroupDialog.preload()} onClick={() => setCreating(true)}>
          <PlusIcon />
          {t("chats.newGroup")}
        </button>
      </div>
      <StatusMessage message={notice()} tone="info" />
      <ChatSearchBox />
      <nav class="chat-list-scroll" aria-label={t("chats.listLabel")}>
        <ul class="chat-list">
          <li hidden={!chatNameMatches(t("chats.global"))}>
            <a href="/chat/global" class="chat-row" classList={{ active: globalRow.active() }} aria-current={globalRow.current()}>
              <ChatAvatar chat={GLOBAL_ROW} />
              <span class="chat-row-main">
                <span class="chat-row-top">
                  <span class="chat-row-name">{t("chats.global")}</span>
                </span>
                <span class="chat-row-bottom">
                  <span class="chat-row-preview">
                    {onlineCount() === null ? t("chats.globalLead") : t("chats.onlineNow", { n: formatNumber(onlineCount()!) })}
                  </span>
                </span>
              </span>
            </a>
          </li>
          <For each={chatList.chats().filter((c) => chatNameMatches(chatTitle(c, me()?.id)))}>{(chat) => <ChatRow chat={chat} />}</For>
        </ul>
        <MessageSearchResults />
        <Show when={chatList.status() === "ready" && chatList.hasMore()}>
          <MoreChats />
        </Show>
        <Switch>
          <Match when={chatList.status() === "failed"}>
            <div class="chat-list-note">
              <ErrorAlert message={errorText(chatList.failure() ?? {})} />
              <button type="button" class="btn btn-small" onClick={() => void loadChatList()}>
                {t("load.retry")}
              </button>
            </div>
          </Match>
          <Match when={chatList.chats().length === 0 && chatList.status() === "ready"}>
            <p class="chat-list-note muted">{t("chats.empty")}</p>
          </Match>
          <Match when={chatList.chats().length === 0}>
            <p class="chat-list-note loading" role="status">
              {t("app.loading")}
            </p>
          </Match>
        </Switch>
      </nav>
      <Show when={creating()}>
        <NewGroupDialog open onClose={() => setCreating(false)} />
      </Show>
    </div>
  );
}
