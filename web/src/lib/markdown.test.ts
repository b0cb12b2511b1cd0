import { describe, expect, test } from "bun:test";
import { limitDelimiters, limitNesting, markdownTree, toDom, type DomFactory, type MdChild } from "./markdown.ts";
import { safeHref } from "./safe-href.ts";

/** The tree as compact HTML-like text, for readable expectations (attributes in a fixed order). */
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
const md = (source: string) => show(markdownTree(source));

/** Every element tag and every attribute anywhere in the tree. */
function walk(children: readonly MdChild[], out = { tags: new Set<string>(), attrs: [] as Array<[string, string]> }) {
  for (const c of children) {
    if (typeof c === "string") continue;
    out.tags.add(c.tag);
    for (const [k, v] of Object.entries(c.attrs ?? {})) out.attrs.push([k, v!]);
    walk(c.children, out);
  }
  return out;
}
const textOf = (children: readonly MdChild[]): string => children.map((c) => (typeof c === "string" ? c : textOf(c.children))).join("");

describe("the safe Markdown subset", () => {
  test("paragraphs, line breaks, bold, italic, inline code, code blocks, quotes and lists", () => {
    expect(md("Перший **жирний** і *курсив*\nдругий рядок\n\nНовий абзац з `code`")).toBe(
      '<p>"Перший "<strong>"жирний"</strong>" і "<em>"курсив"</em><br></br>"другий рядок"</p><p>"Новий абзац з "<code>"code"</code></p>',
    );
    expect(md("```\n<b>x</b>\n```")).toBe('<pre><code>"<b>x</b>"</code></pre>');
    expect(md("> цитата")).toBe('<blockquote><p>"цитата"</p></blockquote>');
    expect(md("- один\n- два")).toBe('<ul><li>"один"</li><li>"два"</li></ul>');
    expect(md("3. три\n4. чотири")).toBe('<ol start=3><li>"три"</li><li>"чотири"</li></ol>');
    expect(md("# Заголовок")).toBe('<p><strong>"Заголовок"</strong></p>');
  });

  test("links to http, https and mailto open in a new tab without the opener or referrer", () => {
    expect(md("[сайт](https://example.com/a?b=1)")).toBe(
      '<p><a href=https://example.com/a?b=1 target=_blank rel=noopener noreferrer nofollow>"сайт"</a></p>',
    );
    expect(md("<https://example.com>")).toBe('<p><a href=https://example.com/ target=_blank rel=noopener noreferrer nofollow>"https://example.com"</a></p>');
    expect(md("[пошта](mailto:a@example.com)")).toContain("<a href=mailto:a@example.com ");
    expect(md("[x][ref]\n\n[ref]: http://example.org")).toContain("<a href=http://example.org/ ");
  });

  test("raw HTML is text: <script> and <img onerror> never become elements", () => {
    for (const source of [
      "<script>window.__xss=2</script>",
      "<img src=x onerror=window.__xss=1>",
      "text <img src=x onerror=alert(1)> more",
      "<div><script>alert(1)</script></div>\n\nafter",
      '<a href="javascript:alert(1)">x</a>',
      "<iframe src=//evil></iframe>",
    ]) {
      const tree = markdownTree(source);
      const { tags, attrs } = walk(tree);
      expect([...tags].every((t) => ["p", "br"].includes(t))).toBe(true);
      expect(attrs).toEqual([]);
      expect(textOf(tree)).toContain(source.split("\n")[0]!);
    }
  });

  test("links and images with any other scheme are only their text", () => {
    for (const source of [
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](  JaVaScRiPt:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[x](vbscript:msgbox)",
      "[x](/relative/path)",
      "[x](//evil.example/path)",
      "[x][r]\n\n[r]: javascript:alert(1)",
      "![x](javascript:alert(1))",
    ]) {
      const tree = markdownTree(source);
      expect(walk(tree).attrs).toEqual([]);
      expect(textOf(tree)).toBe("x");
    }
    // A tab makes it no link destination at all: all of it is text.
    expect(walk(markdownTree("[x](java\tscript:alert(1))")).attrs).toEqual([]);
    // Autolinks of a bad scheme stay text too.
    const auto = markdownTree("<javascript:alert(1)>");
    expect(walk(auto).attrs).toEqual([]);
    expect(textOf(auto)).toBe("javascript:alert(1)");
  });

  test("images become links to the picture (or their text), never <img>", () => {
    expect(md("![кіт](https://example.com/cat.png)")).toBe(
      '<p><a href=https://example.com/cat.png target=_blank rel=noopener noreferrer nofollow>"кіт"</a></p>',
    );
    expect(md('![<img src=x onerror=alert(1)>](x)')).toBe('<p>"<img src=x onerror=alert(1)>"</p>');
  });

  test("hrefs are normalised by the URL parser, so quotes cannot break out of the attribute", () => {
    expect(safeHref('https://example.com/"onmouseover="alert(1)')).toBe("https://example.com/%22onmouseover=%22alert(1)");
    expect(safeHref("https://")).toBeNull();
    expect(safeHref("http:/x")).toBe("http://x/");
  });

  test("very deep nesting is flattened to text instead of thousands of elements", () => {
    const tree = markdownTree(`${"> ".repeat(2000)}deep`);
    let depth = 0;
    for (let node: MdChild | undefined = tree[0]; node && typeof node !== "string"; node = node.children[0]) depth++;
    expect(depth).toBeLessThan(40);
    expect(textOf(tree)).toContain("deep");
  });
});

describe("pathological input is bounded", () => {
  test("a line of thousands of list markers keeps its first few and shows the rest as text", () => {
    expect(limitNesting("1. ".repeat(10) + "x")).toBe(`${"1. ".repeat(8)}\\1. 1. x`);
    expect(limitNesting("> - 1. text")).toBe("> - 1. text");
    const tree = markdownTree("1. ".repeat(3300));
    let depth = 0;
    for (let node: MdChild | undefined = tree[0]; node && typeof node !== "string"; node = node.children[0]) depth++;
    expect(depth).toBeLessThanOrEqual(2 * 8);
  });

  test("thousands of emphasis delimiters past the first few hundred are text", () => {
    const limited = limitDelimiters("a**".repeat(500));
    expect(limited.startsWith("a**".repeat(400))).toBe(true);
    expect(limited.endsWith("a\\*\\*")).toBe(true);
    const tree = markdownTree("a*".repeat(5000));
    expect(textOf(tree)).toContain("a*a*a*");
    expect(md("**жирний**")).toBe('<p><strong>"жирний"</strong></p>');
  });
});

describe("toDom", () => {
  /** A fake document that records what is created: toDom has nothing else to reach for. */
  function fakeDocument() {
    type Fake = { tag: string; attrs: Record<string, string>; kids: Fake[]; text?: string };
    const make = (tag: string): Fake => ({ tag, attrs: {}, kids: [] });
    const doc = {
      createElement(tag: string) {
        const node = make(tag);
        return Object.assign(node, {
          setAttribute: (k: string, v: string) => void (node.attrs[k] = v),
          appendChild: (child: Fake) => void node.kids.push(child),
          set innerHTML(_: string) {
            throw new Error("innerHTML must never be used");
          },
        });
      },
      createTextNode: (text: string) => ({ ...make("#text"), text }),
    };
    return doc as unknown as DomFactory;
  }

  test("builds elements and text nodes from the tree, with the payload as a text node", () => {
    const nodes = toDom(markdownTree("**<script>x</script>** [a](https://e.com)"), fakeDocument()) as unknown as Array<{
      tag: string;
      kids: Array<{ tag: string; kids: Array<{ tag: string; text?: string }>; attrs: Record<string, string> }>;
    }>;
    expect(nodes.length).toBe(1);
    const [strong, , link] = nodes[0]!.kids;
    expect(strong!.tag).toBe("strong");
    expect(strong!.kids.every((k) => k.tag === "#text")).toBe(true);
    expect(strong!.kids.map((k) => k.text).join("")).toBe("<script>x</script>");
    expect(link!.attrs).toEqual({ href: "https://e.com/", target: "_blank", rel: "noopener noreferrer nofollow" });
  });
});
