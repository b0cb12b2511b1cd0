/**
 * Two-factor sign-in with an authenticator app (#17): turning it on and off, the sign-in code
 * step with its ticket, recovery codes, replays, expiry and the limits that stop guessing.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SECURITY_LIMITS } from "../../shared/security.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, defaultPassword, registerAndVerify, rejection, uniqueEmail, type TestClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { appCode, nextAppCode, turnOnTwoFactor } from "../helpers/totp.ts";

const NEW_SIGN_IN = "Новий вхід у ваш акаунт World IT";

for (const backend of testBackends()) {
  describe(`two-factor sign-in (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /** A new account with two-factor on; the mails so far are taken. */
    async function personWithTwoFactor() {
      const owner = createClient(srv);
      const { email } = await registerAndVerify(srv, owner);
      const setup = await turnOnTwoFactor(srv, owner);
      await srv.mail.next(email);
      return { owner, email, ...setup };
    }

    /** The password on `client`: the ticket of the second-factor step. */
    async function ticketFor(client: TestClient, email: string) {
      const answer = await client.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      expect(answer).toMatchObject({ status: "second_factor", methods: ["totp"] });
      if (answer.status !== "second_factor") throw new Error("no ticket");
      return answer.ticket;
    }

    const newSignInMails = (email: string) => srv.mail.pending(email).filter((m) => m.subject === NEW_SIGN_IN).length;

    test("turning two-factor on needs the password and a code of the new secret, gives ten recovery codes and mails the owner", async () => {
      const owner = createClient(srv);
      const { email } = await registerAndVerify(srv, owner);
      expect(await owner.trpc.security.status.query()).toEqual({ totpEnabled: false, recoveryCodesLeft: 0 });

      const wrongPassword = await rejection(owner.trpc.security.totpBegin.mutate({ password: "not-the-Password-1" }));
      expect(wrongPassword.data).toMatchObject({ code: "BAD_REQUEST", reason: "settings.wrongPassword", field: "password" });

      const { secret, uri } = await owner.trpc.security.totpBegin.mutate({ password: defaultPassword });
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(uri).toBe(
        `otpauth://totp/World%20IT:${encodeURIComponent(email)}?secret=${secret}&issuer=World%20IT&algorithm=SHA1&digits=6&period=30`,
      );
      // Pending until a code proves the app has the secret: signing in still needs only the password.
      expect(await createClient(srv).trpc.auth.signIn.mutate({ email, password: defaultPassword })).toMatchObject({ status: "signed_in" });
      await srv.mail.next(email);

      const right = appCode(srv, secret);
      const wrongCode = await rejection(owner.trpc.security.totpEnable.mutate({ code: right === "000000" ? "111111" : "000000" }));
      expect(wrongCode.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeInvalid", field: "code" });
      expect(await owner.trpc.security.status.query()).toEqual({ totpEnabled: false, recoveryCodesLeft: 0 });

      const { recoveryCodes } = await owner.trpc.security.totpEnable.mutate({ code: right });
      expect(recoveryCodes).toHaveLength(SECURITY_LIMITS.recoveryCodeCount);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(new Set(recoveryCodes).size).toBe(recoveryCodes.length);
      const mail = await srv.mail.next(email);
      expect(mail.subject).toBe("Двофакторний вхід у World IT увімкнено");
      expect(mail.text).toMatch(/https?:\/\/\S+\/settings\/sessions\b/);
      expect(await owner.trpc.security.status.query()).toEqual({ totpEnabled: true, recoveryCodesLeft: 10 });

      const again = await rejection(owner.trpc.security.totpBegin.mutate({ password: defaultPassword }));
      expect(again.data).toMatchObject({ code: "CONFLICT", reason: "security.totpAlreadyOn" });
    });

    test("the right password then gives a ticket and no session, the right code signs in, and only a new device is mailed about", async () => {
      const { email, secret, owner } = await personWithTwoFactor();
      const phone = createClient(srv);
      const ticket = await ticketFor(phone, email);
      expect(phone.jar.has("wit_session")).toBeFalse();
      expect(await phone.trpc.auth.me.query()).toBeNull();

      const answer = await phone.trpc.auth.secondFactor.mutate({ ticket, code: nextAppCode(srv, secret) });
      expect(answer).toMatchObject({ status: "signed_in", user: { email }, deletionCancelled: false });
      expect(phone.jar.has("wit_session")).toBeTrue();
      expect(await phone.trpc.auth.me.query()).toMatchObject({ email });
      expect((await srv.mail.next(email)).subject).toBe(NEW_SIGN_IN);

      // The same phone again: a known device, no mail. The owner's own browser neither.
      await phone.trpc.auth.signOut.mutate();
      const second = await ticketFor(phone, email);
      expect(await phone.trpc.auth.secondFactor.mutate({ ticket: second, code: nextAppCode(srv, secret) })).toMatchObject({ status: "signed_in" });
      await owner.trpc.auth.signOut.mutate();
      const third = await ticketFor(owner, email);
      expect(await owner.trpc.auth.secondFactor.mutate({ ticket: third, code: nextAppCode(srv, secret) })).toMatchObject({ status: "signed_in" });
      expect(newSignInMails(email)).toBe(0);
    });

    test("a wrong code is refused, and after the allowed number of wrong codes the ticket is spent", async () => {
      const { email, secret } = await personWithTwoFactor();
      const phone = createClient(srv);
      const ticket = await ticketFor(phone, email);
      const right = nextAppCode(srv, secret);
      const wrong = right === "000000" ? "111111" : "000000";
      for (let i = 0; i < SECURITY_LIMITS.ticketAttempts; i++) {
        const refused = await rejection(phone.trpc.auth.secondFactor.mutate({ ticket, code: wrong }));
        expect(refused.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.codeInvalid" });
      }
      const spent = await rejection(phone.trpc.auth.secondFactor.mutate({ ticket, code: right }));
      expect(spent.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.ticketInvalid" });
      expect(phone.jar.has("wit_session")).toBeFalse();

      // The password again earns a new ticket, and the code (not used yet) works with it.
      const fresh = await ticketFor(phone, email);
      expect(await phone.trpc.auth.secondFactor.mutate({ ticket: fresh, code: right })).toMatchObject({ status: "signed_in" });
    });

    test("a code is good once: the same code for another sign-in in its time step is refused, even when both race", async () => {
      const { email, secret } = await personWithTwoFactor();
      const code = nextAppCode(srv, secret);
      const first = createClient(srv);
      expect(await first.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(first, email), code })).toMatchObject({ status: "signed_in" });
      const replay = createClient(srv);
      const refused = await rejection(replay.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(replay, email), code }));
      expect(refused.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.codeInvalid" });

      // A code of an earlier step than one already used is refused too.
      const earlier = appCode(srv, secret);
      srv.clock.advance(30_000);
      const later = appCode(srv, secret);
      const c = createClient(srv);
      expect(await c.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(c, email), code: later })).toMatchObject({ status: "signed_in" });
      const d = createClient(srv);
      const old = await rejection(d.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(d, email), code: earlier }));
      expect(old.data).toMatchObject({ reason: "auth.codeInvalid" });

      // Two sign-ins racing with one new code: exactly one gets in.
      const racing = nextAppCode(srv, secret);
      const clients = [createClient(srv), createClient(srv), createClient(srv)];
      const tickets = await Promise.all(clients.map((cl) => ticketFor(cl, email)));
      const results = await Promise.allSettled(clients.map((cl, i) => cl.trpc.auth.secondFactor.mutate({ ticket: tickets[i]!, code: racing })));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    });

    test("a recovery code signs in once and never again, written in any case and with or without its dash", async () => {
      const { email, recoveryCodes, owner } = await personWithTwoFactor();
      const code = recoveryCodes[3]!;
      const phone = createClient(srv);
      const typed = ` ${code.replace("-", "").toUpperCase()} `;
      expect(await phone.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(phone, email), code: typed })).toMatchObject({
        status: "signed_in",
      });
      expect(await owner.trpc.security.status.query()).toEqual({ totpEnabled: true, recoveryCodesLeft: 9 });

      const laptop = createClient(srv);
      const reused = await rejection(laptop.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(laptop, email), code }));
      expect(reused.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.codeInvalid" });
      // Another one still works.
      expect(await laptop.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(laptop, email), code: recoveryCodes[4]! })).toMatchObject({
        status: "signed_in",
      });
    });

    test("a ticket expires after its time, and a ticket that was never given out is refused", async () => {
      const { email, secret } = await personWithTwoFactor();
      const phone = createClient(srv);
      const ticket = await ticketFor(phone, email);
      srv.clock.advance(SECURITY_LIMITS.ticketTtlMinutes * 60_000 + 1_000);
      const expired = await rejection(phone.trpc.auth.secondFactor.mutate({ ticket, code: appCode(srv, secret) }));
      expect(expired.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.ticketInvalid" });
      const forged = await rejection(phone.trpc.auth.secondFactor.mutate({ ticket: "A".repeat(43), code: appCode(srv, secret) }));
      expect(forged.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.ticketInvalid" });
      expect(phone.jar.has("wit_session")).toBeFalse();
    });

    test("turning two-factor off needs the password and a current code, mails the owner, and sign-in needs only the password again", async () => {
      const { email, secret, owner } = await personWithTwoFactor();
      const code = nextAppCode(srv, secret);
      const wrongPassword = await rejection(owner.trpc.security.totpDisable.mutate({ password: "not-the-Password-1", code }));
      expect(wrongPassword.data).toMatchObject({ code: "BAD_REQUEST", reason: "settings.wrongPassword", field: "password" });
      const wrongCode = await rejection(
        owner.trpc.security.totpDisable.mutate({ password: defaultPassword, code: code === "000000" ? "111111" : "000000" }),
      );
      expect(wrongCode.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeInvalid", field: "code" });
      expect(await owner.trpc.security.status.query()).toMatchObject({ totpEnabled: true });

      await owner.trpc.security.totpDisable.mutate({ password: defaultPassword, code });
      const mail = await srv.mail.next(email);
      expect(mail.subject).toBe("Двофакторний вхід у World IT вимкнено");
      expect(mail.text).toMatch(/https?:\/\/\S+\/settings\/sessions\b/);
      expect(await owner.trpc.security.status.query()).toEqual({ totpEnabled: false, recoveryCodesLeft: 0 });
      expect(await createClient(srv).trpc.auth.signIn.mutate({ email, password: defaultPassword })).toMatchObject({ status: "signed_in" });

      const off = await rejection(owner.trpc.security.totpDisable.mutate({ password: defaultPassword, code: nextAppCode(srv, secret) }));
      expect(off.data).toMatchObject({ code: "CONFLICT", reason: "security.totpOff" });
      // It can be turned on again, with a new secret.
      const again = await turnOnTwoFactor(srv, owner);
      expect(again.secret).not.toBe(secret);
    });

    test("new recovery codes replace the old ones, need the password and a code, and are mailed about", async () => {
      const { email, secret, recoveryCodes, owner } = await personWithTwoFactor();
      const { recoveryCodes: renewed } = await owner.trpc.security.recoveryCodesRenew.mutate({
        password: defaultPassword,
        code: nextAppCode(srv, secret),
      });
      expect(renewed).toHaveLength(SECURITY_LIMITS.recoveryCodeCount);
      expect(renewed.filter((c) => recoveryCodes.includes(c))).toEqual([]);
      expect((await srv.mail.next(email)).subject).toBe("Нові резервні коди World IT");

      const phone = createClient(srv);
      const old = await rejection(phone.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(phone, email), code: recoveryCodes[0]! }));
      expect(old.data).toMatchObject({ reason: "auth.codeInvalid" });
      expect(await phone.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(phone, email), code: renewed[0]! })).toMatchObject({
        status: "signed_in",
      });
      // A recovery code confirms a renewal too (and is used up by it).
      await owner.trpc.security.recoveryCodesRenew.mutate({ password: defaultPassword, code: renewed[1]! });
      expect(await owner.trpc.security.status.query()).toEqual({ totpEnabled: true, recoveryCodesLeft: 10 });
    });

    test("someone with the password cannot guess codes by fetching new tickets: the person's limit stops them, right code or not", async () => {
      const { email, secret } = await personWithTwoFactor();
      const right = nextAppCode(srv, secret);
      const wrong = right === "000000" ? "111111" : "000000";
      let limited: unknown = null;
      for (let i = 0; i < 30 && !limited; i++) {
        // A new address and a new ticket for every guess.
        const attacker = createClient(srv);
        const ticket = await ticketFor(attacker, email);
        const refused = await rejection(attacker.trpc.auth.secondFactor.mutate({ ticket, code: wrong }));
        if (refused.data?.code === "TOO_MANY_REQUESTS") limited = i;
        else expect(refused.data).toMatchObject({ reason: "auth.codeInvalid" });
      }
      expect(limited).toBe(10);
      const attacker = createClient(srv);
      const stillLimited = await rejection(attacker.trpc.auth.secondFactor.mutate({ ticket: await ticketFor(attacker, email), code: right }));
      expect(stillLimited.data).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    });

    test("the mails about a changed password or address link to the sessions page", async () => {
      const owner = createClient(srv);
      const { email } = await registerAndVerify(srv, owner);
      await owner.trpc.settings.changePassword.mutate({ currentPassword: defaultPassword, newPassword: "another-Stapler-43", signOutOtherSessions: false });
      expect((await srv.mail.next(email)).text).toMatch(/https?:\/\/\S+\/settings\/sessions\b/);

      const newEmail = uniqueEmail("moved");
      await owner.trpc.settings.requestEmailChange.mutate({ password: "another-Stapler-43", newEmail });
      await owner.trpc.settings.confirmEmailChange.mutate({ code: await srv.mail.codeFor(newEmail) });
      const notice = await srv.mail.next(email);
      expect(notice.subject).toBe("Адресу вашого акаунта World IT змінено");
      expect(notice.text).toMatch(/https?:\/\/\S+\/settings\/sessions\b/);
    });
  });
}
