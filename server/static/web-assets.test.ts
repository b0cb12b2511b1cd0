import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { precompressDir } from "../../scripts/precompress.ts";
import { createWebAssets } from "./web-assets.ts";

const root = mkdtempSync(join(tmpdir(), "wit-assets-"));
const dir = join(root, "web");
mkdirSync(join(dir, "assets"), { recursive: true });
writeFileSync(join(dir, "index.html"), "<!doctype html><title>x</title>");
writeFileSync(join(dir, "assets", "app-1a2b.js"), "console.log(1)");
writeFileSync(join(dir, "notes.unknownext"), "not a type we label");
writeFileSync(join(dir, "sw.js"), 'const VERSION = "1";');
writeFileSync(join(dir, "manifest.webmanifest"), '{"name":"World IT"}');
mkdirSync(join(dir, "icons"));
writeFileSync(join(dir, "icons", "icon-192.png"), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
writeFileSync(join(root, "secret.txt"), "top secret");
writeFileSync(join(root, "web-secret.js"), "sibling dir prefix");
mkdirSync(join(dir, ".vite"));
writeFileSync(join(dir, ".vite", "manifest.json"), "{}");
const bigScript = `export const x = ${JSON.stringify("abc ".repeat(2000))};`;
writeFileSync(join(dir, "assets", "big-9f8e.js"), bigScript);
precompressDir(dir);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("serving the built web client", () => {
  const web = createWebAssets({ dir });

  test("hashed assets are immutable, index.html is revalidated", async () => {
    const js = web.serve("/assets/app-1a2b.js")!;
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(await js.text()).toBe("console.log(1)");
    expect(web.index()!.headers.get("cache-control")).toBe("no-cache");
  });

  test("the service worker, the web app manifest and the icons are revalidated on every use, each with its type (a new deployment reaches every browser at once)", async () => {
    for (const [path, type] of [
      ["/sw.js", "text/javascript; charset=utf-8"],
      ["/manifest.webmanifest", "application/manifest+json"],
      ["/icons/icon-192.png", "image/png"],
    ] as const) {
      const res = web.serve(path)!;
      expect({ path, type: res.headers.get("content-type"), cache: res.headers.get("cache-control") }).toEqual({ path, type, cache: "no-cache" });
    }
    expect(await web.serve("/sw.js")!.text()).toBe('const VERSION = "1";');
  });

  test("no path escapes the client directory and unknown types, compressed twins and Vite's manifest are never served", () => {
    for (const path of [
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/../web-secret.js",
      "/..\\secret.txt",
      "/notes.unknownext",
      "/assets/big-9f8e.js.br",
      "/assets/big-9f8e.js.gz",
      "/.vite/manifest.json",
      "//.vite/manifest.json",
      "/assets/../.vite/manifest.json",
    ]) {
      expect(web.serve(path)).toBeNull();
    }
  });

  test("from the folder on disk, the brotli or gzip twin the request accepts is sent, with Vary, its own ETag and length, and 304 when that ETag matches", async () => {
    const accept = (value: string, extra: Record<string, string> = {}) => new Headers({ "accept-encoding": value, ...extra });
    const br = web.serve("/assets/big-9f8e.js", accept("gzip, br"))!;
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    expect(br.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const brBytes = await br.bytes();
    expect(br.headers.get("content-length")).toBe(String(brBytes.byteLength));
    expect(new TextDecoder().decode(brotliDecompressSync(brBytes))).toBe(bigScript);
    const gz = web.serve("/assets/big-9f8e.js", accept("gzip"))!;
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(new TextDecoder().decode(Bun.gunzipSync(await gz.bytes()))).toBe(bigScript);
    const plain = web.serve("/assets/big-9f8e.js", accept("br;q=0, gzip;q=0"))!;
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    expect(await plain.text()).toBe(bigScript);
    expect(new Set([br, gz, plain].map((r) => r.headers.get("etag"))).size).toBe(3);

    const notModified = web.serve("/assets/big-9f8e.js", accept("br", { "if-none-match": `W/${br.headers.get("etag")}` }))!;
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("vary")).toBe("Accept-Encoding");
    expect(web.serve("/assets/big-9f8e.js", accept("gzip", { "if-none-match": br.headers.get("etag")! }))!.status).toBe(200);
    // Too small to compress: no twins, no Vary.
    expect(web.serve("/assets/app-1a2b.js", accept("br"))!.headers.get("vary")).toBeNull();
  });
});
