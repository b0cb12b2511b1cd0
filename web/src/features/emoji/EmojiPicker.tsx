/**
 * The emoji picker (issue 13), loaded on first use (lazy.tsx): a search box (English or Ukrainian
 * keywords), category tabs with recent emoji first, and a grid. Keyboard: focus stays in the
 * search box; arrow keys move through the grid (Up/Down by a row), Enter picks, Escape closes.
 * A click picks too. Emoji are text in buttons, never HTML.
 */
import { createMemo, createSignal, For, onMount, Show } from "solid-js";
import { t } from "../../i18n/index.ts";
import { CATEGORIES, CATEGORY_ICON, EMOJI, searchEmoji, type Category } from "./emoji-data.ts";
import { recentEmoji, rememberEmoji } from "./recent.ts";
import "./picker.css";

const COLUMNS = 8;
let pickers = 0;
const wordsOf = new Map(EMOJI.map((e) => [e.char, e.words.join(", ")]));

export interface EmojiPickerProps {
  /** The chosen emoji (also remembered as recent). */
  onPick: (emoji: string) => void;
  /** Escape: the host closes the picker and puts focus back. */
  onClose: () => void;
  /** The picker's accessible name (default "Emoji picker"). */
  label?: string;
}

export default function EmojiPicker(props: EmojiPickerProps) {
  const id = `emoji-picker-${++pickers}`;
  const recent = recentEmoji();
  const [tab, setTab] = createSignal<Category | "recent">(recent.length ? "recent" : "smileys");
  const [query, setQuery] = createSignal("");
  const [active, setActive] = createSignal(0);
  const items = createMemo(() => {
    const q = query().trim();
    if (q) return searchEmoji(q).map((e) => e.char);
    const current = tab();
    return current === "recent" ? recent : EMOJI.filter((e) => e.category === current).map((e) => e.char);
  });
  let search!: HTMLInputElement;
  let grid!: HTMLDivElement;
  onMount(() => search.focus());

  const pick = (emoji: string) => {
    rememberEmoji(emoji);
    props.onPick(emoji);
  };
  const move = (to: number) => {
    const n = items().length;
    if (!n) return;
    const at = Math.max(0, Math.min(n - 1, to));
    setActive(at);
    grid.querySelector(`#${id}-${at}`)?.scrollIntoView({ block: "nearest" });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    if (e.key === "Escape") props.onClose();
    else if (e.key === "ArrowRight") move(active() + 1);
    else if (e.key === "ArrowLeft") move(active() - 1);
    else if (e.key === "ArrowDown") move(active() + COLUMNS);
    else if (e.key === "ArrowUp") move(active() - COLUMNS);
    else if (e.key === "Enter") {
      const emoji = items()[active()];
      if (emoji) pick(emoji);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const tabs = () => (recent.length ? (["recent", ...CATEGORIES] as const) : CATEGORIES);
  const heading = () => (query().trim() ? t("emoji.search") : t(`emoji.cat.${tab()}`));

  return (
    <div
      class="emoji-picker"
      role="dialog"
      aria-label={props.label ?? t("emoji.pickerLabel")}
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        e.stopPropagation();
        props.onClose();
      }}
    >
      <input
        ref={search}
        class="emoji-search"
        type="search"
        role="combobox"
        aria-label={t("emoji.search")}
        aria-expanded="true"
        aria-controls={`${id}-grid`}
        aria-activedescendant={items().length ? `${id}-${active()}` : undefined}
        aria-describedby={`${id}-hint`}
        placeholder={t("emoji.searchPlaceholder")}
        autocomplete="off"
        value={query()}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div class="emoji-tabs" role="tablist" aria-label={props.label ?? t("emoji.pickerLabel")}>
        <For each={tabs()}>
          {(c) => (
            <button
              type="button"
              role="tab"
              tabindex="-1"
              aria-selected={!query().trim() && tab() === c ? "true" : "false"}
              aria-label={t(`emoji.cat.${c}`)}
              title={t(`emoji.cat.${c}`)}
              onClick={() => {
                setTab(c);
                setQuery("");
                setActive(0);
                search.focus();
              }}
            >
              {CATEGORY_ICON[c]}
            </button>
          )}
        </For>
      </div>
      <p class="emoji-heading" id={`${id}-heading`}>
        {heading()}
      </p>
      <div ref={grid} id={`${id}-grid`} class="emoji-grid" role="listbox" aria-labelledby={`${id}-heading`}>
        <For each={items()}>
          {(emoji, i) => (
            <button
              type="button"
              id={`${id}-${i()}`}
              role="option"
              tabindex="-1"
              aria-selected={active() === i() ? "true" : "false"}
              data-active={active() === i() ? "" : undefined}
              title={wordsOf.get(emoji)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(emoji)}
            >
              {emoji}
            </button>
          )}
        </For>
      </div>
      <Show when={!items().length}>
        <p class="emoji-empty">{t("emoji.noResults")}</p>
      </Show>
      <p class="emoji-hint" id={`${id}-hint`}>
        {t("emoji.hint")}
      </p>
    </div>
  );
}
