/**
 * One message: mine on the right, others' on the left with the author's avatar and name (once per
 * run of messages by the same person; in a personal chat neither — the header names the other
 * person — while screen readers get the name on every message, as everywhere). The text is the
 * posts' safe Markdown subset (MessageText, issue 13: DOM nodes, line breaks kept, never HTML). Up to 10 image thumbnails open the full-screen viewer. A pending message of
 * mine shows a clock; a failed one "Not sent — retry"; a stored one a tick ("Sent"), or two once
 * someone else in the chat has read it ("Seen"; never in the public chat). A stored message of mine has edit
 * and delete buttons (shown on hover and keyboard focus — the message itself is focusable; on
 * phones and touch screens none: a tap or long-press opens the action sheet, phone/MessageSheet.tsx); an
 * edited message shows "edited" beside its time (the edit time as a tooltip); a deleted
 * message shows "Message deleted" in its place, author and time kept. A system message (a group
 * change, "Olena added Taras") is a centred muted line instead (SystemMessageItem).
 * Reactions: under a stored message its reactions as pills ("👍 3", pressed when one is mine; a
 * click toggles mine), and an "Add reaction" button (the same visibility rules as edit and
 * delete) opening a toolbar of the six emoji (arrow keys move, Escape closes) and "+" for any
 * other emoji (the lazily loaded picker, issue 13). Guests see the
 * pills disabled and no button; tombstones show none.
 * Someone else's stored message has "Report" for a signed-in viewer (the same visibility rules),
 * opening the report dialog; in the public chat a moderator also gets "Delete as moderator".
 */
import { createSignal, For, Show } from "solid-js";
import { Portal } from "solid-js/web";
import type { ChatPerson, MessageReaction, ReactionEmoji, SystemEvent } from "../../../../shared/chats.ts";
import type { MediaInfo } from "../../../../shared/media.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { PencilIcon, SmileIcon, TrashIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError } from "../../lib/trpc.ts";
import { formatFullTime, formatTime, fullName, isDeletedAccount, systemLine } from "./format.ts";
import { FlagIcon } from "../reports/icons.tsx";
import { ReportDialog } from "../../components/lazy-parts.tsx";
import { mentionNodes, MessageText } from "./MessageText.tsx";
import { LazyEmojiPicker } from "../emoji/lazy.tsx";
import { me } from "../../lib/session.ts";
import { ForwardedLabel, MessageReplyActions, pinMessage, replyTo, ReplyQuote } from "../replies/Replies.tsx";
import { canPin } from "../replies/replies-state.ts";
import type { ForwardedFrom, ReplyPreview } from "../../../../shared/chats.ts";
import { SeenByButton } from "../presence/SeenBy.tsx";
import { isCompact } from "../phone/compact.ts";
import { ForwardDialog, MessageSheet, ReactionBar } from "./chat-parts.tsx";
import { sheetHandlers } from "../phone/sheet-gestures.ts";
import "../phone/compact-messages.css";

export interface MessageLike {
  /** A stored message's id and chat (absent while it is being sent). */
  id?: number;
  chatId?: string;
  author: ChatPerson;
  body: string;
  images: readonly MediaInfo[];
  createdAt: number;
  /** A tombstone: its author deleted it. */
  deleted?: boolean;
  /** When its author last edited it (absent: never). */
  editedAt?: number;
  /** Who reacted with which emoji (absent: nobody). */
  reactions?: readonly MessageReaction[];
  /** Issue 13: the members it mentions (absent: nobody). */
  mentions?: readonly string[];
  /** Issue 13: the quoted original of a reply, and who wrote a forwarded copy (replies feature). */
  replyTo?: ReplyPreview;
  forwardedFrom?: ForwardedFrom;
}

const ClockIcon = () => (
  <svg class="msg-state-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true">
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </svg>
);

const CheckIcon = () => (
  <svg class="msg-state-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </svg>
);

/** Two ticks: seen by someone else. */
const DoubleCheckIcon = () => (
  <svg class="msg-state-icon msg-state-icon-wide" viewBox="0 0 30 24" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d="M3 12.5l4.5 4.5L17 7.5" />
    <path d="M13.5 16l1 1L24 7.5" />
  </svg>
);

/** The receipt on a stored message of mine: an icon, its name for screen readers and as a tooltip. */
function Receipt(props: { seen: boolean }) {
  const label = () => t(props.seen ? "chats.seen" : "chats.sent");
  return (
    <span class="msg-receipt" data-seen={props.seen ? "" : undefined} title={label()}>
      <Show when={props.seen} fallback={<CheckIcon />}>
        <DoubleCheckIcon />
      </Show>
      <span class="visually-hidden">{label()}</span>
    </span>
  );
}

export function MessageImages(props: { images: readonly MediaInfo[]; onOpen: (index: number) => void }) {
  const total = () => props.images.length;
  return (
    <div class="msg-images" data-count={Math.min(total(), 4)}>
      <For each={props.images}>
        {(img, i) => (
          <button type="button" class="msg-image" aria-label={t("chats.openImage", { n: i() + 1, total: total() })} onClick={() => props.onOpen(i())}>
            <img src={img.urls.thumb ?? img.urls.full} width={img.width} height={img.height} alt="" decoding="async" />
          </button>
        )}
      </For>
    </div>
  );
}

/** Toggles one of my reactions; rejects with the tRPC error. */
export type ReactFn = (emoji: ReactionEmoji, on: boolean) => Promise<void>;

/** The reactions under a message: one pill per emoji, pressed when one of them is mine. */
function ReactionPills(props: { reactions: readonly MessageReaction[]; mineOf: (emoji: string) => boolean; onReact?: ReactFn; onError: (e: unknown) => void }) {
  return (
    <div class="msg-reactions" role="group" aria-label={t("chats.reactionsLabel")}>
      <For each={props.reactions}>
        {(r) => {
          const mine = () => props.mineOf(r.emoji);
          return (
            <button
              type="button"
              class="msg-reaction"
              aria-pressed={mine() ? "true" : "false"}
              aria-label={t(mine() ? "chats.reactionCountMine" : "chats.reactionCount", { emoji: r.emoji, n: r.count })}
              disabled={!props.onReact}
              onClick={() => props.onReact?.(r.emoji as ReactionEmoji, !mine()).catch(props.onError)}
            >
              <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.count}</span>
            </button>
          );
        }}
      </For>
    </div>
  );
}

/**
 * "Add reaction": a button opening a toolbar of the six emoji (ReactionBar.tsx, a chunk of its own
 * fetched on hover, focus or the first click); picking one toggles mine.
 */
function ReactionPicker(props: { mineOf: (emoji: string) => boolean; onReact: ReactFn; onError: (e: unknown) => void }) {
  const [open, setOpen] = createSignal(false);
  /** Issue 13: the full emoji picker, opened by "+" at the end of the toolbar (which stays under it). */
  const [all, setAll] = createSignal(false);
  let toggle!: HTMLButtonElement;
  const close = (focusBack: boolean) => {
    setOpen(false);
    setAll(false);
    if (focusBack) toggle.focus();
  };
  const pick = (emoji: ReactionEmoji) => {
    close(true);
    props.onReact(emoji, !props.mineOf(emoji)).catch(props.onError);
  };
  const preload = () => void ReactionBar.preload().catch(() => {});
  return (
    <div
      class="msg-react"
      onFocusOut={(e) => {
        // Focus left the picker (a click or Tab elsewhere): it closes.
        if ((open() || all()) && !(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) close(false);
      }}
    >
      <button
        ref={toggle}
        type="button"
        class="round-button msg-action msg-react-add"
        aria-label={t("chats.addReaction")}
        title={t("chats.addReaction")}
        aria-haspopup="true"
        aria-expanded={open() ? "true" : "false"}
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => {
          setAll(false);
          setOpen(!open());
        }}
      >
        <SmileIcon />
      </button>
      <Show when={open()}>
        <ReactionBar label={t("chats.addReaction")} mineOf={props.mineOf} all={all()} onPick={pick} onMore={() => setAll(true)} onClose={() => close(true)} />
      </Show>
      <Show when={all()}>
        <LazyEmojiPicker label={t("emoji.more")} onPick={pick} onClose={() => close(true)} />
      </Show>
    </div>
  );
}

export function MessageItem(props: {
  message: MessageLike;
  mine: boolean;
  /** First of a run by this author: show avatar and name. */
  head: boolean;
  /** In a personal chat: no avatar nor name over the other person's messages. */
  personal?: boolean;
  state?: "sending" | "failed" | "sent";
  /** A stored message of mine that someone else in the chat has read up to (read receipts). */
  seen?: boolean;
  /** Issue 13: under this (group) message of mine, "Seen by N" with the list on a click. */
  seenBy?: boolean;
  failure?: string;
  onRetry?: () => void;
  /** Offered on my stored messages: asks to confirm, then deletes it for everyone. */
  onDelete?: () => void;
  /** Offered on my stored messages: edits its text in the composer. */
  onEdit?: () => void;
  /** Offered to a moderator on others' messages in the public chat: asks why, then deletes it for everyone. */
  onModerate?: () => void;
  /** Who is looking (their reactions are "mine"); undefined for a guest. */
  viewerId?: string;
  /** Offered on stored messages to a signed-in viewer: toggles one of my reactions. */
  onReact?: ReactFn;
  onOpenImage: (index: number) => void;
}) {
  const m = () => props.message;
  const [reactFailure, setReactFailure] = createSignal<string | null>(null);
  const onReactError = (e: unknown) => setReactFailure(errorText(readError(e)));
  const react: ReactFn = (emoji, on) => {
    setReactFailure(null);
    return props.onReact!(emoji, on);
  };
  const canReact = () => !!props.onReact && !m().deleted;
  /** A stored, not deleted message of mine: it can be edited and deleted, and shows its receipt. */
  const ownStored = () => props.mine && props.state === "sent" && !m().deleted;
  const mineOf = (emoji: string) => !!props.viewerId && !!m().reactions?.some((r) => r.emoji === emoji && r.userIds.includes(props.viewerId!));
  const picker = () => (
    <Show when={canReact()}>
      <ReactionPicker mineOf={mineOf} onReact={react} onError={onReactError} />
    </Show>
  );
  /** Issue 13: "Reply", "Forward", "Pin" on a stored, live message (replies/Replies.tsx). */
  const replyActions = () => (
    <Show when={!m().deleted && m().id !== undefined && m().chatId !== undefined && props.state !== "failed" && props.state !== "sending"}>
      <MessageReplyActions chatId={m().chatId!} message={{ ...m(), id: m().id! }} signedIn={!!props.viewerId} />
    </Show>
  );
  const name = () => fullName(m().author);
  const profile = () => `/u/${encodeURIComponent(m().author.username)}`;
  /** Someone else's stored message, to a signed-in viewer: it can be reported. */
  const reportable = () => {
    const { id, chatId, deleted } = m();
    return !props.mine && !!props.viewerId && !deleted && id !== undefined && chatId !== undefined ? { id, chatId } : null;
  };
  const [reporting, setReporting] = createSignal(false);
  /** Issue 15: on compact screens the actions are in a sheet (a tap, a long-press, or Enter on the focused message). */
  const [sheet, setSheet] = createSignal(false);
  const [forwarding, setForwarding] = createSignal(false);
  const live = () => !m().deleted && m().id !== undefined && m().chatId !== undefined && props.state !== "failed" && props.state !== "sending";
  const hasActions = () => canReact() || (live() && !!props.viewerId) || (ownStored() && !!(props.onEdit || props.onDelete)) || !!reportable();
  // Each handler named (no {...gestures}: solid's spread would join every page's entry, components/NavLink.tsx).
  const gestures = sheetHandlers(() => hasActions() && isCompact(), () => setSheet(true));
  return (
    <article
      tabindex={hasActions() ? 0 : undefined}
      onPointerDown={gestures.onPointerDown}
      onPointerMove={gestures.onPointerMove}
      onPointerUp={gestures.onPointerUp}
      onPointerCancel={gestures.onPointerCancel}
      onTouchEnd={gestures.onTouchEnd}
      onContextMenu={gestures.onContextMenu}
      onClick={gestures.onClick}
      onKeyDown={gestures.onKeyDown}
      class="msg"
      data-message-id={m().id}
      data-mine={props.mine ? "" : undefined}
      data-head={props.head ? "" : undefined}
      data-state={props.state}
      data-deleted={m().deleted ? "" : undefined}
      data-mentions-me={!m().deleted && !!props.viewerId && m().mentions?.includes(props.viewerId) ? "" : undefined}
      aria-busy={props.state === "sending" ? "true" : undefined}
    >
      <Show when={!props.mine && !props.personal}>
        <div class="msg-avatar">
          <Show when={props.head}>
            <Show when={!isDeletedAccount(m().author)} fallback={<Avatar person={m().author} avatar={null} size="sm" />}>
              <a href={profile()} tabindex="-1" aria-hidden="true">
                <Avatar person={m().author} avatar={m().author.avatarId} size="sm" />
              </a>
            </Show>
          </Show>
        </div>
      </Show>
      <Show when={props.mine}>{picker()}</Show>
      <Show when={props.mine}>{replyActions()}</Show>
      <Show when={ownStored() && props.onEdit}>
        <button type="button" class="round-button msg-action msg-edit" aria-label={t("chats.editMessage")} title={t("chats.editMessage")} onClick={() => props.onEdit?.()}>
          <PencilIcon />
        </button>
      </Show>
      <Show when={ownStored() && props.onDelete}>
        <button type="button" class="round-button msg-action msg-delete" aria-label={t("chats.deleteMessage")} title={t("chats.deleteMessage")} onClick={() => props.onDelete?.()}>
          <TrashIcon />
        </button>
      </Show>
      <div class="msg-column">
        <Show when={!props.mine && props.head && !props.personal} fallback={<span class="visually-hidden msg-who">{props.mine ? t("chats.you") : name()}:</span>}>
          <Show when={!isDeletedAccount(m().author)} fallback={<span class="msg-author">{name()}</span>}>
            <a href={profile()} class="msg-author">
              {name()}
            </a>
          </Show>
        </Show>
        <div class="msg-bubble">
          <Show
            when={!m().deleted}
            fallback={<p class="msg-text msg-deleted-text">{t("chats.messageDeleted")}</p>}
          >
            <Show when={m().forwardedFrom}>{(from) => <ForwardedLabel from={from()} />}</Show>
            <Show when={m().replyTo}>{(quote) => <ReplyQuote chatId={m().chatId ?? ""} quote={quote()} />}</Show>
            <Show when={m().images.length > 0}>
              <MessageImages images={m().images} onOpen={props.onOpenImage} />
            </Show>
            <Show when={m().body}>
              <MessageText body={m().body} text={mentionNodes(me()?.username, !!props.viewerId && !!m().mentions?.includes(props.viewerId))} />
            </Show>
          </Show>
          <span class="msg-meta">
            <time datetime={new Date(m().createdAt).toISOString()} title={formatFullTime(m().createdAt)}>
              {formatTime(m().createdAt)}
            </time>
            <Show when={!m().deleted && m().editedAt}>
              {(at) => (
                <span class="msg-edited" title={t("chats.editedAt", { time: formatFullTime(at()) })}>
                  {t("chats.edited")}
                </span>
              )}
            </Show>
            <Show when={props.state === "sending"}>
              <ClockIcon />
              <span class="visually-hidden">{t("chats.sending")}</span>
            </Show>
            <Show when={ownStored()}>
              <Receipt seen={!!props.seen} />
            </Show>
            <Show when={ownStored() && props.seenBy && m().id !== undefined && m().chatId}>
              {(chatId) => <SeenByButton chatId={chatId()} messageId={m().id!} />}
            </Show>
          </span>
        </div>
        <Show when={!m().deleted && m().reactions?.length}>
          <ReactionPills reactions={m().reactions!} mineOf={mineOf} onReact={props.onReact && react} onError={onReactError} />
        </Show>
        <Show when={reactFailure()}>
          <span class="msg-failure" role="alert">
            {reactFailure()}
          </span>
        </Show>
        <Show when={props.state === "failed"}>
          <button type="button" class="msg-retry" onClick={() => props.onRetry?.()} title={props.failure ? errorText({ reason: props.failure }) : undefined}>
            {t("chats.notSent")}
          </button>
          <Show when={props.failure && props.failure !== "chats.noAck"}>
            <span class="msg-failure">{errorText({ reason: props.failure! })}</span>
          </Show>
        </Show>
      </div>
      <Show when={!props.mine}>{picker()}</Show>
      <Show when={!props.mine}>{replyActions()}</Show>
      <Show when={reportable() && props.onModerate}>
        <button
          type="button"
          class="round-button msg-action msg-moderate"
          aria-label={t("chatmod.deleteAsModerator")}
          title={t("chatmod.deleteAsModerator")}
          onClick={() => props.onModerate?.()}
        >
          <TrashIcon />
        </button>
      </Show>
      <Show when={reportable()}>
        {(target) => (
          <>
            <button
              type="button"
              class="round-button msg-action msg-report"
              aria-label={t("reports.message")}
              title={t("reports.message")}
              onClick={() => setReporting(true)}
            >
              <FlagIcon />
            </button>
            <Show when={reporting()}>
              {/* Outside the log (a live region): the dialog is not read out as a new message. */}
              <Portal>
                <ReportDialog target={{ kind: "message", chatId: target().chatId, id: target().id }} onClose={() => setReporting(false)} />
              </Portal>
            </Show>
          </>
        )}
      </Show>
      <Show when={sheet()}>
        <Portal>
          <MessageSheet
            message={m()}
            react={canReact() ? { mineOf, toggle: react } : undefined}
            replies={
              live() && props.viewerId
                ? {
                    reply: () => replyTo(m().chatId!, { ...m(), id: m().id! }),
                    forward: () => setForwarding(true),
                    pin: canPin(m().chatId!) ? () => pinMessage(m().chatId!, m().id!) : undefined,
                  }
                : undefined
            }
            picker={LazyEmojiPicker}
            onEdit={ownStored() ? props.onEdit : undefined}
            onDelete={ownStored() ? props.onDelete : undefined}
            onModerate={reportable() ? props.onModerate : undefined}
            onReport={reportable() ? () => setReporting(true) : undefined}
            onProblem={setReactFailure}
            onClose={() => setSheet(false)}
          />
        </Portal>
      </Show>
      <Show when={forwarding() && live()}>
        <Portal>
          <ForwardDialog from={{ chatId: m().chatId!, messageId: m().id! }} onClose={() => setForwarding(false)} />
        </Portal>
      </Show>
    </article>
  );
}

/** A group change in the conversation: one centred, muted line of plain text, with its time as a tooltip. */
export function SystemMessageItem(props: { event: SystemEvent; author: ChatPerson; createdAt: number }) {
  return (
    <p class="msg-system" title={formatFullTime(props.createdAt)}>
      <span>{systemLine(props.event, fullName(props.author))}</span>
    </p>
  );
}
