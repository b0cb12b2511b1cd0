/** Account deletion (#17): asking for it ends the session (the cookie is cleared here). */
import { requestAccountDeletionInput } from "../../../shared/account-deletion.ts";
import { authedProcedure, router } from "../../trpc/init.ts";

export const accountDeletionRouter = router({
  request: authedProcedure.input(requestAccountDeletionInput).mutation(async ({ ctx, input }) => {
    const scheduled = await ctx.deps.services.accountDeletion.request(ctx.auth, input);
    ctx.setCookie(ctx.deps.services.auth.blankCookie());
    return scheduled;
  }),
});
