/**
 * Compression, through the real server: the built client's text files go out as the brotli or
 * gzip twin made at build time (scripts/precompress.ts) that the request accepts, and tRPC's JSON
 * answers from 1 KB up are compressed per request. Served here from an asset map, as the compiled
 * binary does (server/static/web-assets.test.ts covers the dist/web folder). Every fetch here
 * sets Accept-Encoding itself and asks Bun not to decompress, to see the bytes on the wire.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { precompressDir } from "../../scripts/precompress.ts";
import type { AssetMap } from "../../server/static/web-assets.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, registerAndVerify } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const dir = mkdtempSync(join(tmpdir(), "wit-compression-"));
mkdirSync(join(dir, "assets"));
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `слово ${i}`))};\n`;
const page = `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>World IT</title>${'<link rel="modulepreload" href="/assets/x.js">'.repeat(40)}</head><body><div id="root"></div></body></html>`;
writeFileSync(join(dir, "index.html"), page);
writeFileSync(join(dir, "assets", "app-1a2b3c.js"), script);
writeFileSync(join(dir, "assets", "tiny-4d5e.css"), "body{margin:0}");
writeFileSync(join(dir, "favicon.png"), new Uint8Array(4000).fill(7));
const made = precompressDir(dir);
const assets: AssetMap = Object.fromEntries(
  [...new Bun.Glob("**/*").scanSync({ cwd: dir, onlyFiles: true })].map((f) => [`/${f}`, join(dir, f)]),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bytes as sent (no automatic decompression), with the Accept-Encoding given. */
const raw = (url: string, acceptEncoding: string | null, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(url, {
    ...init,
    headers: { ...(acceptEncoding === null ? {} : { "accept-encoding": acceptEncoding }), ...init.headers },
    decompress: false,
  } as RequestInit);
const decode = (bytes: Uint8Array<ArrayBuffer>, encoding: string | null) =>
  new TextDecoder().decode(encoding === "br" ? brotliDecompressSync(bytes) : encoding === "gzip" ? Bun.gunzipSync(bytes) : bytes);

describe("the web client's files", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ assets });
  });
  afterAll(() => srv.stop());

  test("the build step wrote a brotli and a gzip twin of each text file above 1 KB, and none of the small CSS or the PNG", () => {
    expect(made.files).toBe(2);
    for (const f of ["/index.html", "/assets/app-1a2b3c.js"]) {
      expect(assets[`${f}.br`]).toBeDefined();
      expect(assets[`${f}.gz`]).toBeDefined();
    }
    for (const f of ["/assets/tiny-4d5e.css", "/favicon.png"]) {
      expect(assets[`${f}.br`]).toBeUndefined();
      expect(assets[`${f}.gz`]).toBeUndefined();
    }
  });

  test("a script goes out as brotli when br is accepted, as gzip when only gzip is, and as it is otherwise; always smaller when compressed, the same text after decompression, with Vary", async () => {
    const url = `${srv.url}/assets/app-1a2b3c.js`;
    const cases: Array<[string | null, string | null]> = [
      ["gzip, deflate, br, zstd", "br"],
      ["br;q=0.5, gzip;q=1", "br"],
      ["gzip", "gzip"],
      ["x-gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["*", "br"],
      ["*;q=0, gzip", "gzip"],
      ["br;q=0, gzip;q=0", null],
      ["identity", null],
      ["deflate", null],
      [null, null],
    ];
    for (const [accept, expected] of cases) {
      const res = await raw(url, accept);
      expect(res.status).toBe(200);
      expect({ accept, encoding: res.headers.get("content-encoding") }).toEqual({ accept, encoding: expected });
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
      expect(res.headers.get("cache-control")).toContain("immutable");
      const bytes = await res.bytes();
      if (expected) expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(script) / 2);
      expect(decode(bytes, expected)).toBe(script);
    }
  });

  test("index.html for a client route is compressed too and keeps its page headers; a small CSS file and a PNG are sent as they are, without Vary", async () => {
    const home = await raw(`${srv.url}/some/client/route`, "gzip, br");
    expect(home.headers.get("content-encoding")).toBe("br");
    expect(home.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(home.headers.get("cache-control")).toBe("no-cache");
    expect(home.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(decode(await home.bytes(), "br")).toBe(page);
    const gz = await raw(`${srv.url}/`, "gzip");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(decode(await gz.bytes(), "gzip")).toBe(page);

    for (const [path, type] of [["/assets/tiny-4d5e.css", "text/css; charset=utf-8"], ["/favicon.png", "image/png"]] as const) {
      const res = await raw(`${srv.url}${path}`, "gzip, br");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("content-encoding")).toBeNull();
      expect(res.headers.get("vary")).toBeNull();
    }
    // The twins are not files of their own, and Vite's manifest is never served.
    expect((await raw(`${srv.url}/assets/app-1a2b3c.js.br`, "br")).status).toBe(404);
  });

  test("HEAD gives the headers and length of the variant a GET would send; a matching If-None-Match gets 304 for that variant only", async () => {
    const url = `${srv.url}/assets/app-1a2b3c.js`;
    const getBr = await raw(url, "br");
    const brBytes = (await getBr.bytes()).byteLength;
    const head = await raw(url, "br", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-encoding")).toBe("br");
    expect(head.headers.get("content-length")).toBe(String(brBytes));
    expect(head.headers.get("etag")).toBe(getBr.headers.get("etag"));
    expect((await head.bytes()).byteLength).toBe(0);

    const etags = new Set<string>();
    for (const accept of ["br", "gzip", "identity"]) {
      const first = await raw(url, accept);
      await first.bytes();
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      etags.add(etag);
      const again = await raw(url, accept, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("vary")).toBe("Accept-Encoding");
      expect((await again.bytes()).byteLength).toBe(0);
    }
    // Each coding is its own representation: a gzip ETag does not validate the brotli bytes.
    expect(etags.size).toBe(3);
    const gzEtag = (await raw(url, "gzip")).headers.get("etag")!;
    expect((await raw(url, "br", { headers: { "if-none-match": gzEtag } })).status).toBe(200);

    const index = await raw(`${srv.url}/`, "br");
    const revalidated = await raw(`${srv.url}/`, "br", { headers: { "if-none-match": index.headers.get("etag")! } });
    expect(revalidated.status).toBe(304);
  });
});

for (const backend of testBackends()) {
  describe(`API answers (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend, env: { BODY_LIMIT_BYTES: "4096" } });
    });
    afterAll(() => srv.stop());

    const feedUrl = () => `${srv.url}/trpc/posts.feed?input=${encodeURIComponent(JSON.stringify({ limit: 10 }))}`;

    test("a feed page above 1 KB is compressed (gzip first, brotli when only br is taken), is the same JSON after decompression, and a client that takes neither gets it plain", async () => {
      const client = createClient(srv);
      await registerAndVerify(srv, client);
      for (let i = 0; i < 3; i++) {
        await client.trpc.posts.create.mutate({ title: `Пост ${i}`, body: `Текст **посту** ${i}. `.repeat(60), tags: [], links: [], imageIds: [] });
      }
      const cookie = client.cookieHeader();
      const plain = await raw(feedUrl(), null, { headers: { cookie } });
      expect(plain.headers.get("content-encoding")).toBeNull();
      expect(plain.headers.get("vary")).toContain("Accept-Encoding");
      const text = new TextDecoder().decode(await plain.bytes());
      expect(text.length).toBeGreaterThan(3000);
      expect(JSON.parse(text).result.data.items).toHaveLength(3);

      for (const [accept, expected] of [
        ["gzip, deflate, br", "gzip"],
        ["br", "br"],
        ["gzip;q=0, br", "br"],
        ["identity", null],
      ] as const) {
        const res = await raw(feedUrl(), accept, { headers: { cookie } });
        expect(res.status).toBe(200);
        expect({ accept, encoding: res.headers.get("content-encoding") }).toEqual({ accept, encoding: expected });
        expect(res.headers.get("content-type")).toStartWith("application/json");
        expect(res.headers.get("vary")).toContain("Accept-Encoding");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        const bytes = await res.bytes();
        if (expected) expect(bytes.byteLength).toBeLessThan(text.length / 2);
        expect(JSON.parse(decode(bytes, expected))).toEqual(JSON.parse(text));
      }
    });

    test("a small answer, an error, a 413 and a streamed (JSON lines) answer are sent as they are", async () => {
      const me = await raw(`${srv.url}/trpc/auth.me`, "gzip, br");
      expect(me.status).toBe(200);
      expect(me.headers.get("content-encoding")).toBeNull();
      expect(JSON.parse(await me.text())).toEqual({ result: { data: null } });

      const bad = await raw(`${srv.url}/trpc/posts.feed?input=${encodeURIComponent(JSON.stringify({ limit: 5, cursor: "x" }))}`, "gzip, br");
      expect(bad.status).toBe(400);
      expect(bad.headers.get("content-encoding")).toBeNull();
      expect(JSON.parse(await bad.text()).error.data.reason).toBe("errors.invalidInput");

      const tooBig = await raw(`${srv.url}/trpc/auth.signIn`, "gzip, br", {
        method: "POST",
        headers: { "content-type": "application/json", origin: srv.url },
        body: JSON.stringify({ email: "a@example.test", password: "x".repeat(8000) }),
      });
      expect(tooBig.status).toBe(413);
      expect(tooBig.headers.get("content-encoding")).toBeNull();
      expect(JSON.parse(await tooBig.text()).error.data.reason).toBe("errors.payloadTooLarge");

      const batch = `${srv.url}/trpc/posts.feed?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { limit: 10 } }))}`;
      const streamed = await raw(batch, "gzip, br", { headers: { "trpc-accept": "application/jsonl" } });
      expect(streamed.status).toBe(200);
      expect(streamed.headers.get("content-encoding")).toBeNull();
      expect(streamed.headers.get("transfer-encoding")).toBe("chunked");
      const lines = (await streamed.text()).trim().split("\n");
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) JSON.parse(line);
    });
  });
}
