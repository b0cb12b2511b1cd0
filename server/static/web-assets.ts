/**
 * Serves the built SolidJS client: from an embedded asset map inside the compiled binary, or
 * from dist/web on disk. Hashed files under /assets/ are immutable; index.html is revalidated.
 */
import { existsSync } from "node:fs";
import { join, normalize, sep } from "node:path";

/** URL path ("/assets/x.js") → file path readable by Bun.file (on disk or in $bunfs). */
export type AssetMap = Record<string, string>;

export interface WebAssets {
  /** The response for a GET of `path`, or null when there is no such file. */
  serve(path: string): Response | null;
  /** index.html for client-side routes; null when the client is not built. */
  index(): Response | null;
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

export function createWebAssets(source: { embedded?: AssetMap; dir?: string }): WebAssets {
  const lookup = (path: string): string | null => {
    if (source.embedded) return source.embedded[path] ?? null;
    if (!source.dir) return null;
    const clean = normalize(path).replace(/^(\.\.[/\\])+/, "");
    const file = join(source.dir, clean);
    return file.startsWith(source.dir + sep) && existsSync(file) && !file.endsWith(sep) ? file : null;
  };
  const respond = (path: string, file: string) => {
    const ext = path.slice(path.lastIndexOf("."));
    const type = TYPES[ext];
    if (!type) return null; // only types we know how to label
    const immutable = path.startsWith("/assets/");
    return new Response(Bun.file(file), {
      headers: {
        "content-type": type,
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      },
    });
  };
  return {
    serve(path) {
      if (path === "/" || path === "/index.html") return null;
      const file = lookup(path);
      return file ? respond(path, file) : null;
    },
    index() {
      const file = lookup("/index.html");
      return file ? respond("/index.html", file) : null;
    },
  };
}

export function diskAssetsDir(): string | undefined {
  const dir = join(import.meta.dir, "../../dist/web");
  return existsSync(join(dir, "index.html")) ? dir : undefined;
}
