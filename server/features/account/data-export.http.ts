/**
 * GET /api/exports/<id>/download: the archive, streamed, to its signed-in owner while it is ready
 * and unexpired. Everyone else — signed out, another person, an unknown id, an expired one — gets
 * the same 404 (whether an export exists is nobody else's business).
 */
import { Hono } from "hono";
import type { HonoEnv } from "../../app.ts";
import type { AppDeps } from "../../deps.ts";
import { errorResponse } from "../media/media.http.ts";

const safeName = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");

export function exportDownloadRoutes(deps: AppDeps) {
  const app = new Hono<HonoEnv>();
  app.get("/:id/download", async (c) => {
    const notFound = () => errorResponse("NOT_FOUND", "dataExport.notFound");
    const { auth } = deps.services;
    const signedIn = await auth.authenticate(auth.readToken(c.req.header("cookie") ?? null));
    if (!signedIn) return notFound();
    const opened = await deps.services.dataExports.openDownload(signedIn.user.id, c.req.param("id"));
    if (!opened) return notFound();
    const date = new Date(opened.finishedAt).toISOString().slice(0, 10);
    const headers = new Headers({
      "Content-Type": "application/zip",
      "Content-Length": String(opened.size),
      "Content-Disposition": `attachment; filename="world-it-${safeName(opened.username)}-${date}.zip"`,
      "Cache-Control": "private, no-store",
    });
    if (signedIn.refreshCookie) headers.append("Set-Cookie", signedIn.refreshCookie);
    return new Response(opened.file, { status: 200, headers });
  });
  return app;
}
