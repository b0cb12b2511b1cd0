/**
 * `bun scripts/precompress.ts [dir]` (run by `bun run build:web` after Vite, default dist/web):
 * writes a brotli (quality 11) and a gzip (libdeflate level 12, 3 % smaller than zlib's 9) twin
 * next to every text file of the built client above 1 KB — "app.js" → "app.js.br", "app.js.gz" —
 * once, at build time, so the server (server/static/web-assets.ts) only picks one per request and
 * never compresses a static file itself. A twin that would not be smaller is not written. Twins
 * from an earlier run are removed first, so a file that shrank below the limit keeps no stale one.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

/** Types that compress (images and fonts already are). */
export const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest|txt)$/i;
/** Smaller files are sent as they are: a few hundred bytes saved do not pay for the headers. */
export const PRECOMPRESS_MIN_BYTES = 1024;

export interface PrecompressResult {
  files: number;
  bytes: number;
  br: number;
  gzip: number;
}

export function precompressDir(dir: string): PrecompressResult {
  const result: PrecompressResult = { files: 0, bytes: 0, br: 0, gzip: 0 };
  const all = [...new Bun.Glob("**/*").scanSync({ cwd: dir, onlyFiles: true, dot: true })];
  for (const name of all) if (/\.(br|gz)$/.test(name)) rmSync(join(dir, name));
  for (const name of all) {
    // Vite's .vite/manifest.json is for the build, never served.
    if (/\.(br|gz)$/.test(name) || !COMPRESSIBLE.test(name) || /^\.vite[\\/]/.test(name)) continue;
    const file = join(dir, name);
    if (statSync(file).size < PRECOMPRESS_MIN_BYTES) continue;
    const bytes = readFileSync(file);
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    });
    const gz = Bun.gzipSync(bytes, { level: 12, library: "libdeflate" });
    result.files++;
    result.bytes += bytes.byteLength;
    if (br.byteLength < bytes.byteLength) {
      writeFileSync(`${file}.br`, br);
      result.br += br.byteLength;
    }
    if (gz.byteLength < bytes.byteLength) {
      writeFileSync(`${file}.gz`, gz);
      result.gzip += gz.byteLength;
    }
  }
  return result;
}

if (import.meta.main) {
  const dir = process.argv[2] ?? join(import.meta.dir, "../dist/web");
  if (!statSync(join(dir, "index.html"), { throwIfNoEntry: false })?.isFile()) {
    console.error(`precompress: ${dir}/index.html is missing: build the web client first (bun run build:web)`);
    process.exit(1);
  }
  const started = performance.now();
  const r = precompressDir(dir);
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  console.log(
    `precompress: ${r.files} files in ${relative(process.cwd(), dir) || dir}, ${kb(r.bytes)} → brotli ${kb(r.br)}, gzip ${kb(r.gzip)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
