/**
 * Counting views: each card of someone else's post is observed (IntersectionObserver); once at
 * least half of it (or, for a card taller than the screen, half the screen) has stayed visible for
 * a second, its id is queued. The queue goes to `posts.markViewed` in batches every few seconds
 * and when the page is hidden. Each post is sent once per tab; the server counts once per person.
 */
import { POST_LIMITS } from "../../../../shared/post-rules.ts";
import { trpc } from "../../lib/trpc.ts";

const DWELL_MS = 1_000;
const FLUSH_EVERY_MS = 3_000;

const done = new Set<number>();
const queue = new Set<number>();
const timers = new Map<Element, ReturnType<typeof setTimeout>>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  while (queue.size > 0) {
    const batch = [...queue].slice(0, POST_LIMITS.markViewedMax);
    for (const id of batch) queue.delete(id);
    // Not counted (offline, rate limited): the post may be queued again when seen again.
    trpc.posts.markViewed.mutate({ postIds: batch }).catch(() => batch.forEach((id) => done.delete(id)));
  }
}

function enqueue(id: number): void {
  if (done.has(id)) return;
  done.add(id);
  queue.add(id);
  flushTimer ??= setTimeout(flush, FLUSH_EVERY_MS);
}

/** Half the card is visible, or half the screen is this card (a card taller than the screen). */
function halfSeen(entry: IntersectionObserverEntry): boolean {
  if (!entry.isIntersecting) return false;
  const screen = entry.rootBounds?.height ?? window.innerHeight;
  return entry.intersectionRect.height >= 0.5 * Math.min(entry.boundingClientRect.height, screen) - 1;
}

let observer: IntersectionObserver | null = null;
function viewObserver(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const id = Number((entry.target as HTMLElement).dataset.postId);
        const running = timers.get(entry.target);
        if (halfSeen(entry)) {
          if (running === undefined && !done.has(id)) {
            timers.set(
              entry.target,
              setTimeout(() => {
                timers.delete(entry.target);
                enqueue(id);
              }, DWELL_MS),
            );
          }
        } else if (running !== undefined) {
          clearTimeout(running);
          timers.delete(entry.target);
        }
      }
    },
    { threshold: Array.from({ length: 21 }, (_, i) => i / 20) },
  );
  return observer;
}

/** Observes a card (data-post-id set) for a view. Returns the function to call when it goes. */
export function countViewOf(element: HTMLElement): () => void {
  viewObserver().observe(element);
  return () => {
    viewObserver().unobserve(element);
    clearTimeout(timers.get(element));
    timers.delete(element);
  };
}

if (typeof document !== "undefined") {
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  window.addEventListener("pagehide", flush);
}
