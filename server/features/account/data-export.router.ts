/** "Download my data" (#17): start an export and follow it; the archive itself is GET /api/exports/<id>/download (data-export.http.ts). */
import { authedProcedure, router } from "../../trpc/init.ts";

export const dataExportRouter = router({
  /** Starts an export (CONFLICT dataExport.alreadyRunning while one is queued or running; a few a day). */
  start: authedProcedure.mutation(({ ctx }) => ctx.deps.services.dataExports.request(ctx.auth.user.id)),
  /** My newest export (with its download path while it is ready), or null. */
  latest: authedProcedure.query(({ ctx }) => ctx.deps.services.dataExports.latest(ctx.auth.user.id)),
});
