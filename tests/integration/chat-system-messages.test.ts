import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ChatMessage, SystemEvent } from "../../shared/chats.ts";
import type { ServerEventOf } from "../../shared/events.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { caughtUp, connect, expectNoFrame, expectValidFrames, is, openChat, person, sendOk, type Person } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`system messages in group chats (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /** The name a system event keeps for a person: "First Last" as the server has it. */
    const nameOf = async (p: Person) => {
      const me = await p.client.trpc.auth.me.query();
      return `${me!.firstName} ${me!.lastName}`.trim();
    };
    const history = async (p: Person, chatId: string) => (await p.client.trpc.chats.history.query({ chatId })).messages;
    /** A message as [author, what]: the event of a system message, the body of any other. */
    const line = (m: ChatMessage): [string, SystemEvent | string] => [m.author.id, m.kind === "system" ? m.event! : m.body];
    const isSystem = (event: SystemEvent["event"]) => is("chat.message", (e) => e.message.event?.event === event);

    test("creating, adding, renaming, changing the photo, handing over admin, removing and leaving each leave one system message, in order, by whoever did it", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Хакатон <b>", memberIds: [b.user.id] });
      const chatId = group.id;
      await sendOk(a.sock, chatId, "before the changes");
      await a.client.trpc.chats.addMembers.mutate({ chatId, userIds: [c.user.id, b.user.id] });
      await a.client.trpc.chats.updateGroup.mutate({ chatId, name: "Хакатон 2026" });
      // Nothing really changes: no line.
      await a.client.trpc.chats.updateGroup.mutate({ chatId, name: "Хакатон 2026" });
      const avatar = await upload(srv, a.client, "chat_image", makePng(32, 32));
      await a.client.trpc.chats.updateGroup.mutate({ chatId, avatarId: avatar.id });
      await a.client.trpc.chats.updateGroup.mutate({ chatId, avatarId: null });
      await a.client.trpc.chats.transferAdmin.mutate({ chatId, userId: b.user.id });
      await b.client.trpc.chats.removeMember.mutate({ chatId, userId: c.user.id });
      await a.client.trpc.chats.leave.mutate({ chatId });

      const [bName, cName] = await Promise.all([nameOf(b), nameOf(c)]);
      const messages = await history(b, chatId);
      expect(messages.map(line)).toEqual([
        [a.user.id, { event: "created", name: "Хакатон <b>" }],
        [a.user.id, "before the changes"],
        // Only who was not a member yet (b already was).
        [a.user.id, { event: "added", users: [{ id: c.user.id, name: cName }] }],
        [a.user.id, { event: "renamed", name: "Хакатон 2026" }],
        [a.user.id, { event: "avatarChanged", removed: false }],
        [a.user.id, { event: "avatarChanged", removed: true }],
        [a.user.id, { event: "adminTransferred", user: { id: b.user.id, name: bName } }],
        [b.user.id, { event: "removed", user: { id: c.user.id, name: cName } }],
        [a.user.id, { event: "left" }],
      ]);
      const ids = messages.map((m) => m.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      for (const m of messages.filter((x) => x.kind === "system")) {
        expect(m).toMatchObject({ kind: "system", body: "", images: [] });
        expect(m.clientId).toMatch(/^sys-[a-f0-9]{24}$/);
      }
      // People's messages are unchanged: no kind, no event.
      expect(Object.keys(messages[1]!).sort()).toEqual(["author", "body", "chatId", "clientId", "createdAt", "id", "images"]);
      // The chat list's last message is the last system message; the one who left reads the group no more.
      expect((await b.client.trpc.chats.byId.query({ chatId })).lastMessage).toMatchObject({ id: ids[ids.length - 1], authorId: a.user.id, text: "", system: { event: "left" } });
      expect((await rejection(a.client.trpc.chats.history.query({ chatId }))).data).toMatchObject({ code: "NOT_FOUND" });
    });

    test("members with the chat open get each system message live; the removed person and the leaver do not get theirs", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Live", memberIds: [b.user.id, c.user.id] });
      for (const s of [a.sock, b.sock, c.sock]) await openChat(s, chatId);
      // b's other tab has not opened the chat: its list hears of it as activity, nothing unread.
      const bList = await connect(srv, b.client);

      await a.client.trpc.chats.updateGroup.mutate({ chatId, name: "Live 2" });
      const renamed = (await b.sock.next(isSystem("renamed"))) as ServerEventOf<"chat.message">;
      expect(renamed.message).toMatchObject({ chatId, kind: "system", body: "", author: { id: a.user.id }, event: { event: "renamed", name: "Live 2" } });
      for (const p of [a, c]) expect(await p.sock.next(isSystem("renamed"))).toEqual(renamed);
      expect(await bList.next(is("chat.activity", (e) => e.message.id === renamed.message.id))).toMatchObject({
        unreadDelta: 0,
        message: { authorId: a.user.id, text: "", system: { event: "renamed", name: "Live 2" } },
      });
      expect((await history(b, chatId)).at(-1)).toEqual(renamed.message);

      await a.client.trpc.chats.removeMember.mutate({ chatId, userId: c.user.id });
      expect(await c.sock.next(is("chat.removed"))).toMatchObject({ chatId, reason: "removed" });
      const removed = await b.sock.next(isSystem("removed"));
      expect(removed).toMatchObject({ message: { author: { id: a.user.id }, event: { event: "removed", user: { id: c.user.id } } } });
      expect(await a.sock.next(isSystem("removed"))).toEqual(removed);
      // Not before the chat.removed frame, nor after it.
      await expectNoFrame(c.sock, isSystem("removed"));
      expect(c.sock.frames.filter(is("chat.activity", (e) => e.message.system?.event === "removed"))).toEqual([]);

      await b.client.trpc.chats.leave.mutate({ chatId });
      expect(await b.sock.next(is("chat.removed"))).toMatchObject({ chatId, reason: "left" });
      expect(await a.sock.next(isSystem("left"))).toMatchObject({ message: { author: { id: b.user.id }, event: { event: "left" } } });
      await expectNoFrame(b.sock, isSystem("left"));
      await expectNoFrame(bList, is("chat.activity", (e) => e.message.system?.event === "left"));
      for (const s of [a.sock, b.sock, c.sock, bList]) expectValidFrames(s);
    });

    test("when the admin leaves, the members left get the line about it and then one naming the longest-standing member as the new admin, who can now run the group", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      // The one who joins first has the larger id: ordering by id alone would pick the other one.
      const [early, late] = [b, c].sort((x, y) => (x.user.id > y.user.id ? -1 : 1)) as [Person, Person];
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Handover", memberIds: [early.user.id] });
      srv.clock.advance(1_000);
      await a.client.trpc.chats.addMembers.mutate({ chatId, userIds: [late.user.id] });
      for (const s of [a.sock, b.sock, c.sock]) await openChat(s, chatId);
      const lateList = await connect(srv, late.client);

      await a.client.trpc.chats.leave.mutate({ chatId });
      const earlyName = await nameOf(early);
      for (const p of [early, late]) {
        const left = (await p.sock.next(isSystem("left"))) as ServerEventOf<"chat.message">;
        const assigned = (await p.sock.next(isSystem("adminAssigned"))) as ServerEventOf<"chat.message">;
        expect(left.message).toMatchObject({ chatId, kind: "system", author: { id: a.user.id }, event: { event: "left" } });
        expect(assigned.message).toMatchObject({ chatId, kind: "system", body: "", author: { id: a.user.id }, event: { event: "adminAssigned", user: { id: early.user.id, name: earlyName } } });
        // In this order: received one after the other, and stored that way.
        expect(p.sock.frames.indexOf(left)).toBeLessThan(p.sock.frames.indexOf(assigned));
        expect(assigned.message.id).toBeGreaterThan(left.message.id);
        await caughtUp(p.sock);
        expect(p.sock.frames.filter(is("chat.message", (e) => e.message.kind === "system" && e.message.id > left.message.id))).toEqual([assigned]);
      }
      // The list hears of it too: the group's last message now says who runs it.
      expect(await lateList.next(is("chat.activity", (e) => e.message.system?.event === "adminAssigned"))).toMatchObject({
        chatId,
        unreadDelta: 0,
        message: { authorId: a.user.id, text: "", system: { event: "adminAssigned", user: { id: early.user.id, name: earlyName } } },
      });
      // The leaver gets neither line.
      await expectNoFrame(a.sock, (f) => isSystem("left")(f) || isSystem("adminAssigned")(f));

      for (const p of [early, late]) {
        expect((await history(p, chatId)).slice(-2).map(line)).toEqual([
          [a.user.id, { event: "left" }],
          [a.user.id, { event: "adminAssigned", user: { id: early.user.id, name: earlyName } }],
        ]);
      }
      expect(await early.client.trpc.chats.byId.query({ chatId })).toMatchObject({
        adminId: early.user.id,
        lastMessage: { authorId: a.user.id, system: { event: "adminAssigned", user: { id: early.user.id } } },
      });

      // The new admin runs the group; the other member still cannot.
      expect((await rejection(late.client.trpc.chats.updateGroup.mutate({ chatId, name: "Mine now" }))).data).toMatchObject({ code: "FORBIDDEN", reason: "chats.adminOnly" });
      await early.client.trpc.chats.updateGroup.mutate({ chatId, name: "Handed over" });
      await early.client.trpc.chats.removeMember.mutate({ chatId, userId: late.user.id });
      expect((await history(early, chatId)).slice(-2).map(line)).toEqual([
        [early.user.id, { event: "renamed", name: "Handed over" }],
        [early.user.id, { event: "removed", user: { id: late.user.id, name: await nameOf(late) } }],
      ]);
      for (const s of [a.sock, b.sock, c.sock, lateList]) expectValidFrames(s);
    });

    test("when a member who is not the admin leaves, only the line about leaving appears and the admin stays who it was", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Stays", memberIds: [b.user.id, c.user.id] });
      for (const s of [a.sock, c.sock]) await openChat(s, chatId);

      await b.client.trpc.chats.leave.mutate({ chatId });
      // The admin's next change arrives after anything the leave published (one socket, in order).
      await a.client.trpc.chats.updateGroup.mutate({ chatId, name: "Still a's" });
      for (const s of [a.sock, c.sock]) {
        const left = (await s.next(isSystem("left"))) as ServerEventOf<"chat.message">;
        expect(left.message).toMatchObject({ author: { id: b.user.id }, event: { event: "left" } });
        await s.next(isSystem("renamed"));
        expect(s.frames.filter(isSystem("adminAssigned"))).toEqual([]);
      }
      expect((await history(c, chatId)).map(line)).toEqual([
        [a.user.id, { event: "created", name: "Stays" }],
        [b.user.id, { event: "left" }],
        [a.user.id, { event: "renamed", name: "Still a's" }],
      ]);
      expect(await c.client.trpc.chats.byId.query({ chatId })).toMatchObject({ adminId: a.user.id });
    });

    test("system messages are unread for nobody, yet move the group to the top of the list as its last message", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Quiet", memberIds: [b.user.id] });
      const { chats, totalUnread } = await b.client.trpc.chats.list.query();
      expect(totalUnread).toBe(0);
      expect(chats).toMatchObject([{ id: group.id, unread: 0, lastMessage: { authorId: a.user.id, system: { event: "created", name: "Quiet" } } }]);

      await sendOk(b.sock, group.id, "one for a");
      // A newer chat of b's, above the group until the group changes again.
      const personal = await b.client.trpc.chats.openPersonal.mutate({ userId: c.user.id });
      await sendOk(b.sock, personal.id, "hi c");
      expect((await b.client.trpc.chats.list.query()).chats.map((x) => x.id)).toEqual([personal.id, group.id]);

      await a.client.trpc.chats.addMembers.mutate({ chatId: group.id, userIds: [c.user.id] });
      await a.client.trpc.chats.updateGroup.mutate({ chatId: group.id, name: "Still quiet" });
      const [forA, forB, forC] = await Promise.all([a.client.trpc.chats.list.query(), b.client.trpc.chats.list.query(), c.client.trpc.chats.list.query()]);
      expect(forB.chats.map((x) => x.id)).toEqual([group.id, personal.id]);
      expect(forB.chats[0]).toMatchObject({ unread: 0, lastMessage: { text: "", system: { event: "renamed", name: "Still quiet" } } });
      // a still has exactly b's one message unread; c (new, and with b's "hi c") only that.
      expect(forA.chats.find((x) => x.id === group.id)).toMatchObject({ unread: 1 });
      expect(forA.totalUnread).toBe(1);
      expect(forC.chats.find((x) => x.id === group.id)).toMatchObject({ unread: 0 });
      expect(forC.totalUnread).toBe(1);
    });

    test("a system message cannot be deleted, not even by whoever made the change", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Permanent", memberIds: [b.user.id] });
      const created = group.lastMessage!;
      for (const p of [a, b]) {
        const err = await rejection(p.client.trpc.chats.deleteMessage.mutate({ chatId: group.id, messageId: created.id }));
        expect(err.data).toMatchObject({ code: "FORBIDDEN", reason: "chats.systemMessageStays" });
      }
      const [kept] = await history(b, group.id);
      expect(kept).toMatchObject({ id: created.id, kind: "system", event: { event: "created", name: "Permanent" } });
      expect(kept).not.toHaveProperty("deleted");
      await expectNoFrame(b.sock, is("chat.message.deleted"));
    });
  });
}
