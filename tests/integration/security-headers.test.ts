/**
 * Every kind of answer carries the security headers — the app sets them on the response itself
 * (server/app.ts), so each route's own Response must come out with them: a tRPC query and a tRPC
 * error (the feed's path), the health check, a refused mutation, and a 404. CSP on pages and HSTS
 * are in account-security.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createClient, registerAndVerify } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

describe("security headers", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv.stop());

  const expectHeaders = (res: Response) => {
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
  };
  const feed = (input: unknown) => `${srv.url}/trpc/posts.feed?input=${encodeURIComponent(JSON.stringify(input))}`;

  test("a signed-in feed page and a refused feed request both carry them, with the whole body", async () => {
    const client = createClient(srv);
    await registerAndVerify(srv, client);
    const ok = await client.fetch(feed({ limit: 5 }));
    expect(ok.status).toBe(200);
    expectHeaders(ok);
    expect((await ok.json()).result.data).toMatchObject({ items: expect.any(Array) });
    const bad = await client.fetch(feed({ limit: 5, cursor: "not-a-cursor" }));
    expect(bad.status).toBe(400);
    expectHeaders(bad);
    expect((await bad.json()).error.data).toMatchObject({ code: "BAD_REQUEST", reason: "errors.invalidInput" });
  });

  test("the health check, a mutation from a foreign origin and an unknown route carry them too", async () => {
    expectHeaders(await fetch(`${srv.url}/healthz`));
    const foreign = await fetch(`${srv.url}/trpc/auth.signOut`, { method: "POST", headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expectHeaders(foreign);
    const missing = await fetch(`${srv.url}/trpc/no.such.procedure`);
    expect(missing.status).toBe(404);
    expectHeaders(missing);
  });
});
