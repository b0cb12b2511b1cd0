/**
 * /posts/:id — one post on its own page (what a notification opens; a card's time links here):
 * read with `posts.byId` into the post store and shown with the feed's PostCard, so its likes,
 * views, edits and comments follow live (the card tells post-watch it is on screen). Public, like
 * every post. `#comment-<id>` (a mention) brings that comment into view — loading older pages of
 * comments until it is there — highlights and focuses it; `#comments` scrolls to the comments.
 * A post that does not exist is "not found"; one deleted while shown says so.
 */
import { useLocation, useParams } from "@solidjs/router";
import { createEffect, Match, on, Show, Switch } from "solid-js";
import { LoadFailure } from "../../components/LoadFailure.tsx";
import { NotFound } from "../../components/NotFound.tsx";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { createLoader } from "../../lib/load.ts";
import { trpc } from "../../lib/trpc.ts";
import { PostCard } from "./PostCard.tsx";
import { allCommentsOf, loadComments, postOf, putPosts } from "./post-store.ts";
import "../../styles/posts.css";
import "../notifications/notifications.css";

/** Older pages of comments read at most while looking for a linked one. */
const PAGES_MAX = 20;

const commentShown = (postId: number, commentId: number) =>
  !!postOf(postId)?.latestComments.some((c) => c.id === commentId) || !!allCommentsOf(postId)?.items.some((c) => c.id === commentId);

/** Reads comment pages until `commentId` is among them (or there are no more); true when it is. */
async function bringComment(postId: number, commentId: number): Promise<boolean> {
  for (let i = 0; i < PAGES_MAX && !commentShown(postId, commentId); i++) {
    const loaded = allCommentsOf(postId);
    if (loaded && loaded.older === null) break;
    await loadComments(postId);
  }
  return commentShown(postId, commentId);
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Scrolls to what the address's fragment names, once the post is on screen. */
async function goToFragment(postId: number, hash: string) {
  const comment = /^#comment-(\d{1,15})$/.exec(hash);
  if (comment) {
    const commentId = Number(comment[1]);
    if (!(await bringComment(postId, commentId).catch(() => false))) return;
    await nextFrame();
    const el = document.getElementById(`comment-${commentId}`);
    if (!el) return;
    el.dataset.target = "";
    el.tabIndex = -1;
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  } else if (hash === "#comments") {
    await nextFrame();
    document.querySelector(`[data-post-id="${postId}"] .comments`)?.scrollIntoView({ block: "start" });
  }
}

function Shown(props: { id: number }) {
  const location = useLocation();
  const post = () => postOf(props.id);
  // On arrival, and when a link on this page changes the fragment.
  createEffect(on(() => location.hash, (hash) => void goToFragment(props.id, hash)));
  return (
    <Show
      when={post()}
      fallback={
        <Page title={t("postPage.notFoundTitle")} class="soon" lead={<p>{t("postPage.deleted")}</p>}>
          <a href="/" class="btn btn-primary">
            {t("postPage.toFeed")}
          </a>
        </Page>
      }
    >
      {(p) => (
        <Page title={p().title} heading={t("postPage.title")} class="post-page">
          <PostCard id={props.id} level="h2" />
        </Page>
      )}
    </Show>
  );
}

export default function PostPage() {
  const params = useParams<{ id: string }>();
  const id = () => (/^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : null);
  const [loaded, { refetch }] = createLoader(id, async (postId) => {
    putPosts([await trpc.posts.byId.query({ id: postId })]);
    return postId;
  });
  return (
    <Switch fallback={<p class="loading" role="status">{t("app.loading")}</p>}>
      <Match when={id() === null}>
        <NotFound title={t("postPage.notFoundTitle")} text={t("postPage.notFoundText")} />
      </Match>
      <Match when={loaded()?.failure}>
        {(failure) => (
          <LoadFailure failure={failure()} notFoundTitle={t("postPage.notFoundTitle")} notFoundText={t("postPage.notFoundText")} onRetry={() => void refetch()} />
        )}
      </Match>
      <Match when={loaded()?.value} keyed>
        {(postId) => <Shown id={postId} />}
      </Match>
    </Switch>
  );
}
