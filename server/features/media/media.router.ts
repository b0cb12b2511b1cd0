import { authedProcedure, router } from "../../trpc/init.ts";

/** Uploads go through POST /api/media (raw bytes); tRPC carries the rest. */
export const mediaRouter = router({
  /** How much of the person's storage quota their images use. */
  usage: authedProcedure.query(({ ctx }) => ctx.deps.services.media.usage(ctx.auth.user.id)),
});
