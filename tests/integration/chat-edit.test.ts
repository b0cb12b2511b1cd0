import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CHAT_LIMITS, GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectNoFrame, expectValidFrames, is, openChat, person, sendOk, settledFrames } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`editing a message (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("the author edits a message: members with the chat open get the new text live, outsiders hear nothing, history has it with editedAt", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Edit club", memberIds: [b.user.id] });
      await Promise.all([openChat(a.sock, group.id), openChat(b.sock, group.id), openChat(outsider.sock, GLOBAL_CHAT_ID)]);
      const typo = await sendOk(a.sock, group.id, "helo\r\nworld");
      const after = await sendOk(b.sock, group.id, "after it");

      const edited = await a.client.trpc.chats.editMessage.mutate({ chatId: group.id, messageId: typo.id, body: "hello\r\nworld\u0007" });
      // CRLF → LF and control characters dropped, like sending; everything else kept.
      expect(edited).toEqual({ ...typo, body: "hello\nworld", editedAt: expect.any(Number) });
      expect(edited.editedAt!).toBeGreaterThanOrEqual(typo.createdAt);
      const frame = { type: "chat.message.edited" as const, chatId: group.id, message: edited };
      expect(await b.sock.next(is("chat.message.edited"))).toEqual(frame);
      expect(await a.sock.next(is("chat.message.edited"))).toEqual(frame);
      await expectNoFrame(outsider.sock, is("chat.message.edited"));

      const { messages } = await b.client.trpc.chats.history.query({ chatId: group.id });
      expect(messages.map((m) => m.id)).toEqual([group.lastMessage!.id, typo.id, after.id]);
      expect(messages[1]).toEqual(edited);
      // Messages never edited carry no editedAt.
      expect(messages[2]).toEqual(after);
      expect(messages[2]).not.toHaveProperty("editedAt");
      for (const p of [a, b, outsider]) expectValidFrames(p.sock);
    });

    test("someone else's message, a system message, a message elsewhere and a chat I am not in cannot be edited", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Not yours", memberIds: [b.user.id] });
      await openChat(a.sock, group.id);
      const theirs = await sendOk(b.sock, group.id, "mine, not yours");
      const mine = await sendOk(a.sock, group.id, "my own");
      const edit = (client = a.client, chatId = group.id, messageId = theirs.id) =>
        rejection(client.trpc.chats.editMessage.mutate({ chatId, messageId, body: "changed" }));

      expect((await edit()).data).toMatchObject({ code: "FORBIDDEN", reason: "chats.notYourMessage" });
      // The "created" line is A's own change, but it is the group's record.
      expect((await edit(a.client, group.id, group.lastMessage!.id)).data).toMatchObject({ code: "FORBIDDEN", reason: "chats.systemMessageStays" });
      expect((await edit(outsider.client, group.id, mine.id)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      expect((await edit(a.client, GLOBAL_CHAT_ID, mine.id)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageNotFound" });
      expect((await edit(a.client, group.id, mine.id + 1_000_000)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageNotFound" });

      await expectNoFrame(a.sock, is("chat.message.edited"));
      const { messages } = await a.client.trpc.chats.history.query({ chatId: group.id });
      expect(messages.slice(1)).toEqual([theirs, mine]);
    });

    test("a deleted message cannot be edited: it stays a tombstone", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await openChat(b.sock, chat.id);
      const gone = await sendOk(a.sock, chat.id, "soon gone");
      await a.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: gone.id });

      const refused = await rejection(a.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: gone.id, body: "back again" }));
      expect(refused.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageDeleted" });
      await expectNoFrame(b.sock, is("chat.message.edited"));
      const [tombstone] = (await b.client.trpc.chats.history.query({ chatId: chat.id })).messages;
      expect(tombstone).toEqual({ ...gone, body: "", images: [], deleted: true });
    });

    test("a body that is too long, or empty on a message without images, is refused with the field's reason; an image message may lose its text", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await openChat(b.sock, chat.id);
      const text = await sendOk(a.sock, chat.id, "just text");
      const png = await upload(srv, a.client, "chat_image", makePng(30, 20));
      const photo = await sendOk(a.sock, chat.id, "a caption", { imageIds: [png.id] });
      const edit = (messageId: number, body: string) => a.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId, body });

      const tooLong = await rejection(edit(text.id, "x".repeat(CHAT_LIMITS.bodyMax + 1)));
      expect(tooLong.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { body: ["chats.bodyTooLong"] } });
      for (const body of ["", "  \n\t "]) {
        const empty = await rejection(edit(text.id, body));
        expect(empty.data).toMatchObject({ code: "BAD_REQUEST", reason: "chats.emptyMessage", fieldErrors: { body: ["chats.emptyMessage"] } });
      }
      await expectNoFrame(b.sock, is("chat.message.edited"));

      // Its images are kept; the caption may go.
      const bare = await edit(photo.id, "");
      expect(bare).toEqual({ ...photo, body: "", editedAt: expect.any(Number) });
      expect(bare.images).toEqual([png]);
      expect(await b.sock.next(is("chat.message.edited"))).toMatchObject({ message: { id: photo.id, body: "", images: [png] } });
      const { messages } = await b.client.trpc.chats.history.query({ chatId: chat.id });
      expect(messages).toEqual([text, bare]);
    });

    test("editing to the same text changes nothing and tells nobody", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      await openChat(b.sock, GLOBAL_CHAT_ID);
      const message = await sendOk(a.sock, GLOBAL_CHAT_ID, "already right");
      const same = await a.client.trpc.chats.editMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id, body: "already right" });
      expect(same).toEqual(message);
      await expectNoFrame(b.sock, is("chat.message.edited", (e) => e.message.id === message.id));
      const page = await b.client.trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID, after: message.id - 1 });
      expect(page.messages[0]).toEqual(message);
      expect(page.messages[0]).not.toHaveProperty("editedAt");
    });

    test("a member's socket without the chat open gets the edit for its list when it was the chat's last message, and the list preview shows the new text", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const bOpen = await connect(srv, b.client);
      await openChat(bOpen, chat.id);
      const older = await sendOk(a.sock, chat.id, "older one");
      const last = await sendOk(a.sock, chat.id, "last one, wrnog");

      // Not the last message: the lists do not change, so only the open socket hears of it.
      await a.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: older.id, body: "older one, edited" });
      expect(await bOpen.next(is("chat.message.edited", (e) => e.message.id === older.id))).toMatchObject({ message: { body: "older one, edited" } });
      await expectNoFrame(b.sock, is("chat.message.edited"));

      const edited = await a.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: last.id, body: "last one, wrong" });
      const frame = { type: "chat.message.edited" as const, chatId: chat.id, message: edited };
      expect(await b.sock.next(is("chat.message.edited"))).toEqual(frame);
      expect(await bOpen.next(is("chat.message.edited", (e) => e.message.id === last.id))).toEqual(frame);
      // Each socket once, whether it had the chat open or not.
      expect(await settledFrames(b.sock, is("chat.message.edited"))).toHaveLength(1);
      expect(await settledFrames(bOpen, is("chat.message.edited", (e) => e.message.id === last.id))).toHaveLength(1);

      for (const p of [a, b]) {
        const summary = (await p.client.trpc.chats.list.query()).chats.find((c) => c.id === chat.id)!;
        expect(summary.lastMessage).toMatchObject({ id: last.id, text: "last one, wrong" });
      }
      // An edit is nothing new to read: B's unread count stays at the two messages.
      expect((await b.client.trpc.chats.byId.query({ chatId: chat.id })).unread).toBe(2);
      for (const s of [b.sock, bOpen]) expectValidFrames(s);
    });
  });
}
