/**
 * Serves the built SolidJS client: from an embedded asset map inside the compiled binary, or
 * from dist/web on disk. Hashed files under /assets/ are immutable; index.html is revalidated
 * (ETag, 304). Text files have brotli and gzip twins made at build time (scripts/precompress.ts:
 * "app.js.br", "app.js.gz"); the best one the request accepts is sent with Content-Encoding, and
 * every answer for such a file carries Vary: Accept-Encoding.
 */
import { readFileSync, statSync } from "node:fs";
import { join, normalize, sep } from "node:path";
import { ENCODINGS, pickEncoding, SUFFIX, type Encoding } from "./compression.ts";

/** URL path ("/assets/x.js") → file path readable by Bun.file (on disk or in $bunfs). */
export type AssetMap = Record<string, string>;

export interface WebAssets {
  /**
   * The response for a GET (or HEAD) of `path`, or null when there is no such file. `headers`
   * are the request's: Accept-Encoding picks the coding, If-None-Match may make it a 304.
   */
  serve(path: string, headers?: Headers): Response | null;
  /** index.html for client-side routes; null when the client is not built. */
  index(headers?: Headers): Response | null;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

/** One file as served: where Bun.file reads it, its length and its validator. */
interface Found {
  file: string;
  size: number;
  etag: string;
}

/** True when an If-None-Match header lists `etag` (weak comparison, as RFC 9110 asks for GET). */
function matchesEtag(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => bare(t) === etag);
}

export function createWebAssets(source: { embedded?: AssetMap; dir?: string }): WebAssets {
  /** Embedded files never change: their ETags (a hash of the bytes) are made once, on first use. */
  const embedded = new Map<string, Found>();

  const find = (path: string): Found | null => {
    if (source.embedded) {
      const file = source.embedded[path];
      if (!file) return null;
      let found = embedded.get(file);
      if (!found) {
        const bytes = readFileSync(file);
        found = { file, size: bytes.byteLength, etag: `"${Bun.hash(bytes).toString(36)}"` };
        embedded.set(file, found);
      }
      return found;
    }
    if (!source.dir) return null;
    const clean = normalize(path).replace(/^(\.\.[/\\])+/, "");
    // Vite's .vite/manifest.json is for the build (bench/web.ts), not for browsers.
    if (/^[/\\]\.vite[/\\]/.test(clean)) return null;
    const file = join(source.dir, clean);
    if (!file.startsWith(source.dir + sep) || file.endsWith(sep)) return null;
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) return null;
    // A rebuild rewrites every file, so size and modification time tell versions apart.
    return { file, size: stat.size, etag: `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"` };
  };

  const respond = (path: string, headers: Headers | undefined): Response | null => {
    const ext = path.slice(path.lastIndexOf("."));
    const type = TYPES[ext];
    if (!type) return null; // only types we know how to label (never the .br/.gz twins themselves)
    const plain = find(path);
    if (!plain) return null;
    const variants = new Map<Encoding, Found>();
    for (const encoding of ENCODINGS) {
      const found = find(path + SUFFIX[encoding]);
      if (found) variants.set(encoding, found);
    }
    const encoding = pickEncoding(headers?.get("accept-encoding"), [...variants.keys()]);
    const chosen = encoding ? variants.get(encoding)! : plain;

    const out = new Headers({
      "cache-control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      etag: chosen.etag,
    });
    if (variants.size) out.set("vary", "Accept-Encoding");
    if (matchesEtag(headers?.get("if-none-match"), chosen.etag)) return new Response(null, { status: 304, headers: out });
    out.set("content-type", type);
    // Said outright, so a HEAD (answered by Hono from this GET without its body) has it too.
    out.set("content-length", String(chosen.size));
    if (encoding) out.set("content-encoding", encoding);
    return new Response(Bun.file(chosen.file), { headers: out });
  };

  return {
    serve(path, headers) {
      if (path === "/" || path === "/index.html") return null;
      return respond(path, headers);
    },
    index(headers) {
      return respond("/index.html", headers);
    },
  };
}

export function diskAssetsDir(): string | undefined {
  const dir = join(import.meta.dir, "../../dist/web");
  return statSync(join(dir, "index.html"), { throwIfNoEntry: false })?.isFile() ? dir : undefined;
}
