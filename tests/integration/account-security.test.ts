/**
 * The holes an outside attacker found (docs/security.md), each reproduced as it was reported and
 * proven closed: account pre-hijacking, sign-in lockout of a victim, a spoofable client IP behind
 * a proxy, bare 413s for big uploads, and unlimited guest websockets; plus the CSP and HSTS headers.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AUTH_LIMITS } from "../../shared/auth.ts";
import { WS_CLOSE, WS_LIMITS, type ServerEvent } from "../../shared/events.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, defaultPassword, registerAndVerify, rejection, uniqueEmail, uniqueIp, uniqueUsername } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { openSocket, type TestSocket } from "../helpers/ws.ts";

const MIN = 60_000;
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1]!;

for (const backend of testBackends()) {
  describe(`account security (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const person = (label: string, email = uniqueEmail(label)) => ({
      email,
      username: uniqueUsername(label),
      firstName: label,
      lastName: "Тест",
      password: `${label}-Long-pass-1`,
    });

    describe("account pre-hijacking", () => {
      test("a second registration of a pending address cannot change what the address owner chose", async () => {
        const victim = createClient(srv);
        const mine = person("victim");
        await victim.trpc.auth.register.mutate(mine);
        const mail = await srv.mail.next(mine.email);
        expect(mail.text).toContain(`@${mine.username}`);

        // Before the code is entered, someone else registers the same address with their own details.
        const attacker = createClient(srv);
        const theirs = { ...person("attacker"), email: mine.email };
        expect(await attacker.trpc.auth.register.mutate(theirs)).toMatchObject({ email: mine.email });

        const { user } = await victim.trpc.auth.verifyEmail.mutate({ email: mine.email, code: codeIn(mail.text) });
        expect(user).toMatchObject({ email: mine.email, username: mine.username, firstName: mine.firstName });
        expect(await createClient(srv).trpc.auth.signIn.mutate({ email: mine.email, password: mine.password })).toMatchObject({
          status: "signed_in",
        });
        const theirPassword = await rejection(createClient(srv).trpc.auth.signIn.mutate({ email: mine.email, password: theirs.password }));
        expect(theirPassword.data).toMatchObject({ code: "UNAUTHORIZED", reason: "auth.invalidCredentials" });
        // The attacker's registration is gone with the confirmation: its username is free again.
        const reuse = await createClient(srv).trpc.auth.register.mutate({ ...person("reuse"), username: theirs.username });
        expect(reuse.resendAfterSeconds).toBe(AUTH_LIMITS.resendCooldownSeconds);
      });

      test("when someone else registered the address first, the owner still gets a code of their own, and theirs is refused in the owner's browser", async () => {
        const email = uniqueEmail("owner");
        const attacker = createClient(srv);
        const theirs = person("first", email);
        await attacker.trpc.auth.register.mutate(theirs);
        const theirMail = await srv.mail.next(email);
        expect(theirMail.text).toContain(`@${theirs.username}`);

        const owner = createClient(srv);
        const mine = person("second", email);
        await owner.trpc.auth.register.mutate(mine);
        const myMail = await srv.mail.next(email);
        expect(myMail.text).toContain(`@${mine.username}`);

        // The owner's browser made its own registration: the other one's code is not accepted there.
        const wrong = await rejection(owner.trpc.auth.verifyEmail.mutate({ email, code: codeIn(theirMail.text) }));
        expect(wrong.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeForOtherRegistration" });
        const { user } = await owner.trpc.auth.verifyEmail.mutate({ email, code: codeIn(myMail.text) });
        expect(user.username).toBe(mine.username);
        // The first registration's code is dead now that the address has an account.
        const late = await rejection(attacker.trpc.auth.verifyEmail.mutate({ email, code: codeIn(theirMail.text) }));
        expect(late.data).toMatchObject({ reason: "auth.codeInvalid" });
      });

      test("a resend goes to the registration this browser made, never to someone else's", async () => {
        const email = uniqueEmail("resend");
        const owner = createClient(srv);
        const mine = person("mine", email);
        await owner.trpc.auth.register.mutate(mine);
        await srv.mail.next(email);
        const other = createClient(srv);
        await other.trpc.auth.register.mutate(person("other", email));
        await srv.mail.next(email);

        srv.clock.advance(AUTH_LIMITS.resendCooldownSeconds * 1000);
        await owner.trpc.auth.resendCode.mutate({ email });
        const resent = await srv.mail.next(email);
        expect(resent.text).toContain(`@${mine.username}`);
        const { user } = await owner.trpc.auth.verifyEmail.mutate({ email, code: codeIn(resent.text) });
        expect(user.username).toBe(mine.username);
      });

      test("a pending registration holds its username for an hour at most", async () => {
        const held = person("holder");
        await createClient(srv).trpc.auth.register.mutate(held);
        await srv.mail.next(held.email);
        const taken = await rejection(createClient(srv).trpc.auth.register.mutate({ ...person("late"), username: held.username }));
        expect(taken.data).toMatchObject({ code: "CONFLICT", reason: "auth.usernameTaken" });

        srv.clock.advance(AUTH_LIMITS.registrationTtlMinutes * MIN + 1000);
        const later = person("later");
        const client = createClient(srv);
        await client.trpc.auth.register.mutate({ ...later, username: held.username });
        const code = await srv.mail.codeFor(later.email);
        const { user } = await client.trpc.auth.verifyEmail.mutate({ email: later.email, code });
        expect(user.username).toBe(held.username);
      });
    });

    describe("sign-in throttling", () => {
      const signInFrom = (ip: string, email: string, password: string) =>
        createClient(srv, { ip }).fetch(`${srv.url}/trpc/auth.signIn`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password }),
        });

      test("wrong passwords from one address make that address wait, not the owner on another", async () => {
        const { email } = await registerAndVerify(srv, createClient(srv));
        const attackerIp = uniqueIp();
        let status = 0;
        for (let i = 0; i < 15 && status !== 429; i++) status = (await signInFrom(attackerIp, email, "wrong-password")).status;
        expect(status).toBe(429);
        // A browser that never signed in to the account, from another address, still gets in.
        const elsewhere = createClient(srv);
        expect(await elsewhere.trpc.auth.signIn.mutate({ email, password: defaultPassword })).toMatchObject({ status: "signed_in" });
      });

      test("while an email is under attack from many addresses, the owner resets the password by mail and that browser signs in", async () => {
        const { email } = await registerAndVerify(srv, createClient(srv));
        let status = 0;
        for (let i = 0; i < 40 && status !== 429; i++) status = (await signInFrom(uniqueIp(), email, "wrong-password")).status;
        expect(status).toBe(429);

        const newDevice = createClient(srv);
        const locked = await rejection(newDevice.trpc.auth.signIn.mutate({ email, password: defaultPassword }));
        expect(locked.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "errors.rateLimited" });
        await newDevice.trpc.auth.requestPasswordReset.mutate({ email });
        const link = await srv.mail.linkFor(email);
        const token = new URL(link).hash.replace("#token=", "");
        await newDevice.trpc.auth.resetPassword.mutate({ token, password: "brand-New-pass-77" });
        expect(newDevice.jar.get("wit_device")).toBeTruthy();
        expect(await newDevice.trpc.auth.signIn.mutate({ email, password: "brand-New-pass-77" })).toMatchObject({ status: "signed_in" });
      });

      test("a made-up device cookie does not get past the limit", async () => {
        const { email } = await registerAndVerify(srv, createClient(srv));
        let status = 0;
        for (let i = 0; i < 40 && status !== 429; i++) status = (await signInFrom(uniqueIp(), email, "wrong-password")).status;
        expect(status).toBe(429);
        const forger = createClient(srv);
        forger.jar.set("wit_device", "A".repeat(43));
        const err = await rejection(forger.trpc.auth.signIn.mutate({ email, password: defaultPassword }));
        expect(err.data).toMatchObject({ code: "TOO_MANY_REQUESTS" });
      });
    });

    test("behind a proxy, the client IP is the proxy's entry: a forged X-Forwarded-For does not escape per-IP limits", async () => {
      const realIp = uniqueIp();
      let status = 0;
      for (let i = 0; i < 15 && status !== 429; i++) {
        // The client writes its own first entry; the trusted proxy appends the address it saw.
        const res = await fetch(`${srv.url}/trpc/auth.register`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: srv.url, "x-forwarded-for": `${uniqueIp()}, ${realIp}` },
          body: JSON.stringify(person(`xff${i}`)),
        });
        status = res.status;
      }
      expect(status).toBe(429);
    });

    describe("uploads over the size limit", () => {
      const twentyMb = 20 * 1024 * 1024;

      test("a 20 MB upload gets the documented JSON error, not a bare 413", async () => {
        const client = createClient(srv);
        await registerAndVerify(srv, client);
        const res = await client.fetch(`${srv.url}/api/media?purpose=post_image`, { method: "POST", body: new Uint8Array(twentyMb) });
        expect(res.status).toBe(413);
        expect((await res.json()).error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "media.tooLarge" });
      });

      test("a 20 MB upload streamed without a Content-Length gets the same JSON error", async () => {
        const client = createClient(srv);
        await registerAndVerify(srv, client);
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent >= twentyMb) return controller.close();
            sent += 1024 * 1024;
            controller.enqueue(new Uint8Array(1024 * 1024));
          },
        });
        const res = await client.fetch(`${srv.url}/api/media?purpose=post_image`, { method: "POST", body });
        expect(res.status).toBe(413);
        expect((await res.json()).error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "media.tooLarge" });
      });

      test("a 20 MB tRPC body gets the documented JSON error too", async () => {
        const res = await fetch(`${srv.url}/trpc/auth.signIn`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: srv.url },
          body: new Uint8Array(twentyMb).fill(32),
        });
        expect(res.status).toBe(413);
        expect((await res.json()).error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "errors.payloadTooLarge" });
      });
    });

    describe("websocket caps", () => {
      const onlineCount = async (sock: TestSocket) => ((await sock.next((f) => f.type === "online")) as Extract<ServerEvent, { type: "online" }>).count;

      test("guest sockets from one IP are capped with a clear close code, and the online count is not inflated", async () => {
        const ip = uniqueIp();
        const headers = { origin: srv.url, "x-forwarded-for": ip };
        const watcher = await openSocket(srv.url, { origin: srv.url, "x-forwarded-for": uniqueIp() });
        const before = await onlineCount(watcher);
        const open: TestSocket[] = [];
        try {
          for (let i = 0; i < WS_LIMITS.guestSocketsPerIp; i++) {
            const sock = await openSocket(srv.url, headers);
            await sock.next((f) => f.type === "hello");
            open.push(sock);
          }
          const extra = await openSocket(srv.url, headers);
          expect(await extra.closed).toMatchObject({ code: WS_CLOSE.tooManySockets });
          // A guest from another address still connects.
          const other = await openSocket(srv.url, { origin: srv.url, "x-forwarded-for": uniqueIp() });
          await other.next((f) => f.type === "hello");
          open.push(other);
          // The count others see never went past what was really let in.
          const counts = watcher.frames.filter((f) => f.type === "online").map((f) => (f as { count: number }).count);
          expect(Math.max(...counts)).toBeLessThanOrEqual(before + WS_LIMITS.guestSocketsPerIp + 1);
        } finally {
          for (const s of open) s.ws.close();
          watcher.ws.close();
        }
      });

      test("one person's sockets are capped with the same close code", async () => {
        const client = createClient(srv);
        await registerAndVerify(srv, client);
        const headers = { origin: srv.url, cookie: client.cookieHeader() };
        const open: TestSocket[] = [];
        try {
          for (let i = 0; i < WS_LIMITS.socketsPerPerson; i++) {
            const sock = await openSocket(srv.url, headers);
            await sock.next((f) => f.type === "hello");
            open.push(sock);
          }
          const extra = await openSocket(srv.url, headers);
          expect(await extra.closed).toMatchObject({ code: WS_CLOSE.tooManySockets });
          // Closing one frees a place.
          open.pop()!.ws.close();
          const again = await waitForOpenSocket(headers);
          open.push(again);
        } finally {
          for (const s of open) s.ws.close();
        }
      });

      /** A socket that stays open: a freed place may take a moment to be noticed by the server. */
      async function waitForOpenSocket(headers: Record<string, string>): Promise<TestSocket> {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const sock = await openSocket(srv.url, headers);
          const first = await Promise.race([sock.next((f) => f.type === "hello", 20_000).then(() => "open"), sock.closed.then(() => "closed")]);
          if (first === "open") return sock;
          if (Date.now() > deadline) throw new Error("no place was freed");
        }
      }
    });

    test("pages allow websockets to the app's own origin only", async () => {
      const res = await fetch(`${srv.url}/`);
      const csp = res.headers.get("content-security-policy") ?? "";
      const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.split(" ") ?? [];
      expect(connect).toContain("'self'");
      expect(connect).not.toContain("ws:");
      expect(connect).not.toContain("wss:");
      expect(res.headers.get("strict-transport-security")).toBeNull();
    });
  });
}

describe("HSTS", () => {
  test("an app served over https sends Strict-Transport-Security", async () => {
    const srv = await startTestServer({ env: { PUBLIC_URL: "https://world-it.example" } });
    try {
      const res = await fetch(`${srv.url}/healthz`);
      expect(res.headers.get("strict-transport-security")).toContain("max-age=31536000");
    } finally {
      await srv.stop();
    }
  });
});
