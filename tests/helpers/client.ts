/**
 * A tRPC client over real HTTP with its own cookie jar, as one browser would be: it sends the
 * server's Origin and, because tests share 127.0.0.1, a per-client X-Forwarded-For address
 * (the test server trusts the proxy header) so rate limits see distinct people.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../server/trpc/router.ts";
import type { TestServer } from "./test-server.ts";

let ipCounter = 1;
export const uniqueIp = () => `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}`;
export const uniqueEmail = (label = "user") => `${label}.${crypto.randomUUID().slice(0, 8)}@example.test`;
export const uniqueUsername = (label = "user") => `${label}_${crypto.randomUUID().slice(0, 8)}`.slice(0, 30);

export interface ClientOptions {
  ip?: string;
  /** null: send no Origin header. */
  origin?: string | null;
  userAgent?: string;
}

export function createClient(srv: { url: string }, opts: ClientOptions = {}) {
  const jar = new Map<string, string>();
  const ip = opts.ip ?? uniqueIp();
  const origin = opts.origin === undefined ? srv.url : opts.origin;
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = { "x-forwarded-for": ip };
    if (origin) h.origin = origin;
    if (opts.userAgent) h["user-agent"] = opts.userAgent;
    if (jar.size) h.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return h;
  };
  const store = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = !value || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const fetchWithJar = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const res = await fetch(input, { ...init, headers: { ...headers(), ...(init.headers as Record<string, string>) } });
    store(res);
    return res;
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${srv.url}/trpc`, fetch: fetchWithJar as typeof fetch })],
  });
  return { trpc, jar, ip, fetch: fetchWithJar, cookieHeader: () => headers().cookie ?? "" };
}
export type TestClient = ReturnType<typeof createClient>;

/** The error a tRPC call rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export const defaultPassword = "violet-Stapler-42";

/** Registers and confirms a new account through the API; the client ends up signed in. */
export async function registerAndVerify(srv: TestServer, client: TestClient, overrides: { email?: string } = {}) {
  const email = overrides.email ?? uniqueEmail();
  const input = { email, username: uniqueUsername(), firstName: "Олена", lastName: "Коваль", password: defaultPassword };
  await client.trpc.auth.register.mutate(input);
  const code = await srv.mail.codeFor(email);
  const { user } = await client.trpc.auth.verifyEmail.mutate({ email, code });
  return { ...input, user };
}
