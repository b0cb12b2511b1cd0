/**
 * Writing a post (or editing one of mine): title, topic, Markdown text with a short hint, tags,
 * links and images. Checked with the shared schema before sending (fetched, with zod, when the
 * first post is sent: web/src/lib/form.ts), so the words under the fields
 * are the server's own; the server's field errors land under the same fields. A new post's draft
 * is saved to localStorage as it is typed, restored after a reload and cleared once posted; the
 * new post appears at once in the feeds on this tab. Until it is focused, a new post's composer
 * shows only the title and the text. On the home page it takes over from NewPost.tsx's light copy
 * of that closed state (`start`: what was typed there, the focus and the caret).
 */
import { batch, createSignal, createUniqueId, onMount, Show } from "solid-js";
import type { Post } from "../../../../shared/posts.ts";
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Field, TextAreaField } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import type { FieldErrors } from "../../lib/form.ts";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { clearDraft, loadDraft, saveDraft } from "./draft.ts";
import { announceCreated, putPosts } from "./post-store.ts";
import { createPostImages } from "./post-images.ts";
import "../../styles/post-composer.css";

/** Tags, links and images: fetched when the composer opens (a new post's shows only title and text until used). */
const ComposerExtras = lazyPart(() => import("./ComposerExtras.tsx").then((m) => m.ComposerExtras));

/** What the home page's light box held when the composer took its place (NewPost.tsx). */
export interface ComposerStart {
  title: string;
  body: string;
  focus?: "title" | "body";
  selection?: [start: number, end: number];
  /** "Publish" was pressed before the composer was here. */
  submit: boolean;
}

const FIELDS = ["title", "topic", "body", "tags", "links", "imageIds"];
const SAVE_DELAY_MS = 300;

export function Composer(props: {
  /** Whose draft this is (new posts only). */
  userId: string;
  /** The post to edit; without it the composer writes a new one. */
  post?: Post;
  onSaved?: (post: Post) => void;
  onCancel?: () => void;
  /** A new post's composer replacing NewPost.tsx's box: carry on from it. */
  start?: ComposerStart;
}) {
  const editing = () => props.post !== undefined;
  const formId = `post-form-${createUniqueId()}`;
  const [title, setTitle] = createSignal(props.post?.title ?? "");
  const [topic, setTopic] = createSignal(props.post?.topic ?? "");
  const [body, setBody] = createSignal(props.post?.body ?? "");
  const [tags, setTags] = createSignal<string[]>(props.post?.tags ?? []);
  const [links, setLinks] = createSignal<string[]>(props.post?.links.map((l) => l.url) ?? []);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [pending, setPending] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(null);
  /** A new post's composer shows only title and text until it is used (less to scroll past). */
  const [open, setOpen] = createSignal(props.post !== undefined);
  let form: HTMLFormElement | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  const draft = () => ({ title: title(), topic: topic(), body: body(), tags: tags(), links: links(), images: images.ready() });
  function remember() {
    if (editing()) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => saveDraft(props.userId, draft()), SAVE_DELAY_MS);
  }
  const images = createPostImages(remember);

  onMount(() => {
    if (props.post) {
      images.reset(props.post.images);
      form?.querySelector<HTMLInputElement>('input[name="title"]')?.focus();
      return;
    }
    const saved = loadDraft(props.userId);
    if (saved) {
      batch(() => {
        setTitle(saved.title);
        setTopic(saved.topic);
        setBody(saved.body);
        setTags(saved.tags);
        setLinks(saved.links);
      });
      images.reset(saved.images);
      setOpen(true);
      setNotice(t("posts.draftRestored"));
    }
    const start = props.start;
    if (!start) return;
    if (start.title || start.body) {
      batch(() => {
        if (start.title) setTitle(start.title);
        if (start.body) setBody(start.body);
      });
      remember();
    }
    if (start.focus) {
      setOpen(true);
      const field = form?.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${start.focus}"]`);
      field?.focus();
      if (start.selection) field?.setSelectionRange(...start.selection);
    }
    if (start.submit) form?.requestSubmit();
  });

  /** A setter that also clears the field's error and saves the draft. */
  const edit =
    <T,>(set: (v: T) => void, field: string) =>
    (value: T) => {
      set(value);
      if (errors()[field]) setErrors(({ [field]: _, ...rest }) => rest);
      setNotice(null);
      remember();
    };

  const focusFirstInvalid = () => queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  function showFailure(error: AppError) {
    const known = Object.entries(error.fieldErrors ?? {}).filter(([k, keys]) => FIELDS.includes(k) && keys.length);
    if (known.length) {
      setErrors(Object.fromEntries(known.map(([k, keys]) => [k, keys.slice(0, 1)])));
      setFailure(null);
      focusFirstInvalid();
    } else setFailure(error);
  }

  function reset() {
    batch(() => {
      setTitle("");
      setTopic("");
      setBody("");
      setTags([]);
      setLinks([]);
      setErrors({});
    });
    images.reset();
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (pending()) return;
    setNotice(null);
    if (images.busy()) return setFailure({ reason: "posts.imagesUploading" });
    const input = { title: title(), topic: topic(), body: body(), tags: tags(), links: links(), imageIds: images.ready().map((m) => m.id) };
    setPending(true);
    const schema = await import("../../../../shared/posts.ts").then((m) => m.createPostInput, () => null);
    if (!schema) {
      setPending(false);
      return setFailure({ reason: "errors.network" });
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      // Only a post that fails its checks needs the form helpers (a chunk the forms share).
      const { issuesToFieldErrors } = await import("../../lib/form.ts");
      setPending(false);
      setErrors(issuesToFieldErrors(parsed.error.issues));
      setFailure(null);
      return focusFirstInvalid();
    }
    setFailure(null);
    try {
      const post = props.post ? await trpc.posts.update.mutate({ id: props.post.id, ...input }) : await trpc.posts.create.mutate(input);
      putPosts([post]);
      if (!props.post) {
        clearTimeout(saveTimer);
        clearDraft(props.userId);
        reset();
        setOpen(false);
        announceCreated(post);
        setNotice(t("posts.published"));
      }
      props.onSaved?.(post);
    } catch (error) {
      showFailure(readError(error));
    } finally {
      setPending(false);
    }
  }

  const headingId = `${formId}-title`;
  return (
    <form
      ref={form}
      class="card post-composer form"
      data-compact={open() ? undefined : ""}
      aria-labelledby={headingId}
      onSubmit={submit}
      onFocusIn={() => setOpen(true)}
      onKeyDown={(e) => {
        // Enter in a one-line field does not publish half a post; Ctrl+Enter anywhere does.
        if (e.key !== "Enter") return;
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          form?.requestSubmit();
        } else if (e.target instanceof HTMLInputElement) e.preventDefault();
      }}
      noValidate
    >
      <h2 id={headingId} class="composer-heading">
        {editing() ? t("posts.editTitle") : t("posts.newTitle")}
      </h2>
      <div class="composer-row">
        <Field name="title" label={t("posts.title")} value={title()} onValue={edit(setTitle, "title")} errors={errors().title} />
        <div class="composer-extra">
          <Field name="topic" label={t("posts.topic")} value={topic()} onValue={edit(setTopic, "topic")} errors={errors().topic} hint={t("posts.topicHint")} />
        </div>
      </div>
      <TextAreaField
        name="body"
        label={t("posts.body")}
        value={body()}
        onValue={edit(setBody, "body")}
        maxLength={POST_LIMITS.bodyMax}
        rows={5}
        hint={t("posts.markdownHint")}
        errors={errors().body}
      />
      <div class="composer-extra">
        <Show when={open()}>
          <ComposerExtras tags={tags()} onTags={edit(setTags, "tags")} links={links()} onLinks={edit(setLinks, "links")} images={images} errors={errors()} />
        </Show>
      </div>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <div class="composer-actions">
        <Show when={notice()}>
          <p class="muted composer-notice" role="status">
            {notice()}
          </p>
        </Show>
        <Show when={editing()}>
          <button type="button" class="btn" onClick={() => props.onCancel?.()} disabled={pending()}>
            {t("common.cancel")}
          </button>
        </Show>
        <button type="submit" class="btn btn-primary" disabled={pending()}>
          {pending() ? t("common.working") : editing() ? t("common.save") : t("posts.publish")}
        </button>
      </div>
    </form>
  );
}
