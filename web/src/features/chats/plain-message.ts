/**
 * Most messages are plain words: no Markdown syntax, no link. For those the renderer (lib/markdown.ts
 * with mdast-util-from-markdown, a chunk of ~18 KB gzip) would only wrap the text in one <p>, so
 * MessageText builds that <p> itself and a chat of plain messages never fetches the renderer.
 * `plainMessage` says whether a body is such text, conservatively: a character or line shape that
 * Markdown (or MESSAGE_OPTIONS' bare-link autolink) might read as anything but text sends the body
 * to the renderer. plain-message.test.ts checks that, wherever it says yes, the renderer gives
 * exactly one paragraph holding the body as typed.
 */

/** Characters that can start Markdown syntax anywhere in a line (escapes, emphasis, code, links, HTML, entities, fences, headings), and control characters. */
const SYNTAX = /[\\`*_~[\]<>&#|\u0000-\u0009\u000b-\u001f\u007f]/;
/** A line that could open a list, a quote, a thematic break or a setext heading, or a code block. */
const BLOCK_START = /^(?:[-+=>]|\d{1,9}[.)])/;
/** Blank lines (new paragraphs) and whitespace at a line's ends (code blocks, hard breaks). */
const EDGE_SPACE = /^\s|\s$|\n\s|\s\n/;

/** Whether `body` renders as one paragraph of exactly its text (so the renderer is not needed). */
export function plainMessage(body: string): boolean {
  if (!body || SYNTAX.test(body) || EDGE_SPACE.test(body) || body.includes("://")) return false;
  return body.split("\n").every((line) => line !== "" && !BLOCK_START.test(line));
}

/** The nodes MessageText shows for a plain body: one <p> of the text (through the `text` hook). */
export function plainNodes(body: string, text?: (value: string) => Node[]): Node[] {
  const p = document.createElement("p");
  for (const node of text ? text(body) : [document.createTextNode(body)]) p.appendChild(node);
  return [p];
}
