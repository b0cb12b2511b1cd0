/**
 * A message's text (issue 13): the posts' safe Markdown subset through the one renderer
 * (lib/markdown.ts, MESSAGE_OPTIONS: line breaks kept as typed, bare http(s) addresses as links,
 * no mailto) — DOM nodes, never HTML, so `<b>` is shown as the text it is; a body without any
 * Markdown syntax skips the renderer (lib/plain-text.ts: the same output). `text` is the seam for
 * @mentions (mentionNodes): it gets each plain piece of text (never a link's or code's) and
 * returns the nodes to show for it, built with createElement and text nodes.
 */
import { createMemo } from "solid-js";
import { splitMentions } from "../../../../shared/mention-rules.ts";
import { markdown } from "../../lib/markdown-lazy.ts";
import { isPlainText, plainNodes } from "../../lib/plain-text.ts";
import "../emoji/emoji.css";
import "../mentions/mentions.css";

export function MessageText(props: { body: string; text?: (value: string) => Node[] }) {
  // Plain words (most messages) need no renderer: the same one paragraph, built here. Otherwise
  // the renderer (a chunk of its own, bench/web.ts) is fetched the first time such a message
  // shows, and until it is here the text as typed (plain) stands in.
  const nodes = createMemo(() => {
    if (isPlainText(props.body)) return plainNodes(props.body, { lineBreaks: "text", text: props.text });
    const md = markdown();
    return md ? md.renderMarkdown(props.body, { ...md.MESSAGE_OPTIONS, text: props.text }) : props.body;
  });
  return <div class="msg-text msg-md">{nodes()}</div>;
}

/**
 * `@username` pieces as `<span class="mention">`, with `data-me` on the
 * viewer's own name when the server says the message mentions them.
 */
export function mentionNodes(myUsername: string | undefined, mentionsMe: boolean): (value: string) => Node[] {
  const me = myUsername?.toLowerCase();
  return (value) =>
    splitMentions(value).map((piece) => {
      if (!piece.username) return document.createTextNode(piece.text);
      const span = document.createElement("span");
      span.className = "mention";
      if (mentionsMe && piece.username === me) span.setAttribute("data-me", "");
      span.appendChild(document.createTextNode(piece.text));
      return span;
    });
}
