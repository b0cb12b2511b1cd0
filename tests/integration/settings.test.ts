import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AUTH_LIMITS } from "../../shared/auth.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, defaultPassword, registerAndVerify, rejection, uniqueEmail, uniqueUsername } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`profiles and settings (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const profileFields = (username: string) => ({
      firstName: "Леся",
      lastName: "Українка",
      username,
      bio: "Поетеса.\nДругий рядок <b>не HTML</b>",
      birthDate: "1991-02-25",
      showBirthDate: false,
    });

    test("a person edits their profile and anyone sees it, without a hidden birth date", async () => {
      const owner = createClient(srv);
      await registerAndVerify(srv, owner);
      const username = uniqueUsername("lesya");
      const saved = await owner.trpc.settings.update.mutate(profileFields(username));
      expect(saved).toMatchObject({ username, bio: "Поетеса.\nДругий рядок <b>не HTML</b>", birthDate: "1991-02-25", showBirthDate: false });
      expect(saved.storage.usedBytes).toBe(0);

      const guestView = await createClient(srv).trpc.profiles.byUsername.query({ username });
      expect(guestView).toMatchObject({ firstName: "Леся", birthDate: null, isOwner: false, avatar: null, counts: { albums: 0 } });
      const ownView = await owner.trpc.profiles.byUsername.query({ username });
      expect(ownView).toMatchObject({ birthDate: "1991-02-25", isOwner: true });

      await owner.trpc.settings.update.mutate({ ...profileFields(username), showBirthDate: true });
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username })).birthDate).toBe("1991-02-25");
    });

    test("a taken username, an impossible date or an overlong bio is refused and nothing changes", async () => {
      const other = await registerAndVerify(srv, createClient(srv));
      const me = createClient(srv);
      const mine = await registerAndVerify(srv, me);
      const taken = await rejection(me.trpc.settings.update.mutate(profileFields(other.username)));
      expect(taken.data).toMatchObject({ code: "CONFLICT", reason: "auth.usernameTaken", field: "username" });
      const bad = await rejection(
        me.trpc.settings.update.mutate({ ...profileFields(mine.username), birthDate: "2023-02-30", bio: "x".repeat(501) }),
      );
      expect(bad.data).toMatchObject({ fieldErrors: { birthDate: ["validation.date"], bio: ["validation.bioTooLong"] } });
      expect((await me.trpc.settings.get.query()).username).toBe(mine.username);
    });

    test("an unknown profile is NOT_FOUND and settings need a session", async () => {
      const err = await rejection(createClient(srv).trpc.profiles.byUsername.query({ username: "nobody_here_42" }));
      expect(err.data).toMatchObject({ code: "NOT_FOUND", reason: "profiles.notFound" });
      const guest = await rejection(createClient(srv).trpc.settings.get.query());
      expect(guest.data?.code).toBe("UNAUTHORIZED");
    });

    test("changing the password needs the current one and can sign out the other sessions", async () => {
      const laptop = createClient(srv);
      const { email } = await registerAndVerify(srv, laptop);
      const phone = createClient(srv);
      await phone.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      // The phone never signed in to this account: the owner is told (#17).
      expect((await srv.mail.next(email)).subject).toBe("Новий вхід у ваш акаунт World IT");

      const wrong = await rejection(
        laptop.trpc.settings.changePassword.mutate({ currentPassword: "nope-nope-1", newPassword: "fresh-Pass-word-1", signOutOtherSessions: true }),
      );
      expect(wrong.data).toMatchObject({ code: "BAD_REQUEST", reason: "settings.wrongPassword", field: "currentPassword" });
      expect(await phone.trpc.auth.me.query()).not.toBeNull();

      const done = await laptop.trpc.settings.changePassword.mutate({
        currentPassword: defaultPassword,
        newPassword: "fresh-Pass-word-1",
        signOutOtherSessions: true,
      });
      expect(done).toEqual({ ok: true, signedOut: 1 });
      expect(await phone.trpc.auth.me.query()).toBeNull();
      expect(await laptop.trpc.auth.me.query()).not.toBeNull();
      expect((await srv.mail.next(email)).subject).toContain("Пароль");
      const signIn = await createClient(srv).trpc.auth.signIn.mutate({ email, password: "fresh-Pass-word-1" });
      expect(signIn.status).toBe("signed_in");
    });

    test("changing the email sends a code to the new address and tells the old one", async () => {
      const client = createClient(srv);
      const { email: oldEmail } = await registerAndVerify(srv, client);
      const newEmail = uniqueEmail("moved");
      const wrongPw = await rejection(client.trpc.settings.requestEmailChange.mutate({ password: "bad-password-1", newEmail }));
      expect(wrongPw.data).toMatchObject({ reason: "settings.wrongPassword", field: "password" });

      const pending = await client.trpc.settings.requestEmailChange.mutate({ password: defaultPassword, newEmail });
      expect(pending).toEqual({ pendingEmail: newEmail, resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds });
      expect((await client.trpc.settings.get.query()).pendingEmail).toBe(newEmail);
      const code = await srv.mail.codeFor(newEmail);
      const wrong = await rejection(client.trpc.settings.confirmEmailChange.mutate({ code: code === "123456" ? "654321" : "123456" }));
      expect(wrong.data).toMatchObject({ reason: "auth.codeInvalid" });

      const settings = await client.trpc.settings.confirmEmailChange.mutate({ code });
      expect(settings).toMatchObject({ email: newEmail, pendingEmail: null });
      const notice = await srv.mail.next(oldEmail);
      expect(notice.subject).toContain("змінено");
      expect(notice.text).toContain(newEmail);
      const old = await rejection(createClient(srv).trpc.auth.signIn.mutate({ email: oldEmail, password: defaultPassword }));
      expect(old.data?.code).toBe("UNAUTHORIZED");
      expect((await createClient(srv).trpc.auth.signIn.mutate({ email: newEmail, password: defaultPassword })).status).toBe("signed_in");
    });

    test("an address that belongs to someone else cannot be taken", async () => {
      const other = await registerAndVerify(srv, createClient(srv));
      const me = createClient(srv);
      await registerAndVerify(srv, me);
      const err = await rejection(me.trpc.settings.requestEmailChange.mutate({ password: defaultPassword, newEmail: other.email }));
      expect(err.data).toMatchObject({ code: "CONFLICT", reason: "settings.emailTaken" });
      const none = await rejection(me.trpc.settings.confirmEmailChange.mutate({ code: "123456" }));
      expect(none.data).toMatchObject({ reason: "settings.noPendingEmail" });
    });
  });
}
