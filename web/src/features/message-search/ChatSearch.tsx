/**
 * Issue 13: the chat list's search box. As you type it filters the list by chat name (over the
 * chats loaded so far, in the browser: the list pages in as its end scrolls into view), and 300 ms
 * after typing stops it searches the messages of my chats (messageSearch.search) and lists them
 * under the chats: chat, author, time and the text with the matched words marked — text nodes and
 * <mark> elements, never HTML (SearchResults.tsx, fetched when something is typed). A result opens
 * the chat at that message.
 */
import { createSignal, Show } from "solid-js";
import { SEARCH_LIMITS } from "../../../../shared/message-search-rules.ts";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { t } from "../../i18n/index.ts";
import "./message-search.css";

/** The found messages: a chunk of its own (SearchResults.tsx), fetched when something is typed. */
const SearchResults = lazyPart(() => import("./SearchResults.tsx").then((m) => m.MessageSearchResults));

const [query, setQuery] = createSignal("");
/** What the box holds, trimmed ("" when nothing is typed). */
export const chatQuery = () => query().trim();

const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}+/gu, "").toLocaleLowerCase("uk-UA");
/** Whether a chat called `title` stays in the list: every typed word appears in its name. */
export function chatNameMatches(title: string): boolean {
  const q = chatQuery();
  if (!q) return true;
  const name = fold(title);
  return fold(q)
    .split(/\s+/)
    .every((w) => name.includes(w));
}

export function ChatSearchBox() {
  return (
    <div class="chat-search" role="search">
      <label class="visually-hidden" for="chat-search-q">
        {t("message-search.label")}
      </label>
      <input
        id="chat-search-q"
        type="search"
        autocomplete="off"
        maxLength={SEARCH_LIMITS.queryMax}
        placeholder={t("message-search.placeholder")}
        value={query()}
        onFocus={() => void SearchResults.preload().catch(() => {})}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => e.key === "Escape" && setQuery("")}
      />
    </div>
  );
}

/** The messages found for what the box holds (nothing while it is empty). */
export function MessageSearchResults() {
  return (
    <Show when={chatQuery()}>
      <SearchResults query={chatQuery()} />
    </Show>
  );
}
