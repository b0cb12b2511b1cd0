/**
 * Posts: write, edit, delete, read (feed, a tag's, a person's), like, count views. Every write:
 * validated input (router, shared/posts.ts) → rate limit → authorise → transaction → commit →
 * publish (post:<id> for those who have the post on screen, `feed` for "new posts").
 */
import type { Kysely } from "kysely";
import type { MediaInfo } from "../../../shared/media.ts";
import { POST_LIMITS, type FeedPage, type Post } from "../../../shared/posts.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { BadRequestError, ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import type { Notify } from "../notifications/notifications.service.ts";
import { contentVisible } from "../moderation/visibility.ts";
import * as comments from "./comments.repository.ts";
import { enforceNewAccountLimit } from "../moderation/new-accounts.ts";
import { newAccountPostLimits, postLimits } from "./posts.limits.ts";
import { toComment, toPerson, toPost } from "./posts.mappers.ts";
import * as repo from "./posts.repository.ts";

/** What posts need of the media service (server/features/media). */
export interface PostsMedia {
  ownedAmong(ownerId: string, mediaIds: readonly string[], purpose: "post_image"): Promise<Set<string>>;
  infoMany(ids: readonly string[]): Promise<Map<string, MediaInfo>>;
  removeMany(ids: readonly string[]): Promise<unknown>;
}

export interface PostsDeps {
  db: Kysely<Database>;
  clock: Clock;
  limiter: RateLimiter;
  hub: Hub;
  log: Logger;
  media: PostsMedia;
  notify: Notify;
}

export interface PostFields {
  title: string;
  topic: string | null;
  body: string;
  tags: string[];
  links: string[];
  imageIds: string[];
}

const LIKERS_SHOWN = 100;

export function createPostsService(deps: PostsDeps) {
  const { db, clock, limiter, hub, log, media, notify } = deps;

  /** Full posts for rows already read: tags, images, my likes and latest comments in four statements. */
  async function assemble(rows: repo.PostRow[], viewerId: string | null): Promise<Post[]> {
    const ids = rows.map((r) => Number(r.id));
    const [tags, images, liked, latest] = await Promise.all([
      repo.tagsOf(db, ids),
      repo.imagesOf(db, ids),
      repo.likedAmong(db, viewerId, ids),
      comments.latestComments(db, ids, POST_LIMITS.latestComments, { viewerId, now: clock() }),
    ]);
    const infos = images.length ? await media.infoMany(images.map((i) => i.media_id)) : new Map<string, MediaInfo>();
    const group = <T extends { post_id: number | string }>(list: T[]) => {
      const map = new Map<number, T[]>();
      for (const item of list) {
        const key = Number(item.post_id);
        (map.get(key) ?? map.set(key, []).get(key)!).push(item);
      }
      return map;
    };
    const tagsBy = group(tags);
    const imagesBy = group(images);
    const commentsBy = group(latest);
    return rows.map((row) => {
      const id = Number(row.id);
      return toPost(row, {
        tags: (tagsBy.get(id) ?? []).map((t) => t.tag),
        images: (imagesBy.get(id) ?? []).flatMap((i) => infos.get(i.media_id) ?? []),
        liked: liked.has(id),
        latestComments: (commentsBy.get(id) ?? []).map(toComment).sort((a, b) => a.id - b.id),
      });
    });
  }

  async function one(id: number, viewerId: string | null): Promise<Post> {
    const row = await repo.postById(db, id);
    if (!row) throw new NotFoundError("posts.notFound");
    // Hidden posts and a suspended person's: NOT_FOUND to everyone else, as if gone.
    if (!contentVisible(row, viewerId, clock())) throw new NotFoundError("posts.notFound");
    return (await assemble([row], viewerId))[0]!;
  }

  /** Whether someone may see (like, comment on, list the likers of) the post. */
  async function visibleTo(postId: number, viewerId: string | null, q: repo.Q = db): Promise<boolean> {
    const row = await repo.postVisibility(q, postId);
    return row !== undefined && contentVisible(row, viewerId, clock());
  }

  /** Each image must be the author's own post_image, not in another post; else a field error. */
  async function checkImages(authorId: string, imageIds: string[], postId: number | null) {
    const bad = (reason: string) => new BadRequestError(reason, { fieldErrors: { imageIds: [reason] } });
    if (imageIds.length === 0) return;
    const owned = await media.ownedAmong(authorId, imageIds, "post_image");
    if (imageIds.some((id) => !owned.has(id))) throw bad("posts.imageNotYours");
    if ((await repo.imagesInOtherPosts(db, imageIds, postId)).size > 0) throw bad("posts.imageInOtherPost");
  }

  async function mine(userId: string, postId: number) {
    const owner = await repo.postOwner(db, postId);
    if (!owner) throw new NotFoundError("posts.notFound");
    if (owner.author_id !== userId) throw new ForbiddenError("posts.notYourPost");
    return owner;
  }

  /** Removes the files of images no post shows any more (after the commit that dropped them). */
  async function dropImages(mediaIds: string[], postId: number) {
    if (!mediaIds.length) return;
    try {
      await media.removeMany(mediaIds);
    } catch (error) {
      log.error("post images not removed", { postId, mediaIds, error });
    }
  }

  return {
    async create(authorId: string, input: PostFields): Promise<Post> {
      await enforce(limiter, postLimits.create, authorId);
      await enforceNewAccountLimit(deps, newAccountPostLimits.create, authorId);
      await checkImages(authorId, input.imageIds, null);
      const now = clock();
      const id = await db.transaction().execute(async (trx) => {
        const postId = await repo.insertPost(trx, {
          author_id: authorId,
          title: input.title,
          topic: input.topic,
          body: input.body,
          links: JSON.stringify(input.links),
          created_at: now,
        });
        await repo.replaceTags(trx, postId, input.tags, now);
        await repo.replaceImages(trx, postId, input.imageIds);
        return postId;
      });
      hub.publish(topics.feed, { type: "post.created", postId: id, authorId, tags: input.tags });
      return one(id, authorId);
    },

    async update(userId: string, input: PostFields & { id: number }): Promise<Post> {
      await enforce(limiter, postLimits.update, userId);
      await mine(userId, input.id);
      await checkImages(userId, input.imageIds, input.id);
      const now = clock();
      const dropped = await db.transaction().execute(async (trx) => {
        const before = (await repo.imagesOf(trx, [input.id])).map((i) => i.media_id);
        await repo.updatePost(trx, input.id, {
          title: input.title,
          topic: input.topic,
          body: input.body,
          links: JSON.stringify(input.links),
          edited_at: now,
        });
        await repo.replaceTags(trx, input.id, input.tags, now);
        await repo.replaceImages(trx, input.id, input.imageIds);
        return before.filter((m) => !input.imageIds.includes(m));
      });
      await dropImages(dropped, input.id);
      const post = await one(input.id, userId);
      hub.publish(topics.post(input.id), { type: "post.updated", post: { ...post, liked: false } });
      return post;
    },

    async remove(userId: string, postId: number): Promise<void> {
      await mine(userId, postId);
      const { images, told } = await db.transaction().execute(async (trx) => {
        const list = (await repo.imagesOf(trx, [postId])).map((i) => i.media_id);
        // Notifications about the post and its comments (mentions) go with it — after the post
        // row, in the order a like takes them (post, then notifications): no deadlock between the two.
        const subjects = [`post:${postId}`, ...(await comments.idsOf(trx, postId)).map((id) => `comment:${id}`)];
        await repo.deletePost(trx, postId);
        const told = await notify.record.removeSubjects(trx, subjects);
        return { images: list, told };
      });
      notify.changed(told);
      await dropImages(images, postId);
      const frame = { type: "post.deleted" as const, postId };
      hub.publish(topics.post(postId), frame);
      hub.publish(topics.feed, frame);
    },

    byId: (postId: number, viewerId: string | null) => one(postId, viewerId),

    /** Newest first; everyone's, a tag's or a person's. A constant number of statements per page. */
    async feed(
      viewerId: string | null,
      input: { limit: number; cursor?: string | null; tag?: string | null; authorId?: string | null; friends?: boolean },
    ): Promise<FeedPage> {
      if (input.friends && !viewerId) return { items: [], nextCursor: null };
      const rows = await repo.feedPage(db, {
        limit: input.limit + 1,
        beforeId: input.cursor ? Number(input.cursor) : null,
        tag: input.tag ?? null,
        authorId: input.authorId ?? null,
        friendsOf: input.friends ? viewerId : null,
        viewerId,
        now: clock(),
      });
      const page = rows.slice(0, input.limit);
      const items = await assemble(page, viewerId);
      return { items, nextCursor: rows.length > input.limit ? String(page.at(-1)!.id) : null };
    },

    async like(userId: string, postId: number, on: boolean): Promise<{ likes: number; liked: boolean }> {
      await enforce(limiter, postLimits.like, userId);
      const { changed, likes, told } = await db.transaction().execute(async (trx) => {
        const owner = await repo.postVisibility(trx, postId);
        if (!owner || (on && !contentVisible(owner, userId, clock()))) throw new NotFoundError("posts.notFound");
        const moved = await repo.setLike(trx, postId, userId, on, clock());
        const counters = await repo.countersOf(trx, postId);
        // The author's bell: a like adds me to "… liked your post", an unlike takes me off it.
        const like = { userId: owner.author_id, kind: "like", subjectKey: `post:${postId}`, actorId: userId };
        const told = moved ? await (on ? notify.record.add(trx, like) : notify.record.remove(trx, like)) : null;
        return { changed: moved, likes: Number(counters?.likes_count ?? 0), told };
      });
      notify.changed([told]);
      if (changed) hub.publish(topics.post(postId), { type: "post.likes", postId, likes });
      return { likes, liked: on };
    },

    async likers(postId: number, viewerId: string | null) {
      if (!(await visibleTo(postId, viewerId))) throw new NotFoundError("posts.notFound");
      return (await repo.likers(db, postId, LIKERS_SHOWN)).map(toPerson);
    },

    /** Counts each post once per person (never the author's own view); unknown ids are ignored. */
    async markViewed(userId: string, postIds: number[]): Promise<{ counted: number }> {
      await enforce(limiter, postLimits.markViewed, userId);
      const ids = [...new Set(postIds)];
      const moved = await db.transaction().execute((trx) => repo.addViews(trx, userId, ids, clock()));
      for (const { id, views } of moved) hub.publish(topics.post(id), { type: "post.views", postId: id, views });
      return { counted: moved.length };
    },
  };
}

export type PostsService = ReturnType<typeof createPostsService>;
