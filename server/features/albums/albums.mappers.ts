/** Rows → the shapes in shared/albums.ts. */
import type { AlbumPhoto, AlbumSummary, AlbumVisibility } from "../../../shared/albums.ts";
import type { MediaInfo } from "../../../shared/media.ts";
import { toMs } from "../../db/schema.ts";
import type { AlbumRow, PhotoRow } from "./albums.repository.ts";

export function toSummary(
  row: AlbumRow,
  ownerUsername: string,
  photoCount: number,
  cover: MediaInfo | null,
): AlbumSummary {
  return {
    id: row.id,
    ownerId: row.owner_id,
    ownerUsername,
    title: row.title,
    theme: row.theme,
    year: row.year === null ? null : Number(row.year),
    visibility: row.visibility as AlbumVisibility,
    photoCount,
    cover,
    createdAt: toMs(row.created_at),
    updatedAt: toMs(row.updated_at),
  };
}

/** Photos whose media is gone (deleted a moment ago) are left out. */
export function toPhotos(rows: PhotoRow[], media: Map<string, MediaInfo>): AlbumPhoto[] {
  const out: AlbumPhoto[] = [];
  for (const r of rows) {
    const info = media.get(r.media_id);
    if (info) out.push({ id: r.id, caption: r.caption, position: Number(r.position), media: info });
  }
  return out;
}

/** The chosen cover if it is still in the album, else the first photo. */
export function coverOf(coverPhotoId: string | null, photos: AlbumPhoto[]): MediaInfo | null {
  return (photos.find((p) => p.id === coverPhotoId) ?? photos[0])?.media ?? null;
}
