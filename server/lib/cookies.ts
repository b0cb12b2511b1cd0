/** Reading one cookie from a Cookie header, and writing Set-Cookie values for the app's own cookies. */

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** A 256-bit random token cookie (randomToken(32): 43 base64url characters), or null if absent or malformed. */
export function readTokenCookie(header: string | null, name: string): string | null {
  const token = readCookie(header, name);
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

/** An HttpOnly, SameSite=Lax cookie for the whole site; Secure on https. maxAgeSeconds 0 deletes it. */
export function serializeCookie(name: string, value: string, opts: { maxAgeSeconds: number; secure: boolean }): string {
  return [
    `${name}=${value}`,
    "Path=/",
    `Max-Age=${opts.maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(opts.secure ? ["Secure"] : []),
  ].join("; ");
}
