import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { KyselyPlugin } from "kysely";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { createChatsService } from "../../server/features/chats/chats.service.ts";
import { testBackends } from "../helpers/backends.ts";
import { aboutChat, caughtUp, connect, expectNoFrame, expectValidFrames, is, openChat, person, sendOk, settledFrames } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

/**
 * Reactors are listed oldest first, ties (the same millisecond) by user id: compare them as sets
 * so two reactions in one millisecond do not make a test flaky.
 */
const bySet = (reactions: Array<{ emoji: string; count: number; userIds: string[] }> | undefined) =>
  reactions?.map((r) => ({ ...r, userIds: [...r.userIds].sort() }));

for (const backend of testBackends()) {
  describe(`reactions to messages (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("two members toggle reactions: members with the chat open get the whole new list each time, outsiders nothing, history has it", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "React club", memberIds: [b.user.id] });
      await Promise.all([openChat(a.sock, group.id), openChat(b.sock, group.id), openChat(outsider.sock, GLOBAL_CHAT_ID)]);
      const message = await sendOk(a.sock, group.id, "react to me");
      await b.sock.next(is("chat.message", (e) => e.message.id === message.id));
      const bMark = b.sock.frames.length;
      const react = (p: typeof a, emoji: "👍" | "🔥" | "❤️", on: boolean) =>
        p.client.trpc.chats.react.mutate({ chatId: group.id, messageId: message.id, emoji, on });
      const nextFrame = async (list: Parameters<typeof bySet>[0]) => {
        for (const sock of [a.sock, b.sock]) {
          const frame = await sock.next(is("chat.reactions", (e) => e.messageId === message.id));
          expect({ ...frame, reactions: bySet((frame as { reactions: typeof list }).reactions) }).toEqual({ type: "chat.reactions", chatId: group.id, messageId: message.id, reactions: bySet(list) });
        }
      };

      const liked = [{ emoji: "👍", count: 1, userIds: [b.user.id] }];
      expect(await react(b, "👍", true)).toEqual({ reactions: liked });
      await nextFrame(liked);
      // A's 👍 after B's; A's 🔥 too (several emoji per person); listed in the fixed emoji order.
      await react(a, "🔥", true);
      await nextFrame([...liked, { emoji: "🔥", count: 1, userIds: [a.user.id] }]);
      const all = [
        { emoji: "👍", count: 2, userIds: [b.user.id, a.user.id] },
        { emoji: "🔥", count: 1, userIds: [a.user.id] },
      ];
      expect(bySet((await react(a, "👍", true)).reactions)).toEqual(bySet(all));
      await nextFrame(all);

      const { messages } = await b.client.trpc.chats.history.query({ chatId: group.id });
      expect(messages.map((m) => m.id)).toEqual([group.lastMessage!.id, message.id]);
      expect({ ...messages[1], reactions: bySet(messages[1]!.reactions) }).toEqual({ ...message, reactions: bySet(all) });
      // The system line has none: no field at all.
      expect(messages[0]).not.toHaveProperty("reactions");

      const left = [{ emoji: "👍", count: 1, userIds: [a.user.id] }, { emoji: "🔥", count: 1, userIds: [a.user.id] }];
      expect(await react(b, "👍", false)).toEqual({ reactions: left });
      await nextFrame(left);
      await react(a, "👍", false);
      await react(a, "🔥", false);
      await nextFrame([{ emoji: "🔥", count: 1, userIds: [a.user.id] }]);
      await nextFrame([]);
      // No reactions left: the message is exactly as sent again.
      expect((await a.client.trpc.chats.history.query({ chatId: group.id })).messages[1]).toEqual(message);

      await expectNoFrame(outsider.sock, is("chat.reactions"));
      // No list frames for a reaction: since the message, all B's socket heard of the chat was the
      // six chat.reactions frames (other frames, such as the online count, may come and go).
      await caughtUp(b.sock);
      expect(b.sock.frames.slice(bMark).filter(aboutChat(group.id)).map((f) => f.type)).toEqual(Array(6).fill("chat.reactions"));
      for (const p of [a, b, outsider]) expectValidFrames(p.sock);
    });

    test("setting a reaction that is on, or taking off one that is not, changes nothing and sends no frame; lists keep the emoji order and survive an edit", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await Promise.all([openChat(a.sock, chat.id), openChat(b.sock, chat.id)]);
      const message = await sendOk(a.sock, chat.id, "hi");
      const react = (emoji: "👍" | "😮", on: boolean) => b.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: message.id, emoji, on });

      expect(await react("😮", false)).toEqual({ reactions: [] });
      const wow = [{ emoji: "😮", count: 1, userIds: [b.user.id] }];
      expect(await react("😮", true)).toEqual({ reactions: wow });
      expect(await a.sock.next(is("chat.reactions"))).toMatchObject({ reactions: wow });
      expect(await react("😮", true)).toEqual({ reactions: wow });
      expect(await react("👍", false)).toEqual({ reactions: wow });
      expect(await settledFrames(a.sock, is("chat.reactions"))).toHaveLength(1);
      expect(await settledFrames(b.sock, is("chat.reactions"))).toHaveLength(1);
      // The lists follow the fixed emoji order (😮 before 🔥), not the stored order of the emoji text.
      const both = [...wow, { emoji: "🔥", count: 1, userIds: [b.user.id] }];
      expect(await b.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: message.id, emoji: "🔥", on: true })).toEqual({ reactions: both });
      // An edit's message (its frame replaces the whole message) keeps the reactions.
      const edited = await a.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: message.id, body: "hi!" });
      expect(edited).toEqual({ ...message, body: "hi!", editedAt: expect.any(Number), reactions: both });
      expect(await b.sock.next(is("chat.message.edited"))).toMatchObject({ message: { reactions: both } });
    });

    test("history reads the reactions of a whole page in one query, however many of its messages have some", async () => {
      // Counted per executed statement (transformResult): a subquery is not a query of its own.
      let queries = 0;
      const counting: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          queries++;
          return args.result;
        },
      };
      const media = { ...srv.deps.services.media, registerAccessPolicy() {} };
      const chats = createChatsService({ ...srv.deps, db: srv.deps.db.db.withPlugin(counting), media });
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const sent = [];
      for (let i = 0; i < 10; i++) sent.push(await sendOk(a.sock, chat.id, `message ${i}`));
      const count = async () => {
        queries = 0;
        const page = await chats.history(b.user.id, { chatId: chat.id, limit: 50 });
        return { queries, page };
      };
      const none = await count();

      await b.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: sent[0]!.id, emoji: "❤️", on: true });
      const one = await count();
      for (const m of sent.slice(1)) {
        await b.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: m.id, emoji: "😂", on: true });
        await a.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: m.id, emoji: "😂", on: true });
      }
      const ten = await count();

      expect(one.page.messages[0]!.reactions).toEqual([{ emoji: "❤️", count: 1, userIds: [b.user.id] }]);
      expect(ten.page.messages.map((m) => bySet(m.reactions))).toEqual([
        [{ emoji: "❤️", count: 1, userIds: [b.user.id] }],
        ...sent.slice(1).map(() => bySet([{ emoji: "😂", count: 2, userIds: [b.user.id, a.user.id] }])),
      ]);
      expect(ten.queries).toBe(one.queries);
      expect(none.queries).toBe(one.queries);
      // Membership, the page, its reactions.
      expect(one.queries).toBeLessThanOrEqual(3);
    });

    test("anything but one emoji is a BAD_REQUEST on emoji (any emoji is fine since issue 13: chat-reactions-any.test.ts)", async () => {
      const [a] = await Promise.all([person(srv)]);
      const message = await sendOk(a.sock, GLOBAL_CHAT_ID, "pick one emoji");
      for (const emoji of ["", "👍👍", "thumbs"]) {
        const refused = await rejection(a.client.trpc.chats.react.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id, emoji: emoji as "👍", on: true }));
        expect(refused.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { emoji: ["emoji.notOneEmoji"] } });
      }
      const page = await a.client.trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID, after: message.id - 1 });
      expect(page.messages[0]).toEqual(message);
    });

    test("a deleted message and a system message cannot get reactions, and deleting a message takes its reactions away", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "No reactions here", memberIds: [b.user.id] });
      await openChat(a.sock, group.id);
      const message = await sendOk(a.sock, group.id, "soon gone");
      await b.client.trpc.chats.react.mutate({ chatId: group.id, messageId: message.id, emoji: "😢", on: true });
      await a.sock.next(is("chat.reactions"));
      await a.client.trpc.chats.deleteMessage.mutate({ chatId: group.id, messageId: message.id });
      const react = (messageId: number, on = true) => rejection(b.client.trpc.chats.react.mutate({ chatId: group.id, messageId, emoji: "👍", on }));

      expect((await react(message.id)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageDeleted" });
      expect((await react(message.id, false)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageDeleted" });
      expect((await react(group.lastMessage!.id)).data).toMatchObject({ code: "FORBIDDEN", reason: "chats.systemMessageNoReactions" });
      expect(await settledFrames(a.sock, is("chat.reactions"))).toHaveLength(1);
      const { messages } = await a.client.trpc.chats.history.query({ chatId: group.id });
      expect(messages[1]).toEqual({ ...message, body: "", images: [], deleted: true });
      const stored = await srv.deps.db.db.selectFrom("message_reactions").select("emoji").where("message_id", "=", message.id).execute();
      expect(stored).toEqual([]);
    });

    test("a chat I am not in and a message not in the chat are NOT_FOUND; a guest is UNAUTHORIZED; in the public chat anyone signed in reacts", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await openChat(a.sock, chat.id);
      const mine = await sendOk(a.sock, chat.id, "between us");
      const react = (client: typeof a.client, chatId: string, messageId: number) =>
        rejection(client.trpc.chats.react.mutate({ chatId, messageId, emoji: "👍", on: true }));

      expect((await react(outsider.client, chat.id, mine.id)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      expect((await react(a.client, GLOBAL_CHAT_ID, mine.id)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageNotFound" });
      expect((await react(a.client, chat.id, mine.id + 1_000_000)).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.messageNotFound" });
      expect((await react(createClient(srv), chat.id, mine.id)).data).toMatchObject({ code: "UNAUTHORIZED" });
      await expectNoFrame(a.sock, is("chat.reactions"));

      // The public chat: someone who never opened it reacts; a guest who reads it live sees it, but cannot react.
      const guest = await connect(srv);
      await Promise.all([openChat(guest, GLOBAL_CHAT_ID), openChat(b.sock, GLOBAL_CHAT_ID)]);
      const open = await sendOk(b.sock, GLOBAL_CHAT_ID, "everyone, react");
      const fire = [{ emoji: "🔥", count: 1, userIds: [outsider.user.id] }];
      expect(await outsider.client.trpc.chats.react.mutate({ chatId: GLOBAL_CHAT_ID, messageId: open.id, emoji: "🔥", on: true })).toEqual({ reactions: fire });
      expect(await guest.next(is("chat.reactions", (e) => e.messageId === open.id))).toEqual({ type: "chat.reactions", chatId: GLOBAL_CHAT_ID, messageId: open.id, reactions: fire });
      expect((await react(createClient(srv), GLOBAL_CHAT_ID, open.id)).data).toMatchObject({ code: "UNAUTHORIZED" });
      const page = await createClient(srv).trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID, after: open.id - 1 });
      expect(page.messages[0]).toEqual({ ...open, reactions: fire });
      expectValidFrames(guest);
      guest.ws.close();
    });
  });
}
