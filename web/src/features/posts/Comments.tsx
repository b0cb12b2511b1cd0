/**
 * Comments under a post: the latest three (they come with the post), "show all N" loading the rest
 * in pages (older ones on request), oldest → newest; new ones arrive live (post-store). Plain
 * text with line breaks kept. I may delete my own, and any under my post; others' I may report
 * (and hide, as a moderator). My own comment a moderator hid is shown muted with the reason.
 * A comment refused because a block stands between me and the post's author
 * (`posts.commentBlocked`) says so under the box. Signed-in people get a
 * box to write one (up to POST_LIMITS.commentMax characters); guests a sign-in link. Each
 * comment has the id `comment-<id>`: the post page's anchor (/posts/:id#comment-<id>).
 */
import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { Comment, Post } from "../../../../shared/posts.ts";
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { ConfirmDialog, HideDialog, ReportDialog } from "../../components/lazy-parts.tsx";
import { IconButton } from "../../components/IconButton.tsx";
import { SendIcon, TrashIcon } from "../../components/icons.tsx";
import { t, tKey, tPlural } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { me } from "../../lib/session.ts";
import { readError, type AppError } from "../../lib/trpc.ts";
import { formatFullTime, formatPostTime, fullName } from "./format.ts";
import { allCommentsOf, deleteComment, forgetComment, loadComments, writeComment } from "./post-store.ts";
import { FlagIcon } from "../reports/icons.tsx";
import { isTeam } from "../admin/team.ts";
import { EyeOffIcon } from "../../components/icons.tsx";
import { HiddenMark } from "./HiddenMark.tsx";
import "../../components/field.css";
import "../../styles/post-comments.css";
// .comment-report: a post's page and a profile have it from here (the report dialog that also brings it loads when opened).
import "../reports/safety.css";

function CommentItem(props: {
  comment: Comment;
  canDelete: boolean;
  onDelete: (c: Comment) => void;
  onReport?: (c: Comment) => void;
  onHide?: (c: Comment) => void;
}) {
  const c = () => props.comment;
  const profile = () => `/u/${encodeURIComponent(c().author.username)}`;
  return (
    <li class="comment" id={`comment-${c().id}`} data-comment-id={c().id} data-hidden={c().hidden ? "" : undefined}>
      <a href={profile()} class="comment-avatar" tabindex="-1" aria-hidden="true">
        <Avatar person={c().author} avatar={c().author.avatarId} size="sm" />
      </a>
      <div class="comment-main">
        <p class="comment-head">
          <a href={profile()} class="comment-author">
            {fullName(c().author)}
          </a>{" "}
          <time class="muted" datetime={new Date(c().createdAt).toISOString()} title={formatFullTime(c().createdAt)}>
            {formatPostTime(c().createdAt)}
          </time>
        </p>
        <p class="comment-text">{c().body}</p>
        <Show when={c().hidden}>{(h) => <HiddenMark reason={h().reason} />}</Show>
      </div>
      <Show when={props.canDelete}>
        <IconButton class="comment-delete" danger label={t("comments.delete")} onClick={() => props.onDelete(c())}>
          <TrashIcon />
        </IconButton>
      </Show>
      <Show when={props.onReport}>
        <IconButton class="comment-report" danger label={t("reports.comment")} onClick={() => props.onReport?.(c())}>
          <FlagIcon />
        </IconButton>
      </Show>
      <Show when={props.onHide && !c().hidden}>
        <IconButton class="comment-hide" danger label={t("admin.hideComment")} onClick={() => props.onHide?.(c())}>
          <EyeOffIcon />
        </IconButton>
      </Show>
    </li>
  );
}

function CommentBox(props: { postId: number }) {
  const id = `comment-${createUniqueId()}`;
  const [text, setText] = createSignal("");
  const [problem, setProblem] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [pending, setPending] = createSignal(false);
  const over = () => text().length > POST_LIMITS.commentMax;

  async function submit(e: Event) {
    e.preventDefault();
    if (pending()) return;
    setPending(true);
    // The schema (and zod) arrive with the first comment sent (web/src/lib/form.ts).
    const schema = await import("../../../../shared/posts.ts").then((m) => m.createCommentInput, () => null);
    if (!schema) {
      setPending(false);
      return setFailure({ reason: "errors.network" });
    }
    const parsed = schema.safeParse({ postId: props.postId, body: text() });
    if (!parsed.success) {
      setPending(false);
      return setProblem(parsed.error.issues[0]?.message ?? "comments.empty");
    }
    setFailure(null);
    try {
      await writeComment(props.postId, parsed.data.body);
      setText("");
    } catch (error) {
      const f = readError(error);
      const field = f.fieldErrors?.body?.[0];
      if (field) setProblem(field);
      else setFailure(f);
    } finally {
      setPending(false);
    }
  }

  return (
    <form class="comment-form" onSubmit={submit} noValidate>
      <label for={id} class="visually-hidden">
        {t("comments.write")}
      </label>
      <textarea
        id={id}
        rows={1}
        placeholder={t("comments.placeholder")}
        value={text()}
        aria-invalid={problem() || over() ? "true" : undefined}
        aria-describedby={problem() ? `${id}-error` : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
      />
      <IconButton class="comment-send" label={t("comments.send")} onClick={(e) => void submit(e)} disabled={pending() || !text().trim()}>
        <SendIcon />
      </IconButton>
      <Show when={over() || problem()}>
        <p class="field-error comment-error" id={`${id}-error`}>
          {problem() ? tKey(problem()!) : t("field.counter", { n: text().length, max: POST_LIMITS.commentMax })}
        </p>
      </Show>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
    </form>
  );
}

export function Comments(props: { post: Post }) {
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [deleting, setDeleting] = createSignal<Comment | null>(null);
  const [reporting, setReporting] = createSignal<Comment | null>(null);
  const [hiding, setHiding] = createSignal<Comment | null>(null);
  const moderator = () => isTeam(me()?.role);
  const all = () => allCommentsOf(props.post.id);
  const shown = () => all()?.items ?? props.post.latestComments;
  const hidden = () => Math.max(0, props.post.comments - shown().length);
  /** More to load: all of them (only the latest are here), or an older page. */
  const more = () => {
    const loaded = all();
    return loaded ? loaded.older !== null : props.post.comments > props.post.latestComments.length;
  };
  const mine = () => me()?.id;
  const canDelete = (c: Comment) => !!mine() && (c.author.id === mine() || props.post.author.id === mine());

  const load = () => {
    setFailure(null);
    loadComments(props.post.id).catch((error: unknown) => setFailure(readError(error)));
  };

  return (
    <section class="comments" aria-label={t("comments.title")}>
      <Show when={more()}>
        <button type="button" class="link-button comments-more" disabled={all()?.loading} onClick={load}>
          {all() ? t("comments.older", { n: hidden() }) : tPlural("comments.showAll", props.post.comments)}
        </button>
      </Show>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <Show when={shown().length}>
        <ul class="comment-list">
          <For each={shown()}>
            {(c) => (
              <CommentItem
                comment={c}
                canDelete={canDelete(c)}
                onDelete={setDeleting}
                onReport={mine() && c.author.id !== mine() ? setReporting : undefined}
                onHide={moderator() && c.author.id !== mine() ? setHiding : undefined}
              />
            )}
          </For>
        </ul>
      </Show>
      <Show
        when={me()}
        fallback={
          <p class="muted comments-guest">
            <a href="/login">{t("comments.signIn")}</a>
          </p>
        }
      >
        <CommentBox postId={props.post.id} />
      </Show>
      <Show when={deleting() !== null}>
        <ConfirmDialog
          open={deleting() !== null}
          onClose={() => setDeleting(null)}
          title={t("comments.deleteTitle")}
          message={t("comments.deleteText")}
          confirmLabel={t("common.delete")}
          onConfirm={() => deleteComment(deleting()!)}
        />
      </Show>
      <Show when={reporting()}>
        {(c) => <ReportDialog target={{ kind: "comment", id: c().id }} onClose={() => setReporting(null)} />}
      </Show>
      <Show when={hiding()}>
        {(c) => <HideDialog target={{ kind: "comment", id: c().id }} onClose={() => setHiding(null)} onDone={() => forgetComment(c().postId, c().id)} />}
      </Show>
    </section>
  );
}
