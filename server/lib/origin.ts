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

const IP_LIKE = /^[0-9A-Fa-f.:]{2,45}$/;

/**
 * The client's address: the socket's, or — behind `proxyHops` proxies of our own — the
 * X-Forwarded-For entry that many hops from the right. Each proxy appends the address it saw, so
 * the right-most entries are written by our proxies and everything to their left by the client,
 * who could write anything there (taking the first entry would let a client pick its own IP).
 */
export function clientIp(req: Request, socketIp: string | undefined, proxyHops: number): string {
  if (proxyHops > 0) {
    const hops = (req.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const chosen = hops.length ? hops[Math.max(0, hops.length - proxyHops)]! : null;
    if (chosen && IP_LIKE.test(chosen)) return chosen;
  }
  return socketIp ?? "unknown";
}
