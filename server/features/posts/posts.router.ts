import {
  commentIdInput,
  commentsListInput,
  createCommentInput,
  createPostInput,
  feedInput,
  likeInput,
  likersInput,
  markViewedInput,
  postIdInput,
  suggestTagsInput,
  updatePostInput,
} from "../../../shared/posts.ts";
import { authedProcedure, publicProcedure, router } from "../../trpc/init.ts";

const ok = { ok: true as const };

export const postsRouter = router({
  /** Newest first, keyset-paged: everyone's, a tag's (`tag`) or a person's (`authorId`). Guests too. */
  feed: publicProcedure.input(feedInput).query(({ ctx, input }) => ctx.deps.services.posts.feed(ctx.auth?.user.id ?? null, input)),
  byId: publicProcedure.input(postIdInput).query(({ ctx, input }) => ctx.deps.services.posts.byId(input.id, ctx.auth?.user.id ?? null)),
  create: authedProcedure.input(createPostInput).mutation(({ ctx, input }) => ctx.deps.services.posts.create(ctx.auth.user.id, input)),
  update: authedProcedure.input(updatePostInput).mutation(({ ctx, input }) => ctx.deps.services.posts.update(ctx.auth.user.id, input)),
  remove: authedProcedure.input(postIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.posts.remove(ctx.auth.user.id, input.id);
    return ok;
  }),
  like: authedProcedure.input(likeInput).mutation(({ ctx, input }) => ctx.deps.services.posts.like(ctx.auth.user.id, input.postId, input.on)),
  /** Who liked a post (the most recent 100). */
  likers: publicProcedure.input(likersInput).query(({ ctx, input }) => ctx.deps.services.posts.likers(input.postId, ctx.auth?.user.id ?? null)),
  markViewed: authedProcedure
    .input(markViewedInput)
    .mutation(({ ctx, input }) => ctx.deps.services.posts.markViewed(ctx.auth.user.id, input.postIds)),
});

export const commentsRouter = router({
  list: publicProcedure.input(commentsListInput).query(({ ctx, input }) => ctx.deps.services.comments.list(input, ctx.auth?.user.id ?? null)),
  create: authedProcedure.input(createCommentInput).mutation(({ ctx, input }) => ctx.deps.services.comments.create(ctx.auth.user.id, input)),
  remove: authedProcedure.input(commentIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.comments.remove(ctx.auth.user.id, input.commentId);
    return ok;
  }),
});

export const tagsRouter = router({
  popular: publicProcedure.query(({ ctx }) => ctx.deps.services.tags.popular()),
  suggest: publicProcedure.input(suggestTagsInput).query(({ ctx, input }) => ctx.deps.services.tags.suggest(input.prefix)),
});
