/**
 * The Markdown renderer (markdown.ts with mdast-util-from-markdown, ~18 KB gzip) as a chunk of its
 * own, fetched the first time a post or message with Markdown syntax or a link shows (plain text
 * needs no renderer: plain-text.ts), never in a page's first load (bench/web.ts). Until it is
 * here, `markdown()` is undefined — show the source as plain text — and then every reader
 * re-renders (a signal).
 */
import { loadedSignal } from "./load-once.ts";

const { value: renderer, load: fetchRenderer } = loadedSignal(() => import("./markdown.ts"));

/** Starts fetching the renderer (once; again after a failure, e.g. offline). */
function loadMarkdown(): Promise<void> {
  return fetchRenderer().catch(() => undefined);
}

/** The renderer once it is here (reactive), else undefined (and it is on its way). */
export function markdown(): typeof import("./markdown.ts") | undefined {
  const m = renderer();
  if (!m) void loadMarkdown();
  return m;
}
