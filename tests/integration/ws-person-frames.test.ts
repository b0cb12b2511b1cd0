/**
 * A person's frames (`user:<id>`) are delivered by the socket layer to that person's sockets
 * (hub.route), not through a topic of their own in Bun's topic tree: an idle socket then costs
 * less memory (BENCHMARKS.md). These tests hold that delivery to what the topic gave: every
 * socket of the person, on every instance, exactly once; nobody else's; none after a close.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ServerEvent } from "../../shared/events.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { connect, expectNoFrame, person, settledFrames } from "../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify } from "../helpers/client.ts";
import { startTestServer, useInstancePair, type TestServer } from "../helpers/test-server.ts";

const aboutPerson = (id: string) => (e: ServerEvent) => e.type === "friend.status" && e.person.id === id;

for (const backend of testBackends()) {
  describe(`a person's frames (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a friend request reaches each of the recipient's sockets once and the sender's own, and no one else's", async () => {
      const [a, b, c] = [await person(srv), await person(srv), await person(srv)];
      const bSecond = await connect(srv, b.client);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      for (const sock of [b.sock, bSecond]) {
        expect(await sock.next(aboutPerson(a.user.id))).toMatchObject({ type: "friend.status", status: "incoming" });
        expect(await settledFrames(sock, aboutPerson(a.user.id))).toHaveLength(1);
      }
      expect(await a.sock.next(aboutPerson(b.user.id))).toMatchObject({ type: "friend.status", status: "requested" });
      await expectNoFrame(c.sock, (e) => e.type === "friend.status");
      await expectNoFrame(a.sock, aboutPerson(a.user.id));
      for (const s of [a.sock, b.sock, bSecond, c.sock]) s.ws.close();
    });

    test("after one of a person's sockets closes, the others still get the person's frames", async () => {
      const [a, b] = [await person(srv), await person(srv)];
      const bSecond = await connect(srv, b.client);
      bSecond.ws.close();
      await bSecond.closed;
      const bThird = await connect(srv, b.client);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      expect(await b.sock.next(aboutPerson(a.user.id))).toMatchObject({ status: "incoming" });
      expect(await bThird.next(aboutPerson(a.user.id))).toMatchObject({ status: "incoming" });
      for (const s of [a.sock, b.sock, bThird]) s.ws.close();
    });
  });
}

const redis = redisBackend("a person's frames across instances");

describe.skipIf(!redis)("a person's frames across instances", () => {
  const servers = useInstancePair(redis);

  test("a friend request made on one instance reaches the recipient's sockets on both", async () => {
    const { a, b } = servers;
    const sender = await person(a);
    const client = createClient(a);
    const { user, email } = await registerAndVerify(a, client);
    const onA = await connect(a, client);
    const viaB = createClient(b);
    await viaB.trpc.auth.signIn.mutate({ email, password: defaultPassword });
    const onB = await connect(b, viaB);
    await sender.client.trpc.friends.request.mutate({ userId: user.id });
    for (const sock of [onA, onB]) {
      expect(await sock.next(aboutPerson(sender.user.id))).toMatchObject({ type: "friend.status", status: "incoming" });
      expect(await settledFrames(sock, aboutPerson(sender.user.id))).toHaveLength(1);
    }
    for (const s of [sender.sock, onA, onB]) s.ws.close();
  });
});
