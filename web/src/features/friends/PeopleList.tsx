/**
 * A list of people that pages by cursor (`nextCursor`) as its end comes near (an
 * IntersectionObserver on a sentinel), with a "Show more" button for keyboards and screen
 * readers, and a search box above it (by name or username, sent as `query` 300 ms after typing
 * stops). An answer to an older search or page is dropped. `load` is the page reader:
 * friends.list, friends.requests, friends.recommendations; `reloadOn` picks the frames that
 * bring someone new to it (a request received), after which the first page is read again.
 */
import { createSignal, createUniqueId, For, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { PeoplePage, PersonCard as Person } from "../../../../shared/friends.ts";
import { FRIENDS_LIMITS } from "../../../../shared/friends-rules.ts";
import { PagedSection } from "../../components/PagedSection.tsx";
import { t } from "../../i18n/index.ts";
import { onFriendFrame, type FriendFrame } from "./friends-live.ts";
import { PersonCard } from "./PersonCard.tsx";
import { createReadOnList } from "../../lib/read-on.ts";
import "../../components/field.css";

const SEARCH_DELAY_MS = 300;

export type PageLoader = (query: string, cursor: string | null) => Promise<PeoplePage>;

export function PeopleList(props: {
  load: PageLoader;
  /** The list's name for screen readers. */
  label: string;
  /** Shown when there is nobody and no search. */
  empty: JSX.Element;
  suggestion?: boolean;
  /** A `friend.status` frame after which the list is read again (a new request arrived). */
  reloadOn?: (frame: FriendFrame) => boolean;
}) {
  const id = `people-${createUniqueId()}`;
  const [text, setText] = createSignal("");
  const [query, setQuery] = createSignal("");
  const [items, setItems] = createSignal<Person[]>([]);
  const list = createReadOnList({
    aheadPx: 600,
    read: (cursor) => props.load(query(), cursor),
    keyOf: (p: Person) => p.id,
    items,
    setItems: (change) => setItems(change),
  });
  const { status } = list;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The first page of the current search; `quiet` keeps the list (and adds whoever is new). */
  const loadFirst = (quiet = false) => list.first({ quiet: quiet ? addNewcomers : undefined });
  /** Newcomers on top; the pages already read stay as they are. */
  function addNewcomers(page: PeoplePage) {
    const known = new Set(items().map((p) => p.id));
    setItems((shown) => [...page.items.filter((p) => !known.has(p.id)), ...shown]);
  }

  function onType(value: string) {
    setText(value);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const next = value.trim();
      if (next === query()) return;
      setQuery(next);
      void loadFirst();
    }, SEARCH_DELAY_MS);
  }

  onMount(() => {
    void loadFirst();
    onCleanup(onFriendFrame((frame) => props.reloadOn?.(frame) && void loadFirst(true)));
  });
  onCleanup(() => clearTimeout(timer));

  const remove = (personId: string) => setItems((list) => list.filter((p) => p.id !== personId));

  return (
    <PagedSection
      list={list}
      class="people-section"
      name="people"
      count={items().length}
      empty={() => (
        <Show when={query()} fallback={<div class="card muted empty-note">{props.empty}</div>}>
          <p class="card muted empty-note">{t("friends.nobodyFound", { query: query() })}</p>
        </Show>
      )}
      onRetry={() => void loadFirst()}
      head={
        <div class="field people-filter" role="search">
          <label for={`${id}-q`}>{t("friends.filter")}</label>
          <input
            id={`${id}-q`}
            type="search"
            autocomplete="off"
            spellcheck={false}
            maxLength={FRIENDS_LIMITS.queryMax}
            placeholder={t("friends.filterPlaceholder")}
            value={text()}
            onInput={(e) => onType(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              // Enter searches at once.
              e.preventDefault();
              clearTimeout(timer);
              setQuery(text().trim());
              void loadFirst();
            }}
          />
        </div>
      }
    >
      <Show when={status() !== "loading" && items().length > 0}>
        <ul class="people-grid" aria-label={props.label}>
          <For each={items()}>{(person) => <PersonCard person={person} suggestion={props.suggestion} onGone={() => remove(person.id)} />}</For>
        </ul>
      </Show>
    </PagedSection>
  );
}
