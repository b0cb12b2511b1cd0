/**
 * Centre-crops a PNG to a square. Bun.Image can resize but not crop, so the avatar pipeline asks
 * it for a small PNG (short edge ≤ 512), cuts the middle square out here, and hands the square
 * back to Bun.Image for the WebP variants. Handles non-interlaced 8/16-bit greyscale, RGB,
 * grey+alpha and RGBA — what Bun.Image's PNG encoder writes; anything else is refused with
 * UnsupportedPngError and the caller falls back to a non-cropping resize.
 */
import { deflateSync, inflateSync } from "node:zlib";

export class UnsupportedPngError extends Error {}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
/** Colour-space chunks carried over so a wide-gamut avatar keeps its colours. */
const KEEP = new Set(["iCCP", "sRGB", "gAMA", "cHRM", "cICP"]);

interface Chunk {
  type: string;
  data: Uint8Array;
}

function readChunks(png: Uint8Array): Chunk[] {
  if (!SIGNATURE.every((v, i) => png[i] === v)) throw new UnsupportedPngError("not a PNG");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  for (let pos = 8; pos + 12 <= png.length; ) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
    chunks.push({ type, data: png.subarray(pos + 8, pos + 8 + length) });
    pos += 12 + length;
    if (type === "IEND") break;
  }
  return chunks;
}

function writeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, Bun.hash.crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function paeth(a: number, b: number, c: number) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-row filters in place; returns the unfiltered rows (without filter bytes). */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp]! : 0;
      const v = raw[src + x]!;
      let r: number;
      if (filter === 0) r = v;
      else if (filter === 1) r = v + a;
      else if (filter === 2) r = v + b;
      else if (filter === 3) r = v + ((a + b) >> 1);
      else if (filter === 4) r = v + paeth(a, b, c);
      else throw new UnsupportedPngError(`unknown filter ${filter}`);
      out[row + x] = r & 255;
    }
  }
  return out;
}

/** Decoded pixels of a PNG this module supports (rows without filter bytes). */
export function decodePng(png: Uint8Array) {
  const chunks = readChunks(png);
  const header = chunks[0];
  if (!header || header.type !== "IHDR" || header.data.length !== 13) throw new UnsupportedPngError("no IHDR");
  const ihdr = new DataView(header.data.buffer, header.data.byteOffset, 13);
  const width = ihdr.getUint32(0);
  const height = ihdr.getUint32(4);
  const bitDepth = header.data[8]!;
  const colourType = header.data[9]!;
  const interlace = header.data[12]!;
  const channels = CHANNELS[colourType];
  if (!channels || (bitDepth !== 8 && bitDepth !== 16) || interlace !== 0) {
    throw new UnsupportedPngError(`colour type ${colourType}, depth ${bitDepth}, interlace ${interlace}`);
  }
  const bpp = (channels * bitDepth) / 8;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
  if (raw.length < height * (stride + 1)) throw new UnsupportedPngError("short image data");
  return { width, height, bpp, stride, chunks, header: header.data, pixels: unfilter(raw, height, stride, bpp) };
}

/** The centred side × side square of `png` (side = the shorter edge), as a new PNG. */
export function cropPngToSquare(png: Uint8Array): { png: Uint8Array; side: number } {
  const { width, height, bpp, stride, chunks, header, pixels } = decodePng(png);
  const side = Math.min(width, height);
  if (width === height) return { png, side };

  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const outStride = side * bpp;
  const cropped = new Uint8Array(side * (outStride + 1)); // filter byte 0 (None) on every row
  for (let y = 0; y < side; y++) {
    const from = (top + y) * stride + left * bpp;
    cropped.set(pixels.subarray(from, from + outStride), y * (outStride + 1) + 1);
  }

  const newHeader = header.slice();
  new DataView(newHeader.buffer).setUint32(0, side);
  new DataView(newHeader.buffer).setUint32(4, side);
  const parts = [
    Uint8Array.from(SIGNATURE),
    writeChunk("IHDR", newHeader),
    ...chunks.filter((c) => KEEP.has(c.type)).map((c) => writeChunk(c.type, c.data)),
    writeChunk("IDAT", deflateSync(cropped, { level: 1 })),
    writeChunk("IEND", new Uint8Array()),
  ];
  return { png: Buffer.concat(parts), side };
}
