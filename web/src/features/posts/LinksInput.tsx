/**
 * Links of a post (up to POST_LIMITS.linksMax, http/https only): typed into a box and added with
 * Enter or the button, checked with the shared rules (the schema's, without zod), listed with their domain and a remove button.
 */
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { checkLink, linkOf, POST_LIMITS } from "../../../../shared/post-rules.ts";
import { Chip } from "../../components/Chip.tsx";
import { FieldErrors } from "../../components/Field.tsx";
import { PlusIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import "../../components/field.css";

export function LinksInput(props: { links: readonly string[]; onLinks: (links: string[]) => void; errors?: readonly string[] }) {
  const id = `links-${createUniqueId()}`;
  const [text, setText] = createSignal("");
  const [problem, setProblem] = createSignal<string | null>(null);
  const full = () => props.links.length >= POST_LIMITS.linksMax;

  function add() {
    if (!text().trim()) return;
    const checked = checkLink(text());
    if ("error" in checked) return setProblem(checked.error);
    if (full()) return setProblem("posts.tooManyLinks");
    if (!props.links.includes(checked.link)) props.onLinks([...props.links, checked.link]);
    setText("");
    setProblem(null);
  }

  const domain = (url: string) => {
    try {
      return linkOf(url).domain;
    } catch {
      return url;
    }
  };
  const errors = () => [...(problem() ? [problem()!] : []), ...(props.errors ?? [])];
  return (
    <div class="field links-field">
      <label for={id}>{t("posts.links")}</label>
      <div class="link-add">
        <input
          id={id}
          type="url"
          inputmode="url"
          placeholder="https://"
          value={text()}
          disabled={full()}
          aria-invalid={errors().length ? "true" : undefined}
          aria-describedby={`${id}-hint${errors().length ? ` ${id}-error` : ""}`}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="btn btn-small" disabled={full() || !text().trim()} onClick={add}>
          <PlusIcon />
          {t("posts.addLink")}
        </button>
      </div>
      <p class="field-hint" id={`${id}-hint`}>
        {t("posts.linksHint", { max: POST_LIMITS.linksMax })}
      </p>
      <FieldErrors id={`${id}-error`} errors={errors()} />
      <Show when={props.links.length}>
        <ul class="link-chips" aria-label={t("posts.linksChosen")}>
          <For each={props.links}>
            {(url) => (
              <Chip class="link-chip" removeLabel={t("posts.removeLink", { url })} onRemove={() => props.onLinks(props.links.filter((l) => l !== url))}>
                <span class="link-chip-domain">{domain(url)}</span>
                <span class="link-chip-url">{url}</span>
              </Chip>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
