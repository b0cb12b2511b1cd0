import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { makePng } from "../fixtures/images.ts";
import { storedFiles, upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectNoFrame, expectValidFrames, is, openChat, person, sendOk, settledFrames } from "../helpers/chat.ts";
import { rejection, type TestClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`deleting a message (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const status = async (client: TestClient, path: string) => (await client.fetch(`${srv.url}${path}`)).status;
    const unreadOf = async (client: TestClient, chatId: string) => (await client.trpc.chats.byId.query({ chatId })).unread;

    test("the author deletes a message: members with the chat open see it go live, outsiders hear nothing, history keeps a tombstone in its place", async () => {
      const [a, b, c, outsider] = await Promise.all([person(srv), person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Delete club", memberIds: [b.user.id, c.user.id] });
      await Promise.all([openChat(a.sock, group.id), openChat(b.sock, group.id)]);
      const first = await sendOk(a.sock, group.id, "keep me");
      const doomed = await sendOk(a.sock, group.id, "oops, wrong chat");
      const last = await sendOk(b.sock, group.id, "after it");

      expect(await a.client.trpc.chats.deleteMessage.mutate({ chatId: group.id, messageId: doomed.id })).toEqual({ ok: true });
      const frame = { type: "chat.message.deleted" as const, chatId: group.id, messageId: doomed.id };
      expect(await b.sock.next(is("chat.message.deleted"))).toEqual(frame);
      expect(await a.sock.next(is("chat.message.deleted"))).toEqual(frame);
      // C has not opened the chat: their socket is told too, for the chat list.
      expect(await c.sock.next(is("chat.message.deleted"))).toEqual(frame);
      await expectNoFrame(outsider.sock, is("chat.message.deleted"));
      // Each socket once, whether it had the chat open or not.
      for (const p of [a, b, c]) expect(await settledFrames(p.sock, is("chat.message.deleted"))).toHaveLength(1);

      const { messages } = await c.client.trpc.chats.history.query({ chatId: group.id });
      // After the group's "created" system line.
      expect(messages.map((m) => m.id)).toEqual([group.lastMessage!.id, first.id, doomed.id, last.id]);
      expect(messages[2]).toEqual({ ...doomed, body: "", images: [], deleted: true });
      expect(messages[1]).toEqual(first);
      expect(messages[1]).not.toHaveProperty("deleted");
      // Keyset paging and resume step over it like any other message.
      expect((await b.client.trpc.chats.history.query({ chatId: group.id, after: first.id })).messages.map((m) => m.id)).toEqual([doomed.id, last.id]);
      expect((await b.client.trpc.chats.history.query({ chatId: group.id, before: last.id, limit: 1 })).messages[0]).toMatchObject({ id: doomed.id, deleted: true, body: "" });
      for (const p of [a, b, c, outsider]) expectValidFrames(p.sock);
    });

    test("a deleted message no longer counts as unread, and a deleted last message shows as deleted in the chat list", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await sendOk(a.sock, chat.id, "one");
      const two = await sendOk(a.sock, chat.id, "two, secret");
      expect(await unreadOf(b.client, chat.id)).toBe(2);

      await a.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: two.id });
      expect(await b.sock.next(is("chat.message.deleted"))).toMatchObject({ messageId: two.id });
      expect(await unreadOf(b.client, chat.id)).toBe(1);
      const list = await b.client.trpc.chats.list.query();
      expect(list.totalUnread).toBe(1);
      const summary = list.chats.find((ch) => ch.id === chat.id)!;
      expect(summary.lastMessage).toMatchObject({ id: two.id, text: "", imageCount: 0, deleted: true });
      expect(JSON.stringify(summary)).not.toContain("secret");
      // The author's own list shows the same.
      expect((await a.client.trpc.chats.byId.query({ chatId: chat.id })).lastMessage).toMatchObject({ id: two.id, deleted: true, text: "" });
    });

    test("someone else's message cannot be deleted", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await openChat(a.sock, chat.id);
      const theirs = await sendOk(b.sock, chat.id, "mine, not yours");
      const globalOne = await sendOk(b.sock, GLOBAL_CHAT_ID, "in public");

      for (const [chatId, messageId] of [[chat.id, theirs.id], [GLOBAL_CHAT_ID, globalOne.id]] as const) {
        const refused = await rejection(a.client.trpc.chats.deleteMessage.mutate({ chatId, messageId }));
        expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "chats.notYourMessage" });
      }
      await expectNoFrame(a.sock, is("chat.message.deleted"));
      expect((await a.client.trpc.chats.history.query({ chatId: chat.id })).messages).toEqual([theirs]);
    });

    test("a chat I am not in, a message of another chat and an unknown message all look like nothing is there", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const other = await a.client.trpc.chats.createGroup.mutate({ name: "Elsewhere", memberIds: [] });
      const message = await sendOk(a.sock, chat.id, "here");

      const notMember = await rejection(outsider.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: message.id }));
      const noChat = await rejection(a.client.trpc.chats.deleteMessage.mutate({ chatId: "f".repeat(24), messageId: message.id }));
      expect(notMember.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      expect(noChat.data).toEqual(notMember.data);

      const wrongChat = await rejection(a.client.trpc.chats.deleteMessage.mutate({ chatId: other.id, messageId: message.id }));
      const unknown = await rejection(a.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: message.id + 1_000_000 }));
      expect(wrongChat.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageNotFound" });
      expect(unknown.data).toEqual(wrongChat.data);
      // The public chat exists for everyone, but not this message.
      const inGlobal = await rejection(a.client.trpc.chats.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id }));
      expect(inGlobal.data).toEqual(wrongChat.data);

      expect((await b.client.trpc.chats.history.query({ chatId: chat.id })).messages).toEqual([message]);
    });

    test("deleting a message twice is fine and tells the chat once", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      await openChat(b.sock, GLOBAL_CHAT_ID);
      const message = await sendOk(a.sock, GLOBAL_CHAT_ID, "public slip");
      await a.client.trpc.chats.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id });
      expect(await b.sock.next(is("chat.message.deleted", (e) => e.messageId === message.id))).toEqual({
        type: "chat.message.deleted",
        chatId: GLOBAL_CHAT_ID,
        messageId: message.id,
      });
      expect(await a.client.trpc.chats.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id })).toEqual({ ok: true });
      expect(await settledFrames(b.sock, is("chat.message.deleted", (e) => e.messageId === message.id))).toHaveLength(1);
      const page = await b.client.trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID, after: message.id - 1 });
      expect(page.messages[0]).toMatchObject({ id: message.id, body: "", images: [], deleted: true });
    });

    test("a deleted message's images are gone for everyone, their uploader too, unless also sent elsewhere", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const elsewhere = await a.client.trpc.chats.openPersonal.mutate({ userId: c.user.id });
      const only = await upload(srv, a.client, "chat_image", makePng(40, 30));
      const shared = await upload(srv, a.client, "chat_image", makePng(20, 20));
      const message = await sendOk(a.sock, chat.id, "two pictures", { imageIds: [only.id, shared.id] });
      await sendOk(a.sock, elsewhere.id, "one of them again", { imageIds: [shared.id] });
      expect(await status(b.client, only.urls.thumb!)).toBe(200);
      const before = (await a.client.trpc.media.usage.query()).usedBytes;

      await a.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: message.id });
      const [tombstone] = (await b.client.trpc.chats.history.query({ chatId: chat.id })).messages;
      expect(tombstone).toMatchObject({ id: message.id, body: "", images: [], deleted: true });

      // Only shown by the deleted message: the media row and its files are gone, quota freed.
      for (const path of [only.urls.thumb!, only.urls.full!]) {
        expect(await status(a.client, path)).toBe(404);
        expect(await status(b.client, path)).toBe(404);
      }
      expect((await storedFiles(srv)).filter((f) => f.startsWith(`${only.id}/`))).toEqual([]);
      expect((await a.client.trpc.media.usage.query()).usedBytes).toBe(before - only.bytes);
      // Also sent to C: kept for C (and the owner), no longer shown to B through the deleted message.
      expect(await status(c.client, shared.urls.thumb!)).toBe(200);
      expect(await status(a.client, shared.urls.full!)).toBe(200);
      expect(await status(b.client, shared.urls.thumb!)).toBe(404);
      expect((await c.client.trpc.chats.history.query({ chatId: elsewhere.id })).messages[0]!.images).toEqual([shared]);
    });

    test("of one person's two sockets, the one with the chat open and the one without each learn of the deletion exactly once", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const bOpen = await connect(srv, b.client);
      await openChat(bOpen, chat.id);
      const message = await sendOk(a.sock, chat.id, "soon gone");
      await a.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: message.id });
      expect(await bOpen.next(is("chat.message.deleted"))).toMatchObject({ messageId: message.id });
      expect(await b.sock.next(is("chat.message.deleted"))).toMatchObject({ messageId: message.id });
      expect(await settledFrames(bOpen, is("chat.message.deleted"))).toHaveLength(1);
      expect(await settledFrames(b.sock, is("chat.message.deleted"))).toHaveLength(1);
    });
  });
}
