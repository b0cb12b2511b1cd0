/**
 * createApp(deps): the Hono app — security headers, /healthz, /trpc (Origin check, body limit),
 * the dev outbox, and the built web client. Never listens; main.ts does.
 */
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Server } from "bun";
import { Hono, type Context, type Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { asUnavailable } from "./db/db-errors.ts";
import type { AppDeps } from "./deps.ts";
import { exportDownloadRoutes } from "./features/account/data-export.http.ts";
import { outboxRoutes } from "./features/dev/outbox.routes.ts";
import { mediaFileRoutes, mediaUploadRoutes } from "./features/media/media.routes.ts";
import { RateLimitedError, ServiceUnavailableError } from "./lib/errors.ts";
import { clientIp, isAllowedOrigin } from "./lib/origin.ts";
import { compressJson } from "./static/compression.ts";
import type { WebAssets } from "./static/web-assets.ts";
import { healthResponse, securityHeaders } from "./health.ts";
import { createContext } from "./trpc/context.ts";
import { appRouter } from "./trpc/router.ts";

export type HonoEnv = { Bindings: Server<unknown> | undefined; Variables: { requestId: string } };

export { contentSecurityPolicy } from "./health.ts";

/** A tRPC-shaped error body, for errors raised outside tRPC (also used by /api routes). */
export function trpcError(code: string, httpStatus: number, reason: string, message: string) {
  return Response.json(
    { error: { message, code: httpStatus === 413 ? -32600 : -32603, data: { code, httpStatus, reason } } },
    { status: httpStatus },
  );
}

export function createApp(deps: AppDeps, web: WebAssets) {
  const app = new Hono<HonoEnv>();
  const setSecurityHeaders = securityHeaders(deps.env);

  app.use("*", async function withSecurityHeaders(c, next) {
    c.set("requestId", crypto.randomUUID());
    await next();
    // Straight onto the response's own headers (Bun never makes them immutable): Hono's
    // c.header() on a finished response copies it into a new Response per call, its body turned
    // into a stream each time (~20 µs of CPU per request, BENCHMARKS.md "Feed").
    setSecurityHeaders(c.res.headers);
  });

  app.get("/healthz", () => healthResponse(deps.db, deps.log));

  const originCheck = async function originCheck(c: Context<HonoEnv>, next: Next) {
    if (c.req.method !== "GET" && !isAllowedOrigin(c.req.raw, deps.env.allowedOrigins)) {
      return trpcError("FORBIDDEN", 403, "errors.foreignOrigin", "Foreign origin");
    }
    await next();
  };
  app.use("/trpc/*", originCheck);
  app.use("/api/*", originCheck);
  app.use(
    "/trpc/*",
    bodyLimit({
      maxSize: deps.env.BODY_LIMIT_BYTES,
      onError: () => trpcError("PAYLOAD_TOO_LARGE", 413, "errors.payloadTooLarge", "Request body too large"),
    }),
  );
  app.all("/trpc/*", async (c) => {
    const requestId = c.get("requestId");
    const ip = clientIp(c.req.raw, c.env?.requestIP(c.req.raw)?.address, deps.env.TRUST_PROXY);
    const res = await fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      allowMethodOverride: false,
      // The session lookup runs before any procedure: a database outage there is a 503 too.
      createContext: ({ resHeaders }) =>
        createContext(deps, c.req.raw, resHeaders, { requestId, ip }).catch((error: unknown) => {
          const cause = asUnavailable(error);
          throw cause instanceof ServiceUnavailableError ? new TRPCError({ code: cause.code, message: cause.reason, cause }) : error;
        }),
      responseMeta({ errors }) {
        const limited = errors.map((e) => e.cause).find((e) => e instanceof RateLimitedError);
        return limited ? { headers: { "Retry-After": String(limited.retryAfterSeconds) } } : {};
      },
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          deps.log.error("procedure failed", { requestId, path, error: error.cause ?? error });
        }
      },
    });
    // Answers of 1 KB and more go out as gzip/br when the client takes them (a feed page: 37 KB → ~10 KB).
    return compressJson(c.req.raw, res);
  });

  app.route("/api/media", mediaUploadRoutes(deps));
  app.route("/media", mediaFileRoutes(deps));
  app.route("/api/exports", exportDownloadRoutes(deps));
  if (deps.env.DEV_OUTBOX) app.route("/dev", outboxRoutes(deps.mailer));

  app.get("*", (c) => {
    const path = c.req.path;
    if (path.startsWith("/trpc") || path.startsWith("/api/") || path.startsWith("/media/") || path === "/ws") return c.notFound();
    const file = web.serve(path, c.req.raw.headers);
    if (file) return file;
    if (/\.[a-z0-9]+$/i.test(path)) return c.text("Not found", 404);
    return web.index(c.req.raw.headers) ?? c.html(NOT_BUILT, 503);
  });

  app.onError((error, c) => {
    if (asUnavailable(error) instanceof ServiceUnavailableError) {
      return trpcError("SERVICE_UNAVAILABLE", 503, "errors.unavailable", "Database unavailable, try again");
    }
    deps.log.error("request failed", { requestId: c.get("requestId"), path: c.req.path, error });
    return c.json({ error: "Internal server error", requestId: c.get("requestId") }, 500);
  });

  return app;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>World IT</title>
<p>The web client is not built. Run <code>bun dev</code> for development, or <code>bun run build:web</code> first.</p>`;
