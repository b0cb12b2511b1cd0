/**
 * The media pipeline's purposes and limits, without zod: web pages that only show them import them
 * from here, so zod loads only with a form that checks its input (bench/web.ts); shared/media.ts
 * re-exports them with its schemas.
 */
export const MEDIA_PURPOSES = ["avatar", "signature", "album_photo", "post_image", "chat_image"] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];

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
