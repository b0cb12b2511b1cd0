/**
 * Which addresses user text may link to (the Markdown renderer's links, a post's link cards), in a
 * module of its own: link cards show without the renderer's chunk (lib/markdown.ts).
 */
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
export const LINK_REL = "noopener noreferrer nofollow";

/** The address to put in href, normalised by the URL parser, or null when it is not allowed (mailto: false refuses mailto: links). */
export function safeHref(raw: string, opts: { mailto?: boolean } = {}): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null; // Relative or malformed: no link.
  }
  if (!SAFE_PROTOCOLS.has(url.protocol) || (url.protocol === "mailto:" && opts.mailto === false)) return null;
  if (url.protocol !== "mailto:" && !url.hostname) return null;
  return url.href;
}
