/**
 * Replies, forwards and pins in the chat view (issue 13):
 * - MessageReplyActions: "Reply", "Forward" and (where I may) "Pin" beside a stored message's
 *   other actions (the same visibility rules: hover, keyboard focus, always on touch screens);
 * - ReplyQuote: in a reply's bubble, the quoted original (author and first line, "Photo", or
 *   "Message deleted"); a click opens the chat at it (`?m=<id>`: loads history back to it);
 * - ForwardedLabel: "Forwarded from <name>" over a forwarded copy;
 * - ReplyBar: above the composer while replying, with a cancel button (Escape too: Composer);
 * - PinnedBar: under the chat header; a click jumps to the pinned message, "Unpin" for those who may;
 * - ForwardDialog (ForwardDialog.tsx, a chunk of its own fetched on "Forward").
 * Every text here is plain text (never HTML).
 */
import { useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import type { ChatPerson, ForwardedFrom, ReplyPreview } from "../../../../shared/chats.ts";
import { IconButton } from "../../components/IconButton.tsx";
import { CloseIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { jumpToMessage } from "../chats/chat-client.ts";
import { fullName } from "../chats/format.ts";
import { ForwardDialog } from "../chats/chat-parts.tsx";
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

/** What a reply or a pin needs of a stored message. */
export interface RepliedMessage {
  id: number;
  author: ChatPerson;
  body: string;
  images: readonly unknown[];
}

/** Starts a reply to a message: the composer takes it, and the focus (to type it). */
export function replyTo(chatId: string, m: RepliedMessage): void {
  startReply(chatId, { id: m.id, authorName: fullName(m.author), text: firstLine(m.body), imageCount: m.images.length });
  queueMicrotask(() => document.getElementById(`composer-${chatId}`)?.focus());
}

/** Pins a message (where I may: canPin); rejects with the tRPC error. */
export async function pinMessage(chatId: string, messageId: number): Promise<void> {
  const { pinned } = await trpc.chats.pin.mutate({ chatId, messageId });
  setPinned(chatId, pinned);
}

/** The buttons beside a stored, live message. `message` is what the reply bar and the dialog need. */
export function MessageReplyActions(props: {
  chatId: string;
  message: RepliedMessage;
  /** A guest reads the public chat: no actions. */
  signedIn: boolean;
}) {
  const [forwarding, setForwarding] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const reply = () => replyTo(props.chatId, props.message);
  const pin = async () => {
    setProblem(null);
    try {
      await pinMessage(props.chatId, props.message.id);
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
