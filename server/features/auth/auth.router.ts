import {
  emailOnlyInput,
  registerInput,
  resetPasswordInput,
  sessionIdInput,
  signInInput,
  verifyEmailInput,
} from "../../../shared/auth.ts";
import { secondFactorInput } from "../../../shared/security.ts";
import { authedProcedure, publicProcedure, router } from "../../trpc/init.ts";

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.auth?.user ?? null),

  register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
    const { answer, cookies } = await ctx.deps.services.auth.register(input, ctx.meta);
    cookies.forEach(ctx.setCookie);
    return answer;
  }),

  resendCode: publicProcedure
    .input(emailOnlyInput)
    .mutation(({ ctx, input }) => ctx.deps.services.auth.resendCode(input, ctx.meta)),

  verifyEmail: publicProcedure.input(verifyEmailInput).mutation(async ({ ctx, input }) => {
    const { user, cookies } = await ctx.deps.services.auth.verifyEmail(input, ctx.meta);
    cookies.forEach(ctx.setCookie);
    return { user };
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const { result, cookies } = await ctx.deps.services.auth.signIn(input, ctx.meta);
    cookies.forEach(ctx.setCookie);
    return result;
  }),

  /** Finishes a two-factor sign-in: the ticket signIn handed out and a TOTP or recovery code. */
  secondFactor: publicProcedure.input(secondFactorInput).mutation(async ({ ctx, input }) => {
    const { result, cookies } = await ctx.deps.services.totp.signInWithCode(input, ctx.meta);
    cookies.forEach(ctx.setCookie);
    return result;
  }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.deps.services.auth.signOut(ctx.auth);
    ctx.setCookie(ctx.deps.services.auth.blankCookie());
    return { ok: true as const };
  }),

  sessions: authedProcedure.query(({ ctx }) => ctx.deps.services.auth.listSessions(ctx.auth)),

  revokeSession: authedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.auth.revokeSession(ctx.auth, input.id);
    if (input.id === ctx.auth.sessionId) ctx.setCookie(ctx.deps.services.auth.blankCookie());
    return { ok: true as const };
  }),

  revokeOtherSessions: authedProcedure.mutation(async ({ ctx }) => ({
    revoked: await ctx.deps.services.auth.revokeOtherSessions(ctx.auth),
  })),

  requestPasswordReset: publicProcedure.input(emailOnlyInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.auth.requestPasswordReset(input, ctx.meta);
    return { ok: true as const };
  }),

  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    const { cookies } = await ctx.deps.services.auth.resetPassword(input, ctx.meta);
    cookies.forEach(ctx.setCookie);
    return { ok: true as const };
  }),
});
