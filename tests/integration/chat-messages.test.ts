import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CHAT_LIMITS, GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { WS_LIMITS } from "../../shared/events.ts";
import { testBackends } from "../helpers/backends.ts";
import { caughtUp, connect, expectNoFrame, expectValidFrames, is, newClientId, openChat, person, send, sendOk, settledFrames } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const randomChatId = () => crypto.randomUUID().replace(/-/g, "").slice(0, 24);

for (const backend of testBackends()) {
  describe(`chat messages (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a message reaches every member who opened the chat, and no outsider", async () => {
      const [a, b, c, outsider] = await Promise.all([person(srv), person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Команда", memberIds: [b.user.id, c.user.id] });
      // The last message so far: the group's "created" system line.
      for (const p of [a, b, c]) expect(await openChat(p.sock, group.id)).toMatchObject({ type: "chat.opened", chatId: group.id, lastMessageId: group.lastMessage!.id });

      const body = "Привіт\r\nусім <b>it stays text</b>\u0007";
      const message = await sendOk(a.sock, group.id, body);
      expect(message).toMatchObject({
        chatId: group.id,
        body: "Привіт\nусім <b>it stays text</b>",
        images: [],
        author: { id: a.user.id, username: a.user.username, firstName: a.user.firstName, avatarId: null },
      });
      expect(message.id).toBeGreaterThan(0);
      for (const p of [a, b, c]) {
        const frame = await p.sock.next(is("chat.message", (e) => e.message.id === message.id));
        expect(frame).toEqual({ type: "chat.message", message });
      }
      await expectNoFrame(outsider.sock, (e) => e.type === "chat.message" || e.type === "chat.activity");
      for (const p of [a, b, c, outsider]) expectValidFrames(p.sock);
    });

    test("a message sent after its author changed their name, username or avatar carries the new ones", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Renames", memberIds: [b.user.id] });
      await openChat(b.sock, chatId);
      // The first message puts its author in the send path's cache (send-path-cache.ts).
      expect((await sendOk(a.sock, chatId, "before")).author).toMatchObject({ firstName: a.user.firstName, username: a.user.username, avatarId: null });

      const settings = await a.client.trpc.settings.get.query();
      await a.client.trpc.settings.update.mutate({
        firstName: "Оксана",
        lastName: "Нова",
        username: `${a.user.username.slice(0, 20)}_new`,
        bio: settings.bio,
        birthDate: settings.birthDate,
        showBirthDate: settings.showBirthDate,
      });
      const renamed = { firstName: "Оксана", lastName: "Нова", username: `${a.user.username.slice(0, 20)}_new` };
      expect((await sendOk(a.sock, chatId, "renamed")).author).toMatchObject({ ...renamed, avatarId: null });

      const avatar = await upload(srv, a.client, "avatar", makePng(64, 64));
      await a.client.trpc.avatars.add.mutate({ mediaId: avatar.id });
      await a.client.trpc.avatars.setActive.mutate({ mediaId: avatar.id });
      const withAvatar = await sendOk(a.sock, chatId, "with avatar");
      expect(withAvatar.author).toMatchObject({ ...renamed, avatarId: avatar.id });
      // Live, as the other member sees it, too.
      expect(await b.sock.next(is("chat.message", (e) => e.message.id === withAvatar.id))).toEqual({ type: "chat.message", message: withAvatar });
    });

    test("a non-member cannot open, read or write a chat by guessing its id: the same error as a chat that does not exist", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await sendOk(a.sock, chat.id, "private");
      const missing = randomChatId();

      const openReal = await openChat(outsider.sock, chat.id);
      const openMissing = await openChat(outsider.sock, missing);
      expect(openReal).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.notFound", chatId: chat.id });
      expect(openMissing).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.notFound", chatId: missing });

      for (const chatId of [chat.id, missing]) {
        const err = await rejection(outsider.client.trpc.chats.history.query({ chatId }));
        expect(err.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
        const guestErr = await rejection(createClient(srv).trpc.chats.history.query({ chatId }));
        expect(guestErr.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
        expect(await send(outsider.sock, chatId, "let me in")).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.notFound" });
        const byId = await rejection(outsider.client.trpc.chats.byId.query({ chatId }));
        expect(byId.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      }
      const { messages } = await a.client.trpc.chats.history.query({ chatId: chat.id });
      expect(messages.map((m) => m.body)).toEqual(["private"]);
    });

    test("a retried clientId is stored once and acknowledged each time with the same message", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const clientId = newClientId();
      const first = await sendOk(a.sock, chat.id, "once", { clientId });
      const retry = await sendOk(a.sock, chat.id, "once", { clientId });
      expect(retry).toEqual(first);

      // Two copies in the same batch (sent back to back) and one from another tab.
      const burstId = newClientId();
      const frame = JSON.stringify({ type: "chat.send", chatId: chat.id, clientId: burstId, body: "burst" });
      a.sock.send(frame);
      a.sock.send(frame);
      const otherTab = await connect(srv, a.client);
      otherTab.send(frame);
      const acks = await Promise.all([
        a.sock.next(is("chat.ack", (e) => e.clientId === burstId)),
        a.sock.next(is("chat.ack", (e) => e.clientId === burstId)),
        otherTab.next(is("chat.ack", (e) => e.clientId === burstId)),
      ]);
      const ids = acks.map((e) => (e.type === "chat.ack" ? e.message.id : 0));
      expect(new Set(ids).size).toBe(1);

      const { messages } = await b.client.trpc.chats.history.query({ chatId: chat.id });
      expect(messages.map((m) => m.body)).toEqual(["once", "burst"]);
      expect(messages.map((m) => m.id)).toEqual([first.id, ids[0]!]);
    });

    test("a message stored by another instance that died before publishing it reaches the chat when its author's retry finds it", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      expect((await openChat(b.sock, chat.id)).type).toBe("chat.opened");
      // Committed elsewhere, never published, never acked: what a SIGKILL between commit and publish leaves.
      const clientId = newClientId();
      await srv.deps.db.db
        .insertInto("messages")
        .values({ chat_id: chat.id, author_id: a.user.id, client_id: clientId, body: "збережене до збою", image_count: 0, created_at: Date.now() })
        .execute();
      const acked = await sendOk(a.sock, chat.id, "збережене до збою", { clientId });
      expect(acked.body).toBe("збережене до збою");
      expect(await b.sock.next(is("chat.message", (e) => e.message.id === acked.id))).toEqual({ type: "chat.message", message: acked });
      // A retry of a message this instance published is not published again.
      const again = await sendOk(a.sock, chat.id, "збережене до збою", { clientId });
      expect(again.id).toBe(acked.id);
      expect(await settledFrames(b.sock, (e) => e.type === "chat.message" && e.message.id === acked.id)).toHaveLength(1);
    });

    test("a guest reads the public chat live but cannot write to it", async () => {
      const guest = await connect(srv);
      expect(await openChat(guest, GLOBAL_CHAT_ID)).toMatchObject({ type: "chat.opened", chatId: GLOBAL_CHAT_ID });
      const a = await person(srv);
      const message = await sendOk(a.sock, GLOBAL_CHAT_ID, "hello, world");
      expect(await guest.next(is("chat.message", (e) => e.message.id === message.id))).toMatchObject({ message: { body: "hello, world" } });

      expect(await send(guest, GLOBAL_CHAT_ID, "me too")).toMatchObject({ type: "error", code: "UNAUTHORIZED", reason: "chats.signInToWrite" });
      const page = await createClient(srv).trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID });
      expect(page.messages.map((m) => m.body)).toContain("hello, world");
      expect(page.messages.map((m) => m.body)).not.toContain("me too");
      expectValidFrames(guest);
    });

    test("history pages by message id in both directions, ascending, and says when there is more", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const sent = [];
      for (let i = 1; i <= 7; i++) sent.push(await sendOk(i % 2 ? a.sock : b.sock, chat.id, `m${i}`));
      const ids = sent.map((m) => m.id);
      const page = (input: { before?: number; after?: number; limit: number }) =>
        b.client.trpc.chats.history.query({ chatId: chat.id, ...input }).then((p) => ({ ids: p.messages.map((m) => m.id), hasMore: p.hasMore }));

      expect(await page({ limit: 3 })).toEqual({ ids: ids.slice(4), hasMore: true });
      expect(await page({ before: ids[4], limit: 3 })).toEqual({ ids: ids.slice(1, 4), hasMore: true });
      expect(await page({ before: ids[1], limit: 3 })).toEqual({ ids: ids.slice(0, 1), hasMore: false });
      expect(await page({ after: 0, limit: 3 })).toEqual({ ids: ids.slice(0, 3), hasMore: true });
      expect(await page({ after: ids[2], limit: 4 })).toEqual({ ids: ids.slice(3), hasMore: false });
      expect(await page({ after: ids[6], limit: 3 })).toEqual({ ids: [], hasMore: false });

      const both = await rejection(b.client.trpc.chats.history.query({ chatId: chat.id, before: ids[3], after: ids[1] }));
      expect(both.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { before: ["chats.oneCursor"] } });
      const full = await b.client.trpc.chats.history.query({ chatId: chat.id, limit: CHAT_LIMITS.historyMax });
      expect(full.messages.map((m) => m.author.id)).toEqual(sent.map((_, i) => (i % 2 ? b.user.id : a.user.id)));
    });

    test("bad frames get an error frame naming the request, and the connection lives on", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const tooLong = await send(a.sock, chat.id, "x".repeat(CHAT_LIMITS.bodyMax + 1));
      expect(tooLong).toMatchObject({ type: "error", code: "BAD_FRAME", reason: "chats.bodyTooLong", chatId: chat.id });
      expect(await send(a.sock, chat.id, "  \n ")).toMatchObject({ type: "error", code: "BAD_FRAME", reason: "chats.emptyMessage" });
      const elevenImages = Array.from({ length: 11 }, (_, i) => i.toString(16).padStart(24, "0"));
      expect(await send(a.sock, chat.id, "pics", { imageIds: elevenImages })).toMatchObject({ code: "BAD_FRAME", reason: "chats.tooManyImages" });
      expect(await sendOk(a.sock, chat.id, "x".repeat(CHAT_LIMITS.bodyMax))).toMatchObject({ chatId: chat.id });

      a.sock.send(JSON.stringify({ type: "chat.open", chatId: "../../etc", ref: "open-1" }));
      expect(await a.sock.next(is("error", (e) => e.reason === "chats.invalidId"))).toMatchObject({ code: "BAD_FRAME", ref: "open-1" });
      // An oversize send is refused before parsing, but still names the message it refuses.
      const oversize = JSON.stringify({ type: "chat.send", chatId: chat.id, clientId: "big-one", body: "x".repeat(WS_LIMITS.maxParsedFrameBytes) });
      a.sock.send(oversize);
      expect(await a.sock.next(is("error", (e) => e.code === "TOO_LARGE"))).toMatchObject({ clientId: "big-one", chatId: chat.id });
      a.sock.send(JSON.stringify({ type: "ping", at: 42 }));
      expect(await a.sock.next(is("pong", (e) => e.at === 42))).toBeTruthy();
      expectValidFrames(a.sock);
    });

    test("a connection that floods frames is rate-limited and keeps working", async () => {
      const sock = await connect(srv);
      for (let i = 0; i < 100; i++) sock.send(JSON.stringify({ type: "ping", at: i, ref: `p${i}` }));
      await sock.next(is("pong", (e) => e.at === 0));
      const limited = await sock.next(is("error", (e) => e.code === "RATE_LIMITED"));
      expect(limited).toMatchObject({ ref: expect.stringMatching(/^p\d+$/) });
      // Every ping gets one answer, in order: once the last one's is here, all are.
      await sock.next((e) => (e.type === "pong" && e.at === 99) || (e.type === "error" && e.ref === "p99"));
      const pongs = sock.frames.filter((f) => f.type === "pong").length;
      expect(pongs).toBeGreaterThanOrEqual(WS_LIMITS.frameBurst - 1);
      expect(pongs).toBeLessThan(60);
      // The bucket refills: a ping sent a little later is answered (tried until it is, up to 10 s).
      const deadline = Date.now() + 10_000;
      for (let at = 1000; ; at++) {
        sock.send(JSON.stringify({ type: "ping", at, ref: `q${at}` }));
        const answer = await sock.next((e) => (e.type === "pong" && e.at === at) || (e.type === "error" && e.ref === `q${at}`));
        if (answer.type === "pong") break;
        expect(Date.now()).toBeLessThan(deadline);
        await Bun.sleep(100);
      }
    });

    test("typing is relayed to the chat's open sockets and never stored", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await openChat(b.sock, chat.id);
      a.sock.send(JSON.stringify({ type: "chat.typing", chatId: chat.id }));
      await caughtUp(a.sock); // the server has handled the typing frame
      await expectNoFrame(b.sock, (e) => e.type === "chat.typing"); // a has not opened the chat
      await openChat(a.sock, chat.id);
      a.sock.send(JSON.stringify({ type: "chat.typing", chatId: chat.id }));
      expect(await b.sock.next(is("chat.typing"))).toEqual({ type: "chat.typing", chatId: chat.id, userId: a.user.id });
      expect((await b.client.trpc.chats.history.query({ chatId: chat.id })).messages).toEqual([]);
    });
  });
}
