/**
 * A paged list of the moderation pages (the queue, the log): the first page, then the next ones
 * as the end comes near or on "Показати ще" (lib/read-on.ts's createReadOnList); entries are kept
 * once each (by `keyOf`) in a store, so a change to one entry does not re-render the others.
 * `reload` starts over (a filter changed); an answer to an older start is dropped.
 */
import { createStore } from "solid-js/store";
import { createReadOnList, type KeysetPage } from "../../lib/read-on.ts";

export function createPaged<T extends object, P extends KeysetPage<T> = KeysetPage<T>>(opts: {
  read: (cursor: string | null) => Promise<P>;
  keyOf: (item: T) => string;
  onPage?: (page: P) => void;
}) {
  const [items, setItems] = createStore<T[]>([]);
  const list = createReadOnList<T, P>({ aheadPx: 600, ...opts, items: () => items, setItems: (change) => setItems(change) });

  return {
    items,
    setItems,
    cursor: list.cursor,
    status: list.status,
    loadingMore: list.loadingMore,
    failure: list.failure,
    scroll: list.scroll,
    reload: () => list.first({ failed: () => setItems([]) }),
    more: list.more,
    /** Takes an entry out (resolved); returns whether it was there. */
    remove(key: string): boolean {
      const before = items.length;
      setItems((list) => list.filter((item) => opts.keyOf(item) !== key));
      return items.length < before;
    },
  };
}

/** What createPaged gives (for the list section that shows one). */
export type Paged<T extends object> = ReturnType<typeof createPaged<T>>;
