import { describe, expect, test } from "bun:test";
import { MESSAGE_OPTIONS, markdownTree } from "../../lib/markdown.ts";
import { plainMessage } from "./plain-message.ts";

/** What the renderer makes of a message body, as a comparable string. */
const rendered = (body: string) => JSON.stringify(markdownTree(body, MESSAGE_OPTIONS));
/** What MessageText shows without the renderer: one paragraph of the body as typed. */
const onePlainParagraph = (body: string) => JSON.stringify([{ tag: "p", children: [body] }]);

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

describe("plain messages shown without the Markdown renderer", () => {
  test("a plain body renders as exactly one paragraph of its text, as the renderer would make it", () => {
    for (const body of PLAIN) {
      expect(plainMessage(body)).toBe(true);
      expect(rendered(body)).toBe(onePlainParagraph(body));
    }
  });

  test("a body with Markdown syntax, a link or block-shaped lines goes to the renderer", () => {
    for (const body of MARKDOWN) expect(plainMessage(body)).toBe(false);
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
      if (!plainMessage(body)) continue;
      accepted++;
      expect(rendered(body)).toBe(onePlainParagraph(body));
    }
    // The check above ran on many bodies, not on a handful.
    expect(accepted).toBeGreaterThan(1_000);
  });
});
