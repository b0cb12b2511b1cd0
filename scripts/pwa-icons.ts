/**
 * `bun scripts/pwa-icons.ts`: draws the brand mark of web/public/favicon.svg (a white globe on a
 * blue rounded square) as the PNG icons the web app manifest and iOS ask for, into
 * web/public/icons/: icon-192.png, icon-512.png, icon-maskable-512.png (full-bleed blue, the globe
 * inside the maskable safe zone) and apple-touch-icon.png (180, full-bleed: iOS rounds it itself).
 * The PNGs are committed; run this again only when the mark changes. No image library: each
 * pixel is 4×4-supersampled against the shapes (in the SVG's 64-unit space) and written as an
 * 8-bit RGBA PNG (zlib from node:zlib, CRC-32 from Bun.hash).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

const BLUE = [0x2f, 0x5b, 0xea] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/** The globe's meridians: cubic Béziers M32 15 C26 21 26 43 32 49 and its mirror, as polylines. */
function bezier(p0: number[], p1: number[], p2: number[], p3: number[], steps = 48): number[][] {
  const points: number[][] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    points.push([0, 1].map((k) => u * u * u * p0[k]! + 3 * u * u * t * p1[k]! + 3 * u * t * t * p2[k]! + t * t * t * p3[k]!));
  }
  return points;
}
const meridians = [bezier([32, 15], [26, 21], [26, 43], [32, 49]), bezier([32, 15], [38, 21], [38, 43], [32, 49])];

function segmentDistance(x: number, y: number, a: number[], b: number[]): number {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const t = Math.max(0, Math.min(1, ((x - a[0]!) * dx + (y - a[1]!) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - a[0]! - t * dx, y - a[1]! - t * dy);
}

/** True where the white mark is, at (x, y) in the 64-unit space. */
function onMark(x: number, y: number): boolean {
  if (Math.abs(Math.hypot(x - 32, y - 32) - 17) <= 2) return true; // the circle, stroke 4
  if (y >= 30.5 && y <= 33.5 && x >= 15 && x <= 49) return true; // the equator, stroke 3
  if (x < 24 || x > 40 || y < 13 || y > 51) return false;
  for (const line of meridians) {
    for (let i = 1; i < line.length; i++) if (segmentDistance(x, y, line[i - 1]!, line[i]!) <= 1.5) return true;
  }
  return false;
}

/** Inside the rounded square (rx 14) of the 64-unit space; everywhere when full-bleed. */
function onBackground(x: number, y: number, rounded: boolean): boolean {
  if (x < 0 || y < 0 || x > 64 || y > 64) return false;
  if (!rounded) return true;
  const r = 14;
  const cx = Math.min(Math.max(x, r), 64 - r);
  const cy = Math.min(Math.max(y, r), 64 - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

/**
 * One icon of size×size pixels as RGBA. `scale` shrinks the mark around the centre (the maskable
 * icon keeps it within the middle 80 %); `rounded` draws the rounded square on transparency.
 */
function draw(size: number, opts: { rounded: boolean; scale: number }): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let mark = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = ((px + (sx + 0.5) / n) / size) * 64;
          const y = ((py + (sy + 0.5) / n) / size) * 64;
          if (!onBackground(x, y, opts.rounded)) continue;
          bg++;
          if (onMark(32 + (x - 32) / opts.scale, 32 + (y - 32) / opts.scale)) mark++;
        }
      }
      const o = (py * size + px) * 4;
      const alpha = bg / (n * n);
      const white = bg ? mark / bg : 0;
      for (let k = 0; k < 3; k++) rgba[o + k] = Math.round(BLUE[k]! * (1 - white) + WHITE[k]! * white);
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.byteLength);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.byteLength, Number(Bun.hash.crc32(out.subarray(4, 8 + data.byteLength))));
  return out;
}

/** An 8-bit RGBA, non-interlaced PNG (filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ];
  return Buffer.concat(parts);
}

export const ICONS = [
  { file: "icon-192.png", size: 192, rounded: true, scale: 1 },
  { file: "icon-512.png", size: 512, rounded: true, scale: 1 },
  // The safe zone is a circle of 40 % radius; the globe (radius 19 of 64 ≈ 30 %) already fits.
  { file: "icon-maskable-512.png", size: 512, rounded: false, scale: 1 },
  { file: "apple-touch-icon.png", size: 180, rounded: false, scale: 0.9 },
] as const;

if (import.meta.main) {
  const dir = join(import.meta.dir, "../web/public/icons");
  for (const icon of ICONS) {
    const png = encodePng(icon.size, icon.size, draw(icon.size, icon));
    writeFileSync(join(dir, icon.file), png);
    console.log(`pwa-icons: ${icon.file} ${icon.size}×${icon.size} (${png.byteLength} bytes)`);
  }
}
