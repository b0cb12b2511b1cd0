/** The bell's procedures (names fixed by issue #19). */
import { markSeenInput, notificationSettingsSchema, notificationsListInput } from "../../../shared/notifications.ts";
import { authedProcedure, router } from "../../trpc/init.ts";

export const notificationsRouter = router({
  /** Newest first, grouped ("Olena and 3 others liked your post"), keyset-paged; with the unseen count. */
  list: authedProcedure.input(notificationsListInput).query(({ ctx, input }) => ctx.deps.services.notifications.list(ctx.auth.user.id, input)),
  unseenCount: authedProcedure.query(async ({ ctx }) => ({ unseen: await ctx.deps.services.notifications.unseenCount(ctx.auth.user.id) })),
  /** Everything up to `upTo` (an entry's id; default: all) is seen. */
  markSeen: authedProcedure.input(markSeenInput).mutation(({ ctx, input }) => ctx.deps.services.notifications.markSeen(ctx.auth.user.id, input.upTo)),
  settings: authedProcedure.query(({ ctx }) => ctx.deps.services.notifications.settings(ctx.auth.user.id)),
  updateSettings: authedProcedure
    .input(notificationSettingsSchema)
    .mutation(({ ctx, input }) => ctx.deps.services.notifications.updateSettings(ctx.auth.user.id, input)),
});
