import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { KyselyPlugin } from "kysely";
import { createChatsService } from "../../server/features/chats/chats.service.ts";
import { testBackends } from "../helpers/backends.ts";
import { caughtUp, connect, expectNoFrame, is, openChat, person, sendOk, settledFrames, type Person } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`the chat list and unread counts (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("my chats come most recent first, with the last message, unread counts and a total", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const personal = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Trio", memberIds: [b.user.id, c.user.id] });
      await sendOk(b.sock, personal.id, "one");
      await sendOk(b.sock, personal.id, "two");
      await sendOk(c.sock, group.id, "group hello");
      srv.clock.advance(1000);
      const last = await sendOk(b.sock, personal.id, "x".repeat(300));

      const list = await a.client.trpc.chats.list.query();
      expect(list.chats.map((ch) => ch.id)).toEqual([personal.id, group.id]);
      expect(list.totalUnread).toBe(4);
      expect(list.chats[0]).toMatchObject({
        kind: "personal",
        unread: 3,
        lastReadId: 0,
        lastMessage: { id: last.id, authorId: b.user.id, authorName: `${b.user.firstName} ${b.user.lastName}`, text: "x".repeat(120), imageCount: 0 },
      });
      expect(list.chats[1]).toMatchObject({ kind: "group", name: "Trio", unread: 1, memberCount: 3, lastMessage: { text: "group hello" } });
      expect(list.chats[1]!.members).toHaveLength(3);

      // My own messages are never unread, and my message moves the chat to the top.
      await sendOk(a.sock, group.id, "mine");
      const after = await a.client.trpc.chats.list.query();
      expect(after.chats.map((ch) => [ch.id, ch.unread])).toEqual([
        [group.id, 1],
        [personal.id, 3],
      ]);
      expect((await c.client.trpc.chats.list.query()).totalUnread).toBe(1);
    });

    test("the list comes in pages that join without a gap or a repeat, and the total counts every page", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      // The oldest chat has a message from b that a has not read; six newer chats follow it.
      const oldest = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      srv.clock.advance(1000);
      await sendOk(b.sock, oldest.id, "from long ago");
      const groups: string[] = [];
      for (let i = 0; i < 6; i++) {
        srv.clock.advance(1000);
        groups.push((await a.client.trpc.chats.createGroup.mutate({ name: `Page ${i}`, memberIds: [b.user.id] })).id);
      }
      const everything = await a.client.trpc.chats.list.query({ limit: 100 });
      expect(everything.chats.map((c) => c.id)).toEqual([...[...groups].reverse(), oldest.id]);
      expect(everything).toMatchObject({ totalUnread: 1, hasMore: false });

      const cursorOf = (page: { chats: Array<{ id: string; lastActivityAt: number }> }) => {
        const last = page.chats[page.chats.length - 1]!;
        return { lastActivityAt: last.lastActivityAt, id: last.id };
      };
      const first = await a.client.trpc.chats.list.query({ limit: 3 });
      // The total covers the chat on the last page, which this page does not show.
      expect(first).toMatchObject({ totalUnread: 1, hasMore: true });
      const second = await a.client.trpc.chats.list.query({ limit: 3, before: cursorOf(first) });
      const third = await a.client.trpc.chats.list.query({ limit: 3, before: cursorOf(second) });
      expect([first, second, third].map((p) => p.chats.length)).toEqual([3, 3, 1]);
      expect([second.hasMore, third.hasMore]).toEqual([true, false]);
      expect([...first.chats, ...second.chats, ...third.chats].map((c) => c.id)).toEqual(everything.chats.map((c) => c.id));
      expect(third.chats[0]).toMatchObject({ id: oldest.id, unread: 1, lastMessage: { text: "from long ago" } });

      // A chat of the second page that moves up meanwhile is on neither page read after it.
      srv.clock.advance(1000);
      const moved = second.chats[1]!.id;
      await sendOk(b.sock, moved, "up you go");
      const secondAgain = await a.client.trpc.chats.list.query({ limit: 3, before: cursorOf(first) });
      expect(secondAgain.chats.map((c) => c.id)).toEqual(second.chats.map((c) => c.id).filter((id) => id !== moved).concat(oldest.id));
      expect((await a.client.trpc.chats.list.query({ limit: 1 })).chats.map((c) => [c.id, c.unread])).toEqual([[moved, 1]]);
      expect((await a.client.trpc.chats.list.query({ limit: 1 })).totalUnread).toBe(2);
    });

    test("a page asks for 1 to 100 chats and a cursor that names a chat", async () => {
      const a = await person(srv);
      for (const input of [{ limit: 0 }, { limit: 101 }, { before: { lastActivityAt: -1, id: "a".repeat(24) } }, { before: { lastActivityAt: 1, id: "nope" } }]) {
        expect((await rejection(a.client.trpc.chats.list.query(input as never))).data).toMatchObject({ code: "BAD_REQUEST" });
      }
    });

    test("messages stored in one batch leave the chat at the last of them, in the list and for markRead", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      // Sent together, the burst is written by one group-commit batch.
      const burst = await Promise.all(["1", "2", "3", "4", "5"].map((body) => sendOk(b.sock, chat.id, body)));
      const lastId = Math.max(...burst.map((m) => m.id));

      const list = await a.client.trpc.chats.list.query();
      expect(list.chats[0]).toMatchObject({ id: chat.id, unread: 5, lastMessage: { id: lastId, text: "5" } });
      expect(await a.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: lastId + 1000 })).toMatchObject({ lastReadId: lastId, unread: 0 });
    });

    test("a member's socket that has not opened the chat gets chat.activity; one that has gets only the chat.message", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const [aOpen, bOther] = await Promise.all([connect(srv, a.client), connect(srv, b.client)]);
      expect(await openChat(aOpen, chat.id)).toMatchObject({ type: "chat.opened" });

      const message = await sendOk(b.sock, chat.id, "ping you");
      const preview = { id: message.id, authorId: b.user.id, authorName: `${b.user.firstName} ${b.user.lastName}`, text: "ping you", imageCount: 0, createdAt: message.createdAt };
      expect(await a.sock.next(is("chat.activity"))).toEqual({ type: "chat.activity", chatId: chat.id, message: preview, unreadDelta: 1 });
      expect(await bOther.next(is("chat.activity"))).toEqual({ type: "chat.activity", chatId: chat.id, message: preview, unreadDelta: 0 });
      expect(await aOpen.next(is("chat.message"))).toMatchObject({ message: { id: message.id } });
      await expectNoFrame(aOpen, is("chat.activity"));
      expect(await settledFrames(a.sock, is("chat.activity"))).toHaveLength(1);

      // Once that tab closes the chat, it gets the list frame again, and no longer the message.
      aOpen.send(JSON.stringify({ type: "chat.close", chatId: chat.id }));
      // Frames of one socket are handled in order: the pong means the close was.
      await caughtUp(aOpen);
      const next = await sendOk(b.sock, chat.id, "still there?");
      expect(await aOpen.next(is("chat.activity", (e) => e.message.id === next.id))).toMatchObject({ chatId: chat.id, unreadDelta: 1 });
      expect(aOpen.frames.filter(is("chat.message", (e) => e.message.id === next.id))).toEqual([]);
    });

    test("markRead moves my read marker forward only, up to the last message, and tells my other tabs", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const sent = [await sendOk(b.sock, chat.id, "1"), await sendOk(b.sock, chat.id, "2"), await sendOk(b.sock, chat.id, "3")];
      const otherTab = await connect(srv, a.client);

      expect(await a.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: sent[1]!.id })).toEqual({ chatId: chat.id, lastReadId: sent[1]!.id, unread: 1 });
      expect(await otherTab.next(is("chat.read"))).toEqual({ type: "chat.read", chatId: chat.id, lastReadId: sent[1]!.id, unread: 1 });
      expect(await a.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: sent[0]!.id })).toMatchObject({ lastReadId: sent[1]!.id, unread: 1 });
      expect(await a.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: sent[2]!.id + 1000 })).toMatchObject({ lastReadId: sent[2]!.id, unread: 0 });
      expect((await a.client.trpc.chats.list.query()).totalUnread).toBe(0);

      const outsider = await person(srv);
      const err = await rejection(outsider.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: sent[2]!.id }));
      expect(err.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
    });

    test("a new member starts with nothing unread from before they joined", async () => {
      const [a, b, late] = await Promise.all([person(srv), person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Old news", memberIds: [b.user.id] });
      await sendOk(b.sock, chatId, "before you came");
      await a.client.trpc.chats.addMembers.mutate({ chatId, userIds: [late.user.id] });
      expect((await late.client.trpc.chats.list.query()).chats).toMatchObject([{ id: chatId, unread: 0 }]);
      await sendOk(b.sock, chatId, "welcome");
      expect((await late.client.trpc.chats.list.query()).totalUnread).toBe(1);
      // The history before joining is readable.
      const { messages } = await late.client.trpc.chats.history.query({ chatId });
      expect(messages.map((m) => m.event?.event ?? m.body)).toEqual(["created", "before you came", "added", "welcome"]);
    });

    test("the list takes the same number of queries for one chat as for twelve", async () => {
      let queries = 0;
      const counting: KyselyPlugin = {
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const media = { ...srv.deps.services.media, registerAccessPolicy() {} };
      const chats = createChatsService({ ...srv.deps, db: srv.deps.db.db.withPlugin(counting), media });
      const count = async (userId: string) => {
        queries = 0;
        const list = await chats.list(userId);
        return { queries, chats: list.chats.length };
      };

      const me = await person(srv);
      const others: Person[] = await Promise.all(Array.from({ length: 12 }, () => person(srv)));
      await me.client.trpc.chats.openPersonal.mutate({ userId: others[0]!.user.id });
      const one = await count(me.user.id);
      for (const o of others.slice(1, 6)) await me.client.trpc.chats.openPersonal.mutate({ userId: o.user.id });
      for (let i = 0; i < 6; i++) {
        const g = await me.client.trpc.chats.createGroup.mutate({ name: `G${i}`, memberIds: others.slice(i, i + 4).map((o) => o.user.id) });
        await sendOk(others[i]!.sock, g.id, "hi");
      }
      const twelve = await count(me.user.id);
      expect(one.chats).toBe(1);
      expect(twelve.chats).toBe(12);
      expect(twelve.queries).toBe(one.queries);
      expect(one.queries).toBeLessThanOrEqual(4);
    });
  });
}
