/**
 * The two HTTP doors of the media pipeline (the rest of the app speaks tRPC):
 *   POST /api/media?purpose=…   raw image bytes in the body → MediaInfo (Origin checked in app.ts)
 *   GET  /media/<id>/<variant>.webp   the stored WebP, to those allowed to see it; 404 otherwise
 */
import { Hono } from "hono";
import { mediaIdSchema, mediaPurposeSchema } from "../../../shared/media.ts";
import type { HonoEnv } from "../../app.ts";
import type { AppDeps } from "../../deps.ts";
import { enforce } from "../../lib/rate-limit.ts";
import { BodyTooLargeError, domainErrorResponse, errorResponse, readBodyCapped } from "./media.http.ts";
import { mediaLimits } from "./media.limits.ts";

const YEAR_SECONDS = 31_536_000;
/** Private images: the browser may reuse its copy briefly; after that it revalidates (with access checked again). */
const PRIVATE_MAX_AGE = 300;
const FILE = /^([a-z0-9]{1,16})\.webp$/;

/** True when an If-None-Match header lists `etag` (weak comparison, as RFC 9110 asks for GET). */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => bare(t) === etag);
}

export function mediaUploadRoutes(deps: AppDeps) {
  const app = new Hono<HonoEnv>();
  app.post("/", async (c) => {
    const requestId = c.get("requestId");
    try {
      const purpose = mediaPurposeSchema.safeParse(c.req.query("purpose"));
      const { auth } = deps.services;
      const signedIn = await auth.authenticate(auth.readToken(c.req.header("cookie") ?? null));
      if (!signedIn) return errorResponse("UNAUTHORIZED", "auth.signInRequired");
      if (signedIn.refreshCookie) c.header("Set-Cookie", signedIn.refreshCookie, { append: true });
      if (!purpose.success) return errorResponse("BAD_REQUEST", "media.unknownPurpose");
      await enforce(deps.limiter, mediaLimits.upload, signedIn.user.id);
      const bytes = await readBodyCapped(c.req.raw, deps.services.media.maxBytes);
      const info = await deps.services.media.ingest(signedIn.user.id, purpose.data, bytes);
      return c.json(info);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return errorResponse("PAYLOAD_TOO_LARGE", "media.tooLarge");
      const known = domainErrorResponse(error);
      if (known) return known;
      deps.log.error("media upload failed", { requestId, error });
      return errorResponse("INTERNAL_SERVER_ERROR", "errors.internal", { requestId });
    }
  });
  return app;
}

export function mediaFileRoutes(deps: AppDeps) {
  const app = new Hono<HonoEnv>();
  app.get("/:id/:file", async (c) => {
    const id = mediaIdSchema.safeParse(c.req.param("id"));
    const variant = FILE.exec(c.req.param("file"))?.[1];
    if (!id.success || !variant) return c.text("Not found", 404);
    const viewer = async () => {
      const { auth } = deps.services;
      return (await auth.authenticate(auth.readToken(c.req.header("cookie") ?? null)))?.user.id ?? null;
    };
    const opened = await deps.services.media.open(id.data, variant, viewer);
    if (!opened) return c.text("Not found", 404);
    const headers = {
      "Cache-Control": opened.isPublic ? `public, max-age=${YEAR_SECONDS}, immutable` : `private, max-age=${PRIVATE_MAX_AGE}`,
      ETag: opened.etag,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    };
    if (matchesEtag(c.req.header("if-none-match") ?? null, opened.etag)) return new Response(null, { status: 304, headers });
    const file = await opened.read();
    if (!file) return c.text("Not found", 404);
    return new Response(file.body, {
      status: 200,
      headers: { ...headers, "Content-Type": "image/webp", "Content-Length": String(file.size) },
    });
  });
  return app;
}
