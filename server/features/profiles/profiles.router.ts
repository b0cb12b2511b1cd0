import {
  changePasswordInput,
  confirmEmailChangeInput,
  mediaRefInput,
  requestEmailChangeInput,
  updateProfileInput,
  usernameInput,
} from "../../../shared/profiles.ts";
import { authedProcedure, publicProcedure, router } from "../../trpc/init.ts";

export const profilesRouter = router({
  byUsername: publicProcedure
    .input(usernameInput)
    .query(({ ctx, input }) => ctx.deps.services.profiles.byUsername(input.username, ctx.auth?.user.id ?? null, ctx.auth?.user.role ?? "member")),
});

export const settingsRouter = router({
  get: authedProcedure.query(({ ctx }) => ctx.deps.services.settings.get(ctx.auth)),
  update: authedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => ctx.deps.services.settings.update(ctx.auth, input)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(async ({ ctx, input }) => ({ ok: true as const, ...(await ctx.deps.services.settings.changePassword(ctx.auth, input)) })),
  requestEmailChange: authedProcedure
    .input(requestEmailChangeInput)
    .mutation(({ ctx, input }) => ctx.deps.services.settings.requestEmailChange(ctx.auth, input)),
  confirmEmailChange: authedProcedure
    .input(confirmEmailChangeInput)
    .mutation(({ ctx, input }) => ctx.deps.services.settings.confirmEmailChange(ctx.auth, input)),
  cancelEmailChange: authedProcedure.mutation(({ ctx }) => ctx.deps.services.settings.cancelEmailChange(ctx.auth)),
});

export const avatarsRouter = router({
  list: authedProcedure.query(({ ctx }) => ctx.deps.services.profiles.listAvatars(ctx.auth)),
  add: authedProcedure.input(mediaRefInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.profiles.addAvatar(ctx.auth, input.mediaId);
    return { ok: true as const };
  }),
  setActive: authedProcedure.input(mediaRefInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.profiles.setActiveAvatar(ctx.auth, input.mediaId);
    return { ok: true as const };
  }),
  remove: authedProcedure.input(mediaRefInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.profiles.removeAvatar(ctx.auth, input.mediaId);
    return { ok: true as const };
  }),
});

export const signatureRouter = router({
  set: authedProcedure.input(mediaRefInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.profiles.setSignature(ctx.auth, input.mediaId);
    return { ok: true as const };
  }),
  remove: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.deps.services.profiles.removeSignature(ctx.auth);
    return { ok: true as const };
  }),
});
