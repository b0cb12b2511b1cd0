/**
 * Scrolling a chat's log to one message and highlighting it for a moment (opened at a message:
 * a search result, a reply's quote, the pinned bar). The message may render a frame or two after
 * its page arrives, so it is looked for over a few frames.
 */
import "./message-search.css";

const HIGHLIGHT_MS = 2500;

/** `scrolled`: called once it is in view (or was not found after all). */
export function scrollToFocused(scroller: HTMLElement, messageId: number, scrolled: () => void, tries = 30): void {
  const el = scroller.querySelector<HTMLElement>(`.msg[data-message-id="${messageId}"]`);
  if (!el) {
    if (tries > 0) requestAnimationFrame(() => scrollToFocused(scroller, messageId, scrolled, tries - 1));
    else scrolled();
    return;
  }
  el.scrollIntoView({ block: "center" });
  scrolled();
  el.setAttribute("data-focused", "");
  setTimeout(() => el.removeAttribute("data-focused"), HIGHLIGHT_MS);
}
