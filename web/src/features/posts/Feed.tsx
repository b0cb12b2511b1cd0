/**
 * A list of posts, newest first: everyone's, a tag's or a person's (`filter`). Pages by keyset
 * cursor as the end comes near (an IntersectionObserver on a sentinel), with a "load more" button
 * as a fallback. While shown it watches the `feed` topic (feed.watch, subscribed before the first
 * page is read): others' new posts that fit the filter gather behind an "N new posts" pill, and a
 * click puts them on top without moving what I am looking at. My own new posts (this tab's
 * composer, or another tab of mine) appear at once. `preview` (the guest home page) shows one page
 * of that many and no more. `friends` (the feed's "Friends" tab) reads posts by my friends and me;
 * its pill counts new posts by friends only (whether an author is a friend is asked once per
 * author with `friends.status`, and kept up to date by `friend.status` frames).
 */
import { batch, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import type { Post } from "../../../../shared/posts.ts";
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { PagedSection } from "../../components/PagedSection.tsx";
import { t, tPlural } from "../../i18n/index.ts";
import { createPager } from "../../lib/read-on.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { PostCard } from "./PostCard.tsx";
import { onCreatedHere, postOf, putPosts } from "./post-store.ts";
import { showFeed } from "./post-watch.ts";
import "../../styles/posts.css";

export interface FeedFilter {
  tag?: string;
  authorId?: string;
  /** Only posts by my friends and me. */
  friends?: boolean;
}

/** Pages read at most when showing new posts (then the rest waits for a reload). */
const NEW_PAGES_MAX = 4;

export function Feed(props: { filter: FeedFilter; label: string; empty: string; level?: "h2" | "h3"; preview?: number }) {
  const [ids, setIds] = createSignal<number[]>([]);
  const [fresh, setFresh] = createSignal<ReadonlySet<number>>(new Set());
  const [waiting, setWaiting] = createSignal<number[]>([]);
  const [showing, setShowing] = createSignal(false);
  const shown = () => ids().filter((id) => postOf(id));
  let list: HTMLOListElement | undefined;

  const page = (after: string | null, limit = props.preview ?? POST_LIMITS.feedPageDefault) =>
    trpc.posts.feed.query({
      limit,
      cursor: after,
      tag: props.filter.tag ?? null,
      authorId: props.filter.authorId ?? null,
      ...(props.filter.friends ? { friends: true } : {}),
    });
  /** Pages by keyset cursor (the preview shows its one page and no more). */
  const pager = createPager({
    aheadPx: 800,
    read: (after: string | null) => page(after).then((p) => (props.preview ? { ...p, nextCursor: null } : p)),
    take(got, first) {
      append(got.items);
      if (first) setWaiting((w) => w.filter((id) => !ids().includes(id)));
    },
  });
  const { setFailure } = pager;
  const fits = (frame: { authorId: string; tags: string[] }) =>
    (!props.filter.tag || frame.tags.includes(props.filter.tag)) && (!props.filter.authorId || frame.authorId === props.filter.authorId);
  /** The Friends tab: whether an author (not me) is my friend, asked once per author. */
  const friendOf = new Map<string, Promise<boolean>>();
  const isFriend = (authorId: string) => {
    let known = friendOf.get(authorId);
    if (!known) {
      known = trpc.friends.status.query({ userId: authorId }).then(
        (status) => status === "friends",
        () => {
          friendOf.delete(authorId); // Not known after all: the next post asks again.
          return false;
        },
      );
      friendOf.set(authorId, known);
    }
    return known;
  };
  const wait = (postId: number) => setWaiting((w) => (w.includes(postId) ? w : [...w, postId]));

  /**
   * Puts posts on top (once each) and, with `all`, takes the pill away. When I am reading inside
   * the list (its top scrolled away), the card I see stays where it is on the screen; when the top
   * of the list is in view, the new posts simply appear there.
   */
  function prepend(posts: Post[], mark: boolean, all = false) {
    const known = new Set(ids());
    const add = posts.filter((p) => !known.has(p.id)).sort((a, b) => b.id - a.id);
    putPosts(add);
    const anchor = [...(list?.children ?? [])].find((el) => el.getBoundingClientRect().bottom > 0);
    const inside = (list?.getBoundingClientRect().top ?? 0) < 0;
    const before = inside ? anchor?.getBoundingClientRect().top : undefined;
    batch(() => {
      setIds((now) => [...add.map((p) => p.id), ...now]);
      if (mark) setFresh((s) => new Set([...s, ...add.map((p) => p.id)]));
      setWaiting((w) => (all ? [] : w.filter((id) => !add.some((p) => p.id === id))));
    });
    // Browsers with scroll anchoring have already kept it in place (then this moves nothing).
    if (anchor && before !== undefined) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  function append(posts: Post[]) {
    putPosts(posts);
    const known = new Set(ids());
    setIds((now) => [...now, ...posts.filter((p) => !known.has(p.id)).map((p) => p.id)]);
  }

  const loadFirst = () => pager.first();

  /** The pill: reads the pages above the newest post shown and puts them on top. */
  async function showNew() {
    if (showing()) return;
    setShowing(true);
    setFailure(null);
    try {
      const top = Math.max(0, ...ids());
      const found: Post[] = [];
      let after: string | null = null;
      for (let i = 0; i < NEW_PAGES_MAX; i++) {
        const next = await page(after, POST_LIMITS.feedPageMax);
        const newer = next.items.filter((p) => p.id > top);
        found.push(...newer);
        if (newer.length < next.items.length || !next.nextCursor) break;
        after = next.nextCursor;
      }
      prepend(found, true, true);
      const first = found.length ? list?.querySelector<HTMLElement>(`[data-post-id="${Math.max(...found.map((p) => p.id))}"]`) : null;
      first?.focus({ preventScroll: true });
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setShowing(false);
    }
  }

  async function showMineNow(postId: number) {
    try {
      prepend([await trpc.posts.byId.query({ id: postId })], false);
    } catch {
      // Deleted meanwhile: nothing to show.
    }
  }

  onMount(() => {
    if (!props.preview) onCleanup(showFeed());
    onCleanup(
      onServerEvent((event) => {
        if (event.type === "post.created" && fits(event) && !ids().includes(event.postId)) {
          if (event.authorId === me()?.id) void showMineNow(event.postId);
          else if (props.preview) return;
          else if (!props.filter.friends) wait(event.postId);
          else void isFriend(event.authorId).then((friend) => friend && !ids().includes(event.postId) && wait(event.postId));
        } else if (event.type === "post.deleted") {
          setWaiting((w) => w.filter((id) => id !== event.postId));
        } else if (event.type === "friend.status") {
          friendOf.set(event.person.id, Promise.resolve(event.status === "friends"));
        }
      }),
    );
    onCleanup(onCreatedHere((post) => fits({ authorId: post.author.id, tags: post.tags }) && prepend([post], false)));
    void loadFirst();
  });

  return (
    <PagedSection
      list={pager}
      class="feed"
      name="feed"
      label={props.label}
      count={shown().length}
      empty={props.empty}
      onRetry={() => void loadFirst()}
      loadingMore={t("app.loading")}
      head={
        <Show when={waiting().length > 0}>
          <div class="new-posts">
            <button type="button" class="btn btn-primary btn-small new-posts-pill" disabled={showing()} onClick={() => void showNew()}>
              {tPlural("posts.newPosts", waiting().length)}
            </button>
          </div>
        </Show>
      }
    >
      <ol ref={list} class="feed-list">
        <For each={shown()}>
          {(id) => (
            <li>
              <PostCard id={id} level={props.level} fresh={fresh().has(id)} />
            </li>
          )}
        </For>
      </ol>
    </PagedSection>
  );
}
