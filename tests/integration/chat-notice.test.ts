import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CHAT_LIMITS } from "../../shared/chats.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectValidFrames, is, person } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";

/** Waits for the (debounced) online count to reach `expected`. */
async function settledCount(sock: TestSocket, expected: number) {
  await sock.next(is("online", (e) => e.count === expected));
}

for (const backend of testBackends()) {
  describe(`notices and the online count (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a notice reaches every connected socket, guests included, at most once per 30 s per person", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const guest = await connect(srv);
      await a.client.trpc.chats.notifyEveryone.mutate({ text: "  Збори о 18:00\nу залі  " });
      for (const sock of [a.sock, b.sock, guest]) {
        const notice = await sock.next(is("notice"));
        expect(notice).toMatchObject({ type: "notice", text: "Збори о 18:00 у залі", from: { id: a.user.id, username: a.user.username } });
      }

      const limited = await rejection(a.client.trpc.chats.notifyEveryone.mutate({ text: "again" }));
      expect(limited.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "errors.rateLimited" });
      expect(limited.data?.retryAfterSeconds).toBeGreaterThan(0);
      expect(limited.data?.retryAfterSeconds).toBeLessThanOrEqual(CHAT_LIMITS.noticeEverySeconds);
      // Someone else is not limited by a's notice.
      await b.client.trpc.chats.notifyEveryone.mutate({ text: "me too" });
      srv.clock.advance(CHAT_LIMITS.noticeEverySeconds * 1000 + 1);
      await a.client.trpc.chats.notifyEveryone.mutate({ text: "again" });
      expect(await guest.next(is("notice", (e) => e.text === "again"))).toBeTruthy();

      const tooLong = await rejection(a.client.trpc.chats.notifyEveryone.mutate({ text: "x".repeat(CHAT_LIMITS.noticeMax + 1) }));
      expect(tooLong.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { text: ["chats.noticeTooLong"] } });
      const anonymous = await rejection(createClient(srv).trpc.chats.notifyEveryone.mutate({ text: "hi" }));
      expect(anonymous.data).toMatchObject({ code: "UNAUTHORIZED" });
      for (const s of [a.sock, b.sock, guest]) {
        expectValidFrames(s);
        s.ws.close();
      }
    });

    test("the online count follows people connecting and leaving (one per person, one per guest connection)", async () => {
      const own = await startTestServer({ backend });
      try {
        const watcher = await connect(own);
        await settledCount(watcher, 1);
        const a = await person(own);
        const aSecondTab = await connect(own, a.client);
        const guest = await connect(own);
        await settledCount(watcher, 3);
        // A's second tab leaves, then another guest comes: 4 (had the tab taken A away, it would be 3).
        aSecondTab.ws.close();
        await aSecondTab.closed;
        const guestToo = await connect(own);
        await settledCount(watcher, 4);
        a.sock.ws.close();
        guest.ws.close();
        guestToo.ws.close();
        await settledCount(watcher, 1);
      } finally {
        await own.stop();
      }
    });
  });
}
