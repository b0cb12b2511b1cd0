/** Moderation's procedures (contracts in shared/moderation.ts). Every role check is in the service. */
import { z } from "zod";
import { chatIdSchema } from "../../../shared/chats.ts";
import {
  clearChatInput,
  hideInput,
  logInput,
  MODERATION_LIMITS,
  reportQueueInput,
  resolveInput,
  restoreInput,
  setRoleInput,
  slowModeInput,
  suspendInput,
  unsuspendInput,
} from "../../../shared/moderation.ts";
import { multiLine } from "../../../shared/text.ts";
import { authedProcedure, router } from "../../trpc/init.ts";

const ok = { ok: true as const };
const deleteMessageInput = z.object({
  chatId: chatIdSchema,
  messageId: z.number().int().positive(),
  reason: z.string().overwrite(multiLine).trim().min(1, { error: "moderation.reasonRequired" }).max(MODERATION_LIMITS.reasonMax, { error: "moderation.reasonTooLong" }),
});

export const moderationRouter = router({
  reports: authedProcedure.input(reportQueueInput).query(({ ctx, input }) => ctx.deps.services.moderation.queue(ctx.auth.user.id, input)),
  openCount: authedProcedure.query(({ ctx }) => ctx.deps.services.moderation.openCount(ctx.auth.user.id)),
  resolve: authedProcedure.input(resolveInput).mutation(({ ctx, input }) => ctx.deps.services.moderation.resolve(ctx.auth.user.id, input)),
  hide: authedProcedure.input(hideInput).mutation(async ({ ctx, input }) => (await ctx.deps.services.moderation.hide(ctx.auth.user.id, input), ok)),
  restore: authedProcedure.input(restoreInput).mutation(async ({ ctx, input }) => (await ctx.deps.services.moderation.restore(ctx.auth.user.id, input), ok)),
  deleteMessage: authedProcedure.input(deleteMessageInput).mutation(async ({ ctx, input }) => (await ctx.deps.services.moderation.deleteMessage(ctx.auth.user.id, input), ok)),
  suspend: authedProcedure.input(suspendInput).mutation(async ({ ctx, input }) => (await ctx.deps.services.moderation.suspend(ctx.auth.user.id, input), ok)),
  unsuspend: authedProcedure.input(unsuspendInput).mutation(async ({ ctx, input }) => (await ctx.deps.services.moderation.unsuspend(ctx.auth.user.id, input), ok)),
  clearChat: authedProcedure.input(clearChatInput).mutation(async ({ ctx, input }) => (await ctx.deps.services.moderation.clearChat(ctx.auth.user.id, input), ok)),
  setSlowMode: authedProcedure.input(slowModeInput).mutation(({ ctx, input }) => ctx.deps.services.moderation.setSlowMode(ctx.auth.user.id, input)),
  setRole: authedProcedure.input(setRoleInput).mutation(async ({ ctx, input }) => (await ctx.deps.services.moderation.setRole(ctx.auth.user.id, input), ok)),
  team: authedProcedure.query(({ ctx }) => ctx.deps.services.moderation.team(ctx.auth.user.id)),
  log: authedProcedure.input(logInput).query(({ ctx, input }) => ctx.deps.services.moderation.log(ctx.auth.user.id, input)),
});
