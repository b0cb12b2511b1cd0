import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { WS_CLOSE, WS_LIMITS } from "../../shared/events.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { createClient, defaultPassword, registerAndVerify } from "../helpers/client.ts";
import { startTestServer, useInstancePair, type TestServer } from "../helpers/test-server.ts";
import { openSocket, upgradeStatus } from "../helpers/ws.ts";

for (const backend of testBackends()) {
  describe(`the websocket (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a guest connects read-only and is greeted without a user", async () => {
      const sock = await openSocket(srv.url, { origin: srv.url });
      expect(await sock.next((e) => e.type === "hello")).toEqual({ type: "hello", userId: null });
      sock.ws.close();
    });

    test("a signed-in person's socket is authenticated from the session cookie", async () => {
      const client = createClient(srv);
      const { user } = await registerAndVerify(srv, client);
      const sock = await openSocket(srv.url, { origin: srv.url, cookie: client.cookieHeader() });
      expect(await sock.next((e) => e.type === "hello")).toEqual({ type: "hello", userId: user.id });
      sock.ws.close();
    });

    test("the upgrade from a foreign Origin is refused", async () => {
      expect(await upgradeStatus(srv.url, { origin: "https://evil.example" })).not.toBe(101);
      expect(await upgradeStatus(srv.url, { origin: srv.url })).toBe(101);
    });

    test("bad frames get an error frame and the connection lives on", async () => {
      const sock = await openSocket(srv.url, { origin: srv.url });
      sock.send("{nope");
      expect(await sock.next((e) => e.type === "error")).toMatchObject({ type: "error", code: "BAD_FRAME" });
      sock.send(JSON.stringify({ type: "launch-missiles" }));
      expect(await sock.next((e) => e.type === "error")).toMatchObject({ code: "BAD_FRAME" });
      sock.send(JSON.stringify({ type: "ping", at: 7 }));
      expect(await sock.next((e) => e.type === "pong")).toEqual({ type: "pong", at: 7 });
      sock.ws.close();
    });

    test("an oversize frame closes only that connection; the server lives on", async () => {
      const sock = await openSocket(srv.url, { origin: srv.url });
      sock.send("x".repeat(WS_LIMITS.maxFrameBytes + 1));
      const { code } = await sock.closed;
      expect(code).toBe(1009);
      const again = await openSocket(srv.url, { origin: srv.url });
      expect((await again.next()).type).toBe("hello");
      again.ws.close();
    });

    test("revoking a session closes its websocket at once", async () => {
      const laptop = createClient(srv);
      const { email } = await registerAndVerify(srv, laptop);
      const phone = createClient(srv);
      await phone.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      const phoneSock = await openSocket(srv.url, { origin: srv.url, cookie: phone.cookieHeader() });
      const laptopSock = await openSocket(srv.url, { origin: srv.url, cookie: laptop.cookieHeader() });
      await phoneSock.next((e) => e.type === "hello");
      await laptop.trpc.auth.revokeOtherSessions.mutate();
      expect((await phoneSock.closed).code).toBe(WS_CLOSE.sessionRevoked);
      laptopSock.send(JSON.stringify({ type: "ping" }));
      expect(await laptopSock.next((e) => e.type === "pong")).toBeTruthy();
      laptopSock.ws.close();
    });

    test("stopping the server closes sockets with 1001 (going away)", async () => {
      const other = await startTestServer({ backend });
      const sock = await openSocket(other.url, { origin: other.url });
      await sock.next();
      const stopping = other.stop();
      expect((await sock.closed).code).toBe(WS_CLOSE.goingAway);
      await stopping;
    });
  });
}

const redis = redisBackend("the cross-instance websocket suite");
describe.skipIf(!redis)("several instances sharing Postgres/SQLite and Redis", () => {
  const servers = useInstancePair(redis);

  test("a session revoked on one instance loses its websocket on another", async () => {
    const { a, b } = servers;
    const laptop = createClient(a);
    const { email } = await registerAndVerify(a, laptop);
    const phone = createClient(b);
    await phone.trpc.auth.signIn.mutate({ email, password: defaultPassword });
    const sock = await openSocket(b.url, { origin: b.url, cookie: phone.cookieHeader() });
    await sock.next((e) => e.type === "hello");
    await laptop.trpc.auth.revokeOtherSessions.mutate();
    expect((await sock.closed).code).toBe(WS_CLOSE.sessionRevoked);
  });

  test("rate limits are shared: a code mailed via one instance blocks a resend via the other", async () => {
    const { a, b } = servers;
    const email = `shared.${crypto.randomUUID().slice(0, 8)}@example.test`;
    await createClient(a).trpc.auth.resendCode.mutate({ email });
    const res = await createClient(b).fetch(`${b.url}/trpc/auth.resendCode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    expect(res.status).toBe(429);
  });
});
