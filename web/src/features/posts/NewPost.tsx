/**
 * The home page's "new post" box. Until the person starts writing it is a light copy of the
 * composer's closed state (heading, title, text, "Publish": the same markup and classes, no field
 * helpers, upload or draft code); focusing or pressing anything in it fetches the real composer
 * (Composer.tsx, a chunk of its own), which then takes its place with what was typed so far, the
 * focus and the caret where they were, and sends it if "Publish" was pressed meanwhile. A saved
 * draft fetches the composer at once (it shows the draft, open). If the chunk cannot be fetched,
 * an alert says so under the box, and the next focus tries again.
 */
import { createSignal, createUniqueId, onMount, Show } from "solid-js";
import { ErrorAlert } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { loadOnce } from "../../lib/load-once.ts";
import type { Composer as ComposerPart, ComposerStart } from "./Composer.tsx";
import { hasDraft } from "./draft.ts";
import "../../components/field.css";
import "../../styles/post-composer.css";

type Loaded = { Composer: typeof ComposerPart; start: ComposerStart };

export function NewPost(props: { userId: string }) {
  const id = `new-post-${createUniqueId()}`;
  const [loaded, setLoaded] = createSignal<Loaded>();
  const [failed, setFailed] = createSignal(false);
  let form: HTMLFormElement | undefined;
  let submit = false;
  const fetchComposer = loadOnce(() => import("./Composer.tsx"));

  /** What the box holds now: its text, which field has the focus and where the caret is. */
  function startOf(): ComposerStart {
    const field = (name: string) => form?.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
    const focused = document.activeElement;
    const at = focused === field("title") ? "title" : focused === field("body") ? "body" : undefined;
    const el = at ? field(at) : undefined;
    return {
      title: field("title")?.value ?? "",
      body: field("body")?.value ?? "",
      focus: at,
      selection: el ? [el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length] : undefined,
      submit,
    };
  }

  function load() {
    setFailed(false);
    fetchComposer().then(
      // Focus and a pointer press both ask: the box is read once, by the first answer.
      (m) => void (loaded() || setLoaded({ Composer: m.Composer, start: startOf() })),
      () => setFailed(true),
    );
  }

  onMount(() => {
    if (hasDraft(props.userId)) load();
  });

  return (
    <Show
      when={loaded()}
      fallback={
        <>
          <form
            ref={form}
            class="card post-composer form"
            data-compact=""
            aria-labelledby={`${id}-heading`}
            onFocusIn={load}
            onPointerDown={load}
            onSubmit={(e) => {
              e.preventDefault();
              submit = true;
              load();
            }}
            noValidate
          >
            <h2 id={`${id}-heading`} class="composer-heading">
              {t("posts.newTitle")}
            </h2>
            <div class="composer-row">
              <div class="field">
                <label for={`${id}-title`}>{t("posts.title")}</label>
                <input id={`${id}-title`} name="title" type="text" />
              </div>
            </div>
            <div class="field">
              <label for={`${id}-body`}>{t("posts.body")}</label>
              <textarea id={`${id}-body`} name="body" rows={5} />
            </div>
            <div class="composer-actions">
              <button type="submit" class="btn btn-primary">
                {t("posts.publish")}
              </button>
            </div>
          </form>
          <ErrorAlert message={failed() ? errorText({ reason: "errors.network" }) : null} />
        </>
      }
    >
      {(part) => {
        const { Composer, start } = part();
        return <Composer userId={props.userId} start={start} />;
      }}
    </Show>
  );
}
