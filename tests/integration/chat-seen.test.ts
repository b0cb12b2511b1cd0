import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectNoFrame, expectValidFrames, is, openChat, person, sendOk, settledFrames } from "../helpers/chat.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

/** Read receipts: chat.seen on chat:<id> when a member's read marker moves, and othersReadId in the chat info. */
for (const backend of testBackends()) {
  describe(`read receipts (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("the author's socket with the chat open is told when the other person reads; sockets without it and outsiders are not", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const aOpen = await connect(srv, a.client);
      expect(await openChat(aOpen, chat.id)).toMatchObject({ type: "chat.opened" });
      // The outsider cannot subscribe to the chat at all.
      expect(await openChat(outsider.sock, chat.id)).toMatchObject({ type: "error", code: "NOT_FOUND" });
      const first = await sendOk(a.sock, chat.id, "are you there?");
      const second = await sendOk(a.sock, chat.id, "hello?");

      await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: first.id });
      expect(await aOpen.next(is("chat.seen"))).toEqual({ type: "chat.seen", chatId: chat.id, userId: b.user.id, lastReadId: first.id });
      await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: second.id });
      expect(await aOpen.next(is("chat.seen"))).toEqual({ type: "chat.seen", chatId: chat.id, userId: b.user.id, lastReadId: second.id });

      // A's socket that has not opened the chat and the outsider hear nothing of it.
      await expectNoFrame(a.sock, is("chat.seen"));
      await expectNoFrame(outsider.sock, is("chat.seen"));
      expect(await settledFrames(aOpen, is("chat.seen"))).toHaveLength(2);
      // The reader's own tabs still get chat.read on their user topic.
      expect(await b.sock.next(is("chat.read", (e) => e.lastReadId === second.id))).toMatchObject({ chatId: chat.id, unread: 0 });
      for (const s of [aOpen, a.sock, b.sock, outsider.sock]) expectValidFrames(s);
    });

    test("marking read again, or an older message, moves nothing and tells nobody", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      expect(await openChat(a.sock, chat.id)).toMatchObject({ type: "chat.opened" });
      const older = await sendOk(a.sock, chat.id, "one");
      const newer = await sendOk(a.sock, chat.id, "two");

      await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: newer.id });
      await a.sock.next(is("chat.seen", (e) => e.lastReadId === newer.id));
      expect(await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: older.id })).toMatchObject({ lastReadId: newer.id });
      expect(await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: newer.id })).toMatchObject({ lastReadId: newer.id });
      // Past the last message: clamped to it, which is where the marker already is.
      expect(await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: newer.id + 1000 })).toMatchObject({ lastReadId: newer.id });
      expect(await settledFrames(a.sock, is("chat.seen"))).toHaveLength(1);
    });

    test("byId and list tell me the other person's read marker in a personal chat (0 before they read)", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      expect(chat.othersReadId).toBe(0);
      const first = await sendOk(a.sock, chat.id, "one");
      await sendOk(a.sock, chat.id, "two");
      // My own marker is not "the others'".
      const mine = await sendOk(b.sock, chat.id, "three");
      await a.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: mine.id });
      expect((await a.client.trpc.chats.byId.query({ chatId: chat.id })).othersReadId).toBe(0);

      await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: first.id });
      expect((await a.client.trpc.chats.byId.query({ chatId: chat.id })).othersReadId).toBe(first.id);
      expect((await a.client.trpc.chats.list.query()).chats).toMatchObject([{ id: chat.id, othersReadId: first.id, lastReadId: mine.id }]);
      // B sees A's marker.
      expect((await b.client.trpc.chats.byId.query({ chatId: chat.id })).othersReadId).toBe(mine.id);
    });

    test("in a group othersReadId is the largest marker among the other members, not counting mine", async () => {
      const [a, b, c, d] = await Promise.all([person(srv), person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Receipts", memberIds: [b.user.id, c.user.id, d.user.id] });
      const m1 = await sendOk(a.sock, group.id, "1");
      const m2 = await sendOk(a.sock, group.id, "2");
      const m3 = await sendOk(a.sock, group.id, "3");
      await a.client.trpc.chats.markRead.mutate({ chatId: group.id, messageId: m3.id });
      await b.client.trpc.chats.markRead.mutate({ chatId: group.id, messageId: m1.id });
      await c.client.trpc.chats.markRead.mutate({ chatId: group.id, messageId: m2.id });

      expect((await a.client.trpc.chats.byId.query({ chatId: group.id })).othersReadId).toBe(m2.id);
      expect((await a.client.trpc.chats.list.query()).chats).toMatchObject([{ id: group.id, othersReadId: m2.id }]);
      // For C the others are A (m3), B and D.
      expect((await c.client.trpc.chats.byId.query({ chatId: group.id })).othersReadId).toBe(m3.id);
      // D has read nothing; the others have.
      expect((await d.client.trpc.chats.list.query()).chats).toMatchObject([{ id: group.id, othersReadId: m3.id, lastReadId: 0 }]);
    });
  });
}
