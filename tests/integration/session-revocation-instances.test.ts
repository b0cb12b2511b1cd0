/**
 * Ending a session takes effect at once on every instance: two instances share the database and
 * Redis; a person uses instance B (so B has just authenticated their cookie), and the session is
 * ended through instance A — sign-out, revoking it from another device, a password change that
 * signs out the others, a suspension, an account deletion. The very next request to B with that
 * cookie is refused. (Nothing may remember a session between requests: BENCHMARKS.md "HTTP".)
 */
import { describe, expect, test } from "bun:test";
import { redisBackend } from "../helpers/backends.ts";
import { createClient, defaultPassword, registerAndVerify, type TestClient } from "../helpers/client.ts";
import { useInstancePair, type TestServer } from "../helpers/test-server.ts";
import { setRoleInDb } from "./moderation-kit.ts";

const redis = redisBackend("the cross-instance session revocation suite");

/** Someone registered on A, plus a second session of theirs signed in through B. */
async function signedInOnBoth(a: TestServer, b: TestServer): Promise<{ onA: TestClient; onB: TestClient; userId: string; email: string }> {
  const onA = createClient(a);
  const { user, email } = await registerAndVerify(a, onA);
  const onB = createClient(b);
  await onB.trpc.auth.signIn.mutate({ email, password: defaultPassword });
  return { onA, onB, userId: user.id, email };
}

/** Instance B's answer to `auth.sessions` (signed-in only) with this cookie header: its status. */
async function statusOnB(b: TestServer, cookie: string): Promise<number> {
  const res = await fetch(`${b.url}/trpc/auth.sessions`, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status;
}

describe.skipIf(!redis)("ending a session on one instance refuses it on the other at once", () => {
  const servers = useInstancePair(redis);

  test("a session revoked on instance A is refused on instance B by the very next request, every time", async () => {
    const { a, b } = servers;
    const { onA, onB } = await signedInOnBoth(a, b);
    for (let round = 0; round < 10; round++) {
      const phone = createClient(b);
      await phone.trpc.auth.signIn.mutate({ email: (await onB.trpc.auth.me.query())!.email, password: defaultPassword });
      const cookie = phone.cookieHeader();
      // B has just accepted this cookie (twice), so anything it kept from it would be warm.
      expect(await statusOnB(b, cookie)).toBe(200);
      expect(await statusOnB(b, cookie)).toBe(200);
      const theirs = (await onA.trpc.auth.sessions.query()).filter((s) => !s.current);
      const current = (await phone.trpc.auth.sessions.query()).find((s) => s.current)!;
      expect(theirs.map((s) => s.id)).toContain(current.id);
      await onA.trpc.auth.revokeSession.mutate({ id: current.id });
      expect(await statusOnB(b, cookie)).toBe(401);
    }
    // The session that did the revoking, used on B all along, still works there.
    expect(await onB.trpc.auth.me.query()).not.toBeNull();
  });

  test("signing out through A ends that session on B", async () => {
    const { a, b } = servers;
    const { onB } = await signedInOnBoth(a, b);
    const cookie = onB.cookieHeader();
    expect(await statusOnB(b, cookie)).toBe(200);
    // The same cookie, sent to A this time.
    const res = await fetch(`${a.url}/trpc/auth.signOut`, { method: "POST", headers: { cookie, origin: a.url, "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    expect(await statusOnB(b, cookie)).toBe(401);
  });

  test("a password change through A that signs out the other sessions refuses them on B at once", async () => {
    const { a, b } = servers;
    const { onA, onB } = await signedInOnBoth(a, b);
    const cookie = onB.cookieHeader();
    expect(await statusOnB(b, cookie)).toBe(200);
    await onA.trpc.settings.changePassword.mutate({ currentPassword: defaultPassword, newPassword: "fresh-Pass-word-12", signOutOtherSessions: true });
    expect(await statusOnB(b, cookie)).toBe(401);
    expect(await statusOnB(b, onA.cookieHeader())).toBe(200);
  });

  test("a suspension through A refuses the person's sessions on B at once", async () => {
    const { a, b } = servers;
    const moderator = createClient(a);
    const { user: mod } = await registerAndVerify(a, moderator);
    await setRoleInDb(a, mod.id, "moderator");
    const { onB, userId } = await signedInOnBoth(a, b);
    const cookie = onB.cookieHeader();
    expect(await statusOnB(b, cookie)).toBe(200);
    await moderator.trpc.moderation.suspend.mutate({ userId, days: 3, reason: "Перевірка" });
    expect(await statusOnB(b, cookie)).toBe(401);
  });

  test("asking through A to delete the account refuses its sessions on B at once", async () => {
    const { a, b } = servers;
    const { onA, onB } = await signedInOnBoth(a, b);
    const cookie = onB.cookieHeader();
    expect(await statusOnB(b, cookie)).toBe(200);
    await onA.trpc.accountDeletion.request.mutate({ password: defaultPassword });
    expect(await statusOnB(b, cookie)).toBe(401);
  });
});
