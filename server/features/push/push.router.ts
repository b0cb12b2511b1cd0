/** Web push (issue 15): the VAPID key for pushManager.subscribe, and this device's subscription. */
import { pushEndpointInput, pushSubscribeInput } from "../../../shared/push.ts";
import { authedProcedure, router } from "../../trpc/init.ts";

export const pushRouter = router({
  /** The application server key browsers subscribe with (base64url, 65 bytes). */
  publicKey: authedProcedure.query(({ ctx }) => ctx.deps.services.push.publicKey()),
  /** This device gets my notifications (again: its preview setting and language are updated). */
  subscribe: authedProcedure
    .input(pushSubscribeInput)
    .mutation(({ ctx, input }) => ctx.deps.services.push.subscribe({ userId: ctx.auth.user.id, sessionId: ctx.auth.sessionId }, input)),
  unsubscribe: authedProcedure.input(pushEndpointInput).mutation(({ ctx, input }) => ctx.deps.services.push.unsubscribe(ctx.auth.user.id, input.endpoint)),
  /** Whether this device (its endpoint) is subscribed for me, and whether it shows message text. */
  device: authedProcedure.input(pushEndpointInput).query(({ ctx, input }) => ctx.deps.services.push.device(ctx.auth.user.id, input.endpoint)),
});
