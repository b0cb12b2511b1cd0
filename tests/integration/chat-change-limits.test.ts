import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CHANGE_LIMITS } from "../../server/features/chats/message-changes.service.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, person, sendOk, type Person } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

/** The refusal every over-the-limit change gets: a clear error with a time to wait. */
async function expectLimited(call: Promise<unknown>, windowMs: number) {
  const limited = await rejection(call);
  expect(limited.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "errors.rateLimited" });
  expect(limited.data?.retryAfterSeconds).toBeGreaterThan(0);
  expect(limited.data?.retryAfterSeconds).toBeLessThanOrEqual(windowMs / 1000);
}

for (const backend of testBackends()) {
  describe(`limits on editing, deleting and reacting (${backend.name})`, () => {
    let srv: TestServer;
    let a: Person;
    let b: Person;
    let chatId: string;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
      [a, b] = await Promise.all([person(srv), person(srv)]);
      chatId = (await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id })).id;
    });
    afterAll(() => srv.stop());

    test("edits past the limit are refused with a time to wait, the message keeps the last accepted text, and the window passing lets me edit again", async () => {
      const { max, windowMs } = CHANGE_LIMITS.edit;
      const message = await sendOk(a.sock, chatId, "draft");
      for (let i = 1; i <= max; i++) await a.client.trpc.chats.editMessage.mutate({ chatId, messageId: message.id, body: `draft ${i}` });
      await expectLimited(a.client.trpc.chats.editMessage.mutate({ chatId, messageId: message.id, body: "one too many" }), windowMs);
      const stored = (await b.client.trpc.chats.history.query({ chatId })).messages.find((m) => m.id === message.id);
      expect(stored?.body).toBe(`draft ${max}`);
      // Someone else is not limited by my edits.
      const theirs = await sendOk(b.sock, chatId, "mine");
      await b.client.trpc.chats.editMessage.mutate({ chatId, messageId: theirs.id, body: "mine, fixed" });

      srv.clock.advance(windowMs + 1);
      expect(await a.client.trpc.chats.editMessage.mutate({ chatId, messageId: message.id, body: "final" })).toMatchObject({ body: "final" });
    });

    test("reactions past the limit are refused and leave the reactions as they were", async () => {
      const { max, windowMs } = CHANGE_LIMITS.react;
      const message = await sendOk(b.sock, chatId, "react to me");
      for (let i = 1; i <= max; i++) await a.client.trpc.chats.react.mutate({ chatId, messageId: message.id, emoji: "👍", on: i % 2 === 1 });
      // max is even: the last accepted tap took the 👍 off again.
      await expectLimited(a.client.trpc.chats.react.mutate({ chatId, messageId: message.id, emoji: "🔥", on: true }), windowMs);
      const stored = (await b.client.trpc.chats.history.query({ chatId })).messages.find((m) => m.id === message.id);
      expect(stored?.reactions ?? []).toEqual([]);

      srv.clock.advance(windowMs + 1);
      const { reactions } = await a.client.trpc.chats.react.mutate({ chatId, messageId: message.id, emoji: "🔥", on: true });
      expect(reactions).toMatchObject([{ emoji: "🔥", count: 1 }]);
    });

    test("deletes past the limit are refused and the message stays as it was", async () => {
      const { max, windowMs } = CHANGE_LIMITS.delete;
      // Two sockets: one socket's frame rate limit would refuse this many sends in a row.
      const second = await connect(srv, a.client);
      const sent = [];
      for (let i = 0; i <= max; i++) sent.push(await sendOk(i % 2 ? second : a.sock, chatId, `to delete ${i}`));
      for (const m of sent.slice(0, max)) await a.client.trpc.chats.deleteMessage.mutate({ chatId, messageId: m.id });
      const spared = sent[max]!;
      await expectLimited(a.client.trpc.chats.deleteMessage.mutate({ chatId, messageId: spared.id }), windowMs);
      const stored = (await b.client.trpc.chats.history.query({ chatId, after: spared.id - 1 })).messages;
      expect(stored).toEqual([spared]);

      srv.clock.advance(windowMs + 1);
      await a.client.trpc.chats.deleteMessage.mutate({ chatId, messageId: spared.id });
      expect((await b.client.trpc.chats.history.query({ chatId, after: spared.id - 1 })).messages[0]).toMatchObject({ id: spared.id, deleted: true, body: "" });
    });
  });
}
