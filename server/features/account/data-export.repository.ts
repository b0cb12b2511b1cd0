/**
 * All SQL of the data export: the data_exports rows (claim with a lease, progress, finish, expiry)
 * and the reads of one person's own content for the archive (keyset pages where lists can be long).
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, DataExportsTable } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;

export type ExportRow = Selectable<DataExportsTable>;

export const insertExport = (db: Q, row: { id: string; user_id: string; created_at: number }) =>
  db.insertInto("data_exports").values({ ...row, status: "queued", progress: 0, file_key: null, size_bytes: null, error: null, finished_at: null, expires_at: null, claimed_until: null }).execute();

export const latestOf = (db: Q, userId: string) =>
  db.selectFrom("data_exports").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();

export const findExport = (db: Q, id: string) => db.selectFrom("data_exports").selectAll().where("id", "=", id).executeTakeFirst();

/** Exports waiting for a worker: queued ones, and running ones whose worker's lease ran out. */
export const claimCandidates = (db: Q, now: number, limit = 5) =>
  db
    .selectFrom("data_exports")
    .select(["id", "user_id", "status"])
    .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "running"), eb("claimed_until", "<", now)])]))
    .orderBy("created_at")
    .limit(limit)
    .execute();

/** Takes the export if it is still free (atomic: only one instance's update matches). */
export async function claim(db: Q, id: string, now: number, until: number): Promise<boolean> {
  const r = await db
    .updateTable("data_exports")
    .set({ status: "running", claimed_until: until, progress: 0 })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "running"), eb("claimed_until", "<", now)])]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Progress and a renewed lease, only while the claim is still ours (`lease`: the claimed_until we set). */
export async function renew(db: Q, id: string, lease: number, next: number, progress: number): Promise<boolean> {
  const r = await db
    .updateTable("data_exports")
    .set({ claimed_until: next, progress })
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("claimed_until", "=", lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finish(
  db: Q,
  id: string,
  lease: number,
  set: { status: "ready" | "failed" | "queued"; progress: number; file_key?: string | null; size_bytes?: number | null; error?: string | null; finished_at: number | null; expires_at?: number | null },
): Promise<boolean> {
  const r = await db
    .updateTable("data_exports")
    .set({ ...set, claimed_until: null })
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("claimed_until", "=", lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ready exports past their time: marked expired (file key kept until the file is gone). */
export const dueToExpire = (db: Q, now: number) =>
  db.selectFrom("data_exports").select(["id", "user_id", "file_key"]).where("status", "=", "ready").where("expires_at", "<=", now).limit(500).execute();

export const markExpired = (db: Q, id: string) =>
  db.updateTable("data_exports").set({ status: "expired", file_key: null }).where("id", "=", id).where("status", "=", "ready").execute();

export const fileKeysOf = (db: Q, userId: string) =>
  db.selectFrom("data_exports").select(["id", "file_key"]).where("user_id", "=", userId).where("file_key", "is not", null).execute();

export const deleteRowsOf = (db: Q, userId: string) => db.deleteFrom("data_exports").where("user_id", "=", userId).execute();

// ---- The person's own content -------------------------------------------------------------

export const userRow = (db: Q, userId: string) => db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();

export const avatarsOf = (db: Q, userId: string) =>
  db.selectFrom("avatars").select(["media_id", "created_at"]).where("user_id", "=", userId).orderBy("created_at").execute();

/** Media rows (any owner; callers only pass ids that are the person's own uploads or attached to their things). */
export const mediaRows = (db: Q, ids: readonly string[]) =>
  ids.length ? db.selectFrom("media").select(["id", "owner_id", "purpose", "variants", "created_at"]).where("id", "in", [...ids]).execute() : Promise.resolve([]);

export const postsPage = (db: Q, userId: string, afterId: number, limit: number) =>
  db.selectFrom("posts").selectAll().where("author_id", "=", userId).where("id", ">", afterId).orderBy("id").limit(limit).execute();

export const tagsOf = (db: Q, postIds: readonly number[]) =>
  postIds.length ? db.selectFrom("post_tags").select(["post_id", "tag"]).where("post_id", "in", [...postIds]).execute() : Promise.resolve([]);

export const postImagesOf = (db: Q, postIds: readonly number[]) =>
  postIds.length
    ? db.selectFrom("post_images").select(["post_id", "position", "media_id"]).where("post_id", "in", [...postIds]).orderBy("post_id").orderBy("position").execute()
    : Promise.resolve([]);

export const commentsPage = (db: Q, userId: string, afterId: number, limit: number) =>
  db.selectFrom("comments").select(["id", "post_id", "body", "created_at", "hidden_at"]).where("author_id", "=", userId).where("id", ">", afterId).orderBy("id").limit(limit).execute();

export const albumsOf = (db: Q, userId: string) => db.selectFrom("albums").selectAll().where("owner_id", "=", userId).orderBy("created_at").execute();

export const photosOf = (db: Q, albumId: string) =>
  db.selectFrom("album_photos").select(["id", "media_id", "caption", "position", "created_at"]).where("album_id", "=", albumId).orderBy("position").execute();

export const relationsOf = (db: Q, userId: string) =>
  db
    .selectFrom("relations")
    .select(["user_a", "user_b", "status", "requested_by", "created_at", "updated_at"])
    .where((eb) => eb.or([eb("user_a", "=", userId), eb("user_b", "=", userId)]))
    .orderBy("created_at")
    .execute();

/** Public names of people (for the friends list). */
export const peopleByIds = (db: Q, ids: readonly string[]) =>
  ids.length ? db.selectFrom("users").select(["id", "username", "first_name", "last_name"]).where("id", "in", [...ids]).execute() : Promise.resolve([]);

export const blocksBy = (db: Q, userId: string) =>
  db
    .selectFrom("blocks as b")
    .innerJoin("users as u", "u.id", "b.blocked_id")
    .select(["b.created_at", "u.id", "u.username", "u.first_name", "u.last_name"])
    .where("b.blocker_id", "=", userId)
    .orderBy("b.created_at")
    .execute();

/** The person's own text messages (not deleted), with their chat, in id order. */
export const myMessagesPage = (db: Q, userId: string, afterId: number, limit: number) =>
  db
    .selectFrom("messages as m")
    .innerJoin("chats as c", "c.id", "m.chat_id")
    .select(["m.id", "m.chat_id", "m.body", "m.created_at", "m.edited_at", "m.image_count", "c.kind as chat_kind", "c.name as chat_name"])
    .where("m.author_id", "=", userId)
    .where("m.kind", "=", "text")
    .where("m.deleted_at", "is", null)
    .where("m.id", ">", afterId)
    .orderBy("m.id")
    .limit(limit)
    .execute();

export const messageImagesOf = (db: Q, messageIds: readonly number[]) =>
  messageIds.length
    ? db.selectFrom("message_images").select(["message_id", "position", "media_id"]).where("message_id", "in", [...messageIds]).orderBy("message_id").orderBy("position").execute()
    : Promise.resolve([]);

/** For personal chats: the other member (the chat has no name of its own). */
export const otherMembers = (db: Q, chatIds: readonly string[], userId: string) =>
  chatIds.length
    ? db
        .selectFrom("chat_members as cm")
        .innerJoin("users as u", "u.id", "cm.user_id")
        .select(["cm.chat_id", "u.username"])
        .where("cm.chat_id", "in", [...chatIds])
        .where("cm.user_id", "!=", userId)
        .execute()
    : Promise.resolve([]);

/** How many things the archive will hold (for the progress bar). */
export async function counts(db: Q, userId: string) {
  const one = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const [posts, postImages, albumPhotos, messageImages, avatars] = await Promise.all([
    one(db.selectFrom("posts").select((eb) => eb.fn.countAll<number>().as("n")).where("author_id", "=", userId).executeTakeFirst()),
    one(
      db
        .selectFrom("post_images as pi")
        .innerJoin("posts as p", "p.id", "pi.post_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("p.author_id", "=", userId)
        .executeTakeFirst(),
    ),
    one(
      db
        .selectFrom("album_photos as ap")
        .innerJoin("albums as a", "a.id", "ap.album_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("a.owner_id", "=", userId)
        .executeTakeFirst(),
    ),
    one(
      db
        .selectFrom("message_images as mi")
        .innerJoin("messages as m", "m.id", "mi.message_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("m.author_id", "=", userId)
        .where("m.deleted_at", "is", null)
        .executeTakeFirst(),
    ),
    one(db.selectFrom("avatars").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).executeTakeFirst()),
  ]);
  return { posts, images: postImages + albumPhotos + messageImages + avatars };
}
