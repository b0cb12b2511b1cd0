/**
 * What this tab tells the server it has on screen: `post.watch` with the ids of the rendered post
 * cards (debounced; at most POST_LIMITS.watchMax, those near the viewport first, then the newest)
 * and `feed.watch` while a feed is shown ("N new posts"). Both are sent again after every
 * (re)connect — the server's hello — since a new socket starts with no subscriptions.
 */
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { onServerEvent, sendEvent } from "../../lib/socket.ts";

const DEBOUNCE_MS = 250;

const rendered = new Map<number, number>();
const near = new Set<number>();
let feeds = 0;
let feedOn = false;
let lastSent = "";
let timer: ReturnType<typeof setTimeout> | undefined;

function watchedIds(): number[] {
  const ids = [...rendered.keys()];
  if (ids.length <= POST_LIMITS.watchMax) return ids.sort((a, b) => b - a);
  return ids.sort((a, b) => Number(near.has(b)) - Number(near.has(a)) || b - a).slice(0, POST_LIMITS.watchMax);
}

function flush(force = false): void {
  clearTimeout(timer);
  timer = undefined;
  const postIds = watchedIds();
  const key = postIds.join(",");
  if (!force && key === lastSent) return;
  if (sendEvent({ type: "post.watch", postIds })) lastSent = key;
}

function schedule(): void {
  if (timer === undefined) timer = setTimeout(() => flush(), DEBOUNCE_MS);
}

function sendFeed(force = false): void {
  const on = feeds > 0;
  if (!force && on === feedOn) return;
  if (sendEvent({ type: "feed.watch", on })) feedOn = on;
}

let observer: IntersectionObserver | null = null;
function nearObserver(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const id = Number((entry.target as HTMLElement).dataset.postId);
        if (entry.isIntersecting) near.add(id);
        else near.delete(id);
      }
      if (rendered.size > POST_LIMITS.watchMax) schedule();
    },
    { rootMargin: "100% 0px" },
  );
  return observer;
}

/** A card is on the page: its post's frames are wanted. Returns the function to call when it goes. */
export function watchCard(id: number, element: HTMLElement): () => void {
  rendered.set(id, (rendered.get(id) ?? 0) + 1);
  nearObserver().observe(element);
  schedule();
  return () => {
    nearObserver().unobserve(element);
    const n = (rendered.get(id) ?? 1) - 1;
    if (n > 0) rendered.set(id, n);
    else {
      rendered.delete(id);
      near.delete(id);
    }
    schedule();
  };
}

/** A feed is shown (new posts are wanted). Returns the function to call when it goes. */
export function showFeed(): () => void {
  feeds++;
  sendFeed();
  return () => {
    feeds--;
    // Navigating from one feed to another unmounts one and mounts the next: wait a moment.
    setTimeout(() => sendFeed(), DEBOUNCE_MS);
  };
}

onServerEvent((event) => {
  if (event.type !== "hello") return;
  feedOn = false;
  lastSent = "";
  if (feeds > 0) sendFeed(true);
  if (rendered.size > 0) flush(true);
});
