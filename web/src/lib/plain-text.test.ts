import { describe, expect, test } from "bun:test";
import { MESSAGE_OPTIONS, markdownTree, toDom, type DomFactory } from "./markdown.ts";
import { isPlainText, plainNodes } from "./plain-text.ts";

/** A document small enough for these tests: elements with children, text nodes, and a printout of both. */
type FakeNode = { tag?: string; text?: string; children: FakeNode[]; appendChild(n: FakeNode): FakeNode; setAttribute(): void };
const fake = (init: { tag?: string; text?: string }): FakeNode => ({ ...init, children: [], appendChild(n) { this.children.push(n); return n; }, setAttribute() {} });
const fakeDocument = { createElement: (tag: string) => fake({ tag }), createTextNode: (text: string) => fake({ text }) };
const print = (nodes: readonly FakeNode[]): string => nodes.map((n) => (n.tag ? `<${n.tag}>${print(n.children)}</${n.tag}>` : JSON.stringify(n.text))).join("");
/** The DOM the fast path builds, and the DOM the renderer builds, for a post (lineBreaks "br") or a message ("text"). */
function bothDoms(body: string, lineBreaks: "br" | "text") {
  const saved = (globalThis as { document?: unknown }).document;
  (globalThis as { document?: unknown }).document = fakeDocument;
  try {
    const fast = print(plainNodes(body, { lineBreaks }) as unknown as FakeNode[]);
    const tree = markdownTree(body, lineBreaks === "text" ? MESSAGE_OPTIONS : {});
    return { fast, renderer: print(toDom(tree, fakeDocument as unknown as DomFactory) as unknown as FakeNode[]) };
  } finally {
    (globalThis as { document?: unknown }).document = saved;
  }
}
const sameDom = (body: string) => {
  for (const lineBreaks of ["br", "text"] as const) {
    const { fast, renderer } = bothDoms(body, lineBreaks);
    expect(fast).toBe(renderer);
  }
};

/** What the renderer makes of a body, as a comparable string: a message's (MESSAGE_OPTIONS) and a post's (the defaults). */
const rendered = (body: string) => JSON.stringify(markdownTree(body, MESSAGE_OPTIONS));
const renderedPost = (body: string) => JSON.stringify(markdownTree(body));
/** What MessageText shows without the renderer: one paragraph of the body as typed. */
const onePlainParagraph = (body: string) => JSON.stringify([{ tag: "p", children: [body] }]);
/** What PostCard shows without the renderer: one paragraph, each line break a <br>. */
const onePlainPostParagraph = (body: string) =>
  JSON.stringify([{ tag: "p", children: body.split("\n").flatMap((line, i) => [...(i > 0 ? [{ tag: "br", children: [] }] : []), ...(line ? [line] : [])]) }]);

const PLAIN = [
  "Привіт!",
  "Привіт!\nЯк справи?",
  "Зустрінемось о 10:30, добре? (біля входу)",
  "@olena, дивись: 3 + 4 = 7; а 2024 - 2000 = 24.",
  "Ціна 100 грн. Знижка 5 % до 1.12",
  "it's \"quoted\" and 'single' — ok… 🙂👍",
  "рядок один\nрядок два\nрядок три",
  "10 yes",
  "1234567890. ten digits are no list",
  "a.b@c.d not a link",
  "www.example.com is not linked without a scheme",
];

const MARKDOWN = [
  "**жирний**",
  "*курсив*",
  "_курсив_",
  "`code`",
  "[link](https://example.com)",
  "see https://example.com",
  "<b>html</b>",
  "a &amp; b",
  "# heading",
  "- item",
  "+ item",
  "> quote",
  "1. item",
  "1) item",
  "text\n---",
  "text\n===",
  "    indented code",
  "two spaces  \nhard break",
  "para\n\npara",
  "trailing \nspace",
  "~~~\nfence\n~~~",
  "back\\slash",
  " leading",
  "tab\there",
];

describe("plain posts and messages shown without the Markdown renderer", () => {
  test("a plain body renders as exactly one paragraph of its text, as the renderer would make it for a message and for a post", () => {
    for (const body of PLAIN) {
      expect(isPlainText(body)).toBe(true);
      expect(rendered(body)).toBe(onePlainParagraph(body));
      expect(renderedPost(body)).toBe(onePlainPostParagraph(body));
      sameDom(body);
    }
  });

  test("a body with Markdown syntax, a link or block-shaped lines goes to the renderer", () => {
    for (const body of MARKDOWN) expect(isPlainText(body)).toBe(false);
  });

  test("random bodies the fast path accepts render identically through the renderer", () => {
    // Letters, digits, spaces, newlines and every ASCII punctuation mark, mixed at random.
    const alphabet = "ab ЯЇ1 9\n\n.,:;!?'\"()-+=/@%$^{}~_*`[]<>&#|\\\t0)".split("");
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(next() * 24);
      let body = "";
      for (let j = 0; j < length; j++) body += alphabet[Math.floor(next() * alphabet.length)];
      if (!isPlainText(body)) continue;
      accepted++;
      expect(rendered(body)).toBe(onePlainParagraph(body));
      expect(renderedPost(body)).toBe(onePlainPostParagraph(body));
      sameDom(body);
    }
    // The check above ran on many bodies, not on a handful.
    expect(accepted).toBeGreaterThan(1_000);
  });
});
