/**
 * What every response carries (security headers) and /healthz: shared by the app (app.ts) and the
 * start (main.ts answers /healthz itself while the features are still loading, ADR 0029), so both
 * give the same answer. Light on purpose: nothing here may pull a feature in.
 */
import { sql } from "kysely";
import type { Db } from "./db/create-db.ts";
import type { Logger } from "./lib/log.ts";

/** /healthz gives the database this long to answer `select 1`. */
const HEALTH_DB_TIMEOUT_MS = 2_000;

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

/** Sets the security headers on a finished response's headers (HSTS when served over https, CSP on HTML). */
export function securityHeaders(env: { secureCookies: boolean; allowedOrigins: readonly string[] }): (headers: Headers) => void {
  const csp = contentSecurityPolicy(env.allowedOrigins);
  // HTTPS only from then on, when the app is served over https.
  const hsts = env.secureCookies ? "max-age=31536000; includeSubDomains" : null;
  return (headers) => {
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("X-Frame-Options", "DENY");
    if (hsts) headers.set("Strict-Transport-Security", hsts);
    if (headers.get("content-type")?.startsWith("text/html")) headers.set("Content-Security-Policy", csp);
  };
}

/** As Hono's c.json() answers (the app answered /healthz with it before). */
const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/**
 * /healthz: 200 once the database answers `select 1`; 503 while it does not answer within
 * HEALTH_DB_TIMEOUT_MS — never as long as a statement timeout or the pool's connect timeout (a
 * balancer's probe would time out first).
 */
export async function healthResponse(db: Db, log: Logger): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_DB_TIMEOUT_MS} ms`)), HEALTH_DB_TIMEOUT_MS);
    });
    await Promise.race([sql`select 1`.execute(db.db), timedOut]);
    return json({ status: "ok", db: db.kind }, 200);
  } catch (error) {
    log.warn("health check: database unreachable", { error: error instanceof Error ? error.message : String(error) });
    return json({ status: "error", db: "unreachable" }, 503);
  } finally {
    clearTimeout(timer);
  }
}
