/**
 * Tags of a post: typed into a combobox with suggestions from `tags.suggest` (↑/↓ choose, Enter
 * takes one), added on Enter, comma or space; each is normalised as the server does (`#Travel` →
 * `travel`) and shown as a chip with a remove button. Backspace in the empty box removes the last.
 */
import { createSignal, createUniqueId, For, onCleanup, Show } from "solid-js";
import type { TagCount } from "../../../../shared/posts.ts";
import { checkTag, normaliseTag, POST_LIMITS } from "../../../../shared/post-rules.ts";
import { Chip } from "../../components/Chip.tsx";
import { FieldErrors } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";
import "../../components/field.css";

const SUGGEST_DELAY_MS = 200;

export function TagsInput(props: { tags: readonly string[]; onTags: (tags: string[]) => void; errors?: readonly string[] }) {
  const id = `tags-${createUniqueId()}`;
  const [text, setText] = createSignal("");
  const [problem, setProblem] = createSignal<string | null>(null);
  const [options, setOptions] = createSignal<TagCount[]>([]);
  const [active, setActive] = createSignal(-1);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  onCleanup(() => clearTimeout(timer));

  const full = () => props.tags.length >= POST_LIMITS.tagsMax;
  const shown = () => options().filter((o) => !props.tags.includes(o.tag));
  const open = () => shown().length > 0 && text().trim() !== "";

  function suggest(value: string) {
    clearTimeout(timer);
    const prefix = normaliseTag(value);
    if (!prefix) return setOptions([]);
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const found = await trpc.tags.suggest.query({ prefix });
        if (mine === asked) setOptions(found);
      } catch {
        if (mine === asked) setOptions([]); // Suggestions are a help, not a must.
      }
    }, SUGGEST_DELAY_MS);
  }

  /** Adds the typed (or chosen) tag; false when it is not a valid tag. */
  function add(raw: string): boolean {
    if (!raw.trim()) return true;
    const parsed = checkTag(raw);
    if ("error" in parsed) {
      setProblem(parsed.error);
      return false;
    }
    if (!props.tags.includes(parsed.tag)) {
      if (full()) {
        setProblem("posts.tooManyTags");
        return false;
      }
      props.onTags([...props.tags, parsed.tag]);
    }
    setText("");
    setOptions([]);
    setActive(-1);
    setProblem(null);
    return true;
  }

  function onKeyDown(e: KeyboardEvent) {
    const list = shown();
    if (e.key === "ArrowDown" && open()) {
      e.preventDefault();
      setActive((i) => (i + 1) % list.length);
    } else if (e.key === "ArrowUp" && open()) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? list.length - 1 : i - 1));
    } else if (e.key === "Enter" || e.key === "," || (e.key === " " && text().trim())) {
      if (e.key === "Enter" && !text().trim()) return; // An empty box: Enter is not ours.
      e.preventDefault();
      const chosen = open() ? list[active()] : undefined;
      add(chosen ? chosen.tag : text());
    } else if (e.key === "Escape" && open()) {
      e.preventDefault();
      setOptions([]);
    } else if (e.key === "Backspace" && !text() && props.tags.length) {
      props.onTags(props.tags.slice(0, -1));
    }
  }

  const errors = () => [...(problem() ? [problem()!] : []), ...(props.errors ?? [])];
  return (
    <div class="field tags-field">
      <label for={id}>{t("posts.tags")}</label>
      <div class="tags-combo">
        <div class="tags-box">
          <ul class="chips" aria-label={t("posts.tagsChosen")}>
            <For each={props.tags}>
              {(tag) => (
                <Chip removeLabel={t("posts.removeTag", { tag })} onRemove={() => props.onTags(props.tags.filter((x) => x !== tag))}>
                  <span>#{tag}</span>
                </Chip>
              )}
            </For>
          </ul>
          <input
            id={id}
            type="text"
            role="combobox"
            autocomplete="off"
            aria-autocomplete="list"
            aria-expanded={open()}
            aria-controls={`${id}-list`}
            aria-activedescendant={open() && active() >= 0 ? `${id}-opt-${active()}` : undefined}
            aria-invalid={errors().length ? "true" : undefined}
            aria-describedby={`${id}-hint${errors().length ? ` ${id}-error` : ""}`}
            placeholder={full() ? "" : t("posts.tagPlaceholder")}
            disabled={full() && !text()}
            value={text()}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setProblem(null);
              setActive(-1);
              suggest(e.currentTarget.value);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => {
              if (text().trim()) add(text());
              setOptions([]);
            }}
          />
        </div>
        <ul id={`${id}-list`} role="listbox" class="suggestions" aria-label={t("posts.tagSuggestions")} hidden={!open()}>
          <For each={shown()}>
            {(option, i) => (
              <li
                id={`${id}-opt-${i()}`}
                role="option"
                class="suggestion"
                aria-selected={active() === i()}
                onMouseDown={(e) => {
                  e.preventDefault(); // Keep focus in the box.
                  add(option.tag);
                }}
              >
                #{option.tag} <span class="muted">{option.count}</span>
              </li>
            )}
          </For>
        </ul>
      </div>
      <p class="field-hint" id={`${id}-hint`}>
        {t("posts.tagsHint", { max: POST_LIMITS.tagsMax })}
      </p>
      <FieldErrors id={`${id}-error`} errors={errors()} />
    </div>
  );
}
