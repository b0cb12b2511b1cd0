/**
 * A paged list of the moderation pages (the queue, the log): the first page, then the next ones
 * as the end comes near (lib/read-on.ts) or on "Показати ще"; entries are kept once each (by
 * `keyOf`) in a store, so a change to one entry does not re-render the others. `reload` starts
 * over (a filter changed); an answer to an older start is dropped.
 */
import { batch, createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { readOn } from "../../lib/read-on.ts";
import { readError, type AppError } from "../../lib/trpc.ts";

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export function createPaged<T extends object, P extends PageOf<T> = PageOf<T>>(opts: {
  read: (cursor: string | null) => Promise<P>;
  keyOf: (item: T) => string;
  onPage?: (page: P) => void;
}) {
  const [items, setItems] = createStore<T[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal<"loading" | "ready" | "failed">("loading");
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  let generation = 0;

  const scroll = readOn({ aheadPx: 600, hasMore: () => !!cursor() && status() === "ready", load: () => void more() });

  async function reload() {
    const mine = ++generation;
    batch(() => {
      setStatus("loading");
      setFailure(null);
      setLoadingMore(false);
    });
    try {
      const page = await opts.read(null);
      if (mine !== generation) return;
      batch(() => {
        setItems(page.items);
        setCursor(page.nextCursor);
        setStatus("ready");
      });
      opts.onPage?.(page);
      queueMicrotask(scroll.nearEnd);
    } catch (error) {
      if (mine !== generation) return;
      batch(() => {
        setItems([]);
        setFailure(readError(error));
        setStatus("failed");
      });
    }
  }

  async function more() {
    const after = cursor();
    if (!after || loadingMore() || status() !== "ready") return;
    const mine = generation;
    setLoadingMore(true);
    setFailure(null);
    try {
      const page = await opts.read(after);
      if (mine !== generation) return;
      const known = new Set(items.map(opts.keyOf));
      batch(() => {
        setItems((list) => [...list, ...page.items.filter((item) => !known.has(opts.keyOf(item)))]);
        setCursor(page.nextCursor);
      });
      opts.onPage?.(page);
      queueMicrotask(scroll.nearEnd);
    } catch (error) {
      if (mine === generation) setFailure(readError(error));
    } finally {
      if (mine === generation) setLoadingMore(false);
    }
  }

  return {
    items,
    setItems,
    cursor,
    status,
    loadingMore,
    failure,
    scroll,
    reload,
    more,
    /** Takes an entry out (resolved); returns whether it was there. */
    remove(key: string): boolean {
      const before = items.length;
      setItems((list) => list.filter((item) => opts.keyOf(item) !== key));
      return items.length < before;
    },
  };
}
