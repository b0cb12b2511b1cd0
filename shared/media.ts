/**
 * The media pipeline's contract. Every image in the app is uploaded once to
 * `POST /api/media?purpose=<purpose>` (raw bytes in the body; the type is sniffed, never trusted),
 * re-encoded to WebP variants, and then attached to a feature by id (avatar, album photo, …).
 */
import { z } from "zod";
import { MEDIA_PURPOSES } from "./media-rules.ts";
import type { MediaPurpose } from "./media-rules.ts";
export { MEDIA_PURPOSES, MEDIA_VARIANTS, MEDIA_LIMITS, type MediaPurpose } from "./media-rules.ts";

export const mediaPurposeSchema = z.enum(MEDIA_PURPOSES, { error: "media.unknownPurpose" });

export const mediaIdSchema = z.string().regex(/^[a-f0-9]{24}$/, { error: "media.invalidId" });

export interface MediaInfo {
  id: string;
  purpose: MediaPurpose;
  /** Dimensions of the original upload. */
  width: number;
  height: number;
  /** Bytes stored for all variants (what counts against the quota). */
  bytes: number;
  /** Variant name → URL path, e.g. { full: "/media/<id>/full.webp", thumb: "…" }. */
  urls: Record<string, string>;
  createdAt: number;
}

export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number;
}
