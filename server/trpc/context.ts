import type { AppDeps } from "../deps.ts";
import type { Authenticated, RequestMeta } from "../features/auth/auth.service.ts";

export interface Context {
  deps: AppDeps;
  requestId: string;
  meta: RequestMeta;
  auth: Authenticated | null;
  /** Adds a Set-Cookie header to the response. */
  setCookie(serialized: string): void;
}

/** Builds the context of one HTTP request: resolves the session cookie (and refreshes it). */
export async function createContext(
  deps: AppDeps,
  req: Request,
  resHeaders: Headers,
  extra: { requestId: string; ip: string },
): Promise<Context> {
  const setCookie = (serialized: string) => resHeaders.append("Set-Cookie", serialized);
  const token = deps.services.auth.readToken(req.headers.get("cookie"));
  const resolved = await deps.services.auth.authenticate(token);
  if (token && !resolved) setCookie(deps.services.auth.blankCookie());
  if (resolved?.refreshCookie) setCookie(resolved.refreshCookie);
  return {
    deps,
    requestId: extra.requestId,
    meta: { ip: extra.ip, userAgent: req.headers.get("user-agent"), cookie: req.headers.get("cookie") },
    auth: resolved ? { user: resolved.user, sessionId: resolved.sessionId } : null,
    setCookie,
  };
}
