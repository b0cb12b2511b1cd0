/**
 * Albums and their photos. Reads check visibility (album-visibility.ts); every write: validate
 * (router, shared schemas) → authorise (only the owner; others get FORBIDDEN for an album they can
 * see, NOT_FOUND for one they cannot) → transaction → commit → media files removed.
 */
import type { Kysely } from "kysely";
import { ALBUM_LIMITS, type Album, type AlbumPhoto, type AlbumSummary, type AlbumVisibility } from "../../../shared/albums.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomId } from "../../lib/crypto.ts";
import { DomainError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import { canViewAlbum, visibleLevels } from "./album-visibility.ts";
import { albumErrors } from "./albums.errors.ts";
import type { AlbumsMedia } from "./albums.media.ts";
import { coverOf, toPhotos, toSummary } from "./albums.mappers.ts";
import * as repo from "./albums.repository.ts";

export interface AlbumsDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  media: AlbumsMedia;
}

export interface AlbumFields {
  title: string;
  theme: string;
  year: number | null;
  visibility: AlbumVisibility;
}

/** How many of `ownerId`'s albums `viewerId` (null: a guest) may see — for profile counts. */
export async function countVisibleAlbums(db: repo.Q, ownerId: string, viewerId: string | null): Promise<number> {
  return repo.countAlbums(db, ownerId, await visibleLevels(db, ownerId, viewerId));
}

const isNotFound = (e: unknown) => e instanceof DomainError && e.code === "NOT_FOUND";
const isUniqueViolation = (e: unknown) => {
  const { code, errno } = (e ?? {}) as { code?: unknown; errno?: unknown };
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505" || errno === "23505";
};

export function createAlbumsService(deps: AlbumsDeps) {
  const { db, clock, log, media } = deps;

  // A photo is visible iff its album is; a media not (yet) in an album only to its owner.
  media.registerAccessPolicy("album_photo", async (mediaId, viewerId) => {
    const album = await repo.findAlbumOfMedia(db, mediaId);
    if (album) return canViewAlbum(db, album, viewerId);
    if (!viewerId) return false;
    return media.getOwned(viewerId, mediaId, "album_photo").then(
      () => true,
      (e) => (isNotFound(e) ? false : Promise.reject(e)),
    );
  });

  /** An album the viewer may see, else NOT_FOUND. */
  async function visibleAlbum(albumId: string, viewerId: string | null) {
    const album = await repo.findAlbum(db, albumId);
    if (!album || !(await canViewAlbum(db, album, viewerId))) throw albumErrors.notFound();
    return album;
  }

  /** An album the user owns: NOT_FOUND if they cannot see it, FORBIDDEN if they can but it is not theirs. */
  async function ownAlbum(albumId: string, userId: string) {
    const album = await visibleAlbum(albumId, userId);
    if (album.owner_id !== userId) throw albumErrors.notOwner();
    return album;
  }

  async function ownPhoto(photoId: string, userId: string) {
    const photo = await repo.findPhoto(db, photoId);
    if (!photo || !(await canViewAlbum(db, photo, userId))) throw albumErrors.photoNotFound();
    if (photo.owner_id !== userId) throw albumErrors.notOwner();
    return photo;
  }

  async function removeMediaFiles(ids: string[]) {
    if (!ids.length) return;
    try {
      await media.removeMany(ids);
    } catch (error) {
      // The album rows are gone; the media, no longer in any album, stays visible to its owner only.
      log.error("album media removal failed", { mediaIds: ids, error });
    }
  }

  /** Runs `write` in a transaction holding the album's lock; NOT_FOUND if it vanished meanwhile. */
  function writeAlbum<T>(albumId: string, write: (trx: repo.Q, now: number) => Promise<T>): Promise<T> {
    const now = clock();
    return db.transaction().execute(async (trx) => {
      if (!(await repo.touchAlbum(trx, albumId, now))) throw albumErrors.notFound();
      return write(trx, now);
    });
  }

  async function loadAlbum(albumId: string, viewerId: string | null): Promise<Album> {
    const row = await visibleAlbum(albumId, viewerId);
    const photoRows = await repo.listPhotos(db, albumId);
    const photos = toPhotos(photoRows, await media.infoMany(photoRows.map((p) => p.media_id)));
    return {
      ...toSummary(row, row.owner_username, photos.length, coverOf(row.cover_photo_id, photos)),
      photos,
      isOwner: viewerId === row.owner_id,
    };
  }

  return {
    /** A person's albums the viewer may see, newest first: three queries whatever the count. */
    async list(username: string, viewerId: string | null): Promise<AlbumSummary[]> {
      const owner = await repo.findOwnerByUsername(db, username);
      if (!owner) throw albumErrors.ownerNotFound();
      const rows = await repo.listAlbums(db, owner.id, await visibleLevels(db, owner.id, viewerId));
      const coverIds = rows.flatMap((r) => (r.cover_media_id ? [r.cover_media_id] : []));
      const covers = coverIds.length ? await media.infoMany(coverIds) : new Map();
      return rows.map((r) =>
        toSummary(r, owner.username, Number(r.photo_count ?? 0), (r.cover_media_id && covers.get(r.cover_media_id)) || null),
      );
    },

    byId: (albumId: string, viewerId: string | null) => loadAlbum(albumId, viewerId),

    countFor: (ownerId: string, viewerId: string | null) => countVisibleAlbums(db, ownerId, viewerId),

    async create(userId: string, fields: AlbumFields): Promise<Album> {
      const now = clock();
      const id = randomId();
      await db.transaction().execute((trx) =>
        repo.insertAlbum(trx, { id, owner_id: userId, ...fields, cover_photo_id: null, created_at: now, updated_at: now }),
      );
      return loadAlbum(id, userId);
    },

    async update(userId: string, albumId: string, fields: AlbumFields): Promise<Album> {
      await ownAlbum(albumId, userId);
      await writeAlbum(albumId, (trx, now) => repo.updateAlbum(trx, albumId, { ...fields, updated_at: now }));
      return loadAlbum(albumId, userId);
    },

    /** Deletes the album, its photos and their media (rows and files). */
    async remove(userId: string, albumId: string): Promise<void> {
      await ownAlbum(albumId, userId);
      const mediaIds = await writeAlbum(albumId, async (trx) => {
        const ids = await repo.deletePhotosOf(trx, albumId);
        await repo.deleteAlbum(trx, albumId);
        return ids;
      });
      await removeMediaFiles(mediaIds);
    },

    /** Appends the user's own unused album_photo media, in the given order. */
    async addPhotos(userId: string, albumId: string, mediaIds: string[]): Promise<AlbumPhoto[]> {
      await ownAlbum(albumId, userId);
      const owned = await Promise.allSettled(mediaIds.map((id) => media.getOwned(userId, id, "album_photo")));
      const failed = owned.flatMap((r, i) => (r.status === "rejected" ? [{ id: mediaIds[i]!, error: r.reason }] : []));
      const unexpected = failed.find((f) => !isNotFound(f.error));
      if (unexpected) throw unexpected.error;
      if (failed.length) throw albumErrors.mediaNotFound(failed.map((f) => f.id));

      const rows = await writeAlbum(albumId, async (trx, now) => {
        const taken = await repo.mediaInAlbums(trx, mediaIds);
        if (taken.length) throw albumErrors.photoInAnotherAlbum(taken);
        const { count, nextPosition } = await repo.photoStats(trx, albumId);
        if (count + mediaIds.length > ALBUM_LIMITS.photosPerAlbum) throw albumErrors.full(ALBUM_LIMITS.photosPerAlbum);
        const rows = mediaIds.map((mediaId, i) => ({
          id: randomId(),
          album_id: albumId,
          media_id: mediaId,
          caption: "",
          position: nextPosition + i,
          created_at: now,
        }));
        await repo.insertPhotos(trx, rows);
        return rows;
      }).catch((e) => {
        // Two requests adding the same media at once: the unique index decides.
        throw isUniqueViolation(e) ? albumErrors.photoInAnotherAlbum(mediaIds) : e;
      });
      return toPhotos(rows, await media.infoMany(mediaIds));
    },

    async updatePhoto(userId: string, photoId: string, caption: string): Promise<AlbumPhoto> {
      const photo = await ownPhoto(photoId, userId);
      await writeAlbum(photo.album_id, (trx) => repo.updateCaption(trx, photoId, caption));
      const [updated] = toPhotos([{ ...photo, caption }], await media.infoMany([photo.media_id]));
      if (!updated) throw albumErrors.photoNotFound();
      return updated;
    },

    /** Deletes the photo and its media; if it was the cover, the first photo becomes the cover. */
    async removePhoto(userId: string, photoId: string): Promise<void> {
      const photo = await ownPhoto(photoId, userId);
      await writeAlbum(photo.album_id, async (trx) => {
        await repo.deletePhoto(trx, photoId);
        await repo.clearCoverIf(trx, photo.album_id, photoId);
      });
      await removeMediaFiles([photo.media_id]);
    },

    /** `photoIds` must be exactly the album's photos, in their new order. */
    async reorder(userId: string, albumId: string, photoIds: string[]): Promise<Album> {
      await ownAlbum(albumId, userId);
      await writeAlbum(albumId, async (trx) => {
        const current = new Set((await repo.listPhotos(trx, albumId)).map((p) => p.id));
        const same = photoIds.length === current.size && new Set(photoIds).size === current.size && photoIds.every((id) => current.has(id));
        if (!same) throw albumErrors.reorderMismatch();
        await repo.setPositions(trx, albumId, photoIds);
      });
      return loadAlbum(albumId, userId);
    },

    async setCover(userId: string, albumId: string, photoId: string): Promise<Album> {
      await ownAlbum(albumId, userId);
      await writeAlbum(albumId, async (trx, now) => {
        const photo = await repo.findPhoto(trx, photoId);
        if (photo?.album_id !== albumId) throw albumErrors.photoNotFound();
        await repo.updateAlbum(trx, albumId, { cover_photo_id: photoId, updated_at: now });
      });
      return loadAlbum(albumId, userId);
    },
  };
}

export type AlbumsService = ReturnType<typeof createAlbumsService>;
