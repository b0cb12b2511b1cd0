/**
 * Replies, forwards and pins in the chat view (issue 13):
 * - MessageReplyActions: "Reply", "Forward" and (where I may) "Pin" beside a stored message's
 *   other actions (the same visibility rules: hover, keyboard focus, always on touch screens);
 * - ReplyQuote: in a reply's bubble, the quoted original (author and first line, "Photo", or
 *   "Message deleted"); a click opens the chat at it (`?m=<id>`: loads history back to it);
 * - ForwardedLabel: "Forwarded from <name>" over a forwarded copy;
 * - ReplyBar: above the composer while replying, with a cancel button (Escape too: Composer);
 * - PinnedBar: under the chat header; a click jumps to the pinned message, "Unpin" for those who may;
 * - ForwardDialog: my chats to forward to (from the chat list), one click forwards (chats.forward:
 *   the send path, answered after it is stored; a retry after an error reuses its clientId).
 * Every text here is plain text (never HTML).
 */
import { useNavigate, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import type { ChatPerson, ForwardedFrom, ReplyPreview } from "../../../../shared/chats.ts";
import { GLOBAL_CHAT_ID, newClientId } from "../../../../shared/chat-rules.ts";
import { Dialog } from "../../components/Dialog.tsx";
import { IconButton } from "../../components/IconButton.tsx";
import { CloseIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { me } from "../../lib/session.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { jumpToMessage } from "../chats/chat-client.ts";
import { chatList } from "../chats/chat-list.ts";
import { chatTitle, fullName } from "../chats/format.ts";
import { cancelReply, canPin, editedHere, firstLine, isDeletedHere, pinnedIn, replyingIn, setPinned, startReply } from "./replies-state.ts";
import "./replies.css";

const icon = (d: string) => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d={d} />
  </svg>
);
const ReplyIcon = () => icon("M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z");
const ForwardIcon = () => icon("M14 9V5l7 7-7 7v-4.1c-5 0-8.5 1.6-11 5.1 1-5 4-10 11-11z");
const PinIcon = () => icon("M9 4h6l-1 6 4 3v2h-5v5l-1 1-1-1v-5H6v-2l4-3z");

/** What a quote or the pinned bar says of a message: its first line, or its photos. */
function previewLine(p: { text: string; imageCount: number }): string {
  if (p.text) return p.text;
  return p.imageCount > 1 ? t("replies.photos", { n: p.imageCount }) : t("replies.photo");
}

/** Opens this chat at a message: the `m` search parameter (the chat view loads history back to it). */
function useGoToMessage(chatId: string) {
  const [search, setSearch] = useSearchParams<{ m?: string }>();
  return (messageId: number) => {
    // The same `m` again changes nothing in the address: jump directly.
    if (Number(search.m) === messageId) void jumpToMessage(chatId, messageId);
    else setSearch({ m: String(messageId) });
  };
}

export function ReplyQuote(props: { chatId: string; quote: ReplyPreview }) {
  const go = useGoToMessage(props.chatId);
  const gone = () => !!props.quote.deleted || isDeletedHere(props.quote.id);
  return (
    <button
      type="button"
      class="reply-quote"
      data-deleted={gone() ? "" : undefined}
      aria-label={gone() ? t("replies.quoteGoToDeleted") : t("replies.quoteGoTo", { name: props.quote.authorName })}
      onClick={() => go(props.quote.id)}
    >
      <Show when={!gone()} fallback={<span class="reply-quote-text">{t("replies.quoteDeleted")}</span>}>
        <span class="reply-quote-author">{props.quote.authorName}</span>
        <span class="reply-quote-text">{previewLine({ ...props.quote, text: editedHere(props.quote.id) ?? props.quote.text })}</span>
      </Show>
    </button>
  );
}

export function ForwardedLabel(props: { from: ForwardedFrom }) {
  return <p class="forwarded-label">{t("replies.forwardedFrom", { name: props.from.name })}</p>;
}

/** The buttons beside a stored, live message. `message` is what the reply bar and the dialog need. */
export function MessageReplyActions(props: {
  chatId: string;
  message: { id: number; author: ChatPerson; body: string; images: readonly unknown[] };
  /** A guest reads the public chat: no actions. */
  signedIn: boolean;
}) {
  const [forwarding, setForwarding] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const reply = () => {
    const m = props.message;
    startReply(props.chatId, { id: m.id, authorName: fullName(m.author), text: firstLine(m.body), imageCount: m.images.length });
    // The composer takes the reply: focus goes there, to type it.
    queueMicrotask(() => document.getElementById(`composer-${props.chatId}`)?.focus());
  };
  const pin = async () => {
    setProblem(null);
    try {
      const { pinned } = await trpc.chats.pin.mutate({ chatId: props.chatId, messageId: props.message.id });
      setPinned(props.chatId, pinned);
    } catch (error) {
      setProblem(errorText(readError(error)));
    }
  };
  return (
    <Show when={props.signedIn}>
      <span class="msg-reply-actions">
        <button type="button" class="round-button msg-action msg-reply" aria-label={t("replies.reply")} title={t("replies.reply")} onClick={reply}>
          <ReplyIcon />
        </button>
        <button type="button" class="round-button msg-action msg-forward" aria-label={t("replies.forward")} title={t("replies.forward")} onClick={() => setForwarding(true)}>
          <ForwardIcon />
        </button>
        <Show when={canPin(props.chatId)}>
          <button type="button" class="round-button msg-action msg-pin" aria-label={t("replies.pin")} title={t("replies.pin")} onClick={() => void pin()}>
            <PinIcon />
          </button>
        </Show>
        <Show when={problem()}>
          <span class="msg-failure" role="alert">
            {problem()}
          </span>
        </Show>
      </span>
      <Show when={forwarding()}>
        <ForwardDialog from={{ chatId: props.chatId, messageId: props.message.id }} onClose={() => setForwarding(false)} />
      </Show>
    </Show>
  );
}

/** Above the composer while replying: whom and what, and a cancel button. */
export function ReplyBar(props: { chatId: string }) {
  const target = () => replyingIn(props.chatId);
  return (
    <Show when={target()}>
      {(r) => (
        <div class="reply-bar">
          <ReplyIcon />
          <p class="reply-bar-text">
            <strong id={`composer-${props.chatId}-replying`}>{t("replies.replyingTo", { name: r().authorName })}</strong>
            <span class="reply-bar-quote">{previewLine(r())}</span>
          </p>
          <IconButton
            label={t("replies.cancelReply")}
            onClick={() => {
              cancelReply(props.chatId);
              document.getElementById(`composer-${props.chatId}`)?.focus();
            }}
          >
            <CloseIcon />
          </IconButton>
        </div>
      )}
    </Show>
  );
}

/** Under the chat header while something is pinned. */
export function PinnedBar(props: { chatId: string }) {
  const go = useGoToMessage(props.chatId);
  const [problem, setProblem] = createSignal<string | null>(null);
  const unpin = async () => {
    setProblem(null);
    try {
      await trpc.chats.unpin.mutate({ chatId: props.chatId });
      setPinned(props.chatId, null);
    } catch (error) {
      setProblem(errorText(readError(error)));
    }
  };
  return (
    <Show when={pinnedIn(props.chatId)}>
      {(p) => (
        <div class="pinned-bar" role="region" aria-label={t("replies.pinned")}>
          <button type="button" class="pinned-bar-main" aria-label={t("replies.pinnedGoTo", { text: previewLine(p()) })} onClick={() => go(p().id)}>
            <PinIcon />
            <span class="pinned-bar-text">
              <strong>{t("replies.pinned")}</strong>
              <span>
                {p().authorName}: {previewLine(p())}
              </span>
            </span>
          </button>
          <Show when={canPin(props.chatId)}>
            <IconButton label={t("replies.unpin")} onClick={() => void unpin()}>
              <CloseIcon />
            </IconButton>
          </Show>
          <Show when={problem()}>
            <span class="msg-failure" role="alert">
              {problem()}
            </span>
          </Show>
        </div>
      )}
    </Show>
  );
}

/** My chats (the list as loaded so far) to forward a message to. */
export function ForwardDialog(props: { from: { chatId: string; messageId: number }; onClose: () => void }) {
  const navigate = useNavigate();
  const [filter, setFilter] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<{ chatId: string; name: string } | null>(null);
  /** One clientId per target while the dialog is open: a retry after an error is not a second copy. */
  const clientIds = new Map<string, string>();
  const titleOf = (c: Parameters<typeof chatTitle>[0]) => chatTitle(c, me()?.id);
  const targets = createMemo(() => {
    const q = filter().trim().toLocaleLowerCase();
    const mine = chatList.chats().map((c) => ({ id: c.id, name: titleOf(c) }));
    const all = [{ id: GLOBAL_CHAT_ID, name: t("chats.global") }, ...mine];
    return q ? all.filter((c) => c.name.toLocaleLowerCase().includes(q)) : all;
  });
  async function forward(target: { id: string; name: string }) {
    if (busy()) return;
    setBusy(true);
    setProblem(null);
    const clientId = clientIds.get(target.id) ?? newClientId();
    clientIds.set(target.id, clientId);
    try {
      await trpc.chats.forward.mutate({ chatId: target.id, clientId, from: props.from });
      setDone({ chatId: target.id, name: target.name });
    } catch (error) {
      setProblem(errorText(readError(error)));
    } finally {
      setBusy(false);
    }
  }
  const hrefOf = (chatId: string) => (chatId === GLOBAL_CHAT_ID ? `/chat/${GLOBAL_CHAT_ID}` : `/chats/${chatId}`);
  return (
    <Dialog open onClose={props.onClose} labelledBy="forward-title" class="forward-dialog">
      <h2 id="forward-title">{t("replies.forwardTitle")}</h2>
      <Show
        when={done()}
        fallback={
          <>
            <input
              type="search"
              class="forward-filter"
              aria-label={t("replies.forwardFilter")}
              placeholder={t("replies.forwardFilter")}
              value={filter()}
              onInput={(e) => setFilter(e.currentTarget.value)}
            />
            <div role="alert">
              <Show when={problem()}>
                <p class="field-error">{problem()}</p>
              </Show>
            </div>
            <Show when={targets().length > 0} fallback={<p class="muted">{t("replies.noChats")}</p>}>
              <ul class="forward-targets" aria-label={t("replies.forwardTo")} aria-busy={busy() ? "true" : undefined}>
                <For each={targets()}>
                  {(c) => (
                    <li>
                      <button type="button" class="forward-target" disabled={busy()} onClick={() => void forward(c)}>
                        {c.name}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        }
      >
        {(d) => (
          <>
            <p role="status">{t("replies.forwardedTo", { name: d().name })}</p>
            <div class="dialog-actions">
              <button
                type="button"
                class="btn btn-primary"
                onClick={() => {
                  props.onClose();
                  navigate(hrefOf(d().chatId));
                }}
              >
                {t("replies.openChat")}
              </button>
            </div>
          </>
        )}
      </Show>
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={props.onClose}>
          {t("replies.close")}
        </button>
      </div>
    </Dialog>
  );
}
