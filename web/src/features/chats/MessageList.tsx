/**
 * The messages of a chat as a log (role="log": new messages are announced politely). Opens at
 * the newest; scrolling near the top loads the page before the oldest message and keeps the
 * reader's place (the oldest message shown stays where it was). New messages scroll into view
 * only if the reader was at the bottom — otherwise a "New messages ↓" pill appears. While the
 * bottom is in view (and the tab visible) the chat is marked read. My stored messages show
 * whether someone else has read them (read receipts; not in the public chat, which has no markers).
 */
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import type { ChatMessage, ChatPerson } from "../../../../shared/chats.ts";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-rules.ts";
import type { MediaInfo } from "../../../../shared/media.ts";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import {
  chatLoad,
  focusedMessage,
  hasNewer,
  hasOlder,
  jumpToLatest,
  loadNewer,
  loadingOlder,
  loadOlder,
  markRead,
  messagesOf,
  othersReadOf,
  pendingOf,
  react,
  retrySend,
  startEditing,
} from "./chat-client.ts";
import { chatList, setRead } from "./chat-list.ts";
import { dayKey, dayLabel } from "./format.ts";
import { MessageItem, SystemMessageItem } from "./MessageItem.tsx";
import { DeleteMessageDialog, ModerateMessageDialog } from "./chat-parts.tsx";
import { hasRole } from "../../../../shared/moderation-rules.ts";
import { scrollToFocused } from "../message-search/focus.ts";

/** Closer to the bottom than this counts as "at the bottom". */
const BOTTOM_SLACK_PX = 64;
/** Closer to the top than this loads the previous page. */
const TOP_SLACK_PX = 400;
/** A new run (avatar and name again) after this long a pause. */
const RUN_GAP_MS = 5 * 60_000;

export type OpenImages = (images: readonly MediaInfo[], index: number, author: ChatPerson) => void;

const reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

export function MessageList(props: {
  chatId: string;
  canMarkRead: boolean;
  /** A personal chat: the other person's messages carry no avatar and name (the header says who). */
  personal?: boolean;
  onOpenImages: OpenImages;
}) {
  const id = props.chatId;
  const messages = createMemo(() => messagesOf(id));
  const pending = createMemo(() => pendingOf(id));
  const [atBottom, setAtBottom] = createSignal(true);
  const [unseen, setUnseen] = createSignal(0);
  const [visible, setVisible] = createSignal(document.visibilityState === "visible");
  /** The message of mine the "Delete this message?" dialog is asking about. */
  const [deleting, setDeleting] = createSignal<ChatMessage | null>(null);
  /** Someone's public-chat message a moderator is deleting (the reason dialog is open). */
  const [moderating, setModerating] = createSignal<ChatMessage | null>(null);
  /** A moderator deletes any message of the public chat (other chats they only see from reports). */
  const moderator = () => id === GLOBAL_CHAT_ID && hasRole(me()?.role ?? "member", "moderator");
  let scroller!: HTMLDivElement;
  let content!: HTMLDivElement;

  const fromBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;

  function scrollToBottom(smooth = false) {
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: smooth && !reducedMotion() ? "smooth" : "auto" });
    setAtBottom(true);
    setUnseen(0);
  }

  /** The previous page, with the oldest message shown kept in place on screen. */
  async function older() {
    if (!hasOlder(id) || loadingOlder(id)) return;
    const anchor = content.querySelector<HTMLElement>(".msg");
    const offset = () => (anchor ? anchor.getBoundingClientRect().top - scroller.getBoundingClientRect().top : 0);
    const before = offset();
    const added = await loadOlder(id);
    if (anchor?.isConnected) scroller.scrollTop += offset() - before;
    // A short page that still does not fill the view: keep going.
    if (added > 0 && scroller.scrollHeight <= scroller.clientHeight) void older();
  }

  const onScroll = () => {
    const bottom = fromBottom() < BOTTOM_SLACK_PX;
    setAtBottom(bottom);
    if (bottom) setUnseen(0);
    if (scroller.scrollTop < TOP_SLACK_PX) void older();
    // An older window (opened at a message): the next page down.
    if (bottom && hasNewer(id) && !focusing) void loadNewer(id);
  };

  // New messages: follow them if the reader was at the bottom (or sent one), else count them.
  let lastId = 0;
  let lastPending = 0;
  createEffect(
    on([messages, pending], ([list, waiting]) => {
      const newest = list[list.length - 1]?.id ?? 0;
      const first = lastId === 0 && newest > 0;
      const fresh = newest > lastId ? list.filter((m) => m.id > lastId && m.author.id !== me()?.id && m.kind !== "system").length : 0;
      const sentNow = waiting.length > lastPending;
      lastId = Math.max(lastId, newest);
      lastPending = waiting.length;
      if (first || sentNow || (atBottom() && !hasNewer(id))) {
        scrollToBottom();
        if (first) queueMicrotask(() => scroller.scrollTop < TOP_SLACK_PX && void older());
      } else if (fresh > 0) setUnseen((n) => n + fresh);
    }),
  );

  // Opened at a message (?m=, a search result, a quote): scroll to it and highlight it briefly.
  // Until then the log is wherever the replaced content left it: that is no reader scrolling down.
  let focusing = false;
  createEffect(
    on(focusedMessage, (f) => {
      if (f?.chatId !== id) return;
      focusing = true;
      scrollToFocused(scroller, f.messageId, () => {
        focusing = false;
        setAtBottom(fromBottom() < BOTTOM_SLACK_PX);
      });
    }),
  );

  onMount(() => {
    // The composer growing, the keyboard opening, images decoding: stay at the bottom if there.
    const observer = new ResizeObserver(() => {
      if (atBottom()) scroller.scrollTop = scroller.scrollHeight;
    });
    observer.observe(scroller);
    observer.observe(content);
    const onVisibility = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onVisibility);
    onCleanup(() => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", onVisibility);
    });
  });

  // Read while the bottom is in view.
  let marked = 0;
  createEffect(() => {
    if (!props.canMarkRead || !atBottom() || !visible()) return;
    const last = messages()[messages().length - 1];
    if (!last || last.id <= marked) return;
    // Nothing unread by the list's count (it follows chat.activity, and chat.message for this open chat): no call needed.
    const known = chatList.byId(id);
    if (known && known.unread === 0) return;
    marked = last.id;
    void markRead(id, last.id).then((state) => state && setRead(id, state.lastReadId, state.unread, state.mentions));
  });

  // After a system line the next message shows its author again.
  const startsRun = (m: ChatMessage, prev: ChatMessage | undefined) =>
    !prev || prev.kind === "system" || prev.author.id !== m.author.id || m.createdAt - prev.createdAt > RUN_GAP_MS || dayKey(m.createdAt) !== dayKey(prev.createdAt);
  const meAsAuthor = (): ChatPerson => {
    const u = me();
    return { id: u?.id ?? "", username: u?.username ?? "", firstName: u?.firstName ?? "", lastName: u?.lastName ?? "", avatarId: u?.avatarId ?? null };
  };
  /**
   * How far the others have read: the list's value (possibly older, but markers never go back) or
   * what this open chat heard since (byId on open, chat.seen), whichever is further.
   */
  const othersRead = createMemo(() => (id === GLOBAL_CHAT_ID ? 0 : Math.max(chatList.byId(id)?.othersReadId ?? 0, othersReadOf(id))));
  /** Issue 13: "Seen by N" shows under my latest message in a group (one count query per open chat, not one per message). */
  const lastMineId = createMemo(() => {
    const list = messages();
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.author.id === me()?.id && list[i]!.kind !== "system" && !list[i]!.deleted) return list[i]!.id;
    return 0;
  });
  const lastPendingDay = () => dayKey(messages()[messages().length - 1]?.createdAt ?? 0);

  return (
    // The floor of the toasts: they stay above the composer under the log (components/ToastItems.tsx).
    <div class="messages-wrap" data-toast-floor>
      <div
        ref={scroller}
        class="messages"
        role="log"
        aria-label={t("chats.messagesLabel")}
        aria-live="polite"
        aria-relevant="additions"
        aria-busy={loadingOlder(id) ? "true" : undefined}
        tabindex="0"
        onScroll={onScroll}
      >
        <div ref={content} class="messages-inner">
          <Show when={loadingOlder(id)}>
            <p class="messages-note">{t("chats.loadingOlder")}</p>
          </Show>
          <Show when={chatLoad(id) === "ready" && !hasOlder(id) && messages().length > 0}>
            <p class="messages-note">{t("chats.historyStart")}</p>
          </Show>
          <Show when={chatLoad(id) === "loading" && messages().length === 0}>
            <p class="loading">{t("app.loading")}</p>
          </Show>
          <Show when={chatLoad(id) === "ready" && messages().length === 0 && pending().length === 0}>
            <p class="messages-empty muted">{t("chats.emptyChat")}</p>
          </Show>
          <For each={messages()}>
            {(m, i) => {
              const prev = () => messages()[i() - 1];
              const mine = () => m.author.id === me()?.id;
              return (
                <>
                  <Show when={!prev() || dayKey(prev()!.createdAt) !== dayKey(m.createdAt)}>
                    <p class="day-divider">
                      <span>{dayLabel(m.createdAt)}</span>
                    </p>
                  </Show>
                  <Show
                    when={m.kind === "system" && m.event}
                    fallback={
                      <MessageItem
                        message={m}
                        mine={mine()}
                        head={startsRun(m, prev())}
                        personal={props.personal}
                        state={mine() ? "sent" : undefined}
                        seen={mine() && othersRead() >= m.id}
                        seenBy={mine() && !props.personal && othersRead() >= m.id && m.id === lastMineId()}
                        onDelete={mine() ? () => setDeleting(m) : undefined}
                        onModerate={!mine() && moderator() ? () => setModerating(m) : undefined}
                        onEdit={
                          mine()
                            ? () => {
                                // Editing happens in the composer (like Telegram): it takes the text and the focus.
                                startEditing(id, m);
                                document.getElementById(`composer-${id}`)?.focus();
                              }
                            : undefined
                        }
                        viewerId={me()?.id}
                        onReact={me() ? (emoji, on) => react(id, m.id, emoji, on) : undefined}
                        onOpenImage={(index) => props.onOpenImages(m.images, index, m.author)}
                      />
                    }
                  >
                    {(event) => <SystemMessageItem event={event()} author={m.author} createdAt={m.createdAt} />}
                  </Show>
                </>
              );
            }}
          </For>
          <For each={pending()}>
            {(p, i) => (
              <>
                <Show when={i() === 0 && messages().length > 0 && lastPendingDay() !== dayKey(p.createdAt)}>
                  <p class="day-divider">
                    <span>{dayLabel(p.createdAt)}</span>
                  </p>
                </Show>
                <MessageItem
                  message={{ author: meAsAuthor(), body: p.body, images: p.images, createdAt: p.createdAt }}
                  mine
                  head={false}
                  state={p.status()}
                  failure={p.reason()}
                  onRetry={() => {
                    retrySend(id, p.clientId);
                    // The retry button goes away with the failure: keep focus in the composer.
                    document.getElementById(`composer-${id}`)?.focus();
                  }}
                  onOpenImage={(index) => props.onOpenImages(p.images, index, meAsAuthor())}
                />
              </>
            )}
          </For>
        </div>
      </div>
      <Show when={deleting()}>{(m) => <DeleteMessageDialog chatId={id} messageId={m().id} onClose={() => setDeleting(null)} />}</Show>
      <Show when={moderating()}>{(m) => <ModerateMessageDialog chatId={id} messageId={m().id} onClose={() => setModerating(null)} />}</Show>
      <Show when={hasNewer(id)}>
        <button type="button" class="new-pill" onClick={() => void jumpToLatest(id).then(() => requestAnimationFrame(() => scrollToBottom()))}>
          {t("message-search.jumpToLatest")} <span aria-hidden="true">↓</span>
        </button>
      </Show>
      <Show when={unseen() > 0 && !atBottom() && !hasNewer(id)}>
        <button type="button" class="new-pill" onClick={() => scrollToBottom(true)}>
          {t("chats.newMessages")}: {unseen()} <span aria-hidden="true">↓</span>
        </button>
      </Show>
    </div>
  );
}
