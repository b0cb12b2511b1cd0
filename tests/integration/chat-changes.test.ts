/**
 * The change feed (chats.changes, migration 0012): what a client that was offline asks for to
 * catch up on edits, deletions and reactions of messages older than the page it re-reads. Over
 * real HTTP and websockets, on every backend; the second test runs shared/chat-sync.ts's resume
 * against the server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createChatSync, resumeChats, type ResumeTransport } from "../../shared/chat-sync.ts";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, openChat, person, sendOk } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";

for (const backend of testBackends()) {
  describe(`the change feed (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("chats.changes lists the messages edited, deleted or reacted to since a time, oldest change first, in pages", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Feed", memberIds: [b.user.id] });
      const beforeOpen = srv.clock.now();
      const opened = await openChat(a.sock, chatId);
      // The open says when it happened, by the server's clock: where a later resume starts.
      expect(opened.type === "chat.opened" && opened.at >= beforeOpen && opened.at <= srv.clock.now()).toBe(true);
      const [m1, m2, m3, m4] = [await sendOk(a.sock, chatId, "one"), await sendOk(a.sock, chatId, "two"), await sendOk(a.sock, chatId, "three"), await sendOk(a.sock, chatId, "four")];
      const since = srv.clock.now();

      srv.clock.advance(1000);
      await b.client.trpc.chats.react.mutate({ chatId, messageId: m3.id, emoji: "👍", on: true });
      srv.clock.advance(1000);
      await a.client.trpc.chats.editMessage.mutate({ chatId, messageId: m1.id, body: "one, edited" });
      srv.clock.advance(1000);
      await a.client.trpc.chats.deleteMessage.mutate({ chatId, messageId: m2.id });

      const all = await b.client.trpc.chats.changes.query({ chatId, since });
      expect(all.next).toBeNull();
      expect(all.messages.map((m) => m.id)).toEqual([m3.id, m1.id, m2.id]);
      expect(all.messages[0]).toMatchObject({ id: m3.id, reactions: [{ emoji: "👍", count: 1, userIds: [b.user.id] }] });
      expect(all.messages[1]).toMatchObject({ id: m1.id, body: "one, edited" });
      expect(all.messages[2]).toMatchObject({ id: m2.id, deleted: true, body: "" });
      expect(all.messages.map((m) => m.id)).not.toContain(m4.id);

      // In pages of two: the cursor carries on where the first page stopped, nothing twice.
      const first = await b.client.trpc.chats.changes.query({ chatId, since, limit: 2 });
      expect(first.messages.map((m) => m.id)).toEqual([m3.id, m1.id]);
      const second = await b.client.trpc.chats.changes.query({ chatId, ...first.next!, limit: 2 });
      expect(second).toMatchObject({ next: null });
      expect(second.messages.map((m) => m.id)).toEqual([m2.id]);
      // Taking a reaction off is a change too; nothing changed after now.
      srv.clock.advance(1000);
      const later = srv.clock.now();
      await b.client.trpc.chats.react.mutate({ chatId, messageId: m3.id, emoji: "👍", on: false });
      expect((await b.client.trpc.chats.changes.query({ chatId, since: later })).messages.map((m) => [m.id, m.reactions ?? []])).toEqual([[m3.id, []]]);
      const done = srv.clock.now();
      expect((await b.client.trpc.chats.changes.query({ chatId, since: done + 1 })).messages).toEqual([]);

      // Only for whoever may read the chat; the public chat's for guests too.
      expect((await rejection(outsider.client.trpc.chats.changes.query({ chatId, since }))).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      expect((await rejection(createClient(srv).trpc.chats.changes.query({ chatId, since }))).data).toMatchObject({ code: "NOT_FOUND" });
      expect(await createClient(srv).trpc.chats.changes.query({ chatId: GLOBAL_CHAT_ID, since })).toMatchObject({ next: null });
      expect((await rejection(b.client.trpc.chats.changes.query({ chatId, since: -1 }))).data).toMatchObject({ code: "BAD_REQUEST" });
    });

    test("a resume catches up on an edit, a deletion and a reaction of held messages older than the page it re-reads", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Away", memberIds: [b.user.id] });
      const oldest = await sendOk(b.sock, chatId, "oldest");
      const sent = [];
      for (const body of ["old 1", "old 2", "old 3", "new 1", "new 2"]) sent.push(await sendOk(b.sock, chatId, body));

      // Olena's client opens the chat on her socket and, like the web client, reads its latest
      // page only (five messages): "oldest" is not held.
      const sync = createChatSync();
      let sock: TestSocket = a.sock;
      const transport: ResumeTransport = {
        open: async (id) => {
          const frame = await openChat(sock, id);
          if (frame.type !== "chat.opened") throw new Error(frame.code);
          return frame;
        },
        history: async (input) =>
          input.after === 0 ? { messages: (await a.client.trpc.chats.history.query({ chatId: input.chatId, limit: 5 })).messages, hasMore: false } : a.client.trpc.chats.history.query(input),
        changes: (input) => a.client.trpc.chats.changes.query(input),
        resend: () => {},
      };
      await resumeChats(sync, [chatId], transport, 100);
      expect(sync.messages(chatId).map((m) => m.body)).toEqual(["old 1", "old 2", "old 3", "new 1", "new 2"]);

      // Her socket goes away; meanwhile Тарас edits, deletes and reacts to old messages.
      sock.ws.close();
      srv.clock.advance(1000);
      await b.client.trpc.chats.editMessage.mutate({ chatId, messageId: sent[0]!.id, body: "old 1, edited" });
      await b.client.trpc.chats.deleteMessage.mutate({ chatId, messageId: sent[1]!.id });
      await b.client.trpc.chats.react.mutate({ chatId, messageId: sent[2]!.id, emoji: "🔥", on: true });
      await b.client.trpc.chats.editMessage.mutate({ chatId, messageId: oldest.id, body: "oldest, edited" });

      // She comes back; the resume re-reads only the latest two messages.
      sock = await connect(srv, a.client);
      await resumeChats(sync, [chatId], transport, 2);
      const held = new Map(sync.messages(chatId).map((m) => [m.id, m]));
      expect(held.get(sent[0]!.id)).toMatchObject({ body: "old 1, edited" });
      expect(held.get(sent[0]!.id)!.editedAt).toBeGreaterThan(0);
      expect(held.get(sent[1]!.id)).toMatchObject({ deleted: true, body: "" });
      expect(held.get(sent[2]!.id)).toMatchObject({ reactions: [{ emoji: "🔥", count: 1, userIds: [b.user.id] }] });
      // What it did not hold stays out ("oldest" comes with its page when she scrolls up), nothing twice.
      expect(sync.messages(chatId).map((m) => m.id)).toEqual(sent.map((m) => m.id));
    });
  });
}
