/**
 * "Compact" screens (issue 15): a phone or any screen without hover, or narrower than 721px. There a
 * message's actions live in an action sheet (a tap or long-press on the message) instead of beside
 * it. The same query is in compact-messages.css and action-sheet.css; keep them equal.
 */
import { createRoot, createSignal } from "solid-js";

export const COMPACT_QUERY = "(max-width: 720px), (hover: none)";

const [compact, setCompact] = createSignal(false);
createRoot(() => {
  if (typeof window === "undefined" || !window.matchMedia) return;
  const query = window.matchMedia(COMPACT_QUERY);
  setCompact(query.matches);
  query.addEventListener("change", (e) => setCompact(e.matches));
});

/** Whether message actions go in the action sheet (live: follows rotation and resizing). */
export const isCompact = compact;
