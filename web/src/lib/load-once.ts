import { createSignal, type Accessor } from "solid-js";

/**
 * A chunk (or anything) fetched on demand, once: every call gets the same promise while it is
 * pending or after it succeeded; a failure (offline, a file a new version replaced) is forgotten,
 * so the next call tries again instead of failing forever. Every lazily loaded part of the web
 * client goes through it (pages, dialogs, the signed-in frame, the Markdown renderer, words…).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

/**
 * What `fetch` brings (a lazily loaded component or module), as a signal: undefined until a
 * `load()` succeeds, then that value, so whatever reads it renders again. Fetched through
 * loadOnce: once, and again at the next `load()` after a failure.
 */
export function loadedSignal<T>(fetch: () => Promise<T>): { value: Accessor<T | undefined>; load: () => Promise<void> } {
  const [value, setValue] = createSignal<T>();
  return { value, load: loadOnce(() => fetch().then((v) => void setValue(() => v))) };
}
