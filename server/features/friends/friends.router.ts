/** The social graph's procedures (contracts in shared/friends.ts; the names are fixed by issue #11). */
import {
  createReportInput,
  followersInput,
  friendRequestsInput,
  friendsListInput,
  peopleSearchInput,
  privacySchema,
  recommendationsInput,
  userIdInput,
} from "../../../shared/friends.ts";
import { authedProcedure, publicProcedure, router } from "../../trpc/init.ts";

const ok = { ok: true as const };

export const friendsRouter = router({
  request: authedProcedure.input(userIdInput).mutation(({ ctx, input }) => ctx.deps.services.friends.request(ctx.auth.user.id, input.userId)),
  cancel: authedProcedure.input(userIdInput).mutation(({ ctx, input }) => ctx.deps.services.friends.cancel(ctx.auth.user.id, input.userId)),
  accept: authedProcedure.input(userIdInput).mutation(({ ctx, input }) => ctx.deps.services.friends.accept(ctx.auth.user.id, input.userId)),
  decline: authedProcedure.input(userIdInput).mutation(({ ctx, input }) => ctx.deps.services.friends.decline(ctx.auth.user.id, input.userId)),
  remove: authedProcedure.input(userIdInput).mutation(({ ctx, input }) => ctx.deps.services.friends.remove(ctx.auth.user.id, input.userId)),
  dismiss: authedProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.friends.dismiss(ctx.auth.user.id, input.userId);
    return ok;
  }),
  status: authedProcedure.input(userIdInput).query(({ ctx, input }) => ctx.deps.services.friends.status(ctx.auth.user.id, input.userId)),
  /** A person's friends (mine without userId); guests may look where the owner allows everyone. */
  list: publicProcedure.input(friendsListInput).query(({ ctx, input }) => ctx.deps.services.friends.list(ctx.auth?.user.id ?? null, input)),
  requests: authedProcedure.input(friendRequestsInput).query(({ ctx, input }) => ctx.deps.services.friends.requests(ctx.auth.user.id, input)),
  followers: authedProcedure.input(followersInput).query(({ ctx, input }) => ctx.deps.services.friends.followers(ctx.auth.user.id, input)),
  recommendations: authedProcedure
    .input(recommendationsInput)
    .query(({ ctx, input }) => ctx.deps.services.recommendations.list(ctx.auth.user.id, input)),
  /** My badge and counters: received and sent requests, friends. */
  counts: authedProcedure.query(({ ctx }) => ctx.deps.services.friends.counts(ctx.auth.user.id)),
});

export const peopleRouter = router({
  search: authedProcedure.input(peopleSearchInput).query(({ ctx, input }) => ctx.deps.services.friends.search(ctx.auth.user.id, input)),
  /** What a profile or a personal chat shows between me and someone: status, may I message them, see their friends. */
  relation: authedProcedure.input(userIdInput).query(({ ctx, input }) => ctx.deps.services.friends.relation(ctx.auth.user.id, input.userId)),
});

export const blocksRouter = router({
  add: authedProcedure.input(userIdInput).mutation(({ ctx, input }) => ctx.deps.services.friends.block(ctx.auth.user.id, input.userId)),
  remove: authedProcedure.input(userIdInput).mutation(({ ctx, input }) => ctx.deps.services.friends.unblock(ctx.auth.user.id, input.userId)),
  list: authedProcedure.query(({ ctx }) => ctx.deps.services.friends.blocked(ctx.auth.user.id)),
});

export const reportsRouter = router({
  create: authedProcedure.input(createReportInput).mutation(({ ctx, input }) => ctx.deps.services.reports.create(ctx.auth.user.id, input)),
});

export const privacyRouter = router({
  get: authedProcedure.query(({ ctx }) => ctx.deps.services.friends.privacy(ctx.auth.user.id)),
  update: authedProcedure.input(privacySchema).mutation(({ ctx, input }) => ctx.deps.services.friends.setPrivacy(ctx.auth.user.id, input)),
});
