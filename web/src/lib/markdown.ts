/**
 * The one renderer for user text written in Markdown (posts; see docs/decisions/0012): the safe
 * subset — paragraphs, line breaks, **bold**, *italic*, links, lists, inline code, code blocks,
 * quotes — from micromark's CommonMark parse (`fromMarkdown`) to a plain tree of a few allowed
 * tags, then to DOM nodes with createElement and text nodes. Never innerHTML: raw HTML in the
 * source is shown as the text it is, headings become bold paragraphs, images become links, and a
 * link whose address is not http(s) or mailto is shown as its text only.
 * Chat messages (issue 13) use the same renderer with MESSAGE_OPTIONS: line breaks kept as text,
 * bare http(s) addresses made links, no mailto; a `text` hook may turn plain text pieces (never
 * inside links or code) into other nodes, such as @mentions.
 */
import type { Nodes, Parents, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { LINK_REL, safeHref } from "./safe-href.ts";

export type MdTag = "p" | "br" | "strong" | "em" | "a" | "ul" | "ol" | "li" | "code" | "pre" | "blockquote" | "hr";
export type MdAttr = "href" | "target" | "rel" | "start";
export interface MdElement {
  tag: MdTag;
  attrs?: Partial<Record<MdAttr, string>>;
  children: MdChild[];
}
/** An element or a piece of text (always a text node, never parsed). */
export type MdChild = MdElement | string;

/** Deeper nesting (a thousand `>`) is shown as its text instead of a thousand elements. */
const MAX_DEPTH = 24;

/**
 * How a kind of text is rendered (posts: the defaults). Messages: MESSAGE_OPTIONS.
 * - lineBreaks "text": a line break inside a paragraph stays "\n" in its text node (shown by the
 *   container's white-space: pre-wrap), so the text reads back exactly as typed; "br": an element.
 * - autolink: bare http(s) addresses in text become links too (CommonMark only links <…>).
 * - mailto: whether mailto: links are allowed (http and https always are).
 */
export interface MarkdownOptions {
  lineBreaks?: "br" | "text";
  autolink?: boolean;
  mailto?: boolean;
}
export const MESSAGE_OPTIONS: MarkdownOptions = { lineBreaks: "text", autolink: true, mailto: false };

/** All the text under a node, without recursion (any depth is fine). */
function textOf(node: Nodes): string {
  let out = "";
  const stack: Nodes[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if ("value" in n && typeof n.value === "string") out += n.value;
    else if (n.type === "image" || n.type === "imageReference") out += n.alt ?? "";
    else if (n.type === "break") out += "\n";
    if ("children" in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
  return out;
}

/** Text with its line breaks as <br> (or kept as "\n" with lineBreaks "text"). */
function textWithBreaks(value: string, opts: MarkdownOptions = {}): MdChild[] {
  if (opts.lineBreaks === "text") return value ? [value] : [];
  const out: MdChild[] = [];
  value.split("\n").forEach((line, i) => {
    if (i > 0) out.push({ tag: "br", children: [] });
    if (line) out.push(line);
  });
  return out;
}

const el = (tag: MdTag, children: MdChild[], attrs?: MdElement["attrs"]): MdElement => (attrs ? { tag, attrs, children } : { tag, children });

function link(href: string | null, children: MdChild[]): MdChild[] {
  if (!href) return children;
  return [el("a", children.length ? children : [href], { href, target: "_blank", rel: LINK_REL })];
}

type Definitions = Map<string, string>;
/** Where a node sits: how deep, in a tight list item (paragraphs unwrapped), inside a paragraph. */
interface At {
  depth: number;
  tight: boolean;
  inline: boolean;
  /** Inside a link: no links within it (autolink). */
  linked?: boolean;
}

/** A bare http(s) address in text; trailing punctuation (".", ")", …) is left outside. */
const BARE_URL = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,:;!?'")\]}*_~]+$/;

/** Text with its bare http(s) addresses as links (autolink), the rest as text. */
function linkify(value: string, opts: MarkdownOptions): MdChild[] {
  const out: MdChild[] = [];
  let from = 0;
  for (const match of value.matchAll(BARE_URL)) {
    const url = match[0].replace(TRAILING, "");
    const href = safeHref(url, opts);
    if (!href) continue;
    if (match.index > from) out.push(...textWithBreaks(value.slice(from, match.index), opts));
    out.push(...link(href, [url]));
    from = match.index + url.length;
  }
  if (from < value.length) out.push(...textWithBreaks(value.slice(from), opts));
  return out;
}

function convert(node: RootContent, defs: Definitions, at: At, opts: MarkdownOptions): MdChild[] {
  const lines = (value: string) => textWithBreaks(value, opts);
  const href = (raw: string) => safeHref(raw, opts);
  if (at.depth > MAX_DEPTH) return lines(textOf(node));
  const kids = (parent: Parents, where: Partial<At> = {}) =>
    parent.children.flatMap((c) => convert(c as RootContent, defs, { depth: at.depth + 1, tight: false, inline: at.inline, linked: at.linked, ...where }, opts));
  const inline = (parent: Parents) => kids(parent, { inline: true });
  switch (node.type) {
    case "paragraph":
      return at.tight ? inline(node) : [el("p", inline(node))];
    case "heading":
      return [el("p", [el("strong", inline(node))])];
    case "thematicBreak":
      return [el("hr", [])];
    case "blockquote":
      return [el("blockquote", kids(node))];
    case "list": {
      const loose = Boolean(node.spread) || node.children.some((item) => item.spread);
      const items = node.children.map((item) => el("li", kids(item, { tight: !loose })));
      if (!node.ordered) return [el("ul", items)];
      const start = node.start ?? 1;
      return [el("ol", items, start !== 1 && Number.isSafeInteger(start) && start >= 0 ? { start: String(start) } : undefined)];
    }
    case "listItem":
      return [el("li", kids(node, { tight: at.tight }))];
    case "code":
      return [el("pre", [el("code", [node.value])])];
    case "html":
      // Raw HTML is shown as the text it is; a block of it reads as a paragraph.
      return at.inline || at.tight ? lines(node.value) : [el("p", lines(node.value))];
    case "text":
      return opts.autolink && !at.linked ? linkify(node.value, opts) : lines(node.value);
    case "strong":
      return [el("strong", inline(node))];
    case "emphasis":
      return [el("em", inline(node))];
    case "inlineCode":
      return [el("code", [node.value])];
    case "break":
      return [el("br", [])];
    case "link":
      return link(href(node.url), kids(node, { inline: true, linked: true }));
    case "linkReference": {
      const url = defs.get(node.identifier);
      return url === undefined ? inline(node) : link(href(url), kids(node, { inline: true, linked: true }));
    }
    case "image":
    case "imageReference": {
      const url = node.type === "image" ? node.url : defs.get(node.identifier);
      const target = url === undefined ? null : href(url);
      const alt = node.alt ?? "";
      return target ? link(target, [alt || target]) : alt ? [alt] : [];
    }
    case "definition":
      return [];
    default: {
      // Anything outside the subset (from a future parser extension): its text.
      const text = lines(textOf(node as Nodes));
      return at.inline || at.tight ? text : [el("p", text)];
    }
  }
}

function definitionsOf(root: Parents): Definitions {
  const defs: Definitions = new Map();
  const stack: Nodes[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "definition" && !defs.has(n.identifier)) defs.set(n.identifier, n.url);
    if ("children" in n) stack.push(...(n.children as Nodes[]));
  }
  return defs;
}

/** A list or quote marker at the start of a line (after the markers before it). */
const CONTAINER_MARKER = /^[ \t]{0,3}(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*/;
/** Markers one line may open; micromark takes seconds over a line of 3,000 of them ("1. 1. 1. …"). */
const MAX_MARKERS_PER_LINE = 8;

/** Escapes the list and quote markers of a line past the first few, so they read as text. */
export function limitNesting(source: string): string {
  return source
    .split("\n")
    .map((line) => {
      let rest = line;
      let at = 0;
      for (let n = 0; n < MAX_MARKERS_PER_LINE; n++) {
        const marker = CONTAINER_MARKER.exec(rest);
        if (!marker) return line;
        at += marker[0].length;
        rest = rest.slice(marker[0].length);
      }
      return CONTAINER_MARKER.test(rest) ? `${line.slice(0, at)}\\${rest.trimStart()}` : line;
    })
    .join("\n");
}

/** Runs of `*` / `_` parsed as emphasis; micromark pairs them in quadratic time (5,000: seconds). */
const MAX_DELIMITER_RUNS = 400;

/** Escapes the emphasis delimiters past the first few hundred runs, so they read as text. */
export function limitDelimiters(source: string): string {
  let runs = 0;
  return source.replace(/[*_]+/g, (run) => (++runs > MAX_DELIMITER_RUNS ? run.replace(/[*_]/g, "\\$&") : run));
}

/** The Markdown source as a tree of allowed elements and text. */
export function markdownTree(source: string, opts: MarkdownOptions = {}): MdChild[] {
  const root = fromMarkdown(limitDelimiters(limitNesting(source)));
  const defs = definitionsOf(root);
  return root.children.flatMap((c) => convert(c, defs, { depth: 0, tight: false, inline: false }, opts));
}

/** What toDom needs of a document (a real one in the browser, a small fake in unit tests). */
export interface DomFactory {
  createElement(tag: string): HTMLElement;
  createTextNode(text: string): Text;
}

export interface DomOptions {
  /**
   * Turns a piece of plain text (never one inside a link or code) into nodes, e.g. @mentions as
   * highlighted spans (build them with createElement and text nodes, never HTML). Default: one
   * text node.
   */
  text?: (value: string) => Node[];
}

/** Builds DOM nodes for a tree: elements from the allowed tags, text as text nodes. */
export function toDom(children: readonly MdChild[], doc: DomFactory = document, opts: DomOptions = {}): Node[] {
  return children.flatMap((child): Node[] => {
    if (typeof child === "string") return opts.text ? opts.text(child) : [doc.createTextNode(child)];
    const node = doc.createElement(child.tag);
    for (const [name, value] of Object.entries(child.attrs ?? {})) if (value !== undefined) node.setAttribute(name, value);
    const inner = child.tag === "a" || child.tag === "code" || child.tag === "pre" ? { ...opts, text: undefined } : opts;
    for (const n of toDom(child.children, doc, inner)) node.appendChild(n);
    return [node];
  });
}

/** Markdown source → DOM nodes to insert (e.g. as a Solid child); messages pass MESSAGE_OPTIONS. */
export function renderMarkdown(source: string, opts: MarkdownOptions & DomOptions = {}): Node[] {
  return toDom(markdownTree(source, opts), document, opts);
}
