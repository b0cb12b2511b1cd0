import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AUTH_LIMITS } from "../../shared/auth.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, defaultPassword, registerAndVerify, rejection, uniqueEmail } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";

for (const backend of testBackends()) {
  describe(`sign-in, sessions and password reset (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a person signs in and out, and the signed-out cookie is refused afterwards", async () => {
      const { email } = await registerAndVerify(srv, createClient(srv));
      const client = createClient(srv);
      const result = await client.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      expect(result).toMatchObject({ status: "signed_in", user: { email } });
      const stolenCookie = client.cookieHeader();
      await client.trpc.auth.signOut.mutate();
      expect(client.jar.has("wit_session")).toBeFalse();
      expect(await client.trpc.auth.me.query()).toBeNull();

      const replay = await fetch(`${srv.url}/trpc/auth.sessions`, { headers: { cookie: stolenCookie } });
      expect(replay.status).toBe(401);
      expect((await replay.json()).error.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.signInRequired" });
    });

    test("every sign-in creates a new session", async () => {
      const { email } = await registerAndVerify(srv, createClient(srv));
      const a = createClient(srv);
      await a.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      const first = a.jar.get("wit_session");
      await a.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      expect(a.jar.get("wit_session")).not.toBe(first);
    });

    test("a wrong password and an unknown email get the same answer", async () => {
      const { email } = await registerAndVerify(srv, createClient(srv));
      const wrong = await rejection(createClient(srv).trpc.auth.signIn.mutate({ email, password: "not-the-password" }));
      const unknown = await rejection(
        createClient(srv).trpc.auth.signIn.mutate({ email: uniqueEmail("nobody"), password: "not-the-password" }),
      );
      for (const err of [wrong, unknown]) {
        expect(err.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.invalidCredentials" });
      }
      expect(wrong.message).toBe(unknown.message);
    });

    test("the sessions page lists each device and revoking one refuses its cookie at once", async () => {
      const laptop = createClient(srv, { userAgent: CHROME });
      const { email } = await registerAndVerify(srv, laptop);
      const phone = createClient(srv, { userAgent: FIREFOX });
      await phone.trpc.auth.signIn.mutate({ email, password: defaultPassword });

      const sessions = await laptop.trpc.auth.sessions.query();
      expect(sessions).toHaveLength(2);
      const mine = sessions.find((s) => s.current)!;
      const other = sessions.find((s) => !s.current)!;
      expect(mine.browser).toBe("Chrome 156 · Linux");
      expect(other.browser).toBe("Firefox 140 · Windows");
      expect(other.id).toMatch(/^[a-f0-9]{64}$/);
      // The listed id is not the cookie token.
      expect(phone.jar.get("wit_session")).not.toBe(other.id);

      await laptop.trpc.auth.revokeSession.mutate({ id: other.id });
      const err = await rejection(phone.trpc.auth.sessions.query());
      expect(err.data?.code).toBe("UNAUTHORIZED");
      expect(await laptop.trpc.auth.sessions.query()).toHaveLength(1);
    });

    test("each session shows where it signed in from, coarsened, and never the full address", async () => {
      const laptop = createClient(srv, { userAgent: CHROME, ip: "203.0.113.57" });
      const { email } = await registerAndVerify(srv, laptop);
      const phone = createClient(srv, { userAgent: FIREFOX, ip: "2001:db8:85a3::8a2e:370:7334" });
      await phone.trpc.auth.signIn.mutate({ email, password: defaultPassword });

      const res = await laptop.fetch(`${srv.url}/trpc/auth.sessions`);
      expect(res.status).toBe(200);
      const body = await res.text();
      // Hex session ids could hold "8a2e" by chance: look for the address's own separators.
      for (const full of ["203.0.113.57", "113.57", "::8a2e", ":370:", ":7334"]) expect(body).not.toContain(full);
      const sessions = await laptop.trpc.auth.sessions.query();
      expect(sessions.find((s) => s.current)).toMatchObject({ browser: "Chrome 156 · Linux", ip: "203.0.113.x" });
      expect(sessions.find((s) => !s.current)).toMatchObject({ browser: "Firefox 140 · Windows", ip: "2001:db8:85a3…" });
      for (const s of sessions) expect(s.lastActiveAt).toBeGreaterThanOrEqual(s.createdAt);
    });

    test("someone else's session cannot be revoked", async () => {
      const alice = createClient(srv);
      await registerAndVerify(srv, alice);
      const bob = createClient(srv);
      await registerAndVerify(srv, bob);
      const [bobSession] = await bob.trpc.auth.sessions.query();
      const err = await rejection(alice.trpc.auth.revokeSession.mutate({ id: bobSession!.id }));
      expect(err.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.sessionNotFound" });
      expect(await bob.trpc.auth.me.query()).not.toBeNull();
    });

    test("signing out all other sessions keeps only the current one", async () => {
      const main = createClient(srv);
      const { email } = await registerAndVerify(srv, main);
      const others = [createClient(srv), createClient(srv)];
      for (const c of others) await c.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      expect(await main.trpc.auth.revokeOtherSessions.mutate()).toEqual({ revoked: 2 });
      for (const c of others) expect(await c.trpc.auth.me.query()).toBeNull();
      expect((await main.trpc.auth.sessions.query()).map((s) => s.current)).toEqual([true]);
    });

    test("wrong passwords for one email from many addresses stop new devices, with a retry-after, but not the owner's", async () => {
      const owner = createClient(srv);
      const { email } = await registerAndVerify(srv, owner);
      let limited: Response | null = null;
      for (let i = 0; i < 30 && !limited; i++) {
        // A new address each time: the per-email limit must hold across IPs.
        const res = await createClient(srv).fetch(`${srv.url}/trpc/auth.signIn`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: "wrong-password" }),
        });
        if (res.status === 429) limited = res;
        else expect(res.status).toBe(401);
      }
      expect(limited).not.toBeNull();
      expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
      // A browser that never signed in to the account waits, even with the right password…
      const err = await rejection(createClient(srv).trpc.auth.signIn.mutate({ email, password: defaultPassword }));
      expect(err.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "errors.rateLimited" });
      // …while the owner's own browser (it signed in before: wit_device) gets in.
      await owner.trpc.auth.signOut.mutate();
      expect(await owner.trpc.auth.signIn.mutate({ email, password: defaultPassword })).toMatchObject({ status: "signed_in" });
    });

    test("sign-in attempts are rate limited per IP across many emails", async () => {
      const client = createClient(srv);
      let status = 0;
      for (let i = 0; i < 40 && status !== 429; i++) {
        const err = await rejection(client.trpc.auth.signIn.mutate({ email: uniqueEmail(), password: "whatever-1" }));
        status = err.data?.httpStatus ?? 0;
      }
      expect(status).toBe(429);
    });

    test("a reset link sets a new password once and signs out every session", async () => {
      const laptop = createClient(srv);
      const { email } = await registerAndVerify(srv, laptop);
      const phone = createClient(srv);
      await phone.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      // The phone never signed in to this account: the owner is told (#17).
      expect((await srv.mail.next(email)).subject).toBe("Новий вхід у ваш акаунт World IT");

      expect(await createClient(srv).trpc.auth.requestPasswordReset.mutate({ email })).toEqual({ ok: true });
      const link = await srv.mail.linkFor(email);
      const token = new URL(link).hash.replace("#token=", "");
      expect(token.length).toBeGreaterThanOrEqual(40); // 32 random bytes, base64url
      const stored = await srv.deps.db.db.selectFrom("password_resets").select("token_hash").execute();
      expect(stored.map((r) => r.token_hash)).not.toContain(token);

      const stranger = createClient(srv);
      await stranger.trpc.auth.resetPassword.mutate({ token, password: "brand-New-secret-7" });
      for (const c of [laptop, phone]) expect(await c.trpc.auth.me.query()).toBeNull();

      const reused = await rejection(stranger.trpc.auth.resetPassword.mutate({ token, password: "another-New-secret-8" }));
      expect(reused.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.resetTokenInvalid" });
      const old = await rejection(createClient(srv).trpc.auth.signIn.mutate({ email, password: defaultPassword }));
      expect(old.data?.code).toBe("UNAUTHORIZED");
      const fresh = await createClient(srv).trpc.auth.signIn.mutate({ email, password: "brand-New-secret-7" });
      expect(fresh.status).toBe("signed_in");
    });

    test("a reset link expires after an hour", async () => {
      const { email } = await registerAndVerify(srv, createClient(srv));
      await createClient(srv).trpc.auth.requestPasswordReset.mutate({ email });
      const token = new URL(await srv.mail.linkFor(email)).hash.replace("#token=", "");
      srv.clock.advance(AUTH_LIMITS.resetTokenTtlMinutes * 60_000 + 1000);
      const err = await rejection(createClient(srv).trpc.auth.resetPassword.mutate({ token, password: "brand-New-secret-7" }));
      expect(err.data).toMatchObject({ reason: "auth.resetTokenInvalid" });
    });

    test("asking to reset an unknown address answers the same and sends nothing", async () => {
      const email = uniqueEmail("ghost");
      expect(await createClient(srv).trpc.auth.requestPasswordReset.mutate({ email })).toEqual({ ok: true });
      // A reset asked for afterwards by someone who has an account is mailed: by the time it
      // arrives, a mail for the first request would have been sent too.
      const known = await registerAndVerify(srv, createClient(srv));
      expect(await createClient(srv).trpc.auth.requestPasswordReset.mutate({ email: known.email })).toEqual({ ok: true });
      await srv.mail.linkFor(known.email);
      expect(srv.mail.pending(email)).toHaveLength(0);
    });

    test("a made-up reset token is refused", async () => {
      const err = await rejection(
        createClient(srv).trpc.auth.resetPassword.mutate({ token: "A".repeat(43), password: "brand-New-secret-7" }),
      );
      expect(err.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.resetTokenInvalid" });
    });
  });
}
