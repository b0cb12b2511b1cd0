import { describe, expect, test } from "bun:test";
import { matchRanges, queryWords, segments, snippet } from "./message-search.ts";

describe("message search words and highlights", () => {
  test("a query becomes folded words without syntax: punctuation separates, operators are plain words", () => {
    expect(queryWords(`"Ґрунт"* NEAR(café) -ЇЖАК: it's`)).toEqual(["ґрунт", "near", "cafe", "їжак", "it", "s"]);
    expect(queryWords(`" * - : ( ) ^`)).toEqual([]);
    expect(queryWords("a b c d e f g h i j")).toHaveLength(8);
  });

  test("ranges mark whole words that start with a query word, in any case", () => {
    const text = "Ґрунтовний підхід, ґрунту й рунт";
    const ranges = matchRanges(text, ["ґрунт"]);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(["Ґрунтовний", "ґрунту"]);
  });

  test("segments split the text into plain and marked pieces that join back to it", () => {
    const text = "Hello world, hello";
    const parts = segments(text, matchRanges(text, ["hell"]));
    expect(parts).toEqual([
      { text: "Hello", mark: true },
      { text: " world, ", mark: false },
      { text: "hello", mark: true },
    ]);
    expect(parts.map((p) => p.text).join("")).toBe(text);
    // Ranges outside the text or overlapping are left out, never thrown on.
    expect(segments("abc", [{ start: 1, end: 9 }])).toEqual([{ text: "abc", mark: false }]);
  });

  test("a long text is cut around its first match, with the ranges moved into the cut", () => {
    const body = `${"a ".repeat(300)}target ${"b ".repeat(300)}`;
    const { text, matches } = snippet(body, ["target"]);
    expect(text.startsWith("…") && text.endsWith("…")).toBe(true);
    expect(matches.map((r) => text.slice(r.start, r.end))).toEqual(["target"]);
  });
});
