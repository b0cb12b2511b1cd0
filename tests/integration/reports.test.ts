/**
 * reports.create (issue #11): a person, a post, a comment or a message, reported with a reason and
 * an optional text, stored for moderators with a snapshot of the thing as it was (later edits and
 * deletions leave it alone); once per reporter and thing; never oneself or one's own words, nor a
 * message one cannot read.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { FRIENDS_LIMITS, type ReportTarget } from "../../shared/friends.ts";
import { testBackends } from "../helpers/backends.ts";
import { sendOk } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { named, postOf, refused, type Named } from "./friends-kit.ts";

for (const backend of testBackends()) {
  describe(`reports (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const report = (who: Named, target: ReportTarget, text?: string) => who.client.trpc.reports.create.mutate({ target, reason: "spam", text });
    const rowsOf = async (reporter: Named) =>
      (await srv.deps.db.db.selectFrom("reports").selectAll().where("reporter_id", "=", reporter.user.id).orderBy("id").execute()).map((r) => ({
        kind: r.target_kind,
        key: r.target_key,
        owner: r.target_owner_id,
        reason: r.reason,
        text: r.text,
        status: r.status,
        snapshot: JSON.parse(r.snapshot) as Record<string, unknown>,
      }));

    /** An author with a post (two tags), a comment under it, a message in a group with `reader` and one in the public chat. */
    async function things(reader: Named) {
      const author = await named(srv, "Автор", "Скарг");
      const post = await postOf(author, { title: "Оригінальна назва", body: "Оригінальний текст", tags: ["скарга", "тест"] });
      const comment = await author.client.trpc.comments.create.mutate({ postId: post.id, body: "Оригінальний коментар" });
      const group = await author.client.trpc.chats.createGroup.mutate({ name: "Група скарг", memberIds: [reader.user.id] });
      const message = await sendOk(author.sock, group.id, "Оригінальне повідомлення");
      const publicMessage = await sendOk(author.sock, GLOBAL_CHAT_ID, "Оригінал у загальному чаті");
      return { author, post, comment, group, message, publicMessage };
    }

    test("a person, a post, a comment and a message are each reported once, with a snapshot that later edits and deletions leave alone", async () => {
      const reporter = await named(srv, "Пильна", "Читачка");
      const t = await things(reporter);
      const targets: ReportTarget[] = [
        { kind: "user", id: t.author.user.id },
        { kind: "post", id: t.post.id },
        { kind: "comment", id: t.comment.id },
        { kind: "message", chatId: t.group.id, id: t.message.id },
        { kind: "message", chatId: GLOBAL_CHAT_ID, id: t.publicMessage.id },
      ];
      for (const target of targets) expect(await report(reporter, target, "  Дивіться\r\nсамі  ")).toEqual({ id: expect.any(Number) });
      // The same thing again: CONFLICT, and still one row each.
      for (const target of targets) expect(await refused(report(reporter, target))).toBe("CONFLICT reports.already");
      const stored = await rowsOf(reporter);
      expect(stored.map((r) => [r.kind, r.key, r.owner, r.reason, r.text, r.status])).toEqual([
        ["user", t.author.user.id, t.author.user.id, "spam", "Дивіться\nсамі", "open"],
        ["post", String(t.post.id), t.author.user.id, "spam", "Дивіться\nсамі", "open"],
        ["comment", String(t.comment.id), t.author.user.id, "spam", "Дивіться\nсамі", "open"],
        ["message", `${t.group.id}:${t.message.id}`, t.author.user.id, "spam", "Дивіться\nсамі", "open"],
        ["message", `${GLOBAL_CHAT_ID}:${t.publicMessage.id}`, t.author.user.id, "spam", "Дивіться\nсамі", "open"],
      ]);

      // Everything changes or goes away afterwards; the snapshots do not.
      await t.author.client.trpc.settings.update.mutate({ firstName: "Інше", lastName: "Ім'я", username: `${t.author.user.username.slice(0, 20)}x`, bio: "", birthDate: null, showBirthDate: false });
      await t.author.client.trpc.posts.update.mutate({ id: t.post.id, title: "Змінена назва", body: "Змінений текст", tags: [], links: [], imageIds: [] });
      await t.author.client.trpc.chats.editMessage.mutate({ chatId: t.group.id, messageId: t.message.id, body: "Змінене повідомлення" });
      await t.author.client.trpc.chats.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: t.publicMessage.id });
      await t.author.client.trpc.comments.remove.mutate({ commentId: t.comment.id });
      await t.author.client.trpc.posts.remove.mutate({ id: t.post.id });
      const later = await rowsOf(reporter);
      expect(later).toEqual(stored);
      const [user, post, comment, message, publicMessage] = later.map((r) => r.snapshot);
      expect(user).toMatchObject({ id: t.author.user.id, username: t.author.user.username, first_name: "Автор", last_name: "Скарг" });
      expect(post).toMatchObject({ id: t.post.id, author_id: t.author.user.id, title: "Оригінальна назва", body: "Оригінальний текст", tags: ["скарга", "тест"] });
      expect(comment).toMatchObject({ id: t.comment.id, post_id: t.post.id, body: "Оригінальний коментар" });
      expect(message).toMatchObject({ id: t.message.id, chat_id: t.group.id, body: "Оригінальне повідомлення" });
      expect(publicMessage).toMatchObject({ body: "Оригінал у загальному чаті" });
      // Someone else may still report the same person: a report is per reporter.
      const second = await named(srv, "Друга", "Скаржниця");
      expect(await report(second, { kind: "user", id: t.author.user.id })).toEqual({ id: expect.any(Number) });
      expect((await rowsOf(second))[0]!.snapshot).toMatchObject({ first_name: "Інше" });
    });

    test("nobody reports themselves or their own words, a message they cannot read, or what does not exist: reports.targetNotFound", async () => {
      const reporter = await named(srv, "Сама", "Собі");
      const t = await things(reporter);
      const outsider = await named(srv, "Не", "Учасник");
      const ownPost = await postOf(reporter);
      const ownComment = await reporter.client.trpc.comments.create.mutate({ postId: t.post.id, body: "мій" });
      const ownMessage = await sendOk(reporter.sock, t.group.id, "моє");
      const deleted = await sendOk(t.author.sock, t.group.id, "буде видалено");
      await t.author.client.trpc.chats.deleteMessage.mutate({ chatId: t.group.id, messageId: deleted.id });
      const system = (await reporter.client.trpc.chats.history.query({ chatId: t.group.id })).messages.find((m) => m.kind === "system");
      const cases: Array<[string, Named, ReportTarget]> = [
        ["myself", reporter, { kind: "user", id: reporter.user.id }],
        ["my post", reporter, { kind: "post", id: ownPost.id }],
        ["my comment", reporter, { kind: "comment", id: ownComment.id }],
        ["my message", reporter, { kind: "message", chatId: t.group.id, id: ownMessage.id }],
        ["a message in a chat I am not in", outsider, { kind: "message", chatId: t.group.id, id: t.message.id }],
        ["a message named with another chat", outsider, { kind: "message", chatId: GLOBAL_CHAT_ID, id: t.message.id }],
        ["a deleted message", reporter, { kind: "message", chatId: t.group.id, id: deleted.id }],
        ["nobody", reporter, { kind: "user", id: "0123456789abcdef01234567" }],
        ["no post", reporter, { kind: "post", id: 2_000_000_000 }],
        ["no comment", reporter, { kind: "comment", id: 2_000_000_000 }],
        ["no chat", reporter, { kind: "message", chatId: "0123456789abcdef01234567", id: t.message.id }],
        ["no message", reporter, { kind: "message", chatId: t.group.id, id: 2_000_000_000 }],
      ];
      if (system) cases.push(["a system message", reporter, { kind: "message", chatId: t.group.id, id: system.id }]);
      const got = [];
      for (const [what, who, target] of cases) got.push(`${what}: ${await refused(report(who, target))}`);
      expect(got).toEqual(cases.map(([what]) => `${what}: NOT_FOUND reports.targetNotFound`));
      expect(await rowsOf(reporter)).toEqual([]);
      expect(await rowsOf(outsider)).toEqual([]);
    });

    test("the text is optional and at most 1000 characters; the reason and the kind come from their lists; guests cannot report", async () => {
      const reporter = await named(srv, "Текст", "Скарги");
      const [a, b, c] = [await named(srv), await named(srv), await named(srv)];
      const user = (p: Named): ReportTarget => ({ kind: "user", id: p.user.id });
      const tooLong = await rejection(report(reporter, user(a), "я".repeat(FRIENDS_LIMITS.reportTextMax + 1)));
      expect(tooLong.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { text: ["friends.reportTooLong"] } });
      expect(await report(reporter, user(a), "я".repeat(FRIENDS_LIMITS.reportTextMax))).toEqual({ id: expect.any(Number) });
      expect(await reporter.client.trpc.reports.create.mutate({ target: user(b), reason: "other" })).toEqual({ id: expect.any(Number) });
      const bad: unknown[] = [
        { target: user(c), reason: "boring" },
        { target: { kind: "album", id: "x" }, reason: "spam" },
        { target: { kind: "post", id: "12" }, reason: "spam" },
        { target: { kind: "post", id: -1 }, reason: "spam" },
        { target: { kind: "message", id: 1 }, reason: "spam" },
        { target: { kind: "message", chatId: "global\u0000", id: 1 }, reason: "spam" },
        { target: { kind: "user", id: "a\u0000b" }, reason: "spam" },
        { target: { kind: "user", id: "" }, reason: "spam" },
        { target: user(c) },
      ];
      for (const input of bad) expect(await refused(reporter.client.trpc.reports.create.mutate(input as never))).toBe("BAD_REQUEST errors.invalidInput");
      expect(await refused(createClient(srv).trpc.reports.create.mutate({ target: user(c), reason: "spam" }))).toBe("UNAUTHORIZED auth.signInRequired");
      const rows = await rowsOf(reporter);
      expect(rows.map((r) => [r.key, r.reason, r.text.length])).toEqual([
        [a.user.id, "spam", FRIENDS_LIMITS.reportTextMax],
        [b.user.id, "other", 0],
      ]);
    });
  });
}
