/**
 * One chat on screen: header, the message log, the composer, the image viewer and (groups) the
 * info dialog. It shows the chat through chat-client (subscribe, load, live, resume) and takes
 * what it is — name, picture, members — from the chat list, or asks `chats.byId` when the list
 * does not have it. A "reconnecting…" line shows while the socket is down. When I am removed from
 * the group (or leave it on another tab), the chat closes and the list says why. A group can be
 * reported from its info dialog (the report dialog opens in its place). In a personal
 * chat I cannot write in (a block, or the other person takes messages from friends only:
 * reports/chat-safety.tsx), a notice replaces the composer; the history stays readable.
 */
import { useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import type { ChatInfo, ChatPerson } from "../../../../shared/chats.ts";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-rules.ts";
import type { MediaInfo } from "../../../../shared/media.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { isMissing, NotFound } from "../../components/NotFound.tsx";
import { claimFirstPage } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { socketStatus } from "../../lib/socket.ts";
import { trpc } from "../../lib/trpc.ts";
import "../../styles/messages.css";
import "../../styles/composer.css";
import { PhotoViewer, ReportDialog } from "../../components/lazy-parts.tsx";
import { chatFailure, chatLoad, jumpToMessage, removedFrom, retryLoad, showChat } from "./chat-client.ts";
import { chatList, upsertChat } from "./chat-list.ts";
import type { ChatNotice } from "./ChatList.tsx";
import { ChatHeader } from "./ChatHeader.tsx";
import { Composer, GuestComposer } from "./Composer.tsx";
import { chatTitle, fullName, isDeletedAccount, peerOf } from "./format.ts";
import { GroupInfoDialog, NotifyDialog } from "./chat-parts.tsx";
import { MessageList } from "./MessageList.tsx";
import { typingIn } from "./typing.ts";
import { ClosedChatNotice, createPeerSafety } from "../reports/chat-safety.tsx";
import { PinnedBar } from "../replies/Replies.tsx";

const GLOBAL_INFO: ChatInfo = { id: GLOBAL_CHAT_ID, kind: "public", name: "global", avatar: null, adminId: null, memberCount: 0, members: [] };

interface Viewing {
  images: readonly MediaInfo[];
  index: number;
  title: string;
}

/**
 * A chat that does not exist or is not mine (the server answers both alike): under the chat's
 * header (level 2), or on its own for an address that cannot be a chat (level 1).
 */
export function ChatMissing(props: { level?: 1 | 2 }) {
  return (
    <NotFound
      level={props.level ?? 2}
      title={t("chats.notFoundTitle")}
      text={t("chats.notFoundText")}
      href="/chats"
      linkLabel={t("chats.back")}
    />
  );
}

export function ChatView(props: { chatId: string }) {
  const id = props.chatId;
  const isGlobal = id === GLOBAL_CHAT_ID;
  const navigate = useNavigate();
  onCleanup(showChat(id));
  // `?m=<messageId>` (a search result, a reply's quote, the pinned bar): once loaded, open at that
  // message; a new `m` while here jumps again (or just scrolls, when the message is held).
  const [search] = useSearchParams<{ m?: string }>();
  createEffect(
    on([() => Number(search.m), () => chatLoad(id) === "ready"], ([m, ready]) => {
      if (ready && Number.isSafeInteger(m) && m > 0) void jumpToMessage(id, m);
    }),
  );

  const listed = () => (isGlobal ? undefined : chatList.byId(id));
  // Once in the list, a chat that leaves it was left or lost (chat.removed says which): no refetch.
  const wasListed = createMemo<boolean>((was) => was || !!listed(), false);
  const [fetched] = createLoader(
    () => !isGlobal && !listed() && !wasListed() && chatList.status() !== "loading" && id,
    (chatId) => trpc.chats.byId.query({ chatId }),
  );
  createEffect(() => {
    const value = fetched()?.value;
    if (value && chatList.status() === "ready") upsertChat(value);
  });
  const info = (): ChatInfo | undefined => (isGlobal ? GLOBAL_INFO : (listed() ?? fetched()?.value));
  const peer = () => (info()?.kind === "personal" ? peerOf(info()!, me()?.id) : undefined);
  const safety = createPeerSafety(id, peer);
  /**
   * "Олена друкує…", by first names of the members typing now. The list's summary holds only the
   * first few members, so someone whose name is not at hand is still shown ("Хтось друкує…").
   */
  const typingLine = () => {
    const ids = typingIn(id, me()?.id);
    const names = ids
      .map((userId) => info()?.members.find((m) => m.id === userId)?.firstName)
      .filter((n): n is string => !!n);
    if (ids.length === 0) return "";
    if (ids.length === 1) return names[0] ? t("chats.typingOne", { name: names[0] }) : t("chats.typingSomeone");
    if (ids.length === 2 && names.length === 2) return t("chats.typingTwo", { a: names[0]!, b: names[1]! });
    return t("chats.typingMany");
  };
  const missing = () => {
    const failure = fetched()?.failure;
    return chatLoad(id) === "missing" || (!!failure && isMissing(failure));
  };
  const title = () => (info() ? chatTitle(info()!, me()?.id) : t("chats.title"));

  let lastTitle = "";
  createEffect(() => {
    if (info()) lastTitle = title();
    document.title = `${missing() ? t("chats.notFoundTitle") : title()} · ${t("app.name")}`;
  });

  // Removed from the group (or left it elsewhere): close the chat, say why in the list.
  createEffect(
    on(
      () => removedFrom(id),
      (reason) => {
        if (!reason) return;
        const chatNotice: ChatNotice = { key: reason === "removed" ? "chats.removedNotice" : "chats.leftNotice", name: lastTitle };
        navigate("/chats", { replace: true, state: { chatNotice } });
      },
    ),
  );

  let titleEl: HTMLHeadingElement | undefined;
  onMount(() => {
    if (!claimFirstPage()) titleEl?.focus();
  });

  const [viewing, setViewing] = createSignal<Viewing | null>(null);
  const [infoOpen, setInfoOpen] = createSignal(false);
  const [notifyOpen, setNotifyOpen] = createSignal(false);
  const [reportingGroup, setReportingGroup] = createSignal(false);
  const openImages = (images: readonly MediaInfo[], index: number, author: ChatPerson) =>
    setViewing({ images, index, title: t("chats.imagesFrom", { name: fullName(author) }) });
  const photos = () => (viewing()?.images ?? []).map((media, position) => ({ id: media.id, caption: "", position, media }));

  return (
    <section class="chat-view" aria-labelledby="chat-title">
      <ChatHeader
        info={info()}
        safety={safety}
        titleRef={(el) => (titleEl = el)}
        onInfo={() => setInfoOpen(true)}
        onNotify={() => setNotifyOpen(true)}
      />
      <PinnedBar chatId={id} />
      <div role="status" class="chat-connection">
        <Show when={socketStatus() === "reconnecting"}>
          <p class="chat-reconnecting">{t("chats.reconnecting")}</p>
        </Show>
      </div>
      <Switch>
        <Match when={missing()}>
          <ChatMissing />
        </Match>
        <Match when={chatLoad(id) === "failed"}>
          <div class="chat-missing">
            <ErrorAlert message={errorText(chatFailure(id) ?? {})} />
            <button type="button" class="btn" onClick={() => retryLoad(id)}>
              {t("load.retry")}
            </button>
          </div>
        </Match>
        <Match when={true}>
          <MessageList chatId={id} canMarkRead={!isGlobal && !!me()} personal={info()?.kind === "personal"} onOpenImages={openImages} />
          <p class="chat-typing" aria-live="polite">
            {typingLine()}
          </p>
          <Show when={me()} fallback={<GuestComposer next={`/chat/${GLOBAL_CHAT_ID}`} />}>
            <Show
              when={!peer() || !isDeletedAccount(peer()!)}
              fallback={
                <p class="chat-closed muted" role="note">
                  {t("accountDeletion.noReply")}
                </p>
              }
            >
              <Show when={safety.closed() && peer()} fallback={<Composer chatId={id} />}>
                {(other) => <ClosedChatNotice safety={safety} peer={other()} />}
              </Show>
            </Show>
          </Show>
        </Match>
      </Switch>
      <Show when={viewing()}>
        <PhotoViewer
          photos={photos()}
          index={viewing()?.index ?? null}
          onIndex={(index) => setViewing((v) => (v ? { ...v, index } : v))}
          onClose={() => setViewing(null)}
          albumTitle={viewing()?.title ?? ""}
        />
      </Show>
      <Show when={info()?.kind === "group" && infoOpen()}>
        <GroupInfoDialog
          open={infoOpen()}
          chatId={id}
          onClose={() => setInfoOpen(false)}
          onReport={() => {
            setInfoOpen(false);
            setReportingGroup(true);
          }}
        />
      </Show>
      <Show when={reportingGroup()}>
        <ReportDialog target={{ kind: "chat", chatId: id }} onClose={() => setReportingGroup(false)} />
      </Show>
      <Show when={isGlobal && me() && notifyOpen()}>
        <NotifyDialog open={notifyOpen()} onClose={() => setNotifyOpen(false)} />
      </Show>
    </section>
  );
}


const CHAT_ID = /^[a-f0-9]{24}$/;

/** /chats/:id (ChatsPages.tsx's layout around it). */
export function ChatPage() {
  const params = useParams<{ id: string }>();
  return (
    <Show when={CHAT_ID.test(params.id) && params.id} keyed fallback={<section class="chat-view"><ChatMissing level={1} /></section>}>
      {(id) => <ChatView chatId={id} />}
    </Show>
  );
}

/** /chat/global: the public chat, guests included. */
export function GlobalChatPage() {
  return <ChatView chatId="global" />;
}
