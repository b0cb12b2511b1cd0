/**
 * CSRF / cross-site websocket defence: a browser always sends Origin on POST and on websocket
 * upgrades, so a foreign Origin is refused. Allowed: the configured origins (PUBLIC_URL,
 * ALLOWED_ORIGINS) and same-origin requests (Origin's host equals the Host header). Requests without Origin come from non-browser
 * clients (curl, SDKs), which carry no ambient cookies of a victim; they are allowed unless
 * Sec-Fetch-Site says the request is cross-site.
 */
export function isAllowedOrigin(req: Request, allowed: readonly string[]): boolean {
  const origin = req.headers.get("origin");
  if (origin) {
    if (allowed.includes(origin)) return true;
    try {
      return new URL(origin).host === req.headers.get("host");
    } catch {
      return false;
    }
  }
  return req.headers.get("sec-fetch-site") !== "cross-site";
}

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(req: Request, socketIp: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketIp ?? "unknown";
}
