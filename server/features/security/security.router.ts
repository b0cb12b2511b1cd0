/** Two-factor sign-in settings (#17); finishing a sign-in with a code is auth.secondFactor. */
import { totpBeginInput, totpConfirmInput, totpEnableInput } from "../../../shared/security.ts";
import { authedProcedure, router } from "../../trpc/init.ts";

export const securityRouter = router({
  status: authedProcedure.query(({ ctx }) => ctx.deps.services.totp.status(ctx.auth)),

  totpBegin: authedProcedure.input(totpBeginInput).mutation(({ ctx, input }) => ctx.deps.services.totp.begin(ctx.auth, input)),

  totpEnable: authedProcedure.input(totpEnableInput).mutation(({ ctx, input }) => ctx.deps.services.totp.enable(ctx.auth, input)),

  totpDisable: authedProcedure.input(totpConfirmInput).mutation(({ ctx, input }) => ctx.deps.services.totp.disable(ctx.auth, input)),

  recoveryCodesRenew: authedProcedure
    .input(totpConfirmInput)
    .mutation(({ ctx, input }) => ctx.deps.services.totp.renewRecoveryCodes(ctx.auth, input)),
});
