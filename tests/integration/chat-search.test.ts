import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { segments, type MessageSearchHit } from "../../shared/message-search.ts";
import { testBackends } from "../helpers/backends.ts";
import { person, sendOk, type Person } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

/** A word no other test (nor the public chat) has: each test searches its own. */
const unique = (label: string) => `${label}${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
const marked = (h: MessageSearchHit) => segments(h.text, h.matches).filter((s) => s.mark).map((s) => s.text);

for (const backend of testBackends()) {
  describe(`message search (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const search = (p: Person, query: string, more: { chatId?: string; cursor?: number; limit?: number } = {}) =>
      p.client.trpc.messageSearch.search.query({ query, ...more });

    test("words are found by their beginning, in any case, Ukrainian (ґ є і ї) and English alike, newest first, with the matched words marked", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const tag = unique("tag");
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Садівники", memberIds: [b.user.id] });
      const first = await sendOk(a.sock, group.id, `Ґрунтовний підхід до ґрунту ${tag}`);
      const second = await sendOk(b.sock, group.id, `Їжак і Єнот пішли в ІНШИЙ ліс ${tag}`);
      const third = await sendOk(a.sock, group.id, `Gardening WORKSHOP tomorrow ${tag}`);

      const all = await search(b, tag);
      expect(all.hits.map((h) => h.messageId)).toEqual([third.id, second.id, first.id]);
      expect(all.nextCursor).toBeNull();
      expect(all.hits[0]).toMatchObject({ chatId: group.id, chatKind: "group", chatName: "Садівники", author: { id: a.user.id }, createdAt: third.createdAt });

      const ground = await search(b, `ґрунт ${tag}`);
      expect(ground.hits.map((h) => h.messageId)).toEqual([first.id]);
      expect(marked(ground.hits[0]!)).toEqual(["Ґрунтовний", "ґрунту", tag]);
      expect((await search(a, `ЇЖА єно ${tag}`)).hits.map((h) => h.messageId)).toEqual([second.id]);
      expect((await search(a, `інш ${tag}`)).hits.map((h) => h.messageId)).toEqual([second.id]);
      const english = await search(a, `garden work ${tag}`);
      expect(english.hits.map((h) => h.messageId)).toEqual([third.id]);
      expect(english.hits[0]!.text).toBe(`Gardening WORKSHOP tomorrow ${tag}`);
      expect(english.hits[0]!.matches).toEqual([
        { start: 0, end: 9 },
        { start: 10, end: 18 },
        { start: 28, end: 28 + tag.length },
      ]);
      // Every word must match; a word inside another is not a beginning.
      expect((await search(a, `ґрунт workshop ${tag}`)).hits).toEqual([]);
      expect((await search(a, `рунт ${tag}`)).hits).toEqual([]);
    });

    test("pages go from newest to oldest by cursor without repeating or skipping a message", async () => {
      const a = await person(srv);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Pages", memberIds: [] });
      const tag = unique("page");
      const sent: number[] = [];
      for (let i = 0; i < 7; i++) sent.push((await sendOk(a.sock, group.id, `message ${i} ${tag}`)).id);
      const seen: number[] = [];
      let cursor: number | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await search(a, tag, { limit: 3, cursor });
        seen.push(...page.hits.map((h) => h.messageId));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual([...sent].reverse());
    });

    test("deleted text and the old text of an edited message are never found; the new text is", async () => {
      const a = await person(srv);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Edits", memberIds: [] });
      const [gone, old, fresh] = [unique("gone"), unique("old"), unique("fresh")];
      const deleted = await sendOk(a.sock, group.id, `this will go ${gone}`);
      const edited = await sendOk(a.sock, group.id, `first words ${old}`);
      expect((await search(a, gone)).hits.map((h) => h.messageId)).toEqual([deleted.id]);
      await a.client.trpc.chats.deleteMessage.mutate({ chatId: group.id, messageId: deleted.id });
      await a.client.trpc.chats.editMessage.mutate({ chatId: group.id, messageId: edited.id, body: `second words ${fresh}` });
      expect((await search(a, gone)).hits).toEqual([]);
      expect((await search(a, old)).hits).toEqual([]);
      const found = await search(a, fresh);
      expect(found.hits.map((h) => [h.messageId, h.text])).toEqual([[edited.id, `second words ${fresh}`]]);
      // Edited back: found by the old word again, no longer by the newer one (the index follows every change).
      await a.client.trpc.chats.editMessage.mutate({ chatId: group.id, messageId: edited.id, body: `first words ${old}` });
      expect((await search(a, fresh)).hits).toEqual([]);
      expect((await search(a, old)).hits.map((h) => h.messageId)).toEqual([edited.id]);
      // System lines (the group's record, e.g. its creation with its name) are never found.
      const named = unique("Named");
      await a.client.trpc.chats.createGroup.mutate({ name: named, memberIds: [] });
      expect((await search(a, named)).hits).toEqual([]);
    });

    test("only chats I am in now: a group I left is no longer searched, a stranger's personal chat never, the public chat by everyone signed in", async () => {
      const [a, b, stranger] = await Promise.all([person(srv), person(srv), person(srv)]);
      const tag = unique("scope");
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Leaving", memberIds: [b.user.id] });
      const personal = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const inGroup = await sendOk(a.sock, group.id, `group ${tag}`);
      const inPersonal = await sendOk(a.sock, personal.id, `personal ${tag}`);
      const inPublic = await sendOk(a.sock, GLOBAL_CHAT_ID, `public ${tag}`);

      const mine = await search(b, tag);
      expect(mine.hits.map((h) => h.messageId)).toEqual([inPublic.id, inPersonal.id, inGroup.id]);
      expect(mine.hits.map((h) => [h.chatKind, h.chatName])).toEqual([
        ["public", null],
        ["personal", `${a.user.firstName} ${a.user.lastName}`.trim()],
        ["group", "Leaving"],
      ]);
      // A stranger finds the public message only, and cannot name the others' chats.
      expect((await search(stranger, tag)).hits.map((h) => h.messageId)).toEqual([inPublic.id]);
      for (const chatId of [group.id, personal.id]) {
        const e = await rejection(search(stranger, tag, { chatId }));
        expect([e.data?.code, e.data?.reason]).toEqual(["NOT_FOUND", "chats.notFound"]);
      }
      expect((await search(stranger, tag, { chatId: GLOBAL_CHAT_ID })).hits.map((h) => h.messageId)).toEqual([inPublic.id]);
      // One chat only.
      expect((await search(b, tag, { chatId: group.id })).hits.map((h) => h.messageId)).toEqual([inGroup.id]);

      await b.client.trpc.chats.leave.mutate({ chatId: group.id });
      expect((await search(b, tag)).hits.map((h) => h.messageId)).toEqual([inPublic.id, inPersonal.id]);
      const e = await rejection(search(b, tag, { chatId: group.id }));
      expect(e.data?.code).toBe("NOT_FOUND");
    });

    test("FTS operators, quotes and punctuation in a query are plain separators: no error, no syntax", async () => {
      const a = await person(srv);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Syntax", memberIds: [] });
      const tag = unique("op");
      const hit = await sendOk(a.sock, group.id, `near the body: "quoted" text-with-dash ${tag}`);
      await sendOk(a.sock, group.id, `other words ${unique("x")}`);
      for (const q of [`"${tag}`, `${tag}*`, `NEAR(${tag} body)`, `-body ${tag}`, `body: ${tag}`, `${tag} OR other`, `'${tag}' "quoted" the`, `${tag}\\`, `(${tag}`, `^${tag}`, `${tag} & | ! :*`]) {
        const r = await search(a, q, { chatId: group.id });
        expect(r.hits.map((h) => h.messageId)).toEqual(q.includes("other") ? [] : [hit.id]);
      }
      // Only punctuation: nothing to look for, an empty answer.
      for (const q of [`"`, `*`, `-`, `:`, `" * : -`]) expect((await search(a, q)).hits).toEqual([]);
      // Validated: empty and too long queries are refused with field errors.
      for (const q of ["", "   ", "x".repeat(101)]) expect((await rejection(search(a, q))).data?.code).toBe("BAD_REQUEST");
    });

    test("a long message comes back cut around its first match, with the ranges in the cut text", async () => {
      const a = await person(srv);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Long", memberIds: [] });
      const tag = unique("long");
      const body = `${"слово ".repeat(100)}${tag} кінець ${"інше ".repeat(60)}`.trim();
      const m = await sendOk(a.sock, group.id, body);
      const [h] = (await search(a, tag)).hits;
      expect(h?.messageId).toBe(m.id);
      expect(h!.text.startsWith("…")).toBe(true);
      expect(h!.text.endsWith("…")).toBe(true);
      expect(h!.text.length).toBeLessThan(260);
      expect(marked(h!)).toEqual([tag]);
    });
  });
}
