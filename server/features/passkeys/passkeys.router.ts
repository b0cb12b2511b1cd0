/** passkeys.* (#17): the signed-in person's passkeys, and signing in with one (passwordless or as the second factor). */
import {
  passkeyIdInput,
  passkeySignInInput,
  registerOptionsInput,
  registerPasskeyInput,
  renamePasskeyInput,
  signInOptionsInput,
} from "../../../shared/passkeys.ts";
import { authedProcedure, publicProcedure, router } from "../../trpc/init.ts";

export const passkeysRouter = router({
  list: authedProcedure.query(({ ctx }) => ctx.deps.services.passkeys.list(ctx.auth)),

  registerOptions: authedProcedure
    .input(registerOptionsInput)
    .mutation(({ ctx, input }) => ctx.deps.services.passkeys.registerOptions(ctx.auth, input)),

  register: authedProcedure.input(registerPasskeyInput).mutation(({ ctx, input }) => ctx.deps.services.passkeys.register(ctx.auth, input)),

  rename: authedProcedure.input(renamePasskeyInput).mutation(({ ctx, input }) => ctx.deps.services.passkeys.rename(ctx.auth, input)),

  remove: authedProcedure.input(passkeyIdInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.services.passkeys.remove(ctx.auth, input);
    return { ok: true as const };
  }),

  signInOptions: publicProcedure
    .input(signInOptionsInput)
    .mutation(({ ctx, input }) => ctx.deps.services.passkeys.signInOptions(input, ctx.meta)),

  signIn: publicProcedure.input(passkeySignInInput).mutation(async ({ ctx, input }) => {
    const { result, cookies } = await ctx.deps.services.passkeys.signIn(input, ctx.meta);
    cookies.forEach(ctx.setCookie);
    return result;
  }),
});
