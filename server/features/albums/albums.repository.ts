/** All SQL of albums and their photos. First argument: db or trx. */
import { sql, type Kysely, type Transaction } from "kysely";
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { AlbumPhotosTable, AlbumsTable, Database } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;
export type AlbumRow = AlbumsTable;
export type PhotoRow = AlbumPhotosTable;

// ── people ───────────────────────────────────────────────────────────────────
export const findOwnerByUsername = (db: Q, username: string) =>
  db.selectFrom("users").select(["id", "username"]).where("username", "=", username).executeTakeFirst();

// ── albums ───────────────────────────────────────────────────────────────────
/** One album with its owner's username. */
export const findAlbum = (db: Q, id: string) =>
  db
    .selectFrom("albums as a")
    .innerJoin("users as u", "u.id", "a.owner_id")
    .selectAll("a")
    .select("u.username as owner_username")
    .where("a.id", "=", id)
    .executeTakeFirst();

/**
 * One person's albums at the given visibility levels, newest first, each with its photo count and
 * its cover's media id (the chosen cover if it is still in the album, else the first photo) —
 * one query for the whole list (index albums(owner_id, created_at), album_photos(album_id, position)).
 */
export const listAlbums = (db: Q, ownerId: string, levels: readonly string[]) =>
  db
    .selectFrom("albums as a")
    .selectAll("a")
    .select((eb) => [
      eb
        .selectFrom("album_photos as p")
        .select(eb.fn.countAll<number | string | bigint>().as("n"))
        .whereRef("p.album_id", "=", "a.id")
        .as("photo_count"),
      eb.fn
        .coalesce(
          eb
            .selectFrom("album_photos as c")
            .select("c.media_id")
            .whereRef("c.id", "=", "a.cover_photo_id")
            .whereRef("c.album_id", "=", "a.id"),
          eb
            .selectFrom("album_photos as f")
            .select("f.media_id")
            .whereRef("f.album_id", "=", "a.id")
            .orderBy("f.position")
            .orderBy("f.id")
            .limit(1),
        )
        .as("cover_media_id"),
    ])
    .where("a.owner_id", "=", ownerId)
    .where("a.visibility", "in", [...levels])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .execute();

export async function countAlbums(db: Q, ownerId: string, levels: readonly string[]): Promise<number> {
  if (!levels.length) return 0;
  // Hand-written: every profile visit counts them (BENCHMARKS.md "HTTP").
  const [row] = await runSql<{ n: number | string | bigint }>(
    db,
    `select count(*) as "n" from "albums" where "owner_id" = ? and "visibility" in (${placeholders(levels.length)})`,
    [ownerId, ...levels],
  );
  return Number(row!.n);
}

export const insertAlbum = (db: Q, row: AlbumRow) => db.insertInto("albums").values(row).execute();

export const updateAlbum = (db: Q, id: string, fields: Partial<Omit<AlbumRow, "id" | "owner_id" | "created_at">>) =>
  db.updateTable("albums").set(fields).where("id", "=", id).execute();

/**
 * Marks the album changed and, in Postgres, holds its row lock until the transaction ends, so
 * concurrent writers to one album (add, remove, reorder, delete) take turns. False if it is gone.
 */
export async function touchAlbum(db: Q, id: string, now: number): Promise<boolean> {
  const r = await db.updateTable("albums").set({ updated_at: now }).where("id", "=", id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export const deleteAlbum = (db: Q, id: string) => db.deleteFrom("albums").where("id", "=", id).execute();

// ── photos ───────────────────────────────────────────────────────────────────
export const listPhotos = (db: Q, albumId: string) =>
  db
    .selectFrom("album_photos")
    .selectAll()
    .where("album_id", "=", albumId)
    .orderBy("position")
    .orderBy("id")
    .execute();

/** One photo with what authorisation needs of its album. */
export const findPhoto = (db: Q, photoId: string) =>
  db
    .selectFrom("album_photos as p")
    .innerJoin("albums as a", "a.id", "p.album_id")
    .selectAll("p")
    .select(["a.owner_id", "a.visibility", "a.cover_photo_id"])
    .where("p.id", "=", photoId)
    .executeTakeFirst();

/** The album holding a media, if any (the media access policy). */
export const findAlbumOfMedia = (db: Q, mediaId: string) =>
  db
    .selectFrom("album_photos as p")
    .innerJoin("albums as a", "a.id", "p.album_id")
    .select(["a.id", "a.owner_id", "a.visibility"])
    .where("p.media_id", "=", mediaId)
    .executeTakeFirst();

/** Which of these media are already in an album. */
export async function mediaInAlbums(db: Q, mediaIds: readonly string[]): Promise<string[]> {
  if (!mediaIds.length) return [];
  const rows = await db.selectFrom("album_photos").select("media_id").where("media_id", "in", [...mediaIds]).execute();
  return rows.map((r) => r.media_id);
}

/** How many photos the album has and the position after its last one. */
export async function photoStats(db: Q, albumId: string): Promise<{ count: number; nextPosition: number }> {
  const row = await db
    .selectFrom("album_photos")
    .select((eb) => [eb.fn.countAll<number | string | bigint>().as("n"), eb.fn.max("position").as("last")])
    .where("album_id", "=", albumId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), nextPosition: row.last === null ? 0 : Number(row.last) + 1 };
}

export const insertPhotos = (db: Q, rows: PhotoRow[]) => db.insertInto("album_photos").values(rows).execute();

export const updateCaption = (db: Q, photoId: string, caption: string) =>
  db.updateTable("album_photos").set({ caption }).where("id", "=", photoId).execute();

export const deletePhoto = (db: Q, photoId: string) => db.deleteFrom("album_photos").where("id", "=", photoId).execute();

/** Deletes every photo of the album; returns their media ids. */
export async function deletePhotosOf(db: Q, albumId: string): Promise<string[]> {
  const rows = await db.deleteFrom("album_photos").where("album_id", "=", albumId).returning("media_id").execute();
  return rows.map((r) => r.media_id);
}

/** Positions 0..n-1 in the given order, in one statement. */
export async function setPositions(db: Q, albumId: string, orderedIds: readonly string[]): Promise<void> {
  if (!orderedIds.length) return;
  const cases = sql.join(
    orderedIds.map((id, i) => sql`when ${id} then ${sql.lit(i)}`),
    sql` `,
  );
  await db
    .updateTable("album_photos")
    .set({ position: sql<number>`case id ${cases} end` })
    .where("album_id", "=", albumId)
    .where("id", "in", [...orderedIds])
    .execute();
}

/** Clears the album's cover if it is this photo. */
export const clearCoverIf = (db: Q, albumId: string, photoId: string) =>
  db.updateTable("albums").set({ cover_photo_id: null }).where("id", "=", albumId).where("cover_photo_id", "=", photoId).execute();
