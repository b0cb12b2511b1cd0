import { describe, expect, test } from "bun:test";
import { MESSAGE_OPTIONS, markdownTree, toDom, type DomFactory, type MdChild } from "./markdown.ts";

/** Issue 13: chat messages through the posts' renderer with MESSAGE_OPTIONS. */

function show(children: readonly MdChild[]): string {
  return children
    .map((c) => {
      if (typeof c === "string") return JSON.stringify(c);
      const attrs = Object.entries(c.attrs ?? {})
        .map(([k, v]) => ` ${k}=${v}`)
        .join("");
      return `<${c.tag}${attrs}>${show(c.children)}</${c.tag}>`;
    })
    .join("");
}
const msg = (source: string) => show(markdownTree(source, MESSAGE_OPTIONS));
const REL = "rel=noopener noreferrer nofollow";

function tagsOf(children: readonly MdChild[], out = new Set<string>()): Set<string> {
  for (const c of children) if (typeof c !== "string") tagsOf(c.children, out.add(c.tag));
  return out;
}
const textOf = (children: readonly MdChild[]): string => children.map((c) => (typeof c === "string" ? c : textOf(c.children))).join("");
function hrefsOf(children: readonly MdChild[], out: string[] = []): string[] {
  for (const c of children) {
    if (typeof c === "string") continue;
    if (c.attrs?.href) out.push(c.attrs.href);
    hrefsOf(c.children, out);
  }
  return out;
}

describe("messages rendered with the posts' safe Markdown subset", () => {
  test("bold, italic and code render; a line break stays a newline in the text, so the text reads back as typed", () => {
    expect(msg("**жирний** і *курсив* з `code`")).toBe('<p><strong>"жирний"</strong>" і "<em>"курсив"</em>" з "<code>"code"</code></p>');
    expect(msg("Привіт!\nЯк справи?")).toBe('<p>"Привіт!\\nЯк справи?"</p>');
  });

  test("raw HTML is text: <b>html</b>, <script> and <img onerror> never become elements", () => {
    for (const source of ["<b>html</b>", "<script>alert(1)</script>", "a <img src=x onerror=alert(1)> b", "<iframe src=//evil></iframe>", '<a href="javascript:alert(1)">x</a>']) {
      const tree = markdownTree(source, MESSAGE_OPTIONS);
      expect([...tagsOf(tree)].filter((t) => t !== "p")).toEqual([]);
      expect(textOf(tree)).toBe(source);
    }
    expect(msg("<b>html</b>")).toBe('<p>"<b>""html""</b>"</p>');
  });

  test("links are http(s) only, open in a new tab with rel noopener noreferrer nofollow, and bare addresses become links", () => {
    expect(msg("[сайт](https://example.com/a?b=1)")).toBe(`<p><a href=https://example.com/a?b=1 target=_blank ${REL}>"сайт"</a></p>`);
    expect(msg("see https://example.com/x, ok")).toBe(`<p>"see "<a href=https://example.com/x target=_blank ${REL}>"https://example.com/x"</a>", ok"</p>`);
    expect(msg("(http://e.org/a).")).toBe(`<p>"("<a href=http://e.org/a target=_blank ${REL}>"http://e.org/a"</a>")."</p>`);
    // A bare address inside a link's text is not a second link.
    expect(hrefsOf(markdownTree("[https://a.example](https://b.example)", MESSAGE_OPTIONS))).toEqual(["https://b.example/"]);
    for (const source of [
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](jav&#x09;ascript:alert(1))",
      "[x](data:text/html,<script>alert(1)</script>)",
      "[x](vbscript:msgbox(1))",
      "[x](mailto:a@example.com)",
      "[x](/relative)",
      "<javascript:alert(1)>",
      "javascript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
    ]) {
      expect({ source, hrefs: hrefsOf(markdownTree(source, MESSAGE_OPTIONS)) }).toEqual({ source, hrefs: [] });
    }
  });

  test("images are never <img>: a picture from any address becomes a link to it, or its alt text", () => {
    const tree = markdownTree("![кіт](https://evil.example/track.png) ![x](javascript:alert(1)) ![](data:image/png;base64,AAAA)", MESSAGE_OPTIONS);
    expect(tagsOf(tree).has("img")).toBe(false);
    expect(hrefsOf(tree)).toEqual(["https://evil.example/track.png"]);
    expect(show(tree)).toContain('"x"');
  });

  test("the text hook (for @mentions) sees plain text, never the text of links or code, and builds only through the document", () => {
    const seen: string[] = [];
    const doc = {
      createElement: (tag: string) => ({ tag, kids: [] as unknown[], setAttribute() {}, appendChild(c: unknown) { this.kids.push(c); } }),
      createTextNode: (text: string) => ({ tag: "#text", text }),
    } as unknown as DomFactory;
    const nodes = toDom(markdownTree("hi @olena **@taras** [@link](https://e.com) `@code`", MESSAGE_OPTIONS), doc, {
      text: (value) => {
        seen.push(value);
        return [doc.createTextNode(value.toUpperCase())];
      },
    });
    expect(seen).toEqual(["hi @olena ", "@taras", " ", " "]);
    expect(JSON.stringify(nodes)).toContain('"text":"@link"');
    expect(JSON.stringify(nodes)).toContain('"text":"@code"');
    expect(JSON.stringify(nodes)).toContain('"text":"HI @OLENA "');
  });
});
