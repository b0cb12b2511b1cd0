/**
 * The media pipeline's contract. Every image in the app is uploaded once to
 * `POST /api/media?purpose=<purpose>` (raw bytes in the body; the type is sniffed, never trusted),
 * re-encoded to WebP variants, and then attached to a feature by id (avatar, album photo, …).
 */
import { z } from "zod";

export const MEDIA_PURPOSES = ["avatar", "signature", "album_photo", "post_image", "chat_image"] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];
export const mediaPurposeSchema = z.enum(MEDIA_PURPOSES, { error: "media.unknownPurpose" });

/** The WebP variants made for each purpose: name → longest edge in px (square crop for avatars). */
export const MEDIA_VARIANTS = {
  avatar: { s96: 96, s512: 512 },
  signature: { full: 800 },
  album_photo: { full: 1600, thumb: 400 },
  post_image: { full: 1600, thumb: 400 },
  chat_image: { full: 1600, thumb: 400 },
} as const satisfies Record<MediaPurpose, Record<string, number>>;

export const MEDIA_LIMITS = {
  /** Default per-file cap (MEDIA_MAX_BYTES overrides). */
  maxBytes: 10 * 1024 * 1024,
  /** Decoded width × height above this is refused before pixels are allocated. */
  maxPixels: 50_000_000,
  /** Default per-user storage quota (MEDIA_QUOTA_BYTES overrides). */
  quotaBytes: 500 * 1024 * 1024,
  acceptedTypes: ["image/jpeg", "image/png", "image/webp", "image/gif"],
} as const;

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
