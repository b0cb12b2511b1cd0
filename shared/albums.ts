/** Photo albums. */
import { z } from "zod";
import { ALBUM_LIMITS, ALBUM_VISIBILITY } from "./album-rules.ts";
import type { AlbumVisibility } from "./album-rules.ts";
export { ALBUM_LIMITS, ALBUM_VISIBILITY, type AlbumVisibility } from "./album-rules.ts";
import { mediaIdSchema, type MediaInfo } from "./media.ts";
import { multiLine, oneLine } from "./text.ts";

const albumIdSchema = z.string().regex(/^[a-f0-9]{24}$/, { error: "albums.invalidId" });
const photoIdSchema = z.string().regex(/^[a-f0-9]{24}$/, { error: "albums.invalidPhotoId" });

export const albumFieldsInput = z.object({
  title: z
    .string({ error: "validation.required" })
    .overwrite(oneLine)
    .trim()
    .min(1, { error: "validation.required" })
    .max(ALBUM_LIMITS.titleMax, { error: "validation.titleTooLong" }),
  theme: z.string().overwrite(oneLine).trim().max(ALBUM_LIMITS.themeMax, { error: "validation.themeTooLong" }),
  year: z
    .number({ error: "validation.year" })
    .int({ error: "validation.year" })
    .min(1900, { error: "validation.year" })
    .max(2100, { error: "validation.year" })
    .nullable(),
  visibility: z.enum(ALBUM_VISIBILITY, { error: "albums.invalidVisibility" }),
});
export const createAlbumInput = albumFieldsInput;
export const updateAlbumInput = albumFieldsInput.extend({ id: albumIdSchema });
export const albumIdInput = z.object({ id: albumIdSchema });
export const listAlbumsInput = z.object({ username: z.string().overwrite(oneLine).trim().toLowerCase().min(1).max(30) });
export const addPhotosInput = z.object({
  albumId: albumIdSchema,
  mediaIds: z
    .array(mediaIdSchema)
    .min(1, { error: "validation.required" })
    .max(ALBUM_LIMITS.addAtOnce, { error: "albums.tooManyAtOnce" })
    .refine((ids) => new Set(ids).size === ids.length, { error: "albums.duplicateMedia" }),
});
export const updatePhotoInput = z.object({
  photoId: photoIdSchema,
  caption: z.string().overwrite(multiLine).trim().max(ALBUM_LIMITS.captionMax, { error: "validation.captionTooLong" }),
});
export const photoIdInput = z.object({ photoId: photoIdSchema });
export const reorderPhotosInput = z.object({
  albumId: albumIdSchema,
  photoIds: z.array(photoIdSchema).max(ALBUM_LIMITS.photosPerAlbum),
});
export const setCoverInput = z.object({ albumId: albumIdSchema, photoId: photoIdSchema });

export interface AlbumPhoto {
  id: string;
  caption: string;
  position: number;
  media: MediaInfo;
}

export interface AlbumSummary {
  id: string;
  ownerId: string;
  ownerUsername: string;
  title: string;
  theme: string;
  year: number | null;
  visibility: AlbumVisibility;
  photoCount: number;
  cover: MediaInfo | null;
  createdAt: number;
  updatedAt: number;
}

export interface Album extends AlbumSummary {
  photos: AlbumPhoto[];
  isOwner: boolean;
}
