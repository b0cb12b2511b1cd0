import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CHAT_LIMITS } from "../../shared/chats.ts";
import { testBackends } from "../helpers/backends.ts";
import { expectValidFrames, is, openChat, person, sendOk, type Person } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

/** Issue 13: any single emoji as a reaction, a cap of distinct emoji per message, and their order. */

/** Forty distinct emoji that are not among the six quick ones. */
const OTHERS = [..."🦄🐱🐶🍕🍩🎉🚀🌈⭐🍀🌻🍎🍌🍇🥑🌮🎸🎲🏀⚽🎧📚💡🔑🎁💎🧩🪁🛼🚲🌍🌙☕🍵🧁🍓🥕🐝🦋🐢"].filter((c) => c !== "\uFE0F");
const MAX = CHAT_LIMITS.reactionEmojiMax;

for (const backend of testBackends()) {
  describe(`any emoji as a reaction (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    async function pair() {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await Promise.all([openChat(a.sock, chat.id), openChat(b.sock, chat.id)]);
      const message = await sendOk(a.sock, chat.id, "react with anything");
      const react = (p: Person, emoji: string, on = true) => p.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: message.id, emoji, on });
      const emojiOf = async () => (await a.client.trpc.chats.history.query({ chatId: chat.id })).messages.at(-1)!.reactions?.map((r) => r.emoji) ?? [];
      return { a, b, chat, message, react, emojiOf };
    }

    test("flags, keycaps, skin tones and ZWJ sequences are reactions the other person sees live, and a text-style heart is the same reaction as ❤️", async () => {
      const { a, b, message, react } = await pair();
      for (const emoji of ["💩", "🇺🇦", "1️⃣", "👍🏽", "👩‍💻", "❤️‍🔥", "🏴󠁧󠁢󠁷󠁬󠁳󠁿"]) {
        const { reactions } = await react(b, emoji);
        expect(reactions.find((r) => r.emoji === emoji)).toEqual({ emoji, count: 1, userIds: [b.user.id] });
        const frame = await a.sock.next(is("chat.reactions", (e) => e.messageId === message.id && e.reactions.some((r) => r.emoji === emoji)));
        expect(frame.type).toBe("chat.reactions");
      }
      // "❤" (U+2764 alone) is stored as "❤️": one pill, two people.
      await react(a, "❤️");
      const { reactions } = await react(b, "❤");
      expect(reactions.find((r) => r.emoji.startsWith("❤") && r.emoji !== "❤️‍🔥")).toMatchObject({ emoji: "❤️", count: 2 });
      expect(reactions.some((r) => r.emoji === "❤")).toBe(false);
      expectValidFrames(a.sock);
    });

    test("text, digits, several emoji, a dangling ZWJ, half a flag, text presentation, HTML and anything over 32 bytes are BAD_REQUEST emoji.notOneEmoji, and nothing is stored", async () => {
      const { b, message, react } = await pair();
      const bad = ["", " ", "a", "1", "#", "👍👍", "👍 ", " 👍", "👍\u200D", "\u200D👍", "👍\u200D\u200D🔥", "🇺", "❤\uFE0E", "<b>", "👍a", "é", "🧑🏻‍❤️‍💋‍🧑🏼", "🦄".repeat(1000), "\u0000"];
      for (const emoji of bad) {
        const refused = await rejection(react(b, emoji));
        expect({ emoji, data: refused.data }).toMatchObject({ emoji, data: { code: "BAD_REQUEST", fieldErrors: { emoji: ["emoji.notOneEmoji"] } } });
      }
      const stored = await srv.deps.db.db.selectFrom("message_reactions").select("emoji").where("message_id", "=", message.id).execute();
      expect(stored).toEqual([]);
    });

    test("the six quick emoji come first in their order, then the others by first use; taken off and put on again, an emoji goes to the end", async () => {
      const { a, b, react, emojiOf } = await pair();
      // The clock moves between reactions, so "first use" never ties.
      const step = async (p: Person, emoji: string, on = true) => {
        srv.clock.advance(1000);
        return (await react(p, emoji, on)).reactions.map((r) => r.emoji);
      };
      await step(a, "🦄");
      await step(b, "🔥");
      await step(a, "🐱");
      await step(b, "👍");
      await step(a, "🍕");
      // 🐱 again, by someone else: its first use stays the older one.
      expect(await step(b, "🐱")).toEqual(["👍", "🔥", "🦄", "🐱", "🍕"]);
      await step(a, "🦄", false);
      expect(await step(b, "🦄")).toEqual(["👍", "🔥", "🐱", "🍕", "🦄"]);
      // 🐱's first reactor takes it off: its first use is now b's, later than 🍕's.
      expect(await step(a, "🐱", false)).toEqual(["👍", "🔥", "🍕", "🐱", "🦄"]);
      // History reads the same order as the answers and frames.
      expect(await emojiOf()).toEqual(["👍", "🔥", "🍕", "🐱", "🦄"]);
    });

    test(`a message takes at most ${MAX} distinct emoji: one more is CONFLICT emoji.tooManyReactions, an emoji already on it may still be added, and one taken off makes room`, async () => {
      const { a, b, message, react, emojiOf } = await pair();
      for (const emoji of OTHERS.slice(0, MAX)) await react(a, emoji);
      const refused = await rejection(react(b, OTHERS[MAX]!));
      expect(refused.data).toMatchObject({ code: "CONFLICT", reason: "emoji.tooManyReactions" });
      // A quick one counts like any other.
      expect((await rejection(react(b, "👍"))).data).toMatchObject({ code: "CONFLICT", reason: "emoji.tooManyReactions" });
      // Taking off one that is not on is fine at the cap; so is adding myself to one that is on.
      expect((await react(b, OTHERS[MAX]!, false)).reactions).toHaveLength(MAX);
      const joined = await react(b, OTHERS[0]!);
      expect(joined.reactions.find((r) => r.emoji === OTHERS[0])).toMatchObject({ count: 2 });
      await react(a, OTHERS[1]!, false);
      expect((await react(b, OTHERS[MAX]!)).reactions).toHaveLength(MAX);
      expect(await emojiOf()).toHaveLength(MAX);
      await a.sock.next(is("chat.reactions", (e) => e.messageId === message.id && e.reactions.some((r) => r.emoji === OTHERS[MAX])));
    });

    test(`the cap holds under concurrent reactions: three people racing with new emoji leave exactly ${MAX} distinct ones`, async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Race", memberIds: [b.user.id, c.user.id] });
      await openChat(a.sock, group.id);
      const target = await sendOk(a.sock, group.id, "race to react");
      const put = (p: Person, emoji: string) => p.client.trpc.chats.react.mutate({ chatId: group.id, messageId: target.id, emoji, on: true });
      const before = MAX - 8;
      for (const emoji of OTHERS.slice(0, before)) await put(a, emoji);
      const racing = [a, b, c].flatMap((p, i) => OTHERS.slice(before + i * 6, before + i * 6 + 6).map((emoji) => put(p, emoji)));
      const results = await Promise.allSettled(racing);
      const ok = results.filter((r) => r.status === "fulfilled");
      expect(ok).toHaveLength(8);
      for (const r of results) if (r.status === "rejected") expect((r.reason as { data?: unknown }).data).toMatchObject({ code: "CONFLICT", reason: "emoji.tooManyReactions" });
      const stored = await srv.deps.db.db.selectFrom("message_reactions").select("emoji").distinct().where("message_id", "=", target.id).execute();
      expect(stored).toHaveLength(MAX);
      // The last frame a saw carries the full list.
      await a.sock.next(is("chat.reactions", (e) => e.messageId === target.id && e.reactions.length === MAX));
    });
  });
}
