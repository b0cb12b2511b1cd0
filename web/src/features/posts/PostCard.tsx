/**
 * One post: author (avatar and name linking to the profile), time (a link to the post's own page,
 * /posts/:id), "edited", topic, title, the
 * Markdown text (lib/markdown.ts: DOM nodes, never HTML), tags linking to their pages, link cards
 * with the domain, the images (opening the full-screen viewer), views, the like toggle
 * (optimistic, aria-pressed) with "who liked", and the comments. My own posts can be edited in
 * place and deleted after a confirmation; someone else's can be reported (a signed-in reader's
 * "Report" opens the report dialog). A moderator also gets "Hide" on others' posts (a reason, then
 * the card goes); the author of a post a moderator hid sees it muted, marked with the reason.
 * The card reads its post from the store (live frames),
 * tells post-watch it is on screen and, for someone else's post, counts a view (views.ts).
 */
import { createMemo, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import type { Post } from "../../../../shared/posts.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { ConfirmDialog, HideDialog, LikersDialog, PostComposer, ReportDialog } from "../../components/lazy-parts.tsx";
import { IconButton } from "../../components/IconButton.tsx";
import { ChatIcon, EyeIcon, EyeOffIcon, PencilIcon, TrashIcon } from "../../components/icons.tsx";
import { formatNumber, t, tPlural } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { markdown } from "../../lib/markdown-lazy.ts";
import { isPlainText, plainNodes } from "../../lib/plain-text.ts";
import { LINK_REL, safeHref } from "../../lib/safe-href.ts";
import { me } from "../../lib/session.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { Comments } from "./Comments.tsx";
import { formatFullTime, formatPostTime, fullName } from "./format.ts";
import { HeartIcon } from "./icons.tsx";
import { forgetPost, postOf, toggleLike } from "./post-store.ts";
import { PostImages } from "./PostImages.tsx";
import { watchCard } from "./post-watch.ts";
import { countViewOf } from "./views.ts";
import { FlagIcon } from "../reports/icons.tsx";
import { isTeam } from "../admin/team.ts";
import { HiddenMark } from "./HiddenMark.tsx";

/** The post's links as cards (only http, https and mailto addresses: lib/safe-href.ts). */
function LinkCards(props: { post: Post }) {
  return (
    <ul class="link-cards" aria-label={t("posts.links")}>
      <For each={props.post.links}>
        {(link) => (
          <Show when={safeHref(link.url)}>
            {(href) => (
              <li>
                <a class="link-card" href={href()} target="_blank" rel={LINK_REL}>
                  <span class="link-card-domain">{link.domain}</span>
                  <span class="link-card-url">{link.url}</span>
                </a>
              </li>
            )}
          </Show>
        )}
      </For>
    </ul>
  );
}

function Stats(props: { post: Post }) {
  const p = () => props.post;
  const [likers, setLikers] = createSignal<number | null>(null);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const like = () => {
    setFailure(null);
    toggleLike(p().id).catch((error: unknown) => setFailure(readError(error)));
  };
  return (
    <>
      <div class="post-stats">
        <span class="post-stat" title={t("posts.views")}>
          <EyeIcon />
          <span class="visually-hidden">{t("posts.views")}: </span>
          <span class="post-views" data-count={p().views}>
            {formatNumber(p().views)}
          </span>
        </span>
        <span class="post-like">
          <button type="button" class="like-toggle" aria-pressed={p().liked} aria-label={t("posts.like")} title={t("posts.like")} disabled={!me()} onClick={like}>
            <HeartIcon />
          </button>
          <button type="button" class="like-count" aria-label={tPlural("posts.likesWho", p().likes)} onClick={() => setLikers(p().id)} data-count={p().likes}>
            {formatNumber(p().likes)}
          </button>
        </span>
        <span class="post-stat" title={t("comments.title")}>
          <ChatIcon />
          <span class="visually-hidden">{t("comments.title")}: </span>
          <span class="post-comments" data-count={p().comments}>
            {formatNumber(p().comments)}
          </span>
        </span>
      </div>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <Show when={likers() !== null}>
        <LikersDialog postId={likers()} onClose={() => setLikers(null)} />
      </Show>
    </>
  );
}

function PostView(props: { post: Post; level: "h2" | "h3"; onEdit: () => void }) {
  const p = () => props.post;
  const mine = () => me()?.id === p().author.id;
  const profile = () => `/u/${encodeURIComponent(p().author.username)}`;
  // Plain words (most posts) need no renderer: the same paragraph, built here (lib/plain-text.ts).
  // Otherwise the renderer (a chunk of its own, bench/web.ts) is fetched the first time such a post
  // shows, and until it is here the source as typed stands in.
  const body = createMemo(() => (isPlainText(p().body) ? plainNodes(p().body, { lineBreaks: "br" }) : (markdown()?.renderMarkdown(p().body) ?? p().body)));
  const [deleting, setDeleting] = createSignal(false);
  const [reporting, setReporting] = createSignal(false);
  const [hiding, setHiding] = createSignal(false);
  const moderator = () => isTeam(me()?.role);
  const remove = async () => {
    await trpc.posts.remove.mutate({ id: p().id });
    forgetPost(p().id);
  };
  return (
    <>
      <header class="post-head">
        <a href={profile()} class="post-avatar" tabindex="-1" aria-hidden="true">
          <Avatar person={p().author} avatar={p().author.avatarId} size="md" />
        </a>
        <div class="post-byline">
          <a href={profile()} class="post-author">
            {fullName(p().author)}
          </a>
          <p class="post-meta muted">
            <a href={`/posts/${p().id}`} class="post-permalink">
              <time datetime={new Date(p().createdAt).toISOString()} title={formatFullTime(p().createdAt)}>
                {formatPostTime(p().createdAt)}
              </time>
            </a>
            <Show when={p().editedAt}>
              {(at) => (
                <span class="post-edited" title={t("posts.editedAt", { time: formatFullTime(at()) })}>
                  {" · "}
                  {t("posts.edited")}
                </span>
              )}
            </Show>
          </p>
        </div>
        <Show when={mine()}>
          <div class="post-tools" role="group" aria-label={t("posts.tools")}>
            <IconButton data-action="edit" label={t("posts.edit")} onClick={() => props.onEdit()}>
              <PencilIcon />
            </IconButton>
            <IconButton label={t("posts.delete")} danger onClick={() => setDeleting(true)}>
              <TrashIcon />
            </IconButton>
          </div>
        </Show>
        <Show when={me() && !mine()}>
          <div class="post-tools" role="group" aria-label={t("posts.tools")}>
            <IconButton label={t("reports.post")} danger onClick={() => setReporting(true)}>
              <FlagIcon />
            </IconButton>
            <Show when={moderator() && !p().hidden}>
              <IconButton label={t("admin.hidePost")} data-action="hide" danger onClick={() => setHiding(true)}>
                <EyeOffIcon />
              </IconButton>
            </Show>
          </div>
        </Show>
      </header>
      <Show when={p().hidden}>{(h) => <HiddenMark reason={h().reason} />}</Show>
      <Show when={p().topic}>
        <p class="post-topic">{p().topic}</p>
      </Show>
      <Show
        when={props.level === "h3"}
        fallback={
          <h2 id={`post-${p().id}-title`} class="post-title">
            {p().title}
          </h2>
        }
      >
        <h3 id={`post-${p().id}-title`} class="post-title">
          {p().title}
        </h3>
      </Show>
      <Show when={p().body.trim()}>
        <div class="post-body md">{body()}</div>
      </Show>
      <Show when={p().tags.length}>
        <ul class="post-tags" aria-label={t("posts.tags")}>
          <For each={p().tags}>
            {(tag) => (
              <li>
                <a class="tag" href={`/tags/${encodeURIComponent(tag)}`}>
                  #{tag}
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={p().links.length}>
        <LinkCards post={p()} />
      </Show>
      <Show when={p().images.length}>
        <PostImages images={p().images} title={p().title} />
      </Show>
      <Stats post={p()} />
      <Comments post={p()} />
      <Show when={deleting()}>
        <ConfirmDialog
          open={deleting()}
          onClose={() => setDeleting(false)}
          title={t("posts.deleteTitle")}
          message={t("posts.deleteText", { title: p().title })}
          confirmLabel={t("common.delete")}
          onConfirm={remove}
        />
      </Show>
      <Show when={reporting()}>
        <ReportDialog target={{ kind: "post", id: p().id }} onClose={() => setReporting(false)} />
      </Show>
      <Show when={hiding()}>
        <HideDialog target={{ kind: "post", id: p().id }} onClose={() => setHiding(false)} onDone={() => forgetPost(p().id)} />
      </Show>
    </>
  );
}

export function PostCard(props: { id: number; level?: "h2" | "h3"; fresh?: boolean }) {
  const post = () => postOf(props.id);
  const [editing, setEditing] = createSignal(false);
  let card!: HTMLElement;
  /** Back from editing: focus returns to the edit button. */
  const stopEditing = () => {
    setEditing(false);
    queueMicrotask(() => card.querySelector<HTMLElement>('[data-action="edit"]')?.focus());
  };
  onMount(() => {
    const stopWatching = watchCard(props.id, card);
    const author = postOf(props.id)?.author.id;
    const stopCounting = me() && author !== me()?.id ? countViewOf(card) : () => {};
    onCleanup(() => {
      stopWatching();
      stopCounting();
    });
  });
  return (
    <article
      ref={card}
      class="card post"
      data-post-id={props.id}
      data-fresh={props.fresh ? "" : undefined}
      data-hidden={post()?.hidden ? "" : undefined}
      aria-labelledby={`post-${props.id}-title`}
      tabindex="-1"
    >
      <Show when={post()}>
        {(p) => (
          <Show
            when={editing() && me()}
            fallback={<PostView post={p()} level={props.level ?? "h2"} onEdit={() => setEditing(true)} />}
          >
            {(user) => (
              <PostComposer
                userId={user().id}
                post={p()}
                onSaved={stopEditing}
                onCancel={stopEditing}
              />
            )}
          </Show>
        )}
      </Show>
    </article>
  );
}
