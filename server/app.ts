/**
 * createApp(deps): the Hono app — security headers, /healthz, /trpc (Origin check, body limit),
 * the dev outbox, and the built web client. Never listens; main.ts does.
 */
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Server } from "bun";
import { sql } from "kysely";
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
import { createContext } from "./trpc/context.ts";
import { appRouter } from "./trpc/router.ts";

/** /healthz gives the database this long to answer `select 1`. */
const HEALTH_DB_TIMEOUT_MS = 2_000;

export type HonoEnv = { Bindings: Server<unknown> | undefined; Variables: { requestId: string } };

/**
 * The page's policy. connect-src: the app's own origin ('self' covers its ws:/wss: in CSP 3
 * browsers) and the websocket forms of the configured origins — never any host.
 */
export function contentSecurityPolicy(allowedOrigins: readonly string[]): string {
  const sockets = allowedOrigins.map((origin) => origin.replace(/^http/, "ws"));
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    `connect-src 'self' ${sockets.join(" ")}`,
    // The service worker (/sw.js) and the web app manifest: said outright, not left to default-src.
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** A tRPC-shaped error body, for errors raised outside tRPC (also used by /api routes). */
export function trpcError(code: string, httpStatus: number, reason: string, message: string) {
  return Response.json(
    { error: { message, code: httpStatus === 413 ? -32600 : -32603, data: { code, httpStatus, reason } } },
    { status: httpStatus },
  );
}

export function createApp(deps: AppDeps, web: WebAssets) {
  const app = new Hono<HonoEnv>();
  const csp = contentSecurityPolicy(deps.env.allowedOrigins);
  // HTTPS only from then on, when the app is served over https.
  const hsts = deps.env.secureCookies ? "max-age=31536000; includeSubDomains" : null;

  app.use("*", async function securityHeaders(c, next) {
    c.set("requestId", crypto.randomUUID());
    await next();
    // Straight onto the response's own headers (Bun never makes them immutable): Hono's
    // c.header() on a finished response copies it into a new Response per call, its body turned
    // into a stream each time (~20 µs of CPU per request, BENCHMARKS.md "Feed").
    const headers = c.res.headers;
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("X-Frame-Options", "DENY");
    if (hsts) headers.set("Strict-Transport-Security", hsts);
    if (headers.get("content-type")?.startsWith("text/html")) headers.set("Content-Security-Policy", csp);
  });

  // 503 while the database does not answer within HEALTH_DB_TIMEOUT_MS: never as long as a
  // statement timeout or the pool's connect timeout (a balancer's probe would time out first).
  app.get("/healthz", async (c) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_DB_TIMEOUT_MS} ms`)), HEALTH_DB_TIMEOUT_MS);
      });
      await Promise.race([sql`select 1`.execute(deps.db.db), timedOut]);
      return c.json({ status: "ok", db: deps.db.kind });
    } catch (error) {
      deps.log.warn("health check: database unreachable", { error: error instanceof Error ? error.message : String(error) });
      return c.json({ status: "error", db: "unreachable" }, 503);
    } finally {
      clearTimeout(timer);
    }
  });

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
