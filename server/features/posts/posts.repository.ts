/**
 * All SQL of posts, tags, likes and views. First argument: db or trx. A feed page is a constant
 * number of statements whatever its length: the posts with their authors, then the tags, images,
 * my likes and the latest comments of all of them at once (comments.repository.ts).
 *
 * The reads of a feed page are hand-written SQL run through server/db/hot-sql.ts, not the query
 * builder: building and compiling them cost more CPU than SQLite spent running them (ADR 0013,
 * BENCHMARKS.md "Feed"). The texts are the ones the builder produced; writes still use it.
 */
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { Database, PostsTable, UsersTable } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;

/** A post with its author's name and avatar. */
export type PostRow = Pick<
  Selectable<PostsTable>,
  | "id"
  | "author_id"
  | "title"
  | "topic"
  | "body"
  | "links"
  | "created_at"
  | "edited_at"
  | "likes_count"
  | "views_count"
  | "comments_count"
  | "hidden_at"
  | "hidden_reason"
> &
  Pick<Selectable<UsersTable>, "username" | "first_name" | "last_name" | "avatar_media_id" | "suspended_until">;

const SELECT_POSTS =
  'select "p"."id", "p"."author_id", "p"."title", "p"."topic", "p"."body", "p"."links", "p"."created_at", "p"."edited_at", ' +
  '"p"."likes_count", "p"."views_count", "p"."comments_count", "p"."hidden_at", "p"."hidden_reason", "u"."username", "u"."first_name", "u"."last_name", "u"."avatar_media_id", "u"."suspended_until" ' +
  'from "posts" as "p" inner join "users" as "u" on "u"."id" = "p"."author_id"';

export interface FeedQuery {
  limit: number;
  /** Posts with an id below this (the previous page's last). */
  beforeId: number | null;
  tag: string | null;
  authorId: string | null;
  /** Only posts by this person and their friends (the feed's "Friends" tab). */
  friendsOf?: string | null;
  /** Who asks (sees their own hidden posts) and the time (suspensions end): moderation/visibility.ts. */
  viewerId: string | null;
  now: number;
}

/**
 * What nobody but the author sees: posts a moderator hid, and everything of a person suspended now
 * (server/features/moderation/visibility.ts says the same for a single row).
 */
const VISIBLE_POST = '("p"."hidden_at" is null or "p"."author_id" = ?) and ("u"."suspended_until" is null or "u"."suspended_until" <= ?)';

/** VISIBLE_POST for the tag's newest posts, inside the tag subquery (before its limit). */
const TAG_POST_JOIN = ' inner join "posts" as "tp" on "tp"."id" = "t"."post_id" inner join "users" as "tu" on "tu"."id" = "tp"."author_id"';
const TAG_POST_VISIBLE = ' and ("tp"."hidden_at" is null or "tp"."author_id" = ?) and ("tu"."suspended_until" is null or "tu"."suspended_until" <= ?)';

/** One page of posts, newest first, with their authors: one statement. */
export function feedPage(db: Q, q: FeedQuery): Promise<PostRow[]> {
  const where: string[] = [VISIBLE_POST];
  const params: unknown[] = [q.viewerId, q.now];
  if (q.tag !== null) {
    // The tag's newest `limit` posts first (index post_tags_tag_idx), then their rows. With an
    // author too, the limit cannot go inside: the tag's newest posts may all be someone else's.
    // The limit counts only posts the reader may see: hidden ones must not use up the page.
    const below = q.beforeId !== null ? ' and "t"."post_id" < ?' : "";
    const newest = q.authorId === null ? ' order by "t"."post_id" desc limit ?' : "";
    const shown = q.authorId === null ? TAG_POST_VISIBLE : "";
    where.push(`"p"."id" in (select "t"."post_id" from "post_tags" as "t"${shown ? TAG_POST_JOIN : ""} where "t"."tag" = ?${shown}${below}${newest})`);
    params.push(q.tag, ...(shown ? [q.viewerId, q.now] : []), ...(q.beforeId !== null ? [q.beforeId] : []), ...(q.authorId === null ? [q.limit] : []));
  }
  if (q.authorId !== null) {
    where.push('"p"."author_id" = ?');
    params.push(q.authorId);
  }
  if (q.friendsOf) {
    where.push(
      `"p"."author_id" in (select ? union all select "user_b" from "relations" where "user_a" = ? and "status" = 'friends' union all select "user_a" from "relations" where "user_b" = ? and "status" = 'friends')`,
    );
    params.push(q.friendsOf, q.friendsOf, q.friendsOf);
  }
  if (q.beforeId !== null) {
    where.push('"p"."id" < ?');
    params.push(q.beforeId);
  }
  params.push(q.limit);
  return runSql<PostRow>(db, `${SELECT_POSTS} where ${where.join(" and ")} order by "p"."id" desc limit ?`, params);
}

export const postById = async (db: Q, id: number): Promise<PostRow | undefined> =>
  (await runSql<PostRow>(db, `${SELECT_POSTS} where "p"."id" = ?`, [id]))[0];

export const postOwner = (db: Q, id: number) =>
  db.selectFrom("posts").select(["id", "author_id"]).where("id", "=", id).executeTakeFirst();

/** Who wrote the post, whether others may see it (moderation/visibility.ts contentVisible), and its comment count. */
export const postVisibility = (db: Q, id: number) =>
  db
    .selectFrom("posts as p")
    .innerJoin("users as u", "u.id", "p.author_id")
    .select(["p.id", "p.author_id", "p.hidden_at", "p.comments_count", "u.suspended_until"])
    .where("p.id", "=", id)
    .executeTakeFirst();

/** Hides or shows the post (a moderator's action); true when it changed. */
export async function setPostHidden(db: Q, id: number, hidden: { at: number; reason: string } | null): Promise<boolean> {
  let q = db
    .updateTable("posts")
    .set({ hidden_at: hidden?.at ?? null, hidden_reason: hidden?.reason ?? null })
    .where("id", "=", id);
  q = hidden ? q.where("hidden_at", "is", null) : q.where("hidden_at", "is not", null);
  return (await q.executeTakeFirst()).numUpdatedRows > 0n;
}

type PostId = Selectable<PostsTable>["id"];

export const tagsOf = async (db: Q, postIds: number[]): Promise<Array<{ post_id: PostId; tag: string }>> =>
  postIds.length === 0
    ? []
    : runSql(db, `select "post_id", "tag" from "post_tags" where "post_id" in (${placeholders(postIds.length)}) order by "tag"`, postIds);

export const imagesOf = async (db: Q, postIds: number[]): Promise<Array<{ post_id: PostId; media_id: string; position: number }>> =>
  postIds.length === 0
    ? []
    : runSql(
        db,
        `select "post_id", "media_id", "position" from "post_images" where "post_id" in (${placeholders(postIds.length)}) order by "post_id", "position"`,
        postIds,
      );

export async function likedAmong(db: Q, userId: string | null, postIds: number[]): Promise<Set<number>> {
  if (!userId || postIds.length === 0) return new Set();
  const rows = await runSql<{ post_id: PostId }>(
    db,
    `select "post_id" from "post_likes" where "user_id" = ? and "post_id" in (${placeholders(postIds.length)})`,
    [userId, ...postIds],
  );
  return new Set(rows.map((r) => Number(r.post_id)));
}

// ── writes ───────────────────────────────────────────────────────────────────
export async function insertPost(
  db: Q,
  row: { author_id: string; title: string; topic: string | null; body: string; links: string; created_at: number },
): Promise<number> {
  const inserted = await db.insertInto("posts").values(row).returning("id").executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const updatePost = (
  db: Q,
  id: number,
  fields: { title: string; topic: string | null; body: string; links: string; edited_at: number },
) => db.updateTable("posts").set(fields).where("id", "=", id).execute();

/** Deletes a post (its tags, images, likes, views and comments go by cascade) and its share of its author's tag counts. */
export async function deletePost(db: Q, id: number): Promise<void> {
  const post = await postOwner(db, id);
  if (!post) return;
  await countPersonTags(db, post.author_id, await tagsOfPost(db, id), -1);
  await db.deleteFrom("posts").where("id", "=", id).execute();
}

const tagsOfPost = async (db: Q, postId: number) =>
  (await db.selectFrom("post_tags").select("tag").where("post_id", "=", postId).execute()).map((r) => r.tag);

/** Moves the author's per-tag post counts (person_tags) by `by` for each tag; a count at 0 goes. */
async function countPersonTags(db: Q, authorId: string, tags: string[], by: 1 | -1): Promise<void> {
  if (!tags.length) return;
  if (by > 0) {
    await db
      .insertInto("person_tags")
      .values(tags.map((tag) => ({ user_id: authorId, tag, posts: 1 })))
      .onConflict((oc) => oc.columns(["user_id", "tag"]).doUpdateSet((eb) => ({ posts: eb("person_tags.posts", "+", 1) })))
      .execute();
    return;
  }
  await db.updateTable("person_tags").set((eb) => ({ posts: eb("posts", "-", 1) })).where("user_id", "=", authorId).where("tag", "in", tags).execute();
  await db.deleteFrom("person_tags").where("user_id", "=", authorId).where("tag", "in", tags).where("posts", "<=", 0).execute();
}

/** Sets a post's tags, and its author's per-tag counts with them (same transaction). */
export async function replaceTags(db: Q, postId: number, tags: string[], now: number) {
  const [before, post] = await Promise.all([tagsOfPost(db, postId), postOwner(db, postId)]);
  await db.deleteFrom("post_tags").where("post_id", "=", postId).execute();
  if (tags.length) {
    await db
      .insertInto("post_tags")
      .values(tags.map((tag) => ({ post_id: postId, tag, created_at: now })))
      .execute();
  }
  if (post) {
    await countPersonTags(db, post.author_id, before.filter((t) => !tags.includes(t)), -1);
    await countPersonTags(db, post.author_id, tags.filter((t) => !before.includes(t)), 1);
  }
}

export async function replaceImages(db: Q, postId: number, mediaIds: string[]) {
  await db.deleteFrom("post_images").where("post_id", "=", postId).execute();
  if (mediaIds.length) {
    await db
      .insertInto("post_images")
      .values(mediaIds.map((media_id, position) => ({ post_id: postId, position, media_id })))
      .execute();
  }
}

/** Which of these media are attached to a post other than `exceptPostId`. */
export async function imagesInOtherPosts(db: Q, mediaIds: string[], exceptPostId: number | null): Promise<Set<string>> {
  if (mediaIds.length === 0) return new Set();
  let q = db.selectFrom("post_images").select("media_id").where("media_id", "in", mediaIds);
  if (exceptPostId !== null) q = q.where("post_id", "!=", exceptPostId);
  return new Set((await q.execute()).map((r) => r.media_id));
}

/** Sets or clears my like; the counter moves only when the row did (exact under concurrency). */
export async function setLike(db: Q, postId: number, userId: string, on: boolean, now: number): Promise<boolean> {
  if (on) {
    const r = await db
      .insertInto("post_likes")
      .values({ post_id: postId, user_id: userId, created_at: now })
      .onConflict((oc) => oc.columns(["post_id", "user_id"]).doNothing())
      .executeTakeFirst();
    const changed = Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    if (changed) await bump(db, postId, "likes_count", 1);
    return changed;
  }
  const r = await db.deleteFrom("post_likes").where("post_id", "=", postId).where("user_id", "=", userId).executeTakeFirst();
  const changed = r.numDeletedRows > 0n;
  if (changed) await bump(db, postId, "likes_count", -1);
  return changed;
}

export async function bump(db: Q, postId: number, column: "likes_count" | "views_count" | "comments_count", by: number) {
  await db
    .updateTable("posts")
    .set((eb) => ({ [column]: eb(column, "+", by) }))
    .where("id", "=", postId)
    .execute();
}

export const countersOf = (db: Q, postId: number) =>
  db.selectFrom("posts").select(["likes_count", "views_count", "comments_count"]).where("id", "=", postId).executeTakeFirst();

/**
 * Records views not seen before (never the author's own) and moves their counters: three
 * statements however many posts. Returns each post whose count moved, with its count now.
 */
export async function addViews(db: Q, userId: string, postIds: number[], now: number): Promise<Array<{ id: number; views: number }>> {
  const inserted = await db
    .insertInto("post_views")
    .columns(["post_id", "user_id", "created_at"])
    .expression((eb) =>
      eb
        .selectFrom("posts")
        .select(["id", eb.val(userId).as("user_id"), eb.val(now).as("created_at")])
        .where("id", "in", postIds)
        .where("author_id", "!=", userId),
    )
    .onConflict((oc) => oc.columns(["post_id", "user_id"]).doNothing())
    .returning("post_id")
    .execute();
  const moved = inserted.map((r) => Number(r.post_id));
  if (moved.length === 0) return [];
  await db
    .updateTable("posts")
    .set((eb) => ({ views_count: eb("views_count", "+", 1) }))
    .where("id", "in", moved)
    .execute();
  const rows = await db.selectFrom("posts").select(["id", "views_count"]).where("id", "in", moved).execute();
  return rows.map((r) => ({ id: Number(r.id), views: Number(r.views_count) }));
}

export const likers = (db: Q, postId: number, limit: number) =>
  db
    .selectFrom("post_likes as l")
    .innerJoin("users as u", "u.id", "l.user_id")
    .select(["u.id", "u.username", "u.first_name", "u.last_name", "u.avatar_media_id"])
    .where("l.post_id", "=", postId)
    .orderBy("l.created_at", "desc")
    .orderBy("u.id")
    .limit(limit)
    .execute();

// ── tags ─────────────────────────────────────────────────────────────────────
/** Tags of posts everyone sees (not hidden by a moderator). */
const shownTags = (db: Q) =>
  db.selectFrom("post_tags").where(({ not, exists, selectFrom }) =>
    not(exists(selectFrom("posts").select("posts.id").whereRef("posts.id", "=", "post_tags.post_id").where("posts.hidden_at", "is not", null))),
  );

export const popularTags = (db: Q, since: number, limit: number) =>
  shownTags(db)
    .select(["tag", (eb) => eb.fn.countAll<number>().as("n")])
    .where("created_at", ">=", since)
    .groupBy("tag")
    .orderBy("n", "desc")
    .orderBy("tag")
    .limit(limit)
    .execute();

/** Existing tags starting with `prefix` (escaped for LIKE), most used first. */
export const tagsStartingWith = (db: Q, prefix: string, limit: number) =>
  shownTags(db)
    .select(["tag", (eb) => eb.fn.countAll<number>().as("n")])
    .where(sql<boolean>`tag like ${prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%"} escape '\\'`)
    .groupBy("tag")
    .orderBy("n", "desc")
    .orderBy("tag")
    .limit(limit)
    .execute();

export const countPostsOf = async (db: Q, authorId: string) =>
  Number((await runSql<{ n: number | string | bigint }>(db, 'select count(*) as "n" from "posts" where "author_id" = ? and "hidden_at" is null', [authorId]))[0]!.n);
