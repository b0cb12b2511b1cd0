/**
 * Content coding: which of br / gzip a request accepts (RFC 9110 §12.5.3), and the compressors
 * for answers made per request (API JSON). The built web client is compressed once at build time
 * (scripts/precompress.ts); see web-assets.ts for how those files are chosen.
 */
import { brotliCompressSync, constants } from "node:zlib";

export type Encoding = "br" | "gzip";

/** The server's order of preference: brotli is smaller than gzip at the same cost to the browser. */
export const ENCODINGS: readonly Encoding[] = ["br", "gzip"];

/** File suffix of a precompressed variant ("app.js.br", "app.js.gz"). */
export const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

/**
 * The best coding of `offered` that the Accept-Encoding header allows (br before gzip), or null
 * for identity. A coding with q=0 is refused; `*` stands for every coding not named; `x-gzip` is
 * gzip. No header means "no preference": identity, which every client understands.
 */
export function pickEncoding(header: string | null | undefined, offered: readonly Encoding[] = ENCODINGS): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const [k, v] = p.trim().split("=");
      if (k === "q") weight = Number(v);
    }
    if (!Number.isFinite(weight)) weight = 0;
    q.set(name === "x-gzip" ? "gzip" : name, weight);
  }
  const star = q.get("*");
  for (const encoding of offered) {
    const weight = q.get(encoding) ?? star;
    if (weight !== undefined && weight > 0) return encoding;
  }
  return null;
}

/**
 * Compression for answers made per request, on the hot path, so the cheapest levels: a 43 KB feed
 * page takes ~150 µs of CPU with libdeflate gzip 1 (to 25 %) or brotli 1 (26 %), against ~380 µs
 * for gzip 4 and ~600 µs for brotli 4 that save only 2 points more. gzip goes first here: as small
 * and never slower. Static files use the slowest, smallest levels once, at build time.
 */
export const DYNAMIC_ENCODINGS: readonly Encoding[] = ["gzip", "br"];

export function compressFast(body: Uint8Array<ArrayBuffer>, encoding: Encoding): Uint8Array<ArrayBuffer> {
  if (encoding === "gzip") return Bun.gzipSync(body, { level: 1, library: "libdeflate" });
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  }) as Uint8Array<ArrayBuffer>;
}

/** JSON answers smaller than this are sent as they are: the saving would not pay for the CPU. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * A JSON answer compressed for the request when it accepts gzip or br and the body is at least
 * `minBytes`. Anything else passes untouched: answers already encoded, streams (tRPC's chunked
 * JSON lines, server-sent events), and non-JSON bodies. Every JSON answer gets
 * Vary: Accept-Encoding, since whether it is compressed depends on that header.
 */
export async function compressJson(req: Request, res: Response, minBytes = COMPRESS_MIN_BYTES): Promise<Response> {
  const headers = res.headers;
  if (!res.body || headers.has("content-encoding") || headers.has("transfer-encoding")) return res;
  if (!headers.get("content-type")?.startsWith("application/json")) return res;
  headers.append("vary", "Accept-Encoding");
  const encoding = pickEncoding(req.headers.get("accept-encoding"), DYNAMIC_ENCODINGS);
  if (!encoding) return res;
  const body = await res.bytes();
  if (body.byteLength < minBytes) return new Response(body, { status: res.status, statusText: res.statusText, headers });
  headers.set("content-encoding", encoding);
  return new Response(compressFast(body, encoding), { status: res.status, statusText: res.statusText, headers });
}
