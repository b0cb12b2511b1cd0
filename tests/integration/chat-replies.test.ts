/**
 * Issue 13: replies, forwards and pins, over real websockets and tRPC on every backend. Replies and
 * forwards are ordinary sends (the same batch, ack, frame, history, change feed); pins are a
 * chat-level setting with a chat.pinned frame and the pin in every chat.opened.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID, type ChatMessage } from "../../shared/chats.ts";
import type { ServerEventOf } from "../../shared/events.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectValidFrames, is, newClientId, openChat, person, sendOk, type Person } from "../helpers/chat.ts";
import { createClient, rejection, type TestClient } from "../helpers/client.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { staff } from "./moderation-kit.ts";

const nameOf = (p: Person) => `${p.user.firstName} ${p.user.lastName}`.trim();

/** chat.send with extra fields (replyToId, forward) → its ack or error frame. */
async function sendWith(sock: TestSocket, fields: Record<string, unknown>): Promise<ServerEventOf<"chat.ack"> | ServerEventOf<"error">> {
  const clientId = (fields.clientId as string | undefined) ?? newClientId();
  sock.send(JSON.stringify({ type: "chat.send", clientId, body: "", imageIds: [], ...fields }));
  return (await sock.next((e) => (e.type === "chat.ack" || e.type === "error") && e.clientId === clientId)) as
    | ServerEventOf<"chat.ack">
    | ServerEventOf<"error">;
}
async function sendWithOk(sock: TestSocket, fields: Record<string, unknown>): Promise<ChatMessage> {
  const r = await sendWith(sock, fields);
  if (r.type !== "chat.ack") throw new Error(`send failed: ${JSON.stringify(r)}`);
  return r.message;
}

for (const backend of testBackends()) {
  describe(`replies, forwards and pins (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const status = async (client: TestClient, path: string) => (await client.fetch(`${srv.url}${path}`)).status;

    test("a reply to a message outside the loaded page carries its quote in the ack, the other member's frame and history", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await Promise.all([openChat(a.sock, chat.id), openChat(b.sock, chat.id)]);
      const original = await sendOk(a.sock, chat.id, "Перший рядок\nдругий рядок");
      for (let i = 0; i < 6; i++) await sendOk(a.sock, chat.id, `filler ${i}`);
      // B's loaded page (the latest 5) no longer holds the original.
      const page = await b.client.trpc.chats.history.query({ chatId: chat.id, limit: 5 });
      expect(page.messages.map((m) => m.id)).not.toContain(original.id);

      const reply = await sendWithOk(b.sock, { chatId: chat.id, body: "відповідь", replyToId: original.id });
      const quote = { id: original.id, authorId: a.user.id, authorName: nameOf(a), text: "Перший рядок", imageCount: 0 };
      expect(reply.replyTo).toEqual(quote);
      expect(reply).not.toHaveProperty("forwardedFrom");
      const frame = await a.sock.next(is("chat.message", (e) => e.message.id === reply.id));
      expect((frame as ServerEventOf<"chat.message">).message.replyTo).toEqual(quote);
      const latest = await a.client.trpc.chats.history.query({ chatId: chat.id, limit: 5 });
      expect(latest.messages.at(-1)).toEqual(reply);
      // A plain message has no field at all.
      expect(latest.messages[0]).not.toHaveProperty("replyTo");
      expectValidFrames(a.sock);
      expectValidFrames(b.sock);
    });

    test("a reply to a message of another chat, to a system line or to no message is refused, and nothing is stored", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Інша розмова", memberIds: [b.user.id] });
      const personal = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const elsewhere = await sendOk(a.sock, group.id, "в групі");
      const before = await a.client.trpc.chats.history.query({ chatId: personal.id });

      expect(await sendWith(b.sock, { chatId: personal.id, body: "сюди", replyToId: elsewhere.id })).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.messageNotFound" });
      expect(await sendWith(b.sock, { chatId: personal.id, body: "сюди", replyToId: 999_999_999 })).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.messageNotFound" });
      expect(await sendWith(b.sock, { chatId: group.id, body: "на системне", replyToId: group.lastMessage!.id })).toMatchObject({ type: "error", code: "FORBIDDEN", reason: "replies.systemMessage" });
      expect(await sendWith(b.sock, { chatId: personal.id, body: "погано", replyToId: -1 })).toMatchObject({ type: "error", code: "BAD_FRAME" });

      expect(await a.client.trpc.chats.history.query({ chatId: personal.id })).toEqual(before);
      // A good reply in the same batch window still goes through.
      const ok = await sendWithOk(b.sock, { chatId: group.id, body: "так", replyToId: elsewhere.id });
      expect(ok.replyTo?.id).toBe(elsewhere.id);
    });

    test("an original deleted later shows as deleted in the quote: in history and in the change feed; a deleted one cannot be replied to", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const original = await sendOk(a.sock, chat.id, "скоро зникне");
      const reply = await sendWithOk(b.sock, { chatId: chat.id, body: "встигла відповісти", replyToId: original.id });
      // B goes away; what B knew is up to now.
      const opened = await openChat(b.sock, chat.id);
      if (opened.type !== "chat.opened") throw new Error(JSON.stringify(opened));
      b.sock.ws.close();

      await a.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: original.id });
      const deletedQuote = { id: original.id, authorId: a.user.id, authorName: nameOf(a), text: "", imageCount: 0, deleted: true };

      const changes = await b.client.trpc.chats.changes.query({ chatId: chat.id, since: opened.at });
      const changed = changes.messages.find((m) => m.id === reply.id);
      expect(changed?.replyTo).toEqual(deletedQuote);
      expect(changed?.body).toBe("встигла відповісти");
      const { messages } = await b.client.trpc.chats.history.query({ chatId: chat.id });
      expect(messages.find((m) => m.id === reply.id)!.replyTo).toEqual(deletedQuote);
      // The tombstone itself shows no quote (it has none) and nothing of its content.
      expect(messages.find((m) => m.id === original.id)).toMatchObject({ deleted: true, body: "" });

      const again = await connect(srv, b.client);
      expect(await sendWith(again, { chatId: chat.id, body: "запізно", replyToId: original.id })).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.messageDeleted" });
    });

    test("a forward copies text and images into another chat: its members can now see the images, outsiders still cannot", async () => {
      const [a, b, c, outsider] = await Promise.all([person(srv), person(srv), person(srv), person(srv)]);
      const source = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const image = await upload(srv, a.client, "chat_image", makePng(40, 30));
      const original = await sendOk(a.sock, source.id, "дивись", { imageIds: [image.id] });
      const target = await b.client.trpc.chats.createGroup.mutate({ name: "Пересилання", memberIds: [c.user.id] });
      await openChat(c.sock, target.id);
      expect(await status(c.client, image.urls.thumb!)).toBe(404);

      const clientId = newClientId();
      const forwarded = await sendWithOk(b.sock, { chatId: target.id, clientId, forward: { chatId: source.id, messageId: original.id } });
      expect(forwarded).toMatchObject({ chatId: target.id, body: "дивись", images: [image], forwardedFrom: { userId: a.user.id, name: nameOf(a) } });
      expect(forwarded.author.id).toBe(b.user.id);
      expect(forwarded).not.toHaveProperty("replyTo");
      const frame = await c.sock.next(is("chat.message", (e) => e.message.id === forwarded.id));
      expect((frame as ServerEventOf<"chat.message">).message).toEqual(forwarded);
      expect(await status(c.client, image.urls.thumb!)).toBe(200);
      expect(await status(outsider.client, image.urls.thumb!)).toBe(404);
      expect(await status(createClient(srv), image.urls.thumb!)).toBe(404);

      // The same clientId again: the same message, not a second copy (tRPC path, same batch).
      const retried = await b.client.trpc.chats.forward.mutate({ chatId: target.id, clientId, from: { chatId: source.id, messageId: original.id } });
      expect(retried.id).toBe(forwarded.id);
      // A forward of the forward keeps who wrote it first.
      const onward = await c.client.trpc.chats.forward.mutate({ chatId: target.id, clientId: newClientId(), from: { chatId: target.id, messageId: forwarded.id } });
      expect(onward.forwardedFrom).toEqual({ userId: a.user.id, name: nameOf(a) });
      const { messages } = await c.client.trpc.chats.history.query({ chatId: target.id });
      expect(messages.filter((m) => m.forwardedFrom?.userId === a.user.id).map((m) => m.id)).toEqual([forwarded.id, onward.id]);

      // Deleting the original leaves the forward's images visible in the target chat.
      await a.client.trpc.chats.deleteMessage.mutate({ chatId: source.id, messageId: original.id });
      expect(await status(c.client, image.urls.thumb!)).toBe(200);
    });

    test("a forward from a chat I cannot read, of a message not in that chat, or with text of its own is refused", async () => {
      const [a, b, stranger] = await Promise.all([person(srv), person(srv), person(srv)]);
      const theirs = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const secret = await sendOk(a.sock, theirs.id, "тільки для нас");
      const mine = await stranger.client.trpc.chats.openPersonal.mutate({ userId: a.user.id });
      const from = { chatId: theirs.id, messageId: secret.id };

      expect(await sendWith(stranger.sock, { chatId: mine.id, forward: from })).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.notFound" });
      expect((await rejection(stranger.client.trpc.chats.forward.mutate({ chatId: mine.id, clientId: newClientId(), from }))).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      // A message of another chat named as if it were in one I read.
      const own = await sendOk(stranger.sock, mine.id, "моє");
      expect(await sendWith(b.sock, { chatId: theirs.id, forward: { chatId: theirs.id, messageId: own.id } })).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.messageNotFound" });
      // A forward carries the original's content only.
      expect(await sendWith(b.sock, { chatId: theirs.id, body: "і ще текст", forward: from })).toMatchObject({ type: "error", code: "BAD_FRAME" });
      const { messages } = await stranger.client.trpc.chats.history.query({ chatId: mine.id });
      expect(messages.map((m) => m.id)).toEqual([own.id]);
    });

    test("pins: the group's admin pins and unpins, every open member gets chat.pinned, a reload's chat.opened has it; a member is refused", async () => {
      const [admin, member] = await Promise.all([person(srv), person(srv)]);
      const group = await admin.client.trpc.chats.createGroup.mutate({ name: "Закріплення", memberIds: [member.user.id] });
      await Promise.all([openChat(admin.sock, group.id), openChat(member.sock, group.id)]);
      const message = await sendOk(member.sock, group.id, "Важливо: збори о 10\nдеталі згодом");

      expect((await rejection(member.client.trpc.chats.pin.mutate({ chatId: group.id, messageId: message.id }))).data).toMatchObject({ code: "FORBIDDEN", reason: "chats.adminOnly" });
      expect((await rejection(admin.client.trpc.chats.pin.mutate({ chatId: group.id, messageId: group.lastMessage!.id }))).data).toMatchObject({ code: "FORBIDDEN", reason: "replies.systemMessage" });

      const { pinned } = await admin.client.trpc.chats.pin.mutate({ chatId: group.id, messageId: message.id });
      expect(pinned).toMatchObject({ id: message.id, authorId: member.user.id, authorName: nameOf(member), text: "Важливо: збори о 10", imageCount: 0, pinnedBy: admin.user.id });
      for (const sock of [admin.sock, member.sock]) {
        expect(await sock.next(is("chat.pinned", (e) => e.chatId === group.id))).toEqual({ type: "chat.pinned", chatId: group.id, pinned });
      }
      // After a reload: a new socket's chat.opened carries it.
      const reloaded = await connect(srv, member.client);
      expect(await openChat(reloaded, group.id)).toMatchObject({ type: "chat.opened", pinned });

      await admin.client.trpc.chats.unpin.mutate({ chatId: group.id });
      for (const sock of [admin.sock, member.sock, reloaded]) {
        expect(await sock.next(is("chat.pinned", (e) => e.chatId === group.id && e.pinned === null))).toEqual({ type: "chat.pinned", chatId: group.id, pinned: null });
      }
      expect(await openChat(await connect(srv, member.client), group.id)).toMatchObject({ type: "chat.opened", pinned: null });
      expectValidFrames(member.sock);
    });

    test("pins: either person of a personal chat; a pinned message deleted later is no longer pinned; strangers cannot", async () => {
      const [a, b, stranger] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await openChat(a.sock, chat.id);
      const first = await sendOk(a.sock, chat.id, "перше");
      const second = await sendOk(a.sock, chat.id, "друге");
      expect((await b.client.trpc.chats.pin.mutate({ chatId: chat.id, messageId: first.id })).pinned?.id).toBe(first.id);
      expect((await a.client.trpc.chats.pin.mutate({ chatId: chat.id, messageId: second.id })).pinned).toMatchObject({ id: second.id, pinnedBy: a.user.id });
      expect(await a.sock.next(is("chat.pinned", (e) => e.pinned?.id === second.id))).toMatchObject({ type: "chat.pinned", chatId: chat.id });
      expect((await rejection(stranger.client.trpc.chats.pin.mutate({ chatId: chat.id, messageId: first.id }))).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      expect((await rejection(stranger.client.trpc.chats.unpin.mutate({ chatId: chat.id }))).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });

      await a.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: second.id });
      expect(await openChat(await connect(srv, b.client), chat.id)).toMatchObject({ type: "chat.opened", pinned: null });
      expect((await rejection(b.client.trpc.chats.pin.mutate({ chatId: chat.id, messageId: second.id }))).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageDeleted" });
    });

    test("pins in the public chat: moderators only; everyone with it open gets the frame", async () => {
      const [someone, watcher] = await Promise.all([person(srv), person(srv)]);
      const moderator = await staff(srv, "moderator");
      const modSock = await connect(srv, moderator.client);
      await Promise.all([openChat(watcher.sock, GLOBAL_CHAT_ID), openChat(modSock, GLOBAL_CHAT_ID)]);
      const message = await sendOk(someone.sock, GLOBAL_CHAT_ID, "правила чату");

      expect((await rejection(someone.client.trpc.chats.pin.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id }))).data).toMatchObject({ code: "FORBIDDEN", reason: "replies.moderatorsPin" });
      expect((await rejection(someone.client.trpc.chats.unpin.mutate({ chatId: GLOBAL_CHAT_ID }))).data).toMatchObject({ code: "FORBIDDEN", reason: "replies.moderatorsPin" });
      const { pinned } = await moderator.client.trpc.chats.pin.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id });
      expect(await watcher.sock.next(is("chat.pinned", (e) => e.pinned?.id === message.id))).toEqual({ type: "chat.pinned", chatId: GLOBAL_CHAT_ID, pinned });
      // Guests read the public chat: they see the pin too.
      expect(await openChat(await connect(srv), GLOBAL_CHAT_ID)).toMatchObject({ type: "chat.opened", pinned: { id: message.id } });
      await moderator.client.trpc.chats.unpin.mutate({ chatId: GLOBAL_CHAT_ID });
      expect(await watcher.sock.next(is("chat.pinned", (e) => e.pinned === null))).toMatchObject({ chatId: GLOBAL_CHAT_ID });
    });

    test("resuming after a reconnect reads replies and forwards sent meanwhile with their quote and origin", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const other = await a.client.trpc.chats.createGroup.mutate({ name: "Джерело", memberIds: [] });
      const original = await sendOk(b.sock, chat.id, "питання");
      const source = await sendOk(a.sock, other.id, "цитата з групи");
      const opened = await openChat(b.sock, chat.id);
      if (opened.type !== "chat.opened") throw new Error(JSON.stringify(opened));
      b.sock.ws.close();

      const reply = await sendWithOk(a.sock, { chatId: chat.id, body: "відповідь", replyToId: original.id });
      const forward = await sendWithOk(a.sock, { chatId: chat.id, forward: { chatId: other.id, messageId: source.id } });

      // The resume: re-open, then history after the last id seen.
      const back = await connect(srv, b.client);
      const reopened = await openChat(back, chat.id);
      expect(reopened).toMatchObject({ type: "chat.opened", lastMessageId: forward.id });
      const missed = await b.client.trpc.chats.history.query({ chatId: chat.id, after: opened.lastMessageId! });
      expect(missed.messages).toEqual([reply, forward]);
      expect(missed.messages[0]!.replyTo).toMatchObject({ id: original.id, text: "питання" });
      expect(missed.messages[1]!.forwardedFrom).toEqual({ userId: a.user.id, name: nameOf(a) });
    });
  });
}
