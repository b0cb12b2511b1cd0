/** Presence settings and "Seen by" (issue 13; contracts in shared/presence.ts). Live presence travels over the websocket. */
import { presenceSettingsSchema, seenByInput } from "../../../shared/presence.ts";
import { authedProcedure, router } from "../../trpc/init.ts";

export const presenceRouter = router({
  /** My last-seen and read-receipt settings. */
  settings: authedProcedure.query(({ ctx }) => ctx.deps.services.presence.settings(ctx.auth.user.id)),
  updateSettings: authedProcedure
    .input(presenceSettingsSchema)
    .mutation(({ ctx, input }) => ctx.deps.services.presence.updateSettings(ctx.auth.user.id, input)),
  /** Members who have read a message of a chat of mine (respecting everyone's receipt settings). */
  seenBy: authedProcedure.input(seenByInput).query(({ ctx, input }) => ctx.deps.services.presence.seenBy(ctx.auth.user.id, input)),
});
