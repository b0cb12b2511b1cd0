/**
 * A session's lifetime as every signed-in request sees it (auth.service authenticate, Lucia's
 * rules on one hand-written statement): an expired session is refused and deleted; one in the
 * second half of its 30 days is extended with a fresh cookie, one in its first half is not; a
 * session whose person is not verified is no session; last activity is written at most once a
 * minute. Revocation (sessions.test.ts, websocket.test.ts) is the other half of the contract.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { AUTH_LIMITS } from "../../shared/auth.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, registerAndVerify, type TestClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const DAY = 86_400_000;
const sessionId = (client: TestClient) => createHash("sha256").update(client.jar.get("wit_session")!).digest("hex");

for (const backend of testBackends()) {
  describe(`a session's lifetime (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const row = (id: string) => srv.deps.db.db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
    const setSession = (id: string, fields: { expires_at?: number; last_active_at?: number }) =>
      srv.deps.db.db.updateTable("sessions").set(fields).where("id", "=", id).execute();
    /** auth.me over raw HTTP: the person it answers and the session cookie it sets, if any. */
    async function me(client: TestClient) {
      const res = await client.fetch(`${srv.url}/trpc/auth.me`);
      const body = (await res.json()) as { result?: { data: { id: string } | null } };
      return { user: body.result?.data ?? null, cookie: res.headers.getSetCookie().find((c) => c.startsWith("wit_session=")) ?? null };
    }
    async function signedIn() {
      const client = createClient(srv);
      const { user } = await registerAndVerify(srv, client);
      return { client, user, id: sessionId(client) };
    }

    test("an expired session is refused, its row deleted and its cookie cleared", async () => {
      const { client, id } = await signedIn();
      await setSession(id, { expires_at: Date.now() - 1000 });
      const answer = await me(client);
      expect(answer.user).toBeNull();
      expect(answer.cookie).toMatch(/^wit_session=;.*Max-Age=0/i);
      expect(await row(id)).toBeUndefined();
    });

    test("a session in the second half of its life is extended to the full length with a fresh cookie", async () => {
      const { client, user, id } = await signedIn();
      const token = client.jar.get("wit_session");
      await setSession(id, { expires_at: Date.now() + 10 * DAY });
      const answer = await me(client);
      expect(answer.user?.id).toBe(user.id);
      expect(answer.cookie).toStartWith(`wit_session=${token};`);
      expect(Number(/Max-Age=(\d+)/i.exec(answer.cookie!)![1])).toBe(AUTH_LIMITS.sessionDays * 24 * 3600);
      const expires = Number((await row(id))!.expires_at);
      expect(expires).toBeGreaterThan(Date.now() + (AUTH_LIMITS.sessionDays - 1) * DAY);
    });

    test("a session in the first half of its life is neither extended nor given a new cookie", async () => {
      const { client, user, id } = await signedIn();
      const expiresAt = Date.now() + 20 * DAY;
      await setSession(id, { expires_at: expiresAt });
      const answer = await me(client);
      expect(answer.user?.id).toBe(user.id);
      expect(answer.cookie).toBeNull();
      expect(Number((await row(id))!.expires_at)).toBe(expiresAt);
    });

    test("the session of a person whose address is not verified is no session", async () => {
      const { client, user } = await signedIn();
      await srv.deps.db.db.updateTable("users").set({ email_verified_at: null }).where("id", "=", user.id).execute();
      expect((await me(client)).user).toBeNull();
    });

    test("last activity is written when a minute has passed since the last write, not before", async () => {
      const { client, id } = await signedIn();
      const before = Number((await row(id))!.last_active_at);
      await me(client);
      expect(Number((await row(id))!.last_active_at)).toBe(before);
      srv.clock.advance(61_000);
      await me(client);
      const touched = Number((await row(id))!.last_active_at);
      expect(touched).toBeGreaterThan(before + 60_000);
      srv.clock.advance(30_000);
      await me(client);
      expect(Number((await row(id))!.last_active_at)).toBe(touched);
    });
  });
}
