/**
 * The posts this tab knows, by id, in one Solid store shared by every list (the feed, a tag's, a
 * profile's): a card reads its post from here, so a live frame or my own like changes it
 * everywhere at once. Frames on post:<id> (post.watch, see post-watch.ts) are applied here:
 * likes, views, edits (my own `liked` kept), deletions, new and deleted comments. Comments beyond
 * a post's latest three are loaded in pages ("show all") and kept oldest → newest.
 */
import { createRoot } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import type { Comment, Post } from "../../../../shared/posts.ts";
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { trpc } from "../../lib/trpc.ts";

export interface AllComments {
  /** Oldest first. */
  items: Comment[];
  /** Cursor of the next older page, or null when all are loaded. */
  older: string | null;
  loading: boolean;
}

interface State {
  posts: Record<number, Post | undefined>;
  comments: Record<number, AllComments | undefined>;
}

const [state, setState] = createRoot(() => createStore<State>({ posts: {}, comments: {} }));

export const postOf = (id: number): Post | undefined => state.posts[id];
export const allCommentsOf = (id: number): AllComments | undefined => state.comments[id];

/** Stores posts fresh from the server (a page, a created or edited post). */
export function putPosts(list: readonly Post[]): void {
  for (const post of list) setState("posts", post.id, reconcile(post));
}

const createdHere = new Set<(post: Post) => void>();

/** Feeds on this tab listen for my new posts, to show them at once. */
export function onCreatedHere(listener: (post: Post) => void): () => void {
  createdHere.add(listener);
  return () => createdHere.delete(listener);
}

export function announceCreated(post: Post): void {
  for (const listener of createdHere) listener(post);
}

export function forgetPost(id: number): void {
  setState(
    produce((s) => {
      delete s.posts[id];
      delete s.comments[id];
    }),
  );
}

function patch(id: number, change: (post: Post) => void): void {
  if (!state.posts[id]) return;
  setState("posts", id, produce((post) => post && change(post)));
}

/** The like toggle: optimistic, then the server's count (or back to what it was on failure). */
export async function toggleLike(id: number): Promise<void> {
  const before = state.posts[id];
  if (!before) return;
  const on = !before.liked;
  const was = { liked: before.liked, likes: before.likes };
  patch(id, (p) => {
    p.liked = on;
    p.likes = Math.max(0, p.likes + (on ? 1 : -1));
  });
  try {
    const result = await trpc.posts.like.mutate({ postId: id, on });
    patch(id, (p) => {
      p.liked = result.liked;
      p.likes = result.likes;
    });
  } catch (error) {
    patch(id, (p) => Object.assign(p, was));
    throw error;
  }
}

const byId = (a: Comment, b: Comment) => a.id - b.id;

/** A new comment (mine from the mutation, anyone's from a frame): shown once, count kept. */
function addComment(comment: Comment, total?: number): void {
  const id = comment.postId;
  patch(id, (p) => {
    const known = p.latestComments.some((c) => c.id === comment.id) || state.comments[id]?.items.some((c) => c.id === comment.id);
    if (!known) p.latestComments = [...p.latestComments, comment].sort(byId).slice(-POST_LIMITS.latestComments);
    p.comments = total ?? (known ? p.comments : p.comments + 1);
  });
  if (state.comments[id] && !state.comments[id]!.items.some((c) => c.id === comment.id)) {
    setState("comments", id, "items", (items) => [...items, comment].sort(byId));
  }
}

function dropComment(postId: number, commentId: number, total?: number): void {
  const known =
    state.posts[postId]?.latestComments.some((c) => c.id === commentId) || state.comments[postId]?.items.some((c) => c.id === commentId);
  patch(postId, (p) => {
    p.latestComments = p.latestComments.filter((c) => c.id !== commentId);
    p.comments = total ?? (known ? Math.max(0, p.comments - 1) : p.comments);
  });
  if (state.comments[postId]) setState("comments", postId, "items", (items) => items.filter((c) => c.id !== commentId));
}

/** A comment gone from this tab's view (a moderator hid it here; the frame tells everyone else). */
export function forgetComment(postId: number, commentId: number): void {
  dropComment(postId, commentId);
}

export async function writeComment(postId: number, body: string): Promise<void> {
  addComment(await trpc.comments.create.mutate({ postId, body }));
}

export async function deleteComment(comment: Comment): Promise<void> {
  await trpc.comments.remove.mutate({ commentId: comment.id });
  dropComment(comment.postId, comment.id);
}

/** "Show all": the newest page first, then older pages on request (shown oldest → newest). */
export async function loadComments(postId: number): Promise<void> {
  const current = state.comments[postId];
  if (current?.loading || (current && current.older === null)) return;
  if (!current) setState("comments", postId, { items: [], older: null, loading: true });
  else setState("comments", postId, "loading", true);
  try {
    const page = await trpc.comments.list.query({ postId, cursor: current?.older ?? null });
    setState("comments", postId, (was) => {
      const seen = new Set(was?.items.map((c) => c.id));
      const items = [...(was?.items ?? []), ...page.items.filter((c) => !seen.has(c.id))].sort(byId);
      return { items, older: page.nextCursor, loading: false };
    });
    patch(postId, (p) => (p.comments = page.total));
  } catch (error) {
    if (current) setState("comments", postId, "loading", false);
    else forgetComments(postId);
    throw error;
  }
}

export function forgetComments(postId: number): void {
  setState(produce((s) => void delete s.comments[postId]));
}

onServerEvent((event) => {
  switch (event.type) {
    case "post.likes":
      patch(event.postId, (p) => (p.likes = event.likes));
      break;
    case "post.views":
      patch(event.postId, (p) => (p.views = Math.max(p.views, event.views)));
      break;
    case "post.updated": {
      const mine = state.posts[event.post.id];
      if (mine) setState("posts", event.post.id, reconcile({ ...event.post, liked: mine.liked }));
      break;
    }
    case "post.deleted":
      forgetPost(event.postId);
      break;
    case "comment.created":
      addComment(event.comment, event.comments);
      break;
    case "comment.deleted":
      dropComment(event.postId, event.commentId, event.comments);
      break;
  }
});
