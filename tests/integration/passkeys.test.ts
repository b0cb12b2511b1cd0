/**
 * Passkeys (#17) through real HTTP with a software authenticator (tests/helpers/soft-authenticator.ts):
 * adding one (password first), listing, renaming and removing only one's own, signing in without
 * a password and as the second factor, and the refusals — a reused or expired challenge, another
 * origin, another account's passkey for a ticket, a removed passkey.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PASSKEY_LIMITS } from "../../shared/passkeys.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { createClient, defaultPassword, registerAndVerify, rejection, type TestClient } from "../helpers/client.ts";
import { SoftAuthenticator } from "../helpers/soft-authenticator.ts";
import { startTestServer, useInstancePair, type TestServer } from "../helpers/test-server.ts";

const MIN = 60_000;

for (const backend of testBackends()) {
  describe(`passkeys (${backend.name})`, () => {
    let srv: TestServer;
    /** The app's origin: PUBLIC_URL (a host name, as WebAuthn requires). */
    let origin: string;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
      origin = new URL(srv.deps.env.PUBLIC_URL).origin;
    });
    afterAll(() => srv.stop());

    /** A new account with a passkey on its own authenticator (the "passkey added" mail taken). */
    async function personWithPasskey(name = "Ноутбук") {
      const client = createClient(srv);
      const person = await registerAndVerify(srv, client);
      const authenticator = new SoftAuthenticator(origin);
      const { challengeId, options } = await client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword });
      const passkey = await client.trpc.passkeys.register.mutate({ challengeId, name, response: await authenticator.create(options) });
      await srv.mail.next(person.email);
      return { client, person, authenticator, passkey };
    }

    /** A passwordless ceremony on a new client: options, the authenticator's answer, passkeys.signIn. */
    async function passkeySignIn(authenticator: SoftAuthenticator, client: TestClient = createClient(srv), ticket?: string) {
      const { challengeId, options } = await client.trpc.passkeys.signInOptions.mutate({ ticket });
      const response = await authenticator.get(options);
      return client.trpc.passkeys.signIn.mutate({ challengeId, response, ticket });
    }

    /** Turns two-factor sign-in on for the person straight in the database (the TOTP work owns the real flow). */
    async function turnOnTotp(userId: string) {
      await srv.deps.db.db
        .updateTable("users")
        .set({ totp_secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_enabled_at: srv.clock.now() })
        .where("id", "=", userId)
        .execute();
    }

    test("adding a passkey needs the password: a wrong one is refused, the right one adds it and the owner is told by mail", async () => {
      const client = createClient(srv);
      const { email } = await registerAndVerify(srv, client);
      const wrong = await rejection(client.trpc.passkeys.registerOptions.mutate({ password: "not-my-password" }));
      expect(wrong.data).toMatchObject({ code: "BAD_REQUEST", reason: "settings.wrongPassword", field: "password" });

      const { challengeId, options } = await client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword });
      expect(options.rp).toEqual({ name: "World IT", id: "localhost" });
      expect(options.user.name).toBe(email);
      expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "preferred" });
      const authenticator = new SoftAuthenticator(origin);
      const added = await client.trpc.passkeys.register.mutate({ challengeId, name: "Мій ноутбук", response: await authenticator.create(options) });
      expect(added).toMatchObject({ name: "Мій ноутбук", lastUsedAt: null, backedUp: false });
      expect(added.id).toBe(Buffer.from(authenticator.credentials[0]!.id).toString("base64url"));

      const mail = await srv.mail.next(email);
      expect(mail.subject).toBe("До акаунта World IT додано ключ доступу");
      expect(mail.text).toContain("«Мій ноутбук»");

      // The next ceremony tells the authenticator not to make a second passkey of the same account.
      const again = await client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword });
      expect(again.options.excludeCredentials?.map((c) => c.id)).toEqual([added.id]);
    });

    test("a registration answer made for another origin or another ceremony is refused", async () => {
      const client = createClient(srv);
      await registerAndVerify(srv, client);
      const authenticator = new SoftAuthenticator(origin);
      const first = await client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword });
      const phished = await rejection(
        client.trpc.passkeys.register.mutate({
          challengeId: first.challengeId,
          name: "Фішинг",
          response: await authenticator.create(first.options, { origin: "https://world-it.example.net" }),
        }),
      );
      expect(phished.data).toMatchObject({ code: "BAD_REQUEST", reason: "passkeys.verificationFailed" });
      // That challenge is spent, even though the answer was refused.
      const reused = await rejection(
        client.trpc.passkeys.register.mutate({ challengeId: first.challengeId, name: "Знову", response: await authenticator.create(first.options) }),
      );
      expect(reused.data).toMatchObject({ code: "BAD_REQUEST", reason: "passkeys.challengeInvalid" });
      expect(await client.trpc.passkeys.list.query()).toEqual([]);
    });

    test("the list shows one's own passkeys; renaming and removing work only on one's own, someone else's is not found", async () => {
      const owner = await personWithPasskey("Телефон");
      const other = await personWithPasskey("Чужий");
      const list = await owner.client.trpc.passkeys.list.query();
      expect(list).toEqual([{ id: owner.passkey.id, name: "Телефон", createdAt: owner.passkey.createdAt, lastUsedAt: null, backedUp: false }]);

      const renamed = await owner.client.trpc.passkeys.rename.mutate({ id: owner.passkey.id, name: "  Робочий\nтелефон " });
      expect(renamed.name).toBe("Робочий телефон");
      expect((await owner.client.trpc.passkeys.list.query())[0]!.name).toBe("Робочий телефон");

      for (const call of [
        () => owner.client.trpc.passkeys.rename.mutate({ id: other.passkey.id, name: "Моє" }),
        () => owner.client.trpc.passkeys.remove.mutate({ id: other.passkey.id }),
        () => owner.client.trpc.passkeys.remove.mutate({ id: "A".repeat(43) }),
      ]) {
        expect((await rejection(call())).data).toMatchObject({ code: "NOT_FOUND", reason: "passkeys.notFound" });
      }
      expect((await other.client.trpc.passkeys.list.query()).map((p) => p.name)).toEqual(["Чужий"]);

      expect(await owner.client.trpc.passkeys.remove.mutate({ id: owner.passkey.id })).toEqual({ ok: true });
      expect(await owner.client.trpc.passkeys.list.query()).toEqual([]);
    });

    test("a discoverable passkey signs in without a password, and the session works", async () => {
      const { person, authenticator, passkey } = await personWithPasskey();
      const browser = createClient(srv);
      const { options } = await browser.trpc.passkeys.signInOptions.mutate({});
      // Passwordless: the browser offers whatever passkey it holds for the site.
      expect(options.allowCredentials ?? []).toEqual([]);
      expect(options.rpId).toBe("localhost");

      const result = await passkeySignIn(authenticator, browser);
      expect(result).toMatchObject({ status: "signed_in", user: { id: person.user.id, email: person.email }, deletionCancelled: false });
      expect(browser.jar.has("wit_session")).toBeTrue();
      expect(await browser.trpc.auth.me.query()).toMatchObject({ id: person.user.id });
      const [used] = await browser.trpc.passkeys.list.query();
      expect(used).toMatchObject({ id: passkey.id, lastUsedAt: expect.any(Number) });
      // A browser that never signed in to the account before: the owner hears of it.
      expect((await srv.mail.next(person.email)).subject).toBe("Новий вхід у ваш акаунт World IT");
    });

    test("passwordless sign-in needs the authenticator to have verified the person", async () => {
      const { authenticator } = await personWithPasskey();
      const browser = createClient(srv);
      const { challengeId, options } = await browser.trpc.passkeys.signInOptions.mutate({});
      const response = await authenticator.get(options, { userVerified: false });
      const refused = await rejection(browser.trpc.passkeys.signIn.mutate({ challengeId, response }));
      expect(refused.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.verificationFailed" });
      expect(browser.jar.has("wit_session")).toBeFalse();
    });

    test("a challenge answers one ceremony: a second answer to it, or a late one, is refused", async () => {
      const { authenticator } = await personWithPasskey();
      const browser = createClient(srv);
      const { challengeId, options } = await browser.trpc.passkeys.signInOptions.mutate({});
      const first = await authenticator.get(options);
      const second = await authenticator.get(options);
      expect(await browser.trpc.passkeys.signIn.mutate({ challengeId, response: first })).toMatchObject({ status: "signed_in" });
      const replay = await rejection(createClient(srv).trpc.passkeys.signIn.mutate({ challengeId, response: second }));
      expect(replay.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.challengeInvalid" });

      const late = await browser.trpc.passkeys.signInOptions.mutate({});
      const answer = await authenticator.get(late.options);
      srv.clock.advance(6 * MIN);
      const expired = await rejection(createClient(srv).trpc.passkeys.signIn.mutate({ challengeId: late.challengeId, response: answer }));
      expect(expired.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.challengeInvalid" });
    });

    test("an answer signed for another origin is refused", async () => {
      const { authenticator } = await personWithPasskey();
      const browser = createClient(srv);
      const { challengeId, options } = await browser.trpc.passkeys.signInOptions.mutate({});
      const response = await authenticator.get(options, { origin: "https://world-it.example.net" });
      const refused = await rejection(browser.trpc.passkeys.signIn.mutate({ challengeId, response }));
      expect(refused.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.verificationFailed" });
      expect(browser.jar.has("wit_session")).toBeFalse();
    });

    test("with two-factor sign-in on, a passkey finishes the password sign-in with the ticket, once", async () => {
      const { person, authenticator, passkey } = await personWithPasskey();
      await turnOnTotp(person.user.id);
      const browser = createClient(srv);
      const step = await browser.trpc.auth.signIn.mutate({ email: person.email, password: defaultPassword });
      if (step.status !== "second_factor") throw new Error(`expected second_factor, got ${step.status}`);
      expect(step.methods).toEqual(["totp", "passkey"]);
      expect(browser.jar.has("wit_session")).toBeFalse();

      const { challengeId, options } = await browser.trpc.passkeys.signInOptions.mutate({ ticket: step.ticket });
      expect(options.allowCredentials?.map((c) => c.id)).toEqual([passkey.id]);
      const response = await authenticator.get(options);
      const result = await browser.trpc.passkeys.signIn.mutate({ challengeId, response, ticket: step.ticket });
      expect(result).toMatchObject({ status: "signed_in", user: { id: person.user.id } });
      expect(await browser.trpc.auth.me.query()).toMatchObject({ id: person.user.id });

      // The ticket is spent.
      const again = await rejection(createClient(srv).trpc.passkeys.signInOptions.mutate({ ticket: step.ticket }));
      expect(again.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.ticketInvalid" });
    });

    test("another account's passkey cannot finish someone's sign-in ticket", async () => {
      const victim = await personWithPasskey("Жертви");
      const attacker = await personWithPasskey("Нападника");
      await turnOnTotp(victim.person.user.id);
      const browser = createClient(srv);
      const step = await browser.trpc.auth.signIn.mutate({ email: victim.person.email, password: defaultPassword });
      if (step.status !== "second_factor") throw new Error(`expected second_factor, got ${step.status}`);

      // The ticket's ceremony, answered with the attacker's own passkey.
      const { challengeId, options } = await browser.trpc.passkeys.signInOptions.mutate({ ticket: step.ticket });
      const response = await attacker.authenticator.get(options, { credentialId: attacker.passkey.id });
      const refused = await rejection(browser.trpc.passkeys.signIn.mutate({ challengeId, response, ticket: step.ticket }));
      expect(refused.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.notYours" });

      // A passwordless ceremony's answer does not fit a ticket either.
      const open = await browser.trpc.passkeys.signInOptions.mutate({});
      const swapped = await rejection(
        browser.trpc.passkeys.signIn.mutate({ challengeId: open.challengeId, response: await attacker.authenticator.get(open.options), ticket: step.ticket }),
      );
      expect(swapped.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.challengeInvalid" });
      expect(browser.jar.has("wit_session")).toBeFalse();

      // The victim's own passkey still finishes it (the failures cost attempts, not the ticket).
      const own = await passkeySignIn(victim.authenticator, browser, step.ticket);
      expect(own).toMatchObject({ status: "signed_in", user: { id: victim.person.user.id } });
    });

    test("a removed passkey no longer signs in", async () => {
      const { client, authenticator, passkey } = await personWithPasskey();
      await client.trpc.passkeys.remove.mutate({ id: passkey.id });
      const refused = await rejection(passkeySignIn(authenticator));
      expect(refused.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.unknown" });
    });

    test("a suspended person's passkey does not sign them in", async () => {
      const { person, authenticator } = await personWithPasskey();
      await srv.deps.db.db.updateTable("users").set({ suspended_until: srv.clock.now() + 24 * 60 * MIN }).where("id", "=", person.user.id).execute();
      const browser = createClient(srv);
      const refused = await rejection(passkeySignIn(authenticator, browser));
      expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "auth.suspended" });
      expect(browser.jar.has("wit_session")).toBeFalse();
    });

    test("a person may keep only so many passkeys", async () => {
      const client = createClient(srv);
      const { user } = await registerAndVerify(srv, client);
      const now = srv.clock.now();
      await srv.deps.db.db
        .insertInto("passkeys")
        .values(
          Array.from({ length: PASSKEY_LIMITS.perPerson }, (_, i) => ({
            id: `cap${i}-${crypto.randomUUID()}`.replace(/[^A-Za-z0-9_-]/g, ""),
            user_id: user.id,
            name: `Ключ ${i}`,
            public_key: "AA",
            created_at: now + i,
            last_used_at: null,
          })),
        )
        .execute();
      expect(await client.trpc.passkeys.list.query()).toHaveLength(PASSKEY_LIMITS.perPerson);
      const refused = await rejection(client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword }));
      expect(refused.data).toMatchObject({ code: "CONFLICT", reason: "passkeys.tooMany" });
    });

    test("passkey sign-in ceremonies from one address are rate-limited", async () => {
      const browser = createClient(srv);
      let answer: string | null = null;
      for (let i = 0; i < 61 && answer === null; i++) {
        answer = await browser.trpc.passkeys.signInOptions.mutate({}).then(
          () => null,
          (error) => (error as { data?: { code?: string } }).data?.code ?? "other",
        );
      }
      expect(answer).toBe("TOO_MANY_REQUESTS");
      // Another address is not affected.
      expect(await createClient(srv).trpc.passkeys.signInOptions.mutate({})).toHaveProperty("challengeId");
    });

    test("a malformed browser answer is refused before any check runs", async () => {
      const { authenticator } = await personWithPasskey();
      const browser = createClient(srv);
      const { challengeId, options } = await browser.trpc.passkeys.signInOptions.mutate({});
      const response = await authenticator.get(options);
      const bad = { ...response, response: { ...response.response, signature: "not base64url!" } };
      const refused = await rejection(browser.trpc.passkeys.signIn.mutate({ challengeId, response: bad }));
      expect(refused.data).toMatchObject({ code: "BAD_REQUEST", reason: "errors.invalidInput" });
      expect(refused.data?.fieldErrors).toEqual({ response: ["passkeys.malformed"] });
    });
  });
}

const redis = redisBackend("passkey ceremonies across instances");
describe.skipIf(!redis)("passkeys across instances sharing the database and Redis", () => {
  const servers = useInstancePair(redis);

  test("a ceremony begun on one instance finishes on the other, once", async () => {
    const { a, b } = servers;
    const origin = new URL(a.deps.env.PUBLIC_URL).origin;
    const client = createClient(a);
    const person = await registerAndVerify(a, client);
    const authenticator = new SoftAuthenticator(origin);
    const reg = await client.trpc.passkeys.registerOptions.mutate({ password: defaultPassword });
    const onB = createClient(b);
    await onB.trpc.auth.signIn.mutate({ email: person.email, password: defaultPassword });
    await onB.trpc.passkeys.register.mutate({ challengeId: reg.challengeId, name: "Ключ", response: await authenticator.create(reg.options) });

    const browser = createClient(a);
    const { challengeId, options } = await browser.trpc.passkeys.signInOptions.mutate({});
    const response = await authenticator.get(options);
    const viaB = createClient(b, { ip: browser.ip });
    expect(await viaB.trpc.passkeys.signIn.mutate({ challengeId, response })).toMatchObject({ status: "signed_in", user: { id: person.user.id } });
    const again = await rejection(browser.trpc.passkeys.signIn.mutate({ challengeId, response }));
    expect(again.data).toMatchObject({ code: "UNAUTHORIZED", reason: "passkeys.challengeInvalid" });
  });
});
