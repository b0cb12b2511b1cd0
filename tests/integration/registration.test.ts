import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AUTH_LIMITS } from "../../shared/auth.ts";
import { testBackends } from "../helpers/backends.ts";
import {
  createClient,
  defaultPassword,
  registerAndVerify,
  rejection,
  uniqueEmail,
  uniqueUsername,
} from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const MIN = 60_000;

for (const backend of testBackends()) {
  describe(`registration (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const newPerson = () => ({
      email: uniqueEmail(),
      username: uniqueUsername(),
      firstName: "Тарас",
      lastName: "Шевченко",
      password: defaultPassword,
    });

    test("a person registers, confirms the emailed code and is signed in", async () => {
      const client = createClient(srv);
      const person = newPerson();
      const sent = await client.trpc.auth.register.mutate({ ...person, email: person.email.toUpperCase() });
      expect(sent).toEqual({ email: person.email, resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds });
      const mail = await srv.mail.next(person.email);
      expect(mail.subject).toContain("Підтвердіть");
      const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
      expect(await client.trpc.auth.me.query()).toBeNull();
      const { user } = await client.trpc.auth.verifyEmail.mutate({ email: person.email, code });
      expect(user).toMatchObject({ email: person.email, username: person.username, firstName: "Тарас" });
      expect(await client.trpc.auth.me.query()).toEqual(user);
      const cookie = client.jar.get("wit_session");
      expect(cookie).toBeString();
    });

    test("the session cookie is HttpOnly, SameSite=Lax and lasts 30 days", async () => {
      const client = createClient(srv);
      const person = newPerson();
      await client.trpc.auth.register.mutate(person);
      const code = await srv.mail.codeFor(person.email);
      const res = await client.fetch(`${srv.url}/trpc/auth.verifyEmail`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: person.email, code }),
      });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("wit_session="))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i); // PUBLIC_URL is http in tests
      const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)![1]);
      expect(maxAge).toBe(AUTH_LIMITS.sessionDays * 24 * 3600);
    });

    test("registering an existing email gives the same answer and tells the owner by mail", async () => {
      const owner = createClient(srv);
      const { email } = await registerAndVerify(srv, owner);
      srv.clock.advance(AUTH_LIMITS.resendCooldownSeconds * 1000); // the owner's own code mail set a cooldown
      const stranger = createClient(srv);
      const answer = await stranger.trpc.auth.register.mutate({ ...newPerson(), email });
      expect(answer).toEqual({ email, resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds });
      const mail = await srv.mail.next(email);
      expect(mail.subject).toContain("Спроба реєстрації");
      expect(mail.text).not.toMatch(/\b\d{6}\b/);
      // The owner's account is untouched: the old password still works.
      const again = await createClient(srv).trpc.auth.signIn.mutate({ email, password: defaultPassword });
      expect(again.status).toBe("signed_in");
    });

    test("a taken username is refused with a clear reason and nothing is stored", async () => {
      const first = await registerAndVerify(srv, createClient(srv));
      const email = uniqueEmail();
      const err = await rejection(
        createClient(srv).trpc.auth.register.mutate({ ...newPerson(), email, username: first.username.toUpperCase() }),
      );
      expect(err.data?.code).toBe("CONFLICT");
      expect(err.data).toMatchObject({ reason: "auth.usernameTaken" });
      expect(srv.mail.pending(email)).toHaveLength(0);
      const stored = await srv.deps.db.db.selectFrom("users").select("id").where("email", "=", email).execute();
      expect(stored).toHaveLength(0);
    });

    test("invalid fields come back as field errors with i18n keys", async () => {
      const err = await rejection(
        createClient(srv).trpc.auth.register.mutate({
          email: "not-an-email",
          username: "1x",
          firstName: "",
          lastName: "x".repeat(51),
          password: "password123",
        }),
      );
      expect(err.data?.code).toBe("BAD_REQUEST");
      expect(err.data).toMatchObject({
        fieldErrors: {
          email: ["validation.email"],
          username: expect.arrayContaining(["validation.usernameTooShort"]),
          firstName: ["validation.required"],
          lastName: ["validation.nameTooLong"],
          password: ["validation.passwordCommon"],
        },
      });
    });

    test("passwords shorter than 8 or longer than 128 characters are refused", async () => {
      const short = await rejection(createClient(srv).trpc.auth.register.mutate({ ...newPerson(), password: "Ab1!x" }));
      expect(short.data).toMatchObject({ fieldErrors: { password: ["validation.passwordTooShort"] } });
      const long = await rejection(
        createClient(srv).trpc.auth.register.mutate({ ...newPerson(), password: "a".repeat(129) }),
      );
      expect(long.data).toMatchObject({ fieldErrors: { password: expect.arrayContaining(["validation.passwordTooLong"]) } });
    });

    test("six wrong codes kill the code: even the right one is refused until a new code is sent", async () => {
      const client = createClient(srv);
      const person = newPerson();
      await client.trpc.auth.register.mutate(person);
      const code = await srv.mail.codeFor(person.email);
      const wrong = code === "000000" ? "111111" : "000000";
      for (let left = AUTH_LIMITS.codeMaxAttempts - 1; left >= 1; left--) {
        const err = await rejection(client.trpc.auth.verifyEmail.mutate({ email: person.email, code: wrong }));
        expect(err.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeInvalid", attemptsLeft: left });
      }
      const fifth = await rejection(client.trpc.auth.verifyEmail.mutate({ email: person.email, code: wrong }));
      expect(fifth.data).toMatchObject({ reason: "auth.codeExhausted" });
      const sixth = await rejection(client.trpc.auth.verifyEmail.mutate({ email: person.email, code }));
      expect(sixth.data).toMatchObject({ reason: "auth.codeExhausted" });
      expect(await client.trpc.auth.me.query()).toBeNull();

      srv.clock.advance(AUTH_LIMITS.resendCooldownSeconds * 1000);
      await client.trpc.auth.resendCode.mutate({ email: person.email });
      const fresh = await srv.mail.codeFor(person.email);
      const { user } = await client.trpc.auth.verifyEmail.mutate({ email: person.email, code: fresh });
      expect(user.email).toBe(person.email);
    });

    test("an expired code is refused", async () => {
      const client = createClient(srv);
      const person = newPerson();
      await client.trpc.auth.register.mutate(person);
      const code = await srv.mail.codeFor(person.email);
      srv.clock.advance(AUTH_LIMITS.codeTtlMinutes * MIN + 1000);
      const err = await rejection(client.trpc.auth.verifyEmail.mutate({ email: person.email, code }));
      expect(err.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeExpired" });
    });

    test("a used code cannot be used again", async () => {
      const client = createClient(srv);
      const person = newPerson();
      await client.trpc.auth.register.mutate(person);
      const code = await srv.mail.codeFor(person.email);
      await client.trpc.auth.verifyEmail.mutate({ email: person.email, code });
      const err = await rejection(createClient(srv).trpc.auth.verifyEmail.mutate({ email: person.email, code }));
      expect(err.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeInvalid" });
    });

    test("a new code can be requested only after the 60-second cooldown, and it replaces the old one", async () => {
      const client = createClient(srv);
      const person = newPerson();
      await client.trpc.auth.register.mutate(person);
      const first = await srv.mail.codeFor(person.email);

      const res = await client.fetch(`${srv.url}/trpc/auth.resendCode`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: person.email }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await res.json()).error.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "errors.rateLimited" });

      srv.clock.advance(AUTH_LIMITS.resendCooldownSeconds * 1000);
      await client.trpc.auth.resendCode.mutate({ email: person.email });
      const second = await srv.mail.codeFor(person.email);
      if (first !== second) {
        const old = await rejection(client.trpc.auth.verifyEmail.mutate({ email: person.email, code: first }));
        expect(old.data).toMatchObject({ reason: "auth.codeInvalid" });
      }
      await client.trpc.auth.verifyEmail.mutate({ email: person.email, code: second });
      expect((await client.trpc.auth.me.query())?.email).toBe(person.email);
    });

    test("resending to an unknown address answers exactly like a real one", async () => {
      const client = createClient(srv);
      const email = uniqueEmail("ghost");
      expect(await client.trpc.auth.resendCode.mutate({ email })).toEqual({
        email,
        resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds,
      });
      const err = await rejection(client.trpc.auth.resendCode.mutate({ email }));
      expect(err.data?.code).toBe("TOO_MANY_REQUESTS");
      expect(srv.mail.pending(email)).toHaveLength(0);
    });

    test("signing in to an unconfirmed account mails a fresh code and asks for it", async () => {
      const client = createClient(srv);
      const person = newPerson();
      await client.trpc.auth.register.mutate(person);
      await srv.mail.codeFor(person.email);
      srv.clock.advance(AUTH_LIMITS.resendCooldownSeconds * 1000);
      const result = await client.trpc.auth.signIn.mutate({ email: person.email, password: person.password });
      expect(result).toEqual({ status: "verify_email", email: person.email, resendAfterSeconds: 60 });
      expect(client.jar.has("wit_session")).toBeFalse();
      const code = await srv.mail.codeFor(person.email);
      await client.trpc.auth.verifyEmail.mutate({ email: person.email, code });
      expect((await client.trpc.auth.me.query())?.email).toBe(person.email);
    });

    test("registering again before confirming starts a new registration, and this browser confirms the newest one", async () => {
      const client = createClient(srv);
      const person = newPerson();
      await client.trpc.auth.register.mutate(person);
      const first = await srv.mail.codeFor(person.email);
      srv.clock.advance(AUTH_LIMITS.resendCooldownSeconds * 1000);
      const renamed = { ...person, username: uniqueUsername("renamed"), password: "another-Long-pass-9" };
      await client.trpc.auth.register.mutate(renamed);
      const code = await srv.mail.codeFor(person.email);
      const stale = await rejection(client.trpc.auth.verifyEmail.mutate({ email: person.email, code: first }));
      expect(stale.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeForOtherRegistration" });
      const { user } = await client.trpc.auth.verifyEmail.mutate({ email: person.email, code });
      expect(user.username).toBe(renamed.username);
      const signIn = await createClient(srv).trpc.auth.signIn.mutate({ email: person.email, password: renamed.password });
      expect(signIn.status).toBe("signed_in");
    });
  });
}
