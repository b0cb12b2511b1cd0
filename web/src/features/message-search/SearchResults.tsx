/**
 * Issue 13: the messages found for what the chat list's search box holds (ChatSearch.tsx): chat,
 * author, time and the text with the matched words marked — text nodes and <mark> elements, never
 * HTML. A result opens the chat at that message (messageHref). A chunk of its own, fetched when
 * something is typed in the box (ChatSearch.tsx).
 */
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-rules.ts";
import type { MessageSearchHit } from "../../../../shared/message-search.ts";
import { segments } from "../../../../shared/message-search-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { formatFullTime, formatListTime, fullName } from "../chats/format.ts";
import "./results.css";

const SEARCH_DELAY_MS = 300;

/** Where a message is opened: its chat, scrolled to it (ChatView reads `m`). */
export const messageHref = (chatId: string, messageId: number) => `${chatId === GLOBAL_CHAT_ID ? "/chat/global" : `/chats/${chatId}`}?m=${messageId}`;

function Hit(props: { hit: MessageSearchHit }) {
  const h = () => props.hit;
  const chatName = () => (h().chatKind === "public" ? t("chats.global") : (h().chatName ?? t("message-search.untitled")));
  return (
    <li>
      <a href={messageHref(h().chatId, h().messageId)} class="msearch-hit">
        <span class="msearch-hit-top">
          <span class="msearch-hit-chat">{chatName()}</span>
          <time datetime={new Date(h().createdAt).toISOString()} title={formatFullTime(h().createdAt)}>
            {formatListTime(h().createdAt)}
          </time>
        </span>
        <span class="msearch-hit-author muted">{fullName(h().author)}</span>
        <span class="msearch-hit-text">
          <For each={segments(h().text, h().matches)}>{(s) => (s.mark ? <mark>{s.text}</mark> : s.text)}</For>
        </span>
      </a>
    </li>
  );
}

/** The messages found for what the box holds (nothing while it is empty). */
export function MessageSearchResults(props: { query: string }) {
  const chatQuery = () => props.query;
  const [hits, setHits] = createSignal<MessageSearchHit[]>([]);
  const [next, setNext] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [searched, setSearched] = createSignal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  onCleanup(() => clearTimeout(timer));

  async function load(q: string, cursor?: number) {
    const mine = ++asked;
    setBusy(true);
    try {
      const page = await trpc.messageSearch.search.query({ query: q, cursor });
      if (mine !== asked) return;
      setHits((list) => (cursor ? [...list, ...page.hits] : page.hits));
      setNext(page.nextCursor);
      setFailure(null);
      setSearched(q);
    } catch (error) {
      if (mine === asked) setFailure(readError(error));
    } finally {
      if (mine === asked) setBusy(false);
    }
  }

  // A new text: search again once typing stops (an answer to an older text is dropped).
  createEffect(
    on(chatQuery, (q) => {
      clearTimeout(timer);
      asked++;
      setHits([]);
      setNext(null);
      setFailure(null);
      setSearched("");
      setBusy(!!q);
      if (q) timer = setTimeout(() => void load(q), SEARCH_DELAY_MS);
    }),
  );

  return (
    <Show when={chatQuery()}>
      <section class="msearch" aria-labelledby="msearch-heading" aria-busy={busy() ? "true" : undefined}>
        <h3 id="msearch-heading" class="msearch-heading">
          {t("message-search.messages")}
        </h3>
        <Show when={failure()}>{(f) => <ErrorAlert message={errorText(f())} />}</Show>
        <ul class="msearch-results">
          <For each={hits()}>{(hit) => <Hit hit={hit} />}</For>
        </ul>
        <Show when={busy()}>
          <p class="msearch-note loading" role="status">
            {t("message-search.searching")}
          </p>
        </Show>
        <Show when={!busy() && !failure() && searched() && hits().length === 0}>
          <p class="msearch-note muted" role="status">
            {t("message-search.nothing", { query: searched() })}
          </p>
        </Show>
        <Show when={!busy() && next() !== null}>
          <button type="button" class="btn btn-small msearch-note" onClick={() => void load(searched(), next()!)}>
            {t("message-search.more")}
          </button>
        </Show>
      </section>
    </Show>
  );
}
