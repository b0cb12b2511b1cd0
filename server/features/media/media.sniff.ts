/**
 * What an upload really is, from its bytes alone: the format by magic number, then a walk over
 * the container's structure to its end marker. Anything after the end (a ZIP, HTML or script
 * appended to make a polyglot) or a file that stops early is refused — decoders are lenient
 * (libjpeg-turbo decodes a truncated JPEG with only a warning), so this check is ours.
 */

export type ImageFormat = "jpeg" | "png" | "webp" | "gif";

/** Why a file of a known format is refused. */
export type StructureProblem = "truncated" | "trailingData" | "malformed";

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GIF87 = ascii("GIF87a");
const GIF89 = ascii("GIF89a");
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");

/** The format by magic bytes, or null when it is none of the four we accept. */
export function sniffFormat(b: Uint8Array): ImageFormat | null {
  if (startsWith(b, JPEG)) return "jpeg";
  if (startsWith(b, PNG)) return "png";
  if (startsWith(b, GIF87) || startsWith(b, GIF89)) return "gif";
  if (startsWith(b, RIFF) && startsWith(b, WEBP, 8)) return "webp";
  return null;
}

/** null when the file ends exactly where its format says it ends. */
export function checkStructure(format: ImageFormat, b: Uint8Array): StructureProblem | null {
  switch (format) {
    case "jpeg":
      return checkJpeg(b);
    case "png":
      return checkPng(b);
    case "gif":
      return checkGif(b);
    case "webp":
      return checkWebp(b);
  }
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u32le = (b: Uint8Array, at: number) => ((b[at + 3]! << 24) | (b[at + 2]! << 16) | (b[at + 1]! << 8) | b[at]!) >>> 0;

/** Marker segments up to SOS, entropy-coded data (FF00 stuffing, RSTn), more scans, then EOI. */
function checkJpeg(b: Uint8Array): StructureProblem | null {
  let pos = 2; // after SOI
  let sawScan = false;
  while (pos < b.length) {
    if (b[pos] !== 0xff) return "malformed";
    while (b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) return "truncated";
    const marker = b[pos]!;
    pos++;
    if (marker === 0xd9) return !sawScan ? "malformed" : pos === b.length ? null : "trailingData";
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // standalone markers
    if (marker === 0x00 || marker === 0xd8) return "malformed";
    if (pos + 2 > b.length) return "truncated";
    const length = u16be(b, pos);
    if (length < 2) return "malformed";
    pos += length;
    if (pos > b.length) return "truncated";
    if (marker !== 0xda) continue;
    // Entropy-coded data runs until the next marker that is not a stuffed 00 or a restart.
    sawScan = true;
    for (;;) {
      const ff = b.indexOf(0xff, pos);
      if (ff === -1 || ff + 1 >= b.length) return "truncated";
      const next = b[ff + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
        pos = ff + (next === 0xff ? 1 : 2);
        continue;
      }
      pos = ff;
      break;
    }
  }
  return "truncated";
}

/** Chunks with valid CRCs, IHDR first, at least one IDAT, and nothing after IEND. */
function checkPng(b: Uint8Array): StructureProblem | null {
  let pos = 8;
  let first = true;
  let sawData = false;
  while (pos + 12 <= b.length) {
    const length = u32be(b, pos);
    const end = pos + 12 + length;
    if (length > 0x7fffffff) return "malformed";
    if (end > b.length) return "truncated";
    const type = String.fromCharCode(b[pos + 4]!, b[pos + 5]!, b[pos + 6]!, b[pos + 7]!);
    if (Bun.hash.crc32(b.subarray(pos + 4, pos + 8 + length)) !== u32be(b, pos + 8 + length)) return "malformed";
    if (first && (type !== "IHDR" || length !== 13)) return "malformed";
    first = false;
    if (type === "IDAT") sawData = true;
    if (type === "IEND") return !sawData ? "malformed" : end === b.length ? null : "trailingData";
    pos = end;
  }
  return "truncated";
}

/** Header, colour table, blocks (extensions, images with their sub-blocks), then the 0x3B trailer. */
function checkGif(b: Uint8Array): StructureProblem | null {
  if (b.length < 13) return "truncated";
  const tableSize = (flags: number) => (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  let pos = 13 + tableSize(b[10]!);
  let images = 0;
  const skipSubBlocks = (): boolean => {
    for (;;) {
      if (pos >= b.length) return false;
      const size = b[pos]!;
      pos += 1 + size;
      if (size === 0) return pos <= b.length;
    }
  };
  while (pos < b.length) {
    const block = b[pos]!;
    if (block === 0x3b) return images === 0 ? "malformed" : pos + 1 === b.length ? null : "trailingData";
    if (block === 0x21) {
      pos += 2;
      if (!skipSubBlocks()) return "truncated";
    } else if (block === 0x2c) {
      if (pos + 11 > b.length) return "truncated";
      pos += 10 + tableSize(b[pos + 9]!) + 1; // descriptor, local table, LZW minimum code size
      if (!skipSubBlocks()) return "truncated";
      images++;
    } else return "malformed";
  }
  return "truncated";
}

/** The RIFF size matches the file, and the chunks inside tile it exactly. */
function checkWebp(b: Uint8Array): StructureProblem | null {
  if (b.length < 20) return "truncated";
  const riffEnd = u32le(b, 4) + 8;
  if (riffEnd > b.length) return "truncated";
  if (riffEnd < b.length) return "trailingData";
  const firstChunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (firstChunk !== "VP8 " && firstChunk !== "VP8L" && firstChunk !== "VP8X") return "malformed";
  let pos = 12;
  while (pos < b.length) {
    if (pos + 8 > b.length) return "truncated";
    const size = u32le(b, pos + 4);
    pos += 8 + size + (size & 1);
  }
  return pos === b.length ? null : "truncated";
}
