/**
 * The header's person search (signed-in only): a combobox whose dropdown lists `people.search`
 * results 250 ms after typing stops (an answer to an older text is dropped). ↓/↑ move through
 * them, Enter opens the chosen profile (or the first), Escape closes the list (a second Escape
 * clears the box); each result is also a plain link. In the header bar it is a magnifier that
 * widens while focused; in the folded menu a full-width box whose list pushes the links down.
 */
import { useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
// Type-only: the schemas of shared/friends.ts pull in zod, which the header does not need.
import type { FRIENDS_LIMITS, PersonCard } from "../../../../shared/friends.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import "./people-search.css";

const SEARCH_DELAY_MS = 250;
/** Checked against shared/friends.ts at compile time. */
const QUERY_MAX: (typeof FRIENDS_LIMITS)["queryMax"] = 100;
const SHOWN = 8;
const ID = "people-search";

const profileHref = (username: string) => `/u/${encodeURIComponent(username)}`;

const SearchIcon = () => (
  <svg class="people-search-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true">
    <circle cx="11" cy="11" r="7" />
    <path d="M20 20l-4-4" />
  </svg>
);

export function PeopleSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const [text, setText] = createSignal("");
  const [found, setFound] = createSignal<PersonCard[] | null>(null);
  const [searching, setSearching] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  let root: HTMLDivElement | undefined;
  onCleanup(() => clearTimeout(timer));

  function reset() {
    clearTimeout(timer);
    asked++;
    setText("");
    setFound(null);
    setSearching(false);
    setFailure(null);
    setActive(-1);
    setOpen(false);
  }
  createEffect(on(() => location.pathname, reset, { defer: true }));

  function search(value: string) {
    clearTimeout(timer);
    setActive(-1);
    const query = value.trim();
    if (!query) {
      asked++;
      setFound(null);
      setSearching(false);
      setFailure(null);
      return;
    }
    setSearching(true);
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const page = await trpc.people.search.query({ query, limit: SHOWN });
        if (mine !== asked) return;
        setFound(page.items);
        setFailure(null);
      } catch (error) {
        if (mine !== asked) return;
        setFound([]);
        setFailure(readError(error));
      } finally {
        if (mine === asked) setSearching(false);
      }
    }, SEARCH_DELAY_MS);
  }

  const items = () => found() ?? [];
  const expanded = () => open() && text().trim() !== "" && (found() !== null || searching());
  const note = () => {
    if (failure()) return errorText(failure()!);
    if (found() === null || (searching() && items().length === 0)) return searching() ? t("friends.searching") : "";
    return items().length === 0 ? t("friends.noPeople") : "";
  };
  /** For screen readers, always in the page: how many were found, or why none. */
  const announcement = () => (!expanded() ? "" : note() || (searching() ? "" : t("friends.peopleCount", { n: items().length })));

  function go(person: PersonCard) {
    reset();
    navigate(profileHref(person.username));
  }

  function onKeyDown(e: KeyboardEvent) {
    const list = items();
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!list.length) return;
      e.preventDefault();
      if (!expanded()) setOpen(true);
      const down = e.key === "ArrowDown";
      setActive((i) => (down ? (i + 1) % list.length : i <= 0 ? list.length - 1 : i - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const chosen = expanded() ? (list[active()] ?? list[0]) : undefined;
      if (chosen) go(chosen);
    } else if (e.key === "Escape") {
      // Ours, not the header menu's.
      if (expanded()) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        setActive(-1);
      } else if (text()) {
        e.preventDefault();
        e.stopPropagation();
        reset();
      }
    }
  }

  return (
    <div
      ref={root}
      class="people-search"
      role="search"
      onFocusOut={(e) => {
        if (!root?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <SearchIcon />
      <label for={ID} class="visually-hidden">
        {t("friends.peopleSearch")}
      </label>
      <input
        id={ID}
        type="text"
        role="combobox"
        autocomplete="off"
        autocapitalize="none"
        spellcheck={false}
        enterkeyhint="search"
        maxLength={QUERY_MAX}
        placeholder={t("friends.peopleSearchPlaceholder")}
        aria-autocomplete="list"
        aria-expanded={expanded()}
        aria-controls={`${ID}-list`}
        aria-activedescendant={expanded() && active() >= 0 ? `${ID}-opt-${active()}` : undefined}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setOpen(true);
          search(e.currentTarget.value);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <div class="people-search-pop" hidden={!expanded()}>
        <ul id={`${ID}-list`} role="listbox" class="people-search-list" aria-label={t("friends.peopleFound")}>
          <For each={items()}>
            {(person, i) => (
              <li
                id={`${ID}-opt-${i()}`}
                role="option"
                class="people-search-option"
                aria-selected={active() === i()}
                // Keep focus in the box: a click still follows the link.
                onMouseDown={(e) => e.preventDefault()}
              >
                <a href={profileHref(person.username)} tabindex="-1" onClick={reset}>
                  <Avatar person={person} avatar={person.avatarId} size="sm" />
                  <span class="people-search-text">
                    <span class="people-search-name">{`${person.firstName} ${person.lastName}`.trim()}</span>{" "}
                    <span class="people-search-handle">@{person.username}</span>
                  </span>
                </a>
              </li>
            )}
          </For>
        </ul>
        <p class="people-search-note">{note()}</p>
      </div>
      <div class="visually-hidden" role="status">
        <Show when={announcement()}>{announcement()}</Show>
      </div>
    </div>
  );
}
