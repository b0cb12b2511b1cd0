/**
 * Comments under posts: read in pages (newest first), write (signed in), delete — my own, or any
 * under my post. The post's counter moves in the same transaction; after commit the post's
 * watchers get the comment and the post's author a badge frame (for comments by others).
 */
import type { Kysely } from "kysely";
import type { CommentsPage, Comment } from "../../../shared/posts.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { canInteract } from "../friends/social-policy.ts";
import type { Notify } from "../notifications/notifications.service.ts";
import { contentVisible } from "../moderation/visibility.ts";
import * as repo from "./comments.repository.ts";
import { enforceNotRepeated } from "../../lib/repeats.ts";
import { enforceNewAccountLimit } from "../moderation/new-accounts.ts";
import { newAccountPostLimits, postLimits } from "./posts.limits.ts";
import { toComment } from "./posts.mappers.ts";
import * as posts from "./posts.repository.ts";

export function createCommentsService(deps: { db: Kysely<Database>; clock: Clock; limiter: RateLimiter; hub: Hub; notify: Notify }) {
  const { db, clock, limiter, hub, notify } = deps;

  return {
    async list(input: { postId: number; cursor?: string | null; limit: number }, viewerId: string | null = null): Promise<CommentsPage> {
      const now = clock();
      const post = await posts.postVisibility(db, input.postId);
      if (!post || !contentVisible(post, viewerId, now)) throw new NotFoundError("posts.notFound");
      const rows = await repo.commentsPage(db, input.postId, input.cursor ? Number(input.cursor) : null, input.limit + 1, { viewerId, now });
      const page = rows.slice(0, input.limit);
      return {
        items: page.map(toComment),
        nextCursor: rows.length > input.limit ? String(page.at(-1)!.id) : null,
        total: Number(post.comments_count),
      };
    },

    async create(authorId: string, input: { postId: number; body: string }): Promise<Comment> {
      await enforce(limiter, postLimits.comment, authorId);
      await enforceNewAccountLimit(deps, newAccountPostLimits.comment, authorId);
      await enforceNotRepeated(limiter, postLimits.repeatedComment, authorId, input.body, "posts.repeatedComment");
      const { comment, total, postAuthor, title, told } = await db.transaction().execute(async (trx) => {
        // The post row carries what visibility needs (hidden_at, the author's suspended_until).
        const post = await posts.postById(trx, input.postId);
        if (!post || !contentVisible(post, authorId, clock())) throw new NotFoundError("posts.notFound");
        if (!(await canInteract(trx, authorId, post.author_id))) throw new ForbiddenError("posts.commentBlocked");
        const id = await repo.insertComment(trx, { post_id: input.postId, author_id: authorId, body: input.body, created_at: clock() });
        await posts.bump(trx, input.postId, "comments_count", 1);
        const row = (await repo.commentById(trx, id))!;
        // The author's bell ("… commented on your post"), and everyone @mentioned but the author.
        const told = [
          await notify.record.add(trx, { userId: post.author_id, kind: "comment", subjectKey: `post:${input.postId}`, actorId: authorId, ref: String(id) }),
          ...(await notify.record.mentions(trx, input.body, { kind: "mention", subjectKey: `comment:${id}`, actorId: authorId }, [post.author_id])),
        ];
        return { comment: toComment(row), total: Number(post.comments_count) + 1, postAuthor: post.author_id, title: post.title, told };
      });
      notify.changed(told);
      hub.publish(topics.post(input.postId), { type: "comment.created", comment, comments: total });
      if (postAuthor !== authorId) {
        hub.publish(topics.user(postAuthor), { type: "post.commented", postId: input.postId, title, comment });
      }
      return comment;
    },

    async remove(userId: string, commentId: number): Promise<void> {
      await enforce(limiter, postLimits.removeComment, userId);
      const done = await db.transaction().execute(async (trx) => {
        const comment = await repo.commentById(trx, commentId);
        if (!comment) throw new NotFoundError("comments.notFound");
        const postId = Number(comment.post_id);
        const post = await posts.postOwner(trx, postId);
        if (comment.author_id !== userId && post?.author_id !== userId) throw new ForbiddenError("comments.notYours");
        const deleted = await repo.deleteComment(trx, commentId);
        if (!deleted) return null;
        // A hidden comment left the count when it was hidden.
        if (!deleted.hidden) await posts.bump(trx, postId, "comments_count", -1);
        // Its notifications go with it: off the author's "… commented", and its mentions.
        const told = [
          post ? await notify.record.remove(trx, { userId: post.author_id, kind: "comment", subjectKey: `post:${postId}`, actorId: comment.author_id, ref: String(commentId) }) : null,
          ...(await notify.record.removeSubjects(trx, [`comment:${commentId}`])),
        ];
        return { postId, comments: Number((await posts.countersOf(trx, postId))?.comments_count ?? 0), told };
      });
      if (done === null) return;
      notify.changed(done.told);
      hub.publish(topics.post(done.postId), { type: "comment.deleted", postId: done.postId, commentId, comments: done.comments });
    },
  };
}

export type CommentsService = ReturnType<typeof createCommentsService>;
