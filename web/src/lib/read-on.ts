/**
 * Infinite scroll's trigger, shared by every keyset-paged list (the feed, people lists,
 * notifications): an IntersectionObserver on a sentinel element below the list calls `load`
 * when the sentinel comes within `aheadPx` of the screen, and `nearEnd` reads on after a page
 * that left it there (a short page, a tall screen). The list keeps its "Show more" button for
 * keyboards and screen readers. Call `watch` from onMount (it cleans up with the owner).
 * `createPager` adds the paging itself (first page, next pages, stale answers dropped), and
 * `createReadOnList` the entries kept once each.
 */
import { batch, createSignal, onCleanup } from "solid-js";
import { readError, type AppError } from "./trpc.ts";

export function readOn(opts: { aheadPx: number; hasMore: () => boolean; load: () => void }) {
  let sentinel: HTMLElement | undefined;
  return {
    ref: (el: HTMLElement) => {
      sentinel = el;
    },
    watch() {
      if (!sentinel || typeof IntersectionObserver === "undefined") return;
      const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && opts.load(), {
        rootMargin: `0px 0px ${opts.aheadPx}px 0px`,
      });
      observer.observe(sentinel);
      onCleanup(() => observer.disconnect());
    },
    /** After a page: read on while the sentinel is still near the screen. */
    nearEnd() {
      if (sentinel && opts.hasMore() && sentinel.getBoundingClientRect().top < window.innerHeight + opts.aheadPx) opts.load();
    },
  };
}

/** A page of a keyset-paged list. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The paging of a keyset-paged list that reads on (the feed, the notifications, the people lists,
 * the moderation queue and log): the cursor, loading / ready / failed, a next page being read, the
 * last failure, and `readOn` over them. `first` reads the first page again (a new search or
 * filter) and `more` the next one; an answer to an older start is dropped. The entries stay with
 * the caller: `take` puts a page in (`first`: the first page, which replaces what is shown).
 * PagedSection (components/PagedSection.tsx) shows a list's states, sentinel and "Показати ще".
 */
export function createPager<P extends KeysetPage<unknown>>(opts: {
  aheadPx: number;
  read: (cursor: string | null) => Promise<P>;
  take: (page: P, first: boolean) => void;
  /** After each page is in. */
  onPage?: (page: P, first: boolean) => void;
}) {
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal<"loading" | "ready" | "failed">("loading");
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  /** Bumped by each first-page read: pages asked for an older one are dropped. */
  let generation = 0;
  const scroll = readOn({ aheadPx: opts.aheadPx, hasMore: () => !!cursor() && status() === "ready", load: () => void more() });

  /**
   * The first page: it replaces the entries and the cursor. With `quiet` (and the list ready), what
   * is shown stays while it reads and `quiet` takes the page in instead. `failed` runs with a
   * failure (to drop the entries, say).
   */
  async function first(how: { quiet?: (page: P) => void; failed?: () => void } = {}) {
    const mine = ++generation;
    batch(() => {
      if (!how.quiet || status() !== "ready") setStatus("loading");
      setFailure(null);
      setLoadingMore(false);
    });
    try {
      const quiet = status() === "ready" ? how.quiet : undefined;
      const page = await opts.read(null);
      if (mine !== generation) return;
      batch(() => {
        if (quiet) quiet(page);
        else {
          opts.take(page, true);
          setCursor(page.nextCursor);
        }
        setStatus("ready");
      });
      opts.onPage?.(page, true);
      queueMicrotask(scroll.nearEnd);
    } catch (error) {
      if (mine !== generation) return;
      batch(() => {
        how.failed?.();
        setFailure(readError(error));
        setStatus("failed");
      });
    }
  }

  /** The next page (nothing while one is read, or while the list is not ready). */
  async function more() {
    const after = cursor();
    if (!after || loadingMore() || status() !== "ready") return;
    const mine = generation;
    setLoadingMore(true);
    setFailure(null);
    try {
      const page = await opts.read(after);
      if (mine !== generation) return;
      batch(() => {
        opts.take(page, false);
        setCursor(page.nextCursor);
      });
      opts.onPage?.(page, false);
      queueMicrotask(scroll.nearEnd);
    } catch (error) {
      if (mine === generation) setFailure(readError(error));
    } finally {
      if (mine === generation) setLoadingMore(false);
    }
  }

  return { cursor, setCursor, status, loadingMore, failure, setFailure, scroll, first, more };
}

/** What createPager gives (what PagedSection shows). */
export type Pager = ReturnType<typeof createPager>;

/**
 * createPager over entries kept once each (by `keyOf`): the first page replaces them, a next one
 * adds only those not shown yet. The entries themselves stay with the caller (a signal or a
 * store): `items` reads them, `setItems` changes them.
 */
export function createReadOnList<T, P extends KeysetPage<T> = KeysetPage<T>>(opts: {
  aheadPx: number;
  read: (cursor: string | null) => Promise<P>;
  keyOf: (item: T) => string;
  items: () => readonly T[];
  setItems: (change: (list: T[]) => T[]) => void;
  onPage?: (page: P, first: boolean) => void;
}) {
  return createPager<P>({
    ...opts,
    take(page, first) {
      if (first) return opts.setItems(() => page.items);
      const known = new Set(opts.items().map(opts.keyOf));
      opts.setItems((list) => [...list, ...page.items.filter((item) => !known.has(opts.keyOf(item)))]);
    },
  });
}
