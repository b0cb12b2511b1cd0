/**
 * Bytes in, WebP variants out: sniff the format, check the container ends where it should,
 * decode with Bun.Image (pixel cap from the header, EXIF orientation applied, a GIF's first
 * frame), then re-encode every variant as WebP — which drops EXIF, GPS and every other piece of
 * metadata the upload carried.
 *
 * Avatars are centre-cropped to squares (Bun.Image has no crop: see png-crop.ts); photos keep
 * their aspect ratio, long edge ≤ the variant size, never enlarged.
 */
import { MEDIA_VARIANTS, type MediaPurpose } from "../../../shared/media.ts";
import { BadRequestError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import { checkStructure, sniffFormat, type ImageFormat } from "./media.sniff.ts";
import { cropPngToSquare, UnsupportedPngError } from "./png-crop.ts";

export interface EncodedVariant {
  name: string;
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface ProcessedImage {
  format: ImageFormat;
  /** The original's dimensions, after EXIF orientation. */
  width: number;
  height: number;
  variants: EncodedVariant[];
}

export interface ImageOptions {
  maxPixels: number;
  log: Logger;
  quality?: number;
}

const SQUARE_PURPOSES: ReadonlySet<MediaPurpose> = new Set(["avatar"]);
/** Avatars are cut from a copy whose short edge is at most this (the largest avatar variant). */
const AVATAR_WORK_EDGE = 512;

const refused = (reason: string) => new BadRequestError(reason);

/** Bun.Image errors → our reasons; anything unexpected is rethrown (an internal error). */
async function decoding<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_IMAGE_TOO_MANY_PIXELS") throw refused("media.tooManyPixels");
    if (code === "ERR_IMAGE_DECODE_FAILED" || code === "ERR_IMAGE_UNKNOWN_FORMAT" || code === "ERR_IMAGE_FORMAT_UNSUPPORTED") {
      throw refused("media.corrupt");
    }
    throw error;
  }
}

async function encode(image: Bun.Image, name: string, quality: number): Promise<EncodedVariant> {
  const bytes = await image.webp({ quality }).bytes();
  return { name, width: image.width, height: image.height, bytes };
}

export async function processImage(purpose: MediaPurpose, input: Uint8Array, opts: ImageOptions): Promise<ProcessedImage> {
  const format = sniffFormat(input);
  if (!format) throw refused("media.unsupportedType");
  if (checkStructure(format, input)) throw refused("media.corrupt");

  const quality = opts.quality ?? 82;
  const source = () => new Bun.Image(input, { maxPixels: opts.maxPixels, autoOrient: true });
  return decoding(async () => {
    const { width, height } = await source().metadata();
    const sizes = Object.entries(MEDIA_VARIANTS[purpose] as Record<string, number>).sort((a, b) => b[1] - a[1]);
    const variants = SQUARE_PURPOSES.has(purpose)
      ? await squareVariants(source(), width, height, sizes, quality, opts.log)
      : await fittedVariants(source(), sizes, quality);
    return { format, width, height, variants };
  });
}

/** Long edge ≤ size, aspect kept, never enlarged. Smaller variants come from the largest one. */
async function fittedVariants(image: Bun.Image, sizes: Array<[string, number]>, quality: number) {
  const [[firstName, firstEdge], ...rest] = sizes as [[string, number], ...Array<[string, number]>];
  const fit = { fit: "inside", withoutEnlargement: true } as const;
  const largest = await encode(image.resize(firstEdge, firstEdge, fit), firstName, quality);
  const smaller = await Promise.all(
    rest.map(([name, edge]) => encode(new Bun.Image(largest.bytes).resize(edge, edge, fit), name, quality)),
  );
  return [largest, ...smaller];
}

/** Exactly size × size: the centre square of the image, scaled (up, if it is small). */
async function squareVariants(image: Bun.Image, width: number, height: number, sizes: Array<[string, number]>, quality: number, log: Logger) {
  const short = Math.min(width, height);
  if (short > AVATAR_WORK_EDGE) {
    const k = AVATAR_WORK_EDGE / short;
    image.resize(Math.max(1, Math.round(width * k)), Math.max(1, Math.round(height * k)), { fit: "fill" });
  }
  const working = await image.png({ compressionLevel: 1 }).bytes();
  let square = working;
  let fit: "fill" | "inside" = "fill";
  try {
    square = cropPngToSquare(working).png;
  } catch (error) {
    if (!(error instanceof UnsupportedPngError)) throw error;
    // Not expected from Bun.Image's encoder; keep the whole picture rather than distort it.
    log.warn("avatar crop unavailable, keeping the aspect ratio", { reason: error.message });
    fit = "inside";
  }
  return Promise.all(sizes.map(([name, edge]) => encode(new Bun.Image(square).resize(edge, edge, { fit }), name, quality)));
}
