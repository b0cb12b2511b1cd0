/**
 * Most posts and messages are plain words: no Markdown syntax, no link. For those the renderer
 * (lib/markdown.ts with mdast-util-from-markdown, a chunk of ~18 KB gzip) would only wrap the
 * text in one <p>, so PostCard and MessageText build that <p> themselves, and a feed or a chat of
 * plain text never fetches the renderer. `isPlainText` says whether a body is such text,
 * conservatively: a character or line shape that Markdown (or the messages' bare-link autolink)
 * might read as anything but text sends the body to the renderer. plain-text.test.ts checks that,
 * wherever it says yes, the renderer gives exactly the paragraph `plainNodes` builds, with the
 * posts' options and with the messages'.
 */

/** Characters that can start Markdown syntax anywhere in a line (escapes, emphasis, code, links, HTML, entities, fences, headings), and control characters. */
const SYNTAX = /[\\`*_~[\]<>&#|\u0000-\u0009\u000b-\u001f\u007f]/;
/** A line that could open a list, a quote, a thematic break or a setext heading, or a code block. */
const BLOCK_START = /^(?:[-+=>]|\d{1,9}[.)])/;
/** Blank lines (new paragraphs) and whitespace at a line's ends (code blocks, hard breaks). */
const EDGE_SPACE = /^\s|\s$|\n\s|\s\n/;

/** Whether `body` renders as one paragraph of exactly its text (so the renderer is not needed). */
export function isPlainText(body: string): boolean {
  if (!body || SYNTAX.test(body) || EDGE_SPACE.test(body) || body.includes("://")) return false;
  return body.split("\n").every((line) => line !== "" && !BLOCK_START.test(line));
}

/**
 * The nodes for a plain body, as the renderer makes them: one <p> of the text (through the `text`
 * hook), its line breaks kept as "\n" (messages: lineBreaks "text") or as <br> (posts: "br").
 */
export function plainNodes(body: string, opts: { lineBreaks: "br" | "text"; text?: (value: string) => Node[] }): Node[] {
  const p = document.createElement("p");
  const add = (value: string) => {
    for (const node of opts.text ? opts.text(value) : [document.createTextNode(value)]) p.appendChild(node);
  };
  if (opts.lineBreaks === "text") add(body);
  else
    body.split("\n").forEach((line, i) => {
      if (i > 0) p.appendChild(document.createElement("br"));
      add(line);
    });
  return [p];
}
