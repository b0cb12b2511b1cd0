import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { MUTE_FOREVER } from "../../shared/mentions.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectValidFrames, is, openChat, person, sendOk, type Person } from "../helpers/chat.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`mentions and mute (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /** A group of the first person with the others, everyone's socket subscribed to their user topic. */
    async function group(admin: Person, ...others: Person[]) {
      return admin.client.trpc.chats.createGroup.mutate({ name: "Згадки", memberIds: others.map((o) => o.user.id) });
    }
    const summaryOf = async (p: Person, chatId: string) => (await p.client.trpc.chats.list.query()).chats.find((c) => c.id === chatId)!;

    test("a mention of a member is stored with the message and comes back in the ack, on the topic, in history, on resume and in the change feed", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await group(a, b);
      await Promise.all([openChat(a.sock, chat.id), openChat(b.sock, chat.id)]);
      // B's second tab has not opened the chat: its list hears of the mention.
      const bList = await connect(srv, b.client);
      const body = `Привіт, @${b.user.username.toUpperCase()}! І @${outsider.user.username}, @nobody_here, і я сам @${a.user.username}. mail@${b.user.username}`;
      const sent = await sendOk(a.sock, chat.id, body);
      expect(sent.mentions).toEqual([b.user.id]);
      const live = await b.sock.next(is("chat.message", (e) => e.message.id === sent.id));
      expect(live).toEqual({ type: "chat.message", message: sent });
      const activity = await bList.next(is("chat.activity", (e) => e.chatId === chat.id));
      expect(activity).toMatchObject({ unreadDelta: 1, mentioned: true });

      const { messages } = await b.client.trpc.chats.history.query({ chatId: chat.id });
      expect(messages.at(-1)).toEqual(sent);
      // Resume: the page after the last id the client held.
      const resumed = await b.client.trpc.chats.history.query({ chatId: chat.id, after: sent.id - 1 });
      expect(resumed.messages).toEqual([sent]);
      // The change feed: a reaction changes the message, which comes back with its mentions.
      const since = srv.clock.now() - 1;
      await b.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: sent.id, emoji: "👍", on: true });
      const changed = await b.client.trpc.chats.changes.query({ chatId: chat.id, since });
      expect(changed.messages.find((m) => m.id === sent.id)?.mentions).toEqual([b.user.id]);
      for (const s of [a.sock, b.sock, bList]) expectValidFrames(s);
      bList.ws.close();
    });

    test("a message without mentions has no mentions field, and in the public chat nobody is mentioned", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await group(a, b);
      await openChat(a.sock, chat.id);
      expect(await sendOk(a.sock, chat.id, "нікого не згадую")).not.toHaveProperty("mentions");
      await openChat(a.sock, GLOBAL_CHAT_ID);
      expect(await sendOk(a.sock, GLOBAL_CHAT_ID, `@${b.user.username} у загальному`)).not.toHaveProperty("mentions");
    });

    test("an edit finds the mentions again: added ones count, removed ones are gone from history and the list", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await group(a, b, c);
      await openChat(a.sock, chat.id);
      const sent = await sendOk(a.sock, chat.id, `для @${b.user.username}`);
      expect(sent.mentions).toEqual([b.user.id]);
      expect((await summaryOf(b, chat.id)).mentioned).toBe(true);

      const edited = await a.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: sent.id, body: `ні, для @${c.user.username}` });
      expect(edited.mentions).toEqual([c.user.id]);
      expect((await b.client.trpc.chats.history.query({ chatId: chat.id })).messages.at(-1)?.mentions).toEqual([c.user.id]);
      expect((await summaryOf(b, chat.id)).mentioned).toBe(false);
      expect((await summaryOf(c, chat.id)).mentioned).toBe(true);

      const none = await a.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: sent.id, body: "вже ні для кого" });
      expect(none).not.toHaveProperty("mentions");
      expect((await b.client.trpc.chats.history.query({ chatId: chat.id })).messages.at(-1)).not.toHaveProperty("mentions");
      expect((await summaryOf(c, chat.id)).mentioned).toBe(false);
    });

    test("muting leaves a chat's own count but takes it out of totalUnread, except the messages that mention me, until I read them", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const [loud, quiet] = [await group(a, b), await group(a, b)];
      await Promise.all([openChat(a.sock, loud.id), openChat(a.sock, quiet.id)]);
      const muted = await b.client.trpc.chats.mute.mutate({ chatId: quiet.id, duration: "8h" });
      expect(muted.mutedUntil).toBeGreaterThan(srv.clock.now() + 7 * 3_600_000);

      await sendOk(a.sock, loud.id, "раз");
      await sendOk(a.sock, quiet.id, "два");
      await sendOk(a.sock, quiet.id, "три");
      let list = await b.client.trpc.chats.list.query();
      let q = list.chats.find((c) => c.id === quiet.id)!;
      expect({ unread: q.unread, mentioned: q.mentioned, mutedUntil: q.mutedUntil }).toEqual({ unread: 2, mentioned: false, mutedUntil: muted.mutedUntil });
      expect(list.chats.find((c) => c.id === loud.id)).toMatchObject({ unread: 1, mentioned: false, mutedUntil: null });
      expect(list.totalUnread).toBe(1);

      const mention = await sendOk(a.sock, quiet.id, `@${b.user.username} глянь`);
      list = await b.client.trpc.chats.list.query();
      q = list.chats.find((c) => c.id === quiet.id)!;
      expect({ unread: q.unread, mentioned: q.mentioned, unreadMentions: q.unreadMentions }).toEqual({ unread: 3, mentioned: true, unreadMentions: 1 });
      expect(list.totalUnread).toBe(2);

      // Reading up to the message before the mention keeps it; reading it clears it (also on my other tabs).
      const read = await b.client.trpc.chats.markRead.mutate({ chatId: quiet.id, messageId: mention.id - 1 });
      expect(read).toMatchObject({ unread: 1, mentions: 1 });
      const done = await b.client.trpc.chats.markRead.mutate({ chatId: quiet.id, messageId: mention.id });
      expect(done).toEqual({ chatId: quiet.id, lastReadId: mention.id, unread: 0 });
      await b.sock.next(is("chat.read", (e) => e.chatId === quiet.id && e.lastReadId === mention.id && e.mentions === undefined));
      list = await b.client.trpc.chats.list.query();
      expect(list.chats.find((c) => c.id === quiet.id)!.mentioned).toBe(false);
      expect(list.totalUnread).toBe(1);

      // A deleted mention is nothing to read.
      const gone = await sendOk(a.sock, quiet.id, `@${b.user.username} ой`);
      await a.client.trpc.chats.deleteMessage.mutate({ chatId: quiet.id, messageId: gone.id });
      expect((await summaryOf(b, quiet.id)).mentioned).toBe(false);
    });

    test("muting and unmuting tell my other sockets, survive a new list read, and only members may mute", async () => {
      const [a, b, stranger] = await Promise.all([person(srv), person(srv), person(srv)]);
      const chat = await group(a, b);
      const other = await connect(srv, b.client);
      const forever = await b.client.trpc.chats.mute.mutate({ chatId: chat.id, duration: "forever" });
      expect(forever).toEqual({ chatId: chat.id, mutedUntil: MUTE_FOREVER });
      for (const s of [b.sock, other]) await s.next(is("chat.muted", (e) => e.chatId === chat.id && e.mutedUntil === MUTE_FOREVER));
      expect((await summaryOf(b, chat.id)).mutedUntil).toBe(MUTE_FOREVER);
      // Mine alone: A's list is as before.
      expect((await summaryOf(a, chat.id)).mutedUntil).toBeNull();

      expect(await b.client.trpc.chats.mute.mutate({ chatId: chat.id, duration: "off" })).toEqual({ chatId: chat.id, mutedUntil: null });
      for (const s of [b.sock, other]) await s.next(is("chat.muted", (e) => e.chatId === chat.id && e.mutedUntil === null));
      expect((await summaryOf(b, chat.id)).mutedUntil).toBeNull();

      for (const chatId of [chat.id, GLOBAL_CHAT_ID]) {
        await expect(stranger.client.trpc.chats.mute.mutate({ chatId, duration: "1h" })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
      }
      await expect(b.client.trpc.chats.mute.mutate({ chatId: chat.id, duration: "2h" as "1h" })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
      for (const s of [b.sock, other]) expectValidFrames(s);
      other.ws.close();
    });

    test("a mute for an hour ends by itself when the hour has passed", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await group(a, b);
      await openChat(a.sock, chat.id);
      await b.client.trpc.chats.mute.mutate({ chatId: chat.id, duration: "1h" });
      await sendOk(a.sock, chat.id, "тихо");
      let list = await b.client.trpc.chats.list.query();
      expect(list.chats.find((c) => c.id === chat.id)!.mutedUntil).not.toBeNull();
      expect(list.totalUnread).toBe(0);
      srv.clock.advance(3_600_000 + 1000);
      list = await b.client.trpc.chats.list.query();
      expect(list.chats.find((c) => c.id === chat.id)!.mutedUntil).toBeNull();
      expect(list.totalUnread).toBe(1);
    });
  });
}
