/**
 * Infinite scroll's trigger, shared by every keyset-paged list (the feed, people lists,
 * notifications): an IntersectionObserver on a sentinel element below the list calls `load`
 * when the sentinel comes within `aheadPx` of the screen, and `nearEnd` reads on after a page
 * that left it there (a short page, a tall screen). The list keeps its "Show more" button for
 * keyboards and screen readers. Call `watch` from onMount (it cleans up with the owner).
 */
import { onCleanup } from "solid-js";

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
