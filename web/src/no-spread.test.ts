/**
 * solid compiles a {...props} on an element, <Dynamic> and @solidjs/router's <A> (which spreads
 * its props onto an <a>) to `spread`, which brings ~2.5 KB gzip of attribute tables into the entry
 * every page loads (components/NavLink.tsx, bench/web.ts). None of them is used in the web client.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = import.meta.dir;
const sources = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts")).map((f) => join(root, f));

/** Each opening tag of a lowercase (DOM) element: its text up to the `>` that closes it, braces and strings skipped. */
function domTags(source: string): string[] {
  const tags: string[] = [];
  for (const m of source.matchAll(/<[a-z][\w-]*[\s>]/g)) {
    let depth = 0;
    let quote: string | null = null;
    let i = m.index! + 1;
    for (; i < source.length; i++) {
      const c = source[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "`") quote = c;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === ">" && depth === 0) break;
    }
    tags.push(source.slice(m.index!, i + 1));
  }
  return tags;
}

/** A `{...x}` attribute at the tag's own level (not a spread inside an attribute's expression). */
function hasSpreadAttribute(tag: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < tag.length; i++) {
    const c = tag[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "`") quote = c;
    else if (c === "{") {
      if (depth === 0 && /^\{\s*\.\.\./.test(tag.slice(i))) return true;
      depth++;
    } else if (c === "}") depth--;
  }
  return false;
}

test("the helpers find a spread on an element and nothing else", () => {
  expect(domTags('<div class="a" {...rest}>x</div>').filter(hasSpreadAttribute)).toHaveLength(1);
  expect(domTags("<Field {...form.bind('x')} />").filter(hasSpreadAttribute)).toHaveLength(0);
  expect(domTags("<div classList={{ ...a, b: true }} data-x={`${y}>`}>").filter(hasSpreadAttribute)).toHaveLength(0);
});

test("no web source spreads props onto an element, or uses <Dynamic> or the router's <A>", () => {
  const found: string[] = [];
  for (const file of sources) {
    const source = readFileSync(file, "utf8");
    const name = relative(root, file);
    if (/import\s*\{[^}]*\bA\b[^}]*\}\s*from\s*"@solidjs\/router"/.test(source)) found.push(`${name}: <A> (use <a> or NavLink)`);
    if (/import\s*\{[^}]*\bDynamic\b[^}]*\}\s*from\s*"solid-js\/web"/.test(source)) found.push(`${name}: <Dynamic>`);
    if (file.endsWith(".tsx")) for (const tag of domTags(source).filter(hasSpreadAttribute)) found.push(`${name}: ${tag.slice(0, 80)}`);
  }
  expect(found).toEqual([]);
});
