/**
 * A CSS media query as a signal (live: follows rotation, resizing, the system's settings), one per
 * query for the whole app. False where there is no window (bun test importing web code).
 */
import { createRoot, createSignal, type Accessor } from "solid-js";

const queries = new Map<string, Accessor<boolean>>();

export function mediaMatches(query: string): Accessor<boolean> {
  let matches = queries.get(query);
  if (!matches) {
    matches = createRoot(() => {
      const [value, setValue] = createSignal(false);
      if (typeof window !== "undefined" && window.matchMedia) {
        const list = window.matchMedia(query);
        setValue(list.matches);
        list.addEventListener("change", (e) => setValue(e.matches));
      }
      return value;
    });
    queries.set(query, matches);
  }
  return matches;
}
