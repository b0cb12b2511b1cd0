/**
 * The reports queue (issue #16): open reports grouped by what they target (a person, a post, a
 * comment, a message in a group or in the public chat, a group chat), with counts by reason and
 * the reporters; newest or most-reported first; by kind; paged without duplicates or gaps (also
 * while a moderator resolves as they go); each thing as it was reported and as it is now; resolved
 * with no action or with one that fits its kind, after which it says who resolved it and how.
 */
import { describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import type { ReportGroup, ReportTargetKind } from "../../shared/moderation.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, is, openChat, sendOk } from "../helpers/chat.ts";
import type { TestServer } from "../helpers/test-server.ts";
import { appended, closeOf, named, outcome, postOf, refused, report, useModerationServer, type Named } from "./moderation-kit.ts";

type Api = Named["client"]["trpc"];
type QueueInput = Parameters<Api["moderation"]["reports"]["query"]>[0];

/** Every group of the queue (all pages of `limit`), in order. */
async function allPages(api: Api, input: Exclude<QueueInput, undefined>, limit = 2): Promise<ReportGroup[]> {
  const out: ReportGroup[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const page: { items: ReportGroup[]; nextCursor: string | null } = await api.moderation.reports.query({ ...input, limit, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error("the queue never ended");
}
const keyOf = (g: { targetKind: string; targetKey: string }) => `${g.targetKind}|${g.targetKey}`;

/**
 * An author with one of each reportable thing, reported by three members of the author's group:
 * the person 3 times (spam, harassment ×2), the post twice, the others once, in an order where
 * the newest report of each is: user > public message > chat > group message > post > comment.
 */
async function reportedWorld(srv: TestServer) {
  const author = await named(srv, "Автор", "Скаржений");
  const [r1, r2, r3] = [await named(srv, "Перша", "Скаржниця"), await named(srv, "Другий", "Скаржник"), await named(srv, "Третя", "Скаржниця")];
  const post = await postOf(author, { title: "Як було", body: "Текст як був", tags: ["черга"] });
  const comment = await author.client.trpc.comments.create.mutate({ postId: post.id, body: "Коментар як був" });
  const group = await author.client.trpc.chats.createGroup.mutate({ name: "Група зі скаргою", memberIds: [r1.user.id, r2.user.id, r3.user.id] });
  const message = await sendOk(author.sock, group.id, "Повідомлення як було");
  const publicMessage = await sendOk(author.sock, GLOBAL_CHAT_ID, "У загальному чаті як було");
  const k = {
    user: `user|${author.user.id}`,
    post: `post|${post.id}`,
    comment: `comment|${comment.id}`,
    message: `message|${group.id}:${message.id}`,
    public: `message|${GLOBAL_CHAT_ID}:${publicMessage.id}`,
    chat: `chat|${group.id}`,
  };
  await report(r1, { kind: "post", id: post.id }, "spam");
  await report(r1, { kind: "user", id: author.user.id }, "spam", "Розсилає рекламу");
  await report(r1, { kind: "comment", id: comment.id }, "hate");
  await report(r2, { kind: "post", id: post.id }, "spam");
  await report(r2, { kind: "message", chatId: group.id, id: message.id }, "violence");
  await report(r2, { kind: "user", id: author.user.id }, "harassment");
  await report(r1, { kind: "chat", chatId: group.id }, "other", "Назва групи образлива");
  await report(r3, { kind: "message", chatId: GLOBAL_CHAT_ID, id: publicMessage.id }, "spam");
  await report(r3, { kind: "user", id: author.user.id }, "harassment");
  return { author, r1, r2, r3, post, comment, group, message, publicMessage, k, mine: new Set(Object.values(k)) };
}

for (const backend of testBackends()) {
  describe(`the reports queue (${backend.name})`, () => {
    const suite = useModerationServer(backend);
    const api = () => suite.moderator.client.trpc;

    test("open reports are grouped by what they target, with counts by reason, reporters newest first, an owner and a link", async () => {
      const w = await reportedWorld(suite.srv);
      const items = (await allPages(api(), { status: "open", sort: "newest" }, 50)).filter((g) => w.mine.has(keyOf(g)));
      expect(items.map(keyOf)).toEqual([w.k.user, w.k.public, w.k.chat, w.k.message, w.k.post, w.k.comment]);
      const by = Object.fromEntries(items.map((g) => [keyOf(g), g]));
      const person = (p: Named) => ({ id: p.user.id, username: p.user.username, firstName: p.user.firstName, lastName: p.user.lastName, avatarId: null });
      const owner = person(w.author);

      const user = by[w.k.user]!;
      expect(user).toMatchObject({
        targetKind: "user",
        targetKey: w.author.user.id,
        link: { userId: w.author.user.id, username: w.author.user.username },
        owner,
        ownerSuspendedUntil: null,
        count: 3,
        reasons: { spam: 1, harassment: 2 },
        hidden: null,
        resolution: null,
      });
      expect(user.reports.map((r) => [r.reporter.id, r.reason, r.text])).toEqual([
        [w.r3.user.id, "harassment", ""],
        [w.r2.user.id, "harassment", ""],
        [w.r1.user.id, "spam", "Розсилає рекламу"],
      ]);
      expect(user.reports[0]!.reporter).toEqual(person(w.r3));
      expect(user.firstAt).toBeLessThanOrEqual(user.lastAt);
      expect(user.reported).toMatchObject({ username: w.author.user.username, first_name: "Автор" });

      expect(by[w.k.post]).toMatchObject({ link: { postId: w.post.id }, owner, count: 2, reasons: { spam: 2 }, reported: { title: "Як було", tags: ["черга"] }, current: { title: "Як було" } });
      expect(by[w.k.comment]).toMatchObject({ link: { commentId: w.comment.id, postId: w.post.id }, owner, count: 1, reasons: { hate: 1 }, reported: { body: "Коментар як був" } });
      expect(by[w.k.message]).toMatchObject({
        targetKey: `${w.group.id}:${w.message.id}`,
        link: { chatId: w.group.id, messageId: w.message.id },
        owner,
        reasons: { violence: 1 },
        reported: { body: "Повідомлення як було" },
        current: { body: "Повідомлення як було" },
      });
      expect(by[w.k.public]).toMatchObject({ link: { chatId: GLOBAL_CHAT_ID, messageId: w.publicMessage.id }, owner, reasons: { spam: 1 }, reported: { body: "У загальному чаті як було" } });
      // A group is answered for by its admin.
      expect(by[w.k.chat]).toMatchObject({ link: { chatId: w.group.id }, owner, reasons: { other: 1 }, reported: { name: "Група зі скаргою", kind: "group" } });
      expect(by[w.k.chat]!.reports[0]).toMatchObject({ reporter: { id: w.r1.user.id }, text: "Назва групи образлива" });

      // A moderator reads a group's message only from its report, never the chat itself.
      expect(await refused(api().chats.history.query({ chatId: w.group.id }))).toBe("NOT_FOUND chats.notFound");
      const sock = await connect(suite.srv, suite.moderator.client);
      expect(await openChat(sock, w.group.id)).toMatchObject({ type: "error", code: "NOT_FOUND" });
      sock.ws.close();
    });

    test("the queue sorts by most reported, filters by kind, and pages without duplicates or gaps; the open count counts things, not reports", async () => {
      const w = await reportedWorld(suite.srv);
      const most = (await allPages(api(), { status: "open", sort: "most" }, 50)).filter((g) => w.mine.has(keyOf(g)));
      // Most reported first; equal counts newest first.
      expect(most.map(keyOf)).toEqual([w.k.user, w.k.post, w.k.public, w.k.chat, w.k.message, w.k.comment]);
      const counts = most.map((g) => g.count);
      expect(counts).toEqual([3, 2, 1, 1, 1, 1]);

      for (const sort of ["newest", "most"] as const) {
        const whole = await allPages(api(), { status: "open", sort }, 50);
        for (const limit of [1, 2, 3]) {
          const paged = await allPages(api(), { status: "open", sort }, limit);
          expect([sort, limit, paged.map(keyOf)]).toEqual([sort, limit, whole.map(keyOf)]);
        }
        expect(new Set(whole.map(keyOf)).size).toBe(whole.length);
      }
      const expectKinds: Array<[ReportTargetKind, string[]]> = [
        ["user", [w.k.user]],
        ["post", [w.k.post]],
        ["comment", [w.k.comment]],
        ["message", [w.k.public, w.k.message]],
        ["chat", [w.k.chat]],
      ];
      for (const [kind, keys] of expectKinds) {
        const items = await allPages(api(), { status: "open", sort: "newest", kind });
        expect(items.every((g) => g.targetKind === kind)).toBe(true);
        expect([kind, items.map(keyOf).filter((key) => w.mine.has(key))]).toEqual([kind, keys]);
      }
      const open = await api().moderation.openCount.query();
      const everything = await allPages(api(), { status: "open", sort: "newest" }, 50);
      expect(open.open).toBe(everything.length);
      expect((await api().moderation.reports.query({})).open).toBe(open.open);
    });

    test("resolving the things of the first page before reading the next skips none of the rest", async () => {
      await reportedWorld(suite.srv);
      for (const sort of ["newest", "most"] as const) {
        const whole = await allPages(api(), { status: "open", sort }, 50);
        expect(whole.length).toBeGreaterThanOrEqual(6);
        const first = await api().moderation.reports.query({ status: "open", sort, limit: 2 });
        expect(first.items.map(keyOf)).toEqual(whole.slice(0, 2).map(keyOf));
        for (const g of first.items) await api().moderation.resolve.mutate({ targetKind: g.targetKind, targetKey: g.targetKey, resolution: "none", reason: "Переглянуто" });
        const second = await api().moderation.reports.query({ status: "open", sort, limit: 2, cursor: first.nextCursor });
        expect([sort, second.items.map(keyOf)]).toEqual([sort, whole.slice(2, 4).map(keyOf)]);
      }
    });

    test("each thing shows as it was reported and as it is now: an edit shows both, a deletion leaves the report with nothing current", async () => {
      const w = await reportedWorld(suite.srv);
      await w.author.client.trpc.posts.update.mutate({ id: w.post.id, title: "Як стало", body: "Текст як став", tags: [], links: [], imageIds: [] });
      await w.author.client.trpc.chats.editMessage.mutate({ chatId: w.group.id, messageId: w.message.id, body: "Повідомлення як стало" });
      await w.author.client.trpc.chats.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: w.publicMessage.id });
      await w.author.client.trpc.comments.remove.mutate({ commentId: w.comment.id });
      const find = async (key: string) => (await allPages(api(), { status: "open", sort: "newest" }, 50)).find((g) => keyOf(g) === key)!;
      expect(await find(w.k.post)).toMatchObject({ reported: { title: "Як було", body: "Текст як був" }, current: { title: "Як стало", body: "Текст як став" } });
      expect(await find(w.k.message)).toMatchObject({ reported: { body: "Повідомлення як було" }, current: { body: "Повідомлення як стало" } });
      expect(await find(w.k.public)).toMatchObject({ reported: { body: "У загальному чаті як було" }, current: null });
      expect(await find(w.k.comment)).toMatchObject({ reported: { body: "Коментар як був" }, current: null });
      await w.author.client.trpc.posts.remove.mutate({ id: w.post.id });
      expect(await find(w.k.post)).toMatchObject({ reported: { title: "Як було" }, current: null, count: 2 });
      // Times are numbers (ms) on every backend, as reported and as now.
      const times = (o: Record<string, unknown> | null) => Object.entries(o ?? {}).filter(([k, v]) => k.endsWith("_at") && v !== null).map(([k, v]) => [k, typeof v]);
      const message = await find(w.k.message);
      expect([times(message.reported), times(message.current)]).toEqual([
        [["created_at", "number"]],
        [["created_at", "number"], ["edited_at", "number"]],
      ]);
      const user = await find(w.k.user);
      expect(times(user.current)).toEqual([]);
      expect(typeof (await find(w.k.comment)).reported.created_at).toBe("number");
    });

    test("resolving with no action closes every open report of the thing, says who resolved it and how, and appends one log entry", async () => {
      const w = await reportedWorld(suite.srv);
      const before = (await api().moderation.openCount.query()).open;
      const resolved = await appended(suite.srv, () =>
        api().moderation.resolve.mutate({ targetKind: "user", targetKey: w.author.user.id, resolution: "none", reason: "Порушень не знайдено" }),
      );
      expect(resolved.result).toEqual({ resolved: 3 });
      const ids = await suite.srv.deps.db.db.selectFrom("reports").select("id").where("target_kind", "=", "user").where("target_key", "=", w.author.user.id).orderBy("id").execute();
      expect(resolved.rows).toEqual([
        {
          actor_id: suite.moderator.user.id,
          action: "report.resolve",
          target_kind: "user",
          target_key: w.author.user.id,
          target_owner_id: w.author.user.id,
          reason: "Порушень не знайдено",
          details: { resolution: "none", reports: ids.map((r) => Number(r.id)) },
        },
      ]);
      expect((await api().moderation.openCount.query()).open).toBe(before - 1);
      expect((await allPages(api(), { status: "open", sort: "newest" }, 50)).some((g) => keyOf(g) === w.k.user)).toBe(false);
      const done = (await allPages(api(), { status: "resolved", sort: "newest" }, 50)).find((g) => keyOf(g) === w.k.user)!;
      expect(done).toMatchObject({
        count: 3,
        resolution: { by: { id: suite.moderator.user.id, username: suite.moderator.user.username }, resolution: "none", note: "Порушень не знайдено", at: expect.any(Number) },
      });
      // Nothing open any more: resolving again is NOT_FOUND, and logs nothing.
      const again = await appended(suite.srv, () => outcome(api().moderation.resolve.mutate({ targetKind: "user", targetKey: w.author.user.id, resolution: "none", reason: "ще раз" })));
      expect(again).toEqual({ result: "NOT_FOUND moderation.reportNotFound", rows: [] });
      // A new report by someone else opens it again, with just that report.
      const late = await named(suite.srv, "Пізня", "Скаржниця");
      await report(late, { kind: "user", id: w.author.user.id }, "fake");
      const reopened = (await allPages(api(), { status: "open", sort: "newest" }, 50)).find((g) => keyOf(g) === w.k.user)!;
      expect(reopened).toMatchObject({ count: 1, reasons: { fake: 1 }, resolution: null });
    });

    test("resolving with an action does it in the same step: hide a post, delete a group's or the public chat's message, suspend the author", async () => {
      const w = await reportedWorld(suite.srv);
      const memberSock = await connect(suite.srv, w.r2.client);
      expect(await openChat(memberSock, w.group.id)).toMatchObject({ type: "chat.opened" });
      const globalSock = await connect(suite.srv);
      expect(await openChat(globalSock, GLOBAL_CHAT_ID)).toMatchObject({ type: "chat.opened" });
      const resolve = (targetKind: ReportTargetKind, targetKey: string, resolution: "hide" | "suspend", reason: string, suspendDays?: number | null) =>
        appended(suite.srv, () => api().moderation.resolve.mutate({ targetKind, targetKey, resolution, reason, suspendDays }));
      const actions = (rows: Array<{ action: string; target_key: string }>) => rows.map((r) => [r.action, r.target_key]);

      const post = await resolve("post", String(w.post.id), "hide", "Спам у пості");
      expect(post.result).toEqual({ resolved: 2 });
      expect(actions(post.rows)).toEqual([["post.hide", String(w.post.id)], ["report.resolve", String(w.post.id)]]);
      expect(await outcome(w.r1.client.trpc.posts.byId.query({ id: w.post.id }))).toBe("NOT_FOUND posts.notFound");
      expect((await w.author.client.trpc.posts.byId.query({ id: w.post.id })).hidden?.reason).toBe("Спам у пості");
      const resolvedPost = (await allPages(api(), { status: "resolved", sort: "newest" }, 50)).find((g) => keyOf(g) === w.k.post)!;
      expect(resolvedPost).toMatchObject({ hidden: { reason: "Спам у пості" }, resolution: { resolution: "hide", note: "Спам у пості" } });

      const groupKey = `${w.group.id}:${w.message.id}`;
      const message = await resolve("message", groupKey, "hide", "Погрози в групі");
      expect(actions(message.rows)).toEqual([["message.delete", groupKey], ["report.resolve", groupKey]]);
      expect(message.rows[0]).toMatchObject({ target_kind: "message", target_owner_id: w.author.user.id, reason: "Погрози в групі" });
      expect(await memberSock.next(is("chat.message.deleted", (e) => e.messageId === w.message.id), 20_000)).toEqual({ type: "chat.message.deleted", chatId: w.group.id, messageId: w.message.id });
      const inGroup = (await w.r2.client.trpc.chats.history.query({ chatId: w.group.id })).messages.find((m) => m.id === w.message.id)!;
      expect([inGroup.deleted, inGroup.body]).toEqual([true, ""]);

      const publicKey = `${GLOBAL_CHAT_ID}:${w.publicMessage.id}`;
      const pub = await resolve("message", publicKey, "hide", "Спам у чаті");
      expect(actions(pub.rows)).toEqual([["message.delete", publicKey], ["report.resolve", publicKey]]);
      expect(await globalSock.next(is("chat.message.deleted", (e) => e.messageId === w.publicMessage.id), 20_000)).toMatchObject({ chatId: GLOBAL_CHAT_ID });

      const suspended = await resolve("comment", String(w.comment.id), "suspend", "Мова ворожнечі", 2);
      expect(actions(suspended.rows)).toEqual([["user.suspend", w.author.user.id], ["report.resolve", String(w.comment.id)]]);
      const until = suspended.rows[0]!.details.until as number;
      expect(suspended.rows[0]!.details).toEqual({ days: 2, until });
      expect(typeof until).toBe("number");
      expect(await closeOf(w.author.sock)).toEqual({ code: 4401 });
      // The queue now says the person is suspended, on their other open things.
      const user = (await allPages(api(), { status: "open", sort: "newest" }, 50)).find((g) => keyOf(g) === w.k.user)!;
      expect(user.ownerSuspendedUntil).toBe(until);
      for (const s of [memberSock, globalSock]) s.ws.close();
    });

    test("a resolution that does not fit the thing, a suspension without its length, or a thing without open reports is refused and changes nothing", async () => {
      const w = await reportedWorld(suite.srv);
      const unreported = await postOf(w.author, { title: "Без скарг" });
      const resolve = (input: Parameters<Api["moderation"]["resolve"]["mutate"]>[0]) => outcome(api().moderation.resolve.mutate(input));
      const reason = "спроба";
      const { result, rows } = await appended(suite.srv, async () => ({
        "hide a person": await resolve({ targetKind: "user", targetKey: w.author.user.id, resolution: "hide", reason }),
        "suspend a chat": await resolve({ targetKind: "chat", targetKey: w.group.id, resolution: "suspend", reason, suspendDays: 1 }),
        "hide a chat": await resolve({ targetKind: "chat", targetKey: w.group.id, resolution: "hide", reason }),
        "clear a post's name": await resolve({ targetKind: "post", targetKey: String(w.post.id), resolution: "clear_chat_name", reason }),
        "clear a message's avatar": await resolve({ targetKind: "message", targetKey: `${w.group.id}:${w.message.id}`, resolution: "clear_chat_avatar", reason }),
        "suspend without days": await resolve({ targetKind: "user", targetKey: w.author.user.id, resolution: "suspend", reason }),
        "a post nobody reported": await resolve({ targetKind: "post", targetKey: String(unreported.id), resolution: "none", reason }),
        "a person nobody reported": await resolve({ targetKind: "user", targetKey: "0123456789abcdef01234567", resolution: "none", reason }),
        "a message key of another chat": await resolve({ targetKind: "message", targetKey: `${GLOBAL_CHAT_ID}:${w.message.id}`, resolution: "hide", reason }),
      }));
      expect(result).toEqual({
        "hide a person": "BAD_REQUEST moderation.resolutionNotFit",
        "suspend a chat": "BAD_REQUEST moderation.resolutionNotFit",
        "hide a chat": "BAD_REQUEST moderation.resolutionNotFit",
        "clear a post's name": "BAD_REQUEST moderation.resolutionNotFit",
        "clear a message's avatar": "BAD_REQUEST moderation.resolutionNotFit",
        "suspend without days": "BAD_REQUEST moderation.suspendDaysRequired",
        "a post nobody reported": "NOT_FOUND moderation.reportNotFound",
        "a person nobody reported": "NOT_FOUND moderation.reportNotFound",
        "a message key of another chat": "NOT_FOUND moderation.reportNotFound",
      });
      expect(rows).toEqual([]);
      const open = (await allPages(api(), { status: "open", sort: "newest" }, 50)).filter((g) => w.mine.has(keyOf(g)));
      expect(open.map((g) => [keyOf(g), g.count]).sort()).toEqual(
        [[w.k.user, 3], [w.k.post, 2], [w.k.comment, 1], [w.k.message, 1], [w.k.public, 1], [w.k.chat, 1]].sort() as Array<[string, number]>,
      );
      expect(await outcome(w.r1.client.trpc.posts.byId.query({ id: w.post.id }))).toBe("ok");
    });

    test("a reported group's name and avatar are cleared from the queue, each with its own log entry and a live update to its members", async () => {
      const w = await reportedWorld(suite.srv);
      const avatar = await upload(suite.srv, w.author.client, "chat_image", makePng(40, 40));
      await w.author.client.trpc.chats.updateGroup.mutate({ chatId: w.group.id, avatarId: avatar.id });
      const memberSock = await connect(suite.srv, w.r3.client);
      const named = await appended(suite.srv, () =>
        api().moderation.resolve.mutate({ targetKind: "chat", targetKey: w.group.id, resolution: "clear_chat_name", reason: "Образлива назва" }),
      );
      expect(named.rows.map((r) => [r.action, r.target_kind, r.target_key, r.reason])).toEqual([
        ["chat.clear_name", "chat", w.group.id, "Образлива назва"],
        ["report.resolve", "chat", w.group.id, "Образлива назва"],
      ]);
      expect(await memberSock.next(is("chat.updated", (e) => e.chat.id === w.group.id && e.chat.name === null), 20_000)).toBeTruthy();
      // Reported again, for the avatar this time.
      await report(w.r2, { kind: "chat", chatId: w.group.id }, "nudity");
      const cleared = await appended(suite.srv, () =>
        api().moderation.resolve.mutate({ targetKind: "chat", targetKey: w.group.id, resolution: "clear_chat_avatar", reason: "Непристойне фото" }),
      );
      expect(cleared.rows.map((r) => [r.action, r.target_key])).toEqual([
        ["chat.clear_avatar", w.group.id],
        ["report.resolve", w.group.id],
      ]);
      const chat = await w.r1.client.trpc.chats.byId.query({ chatId: w.group.id });
      expect([chat.name, chat.avatar]).toEqual([null, null]);
      // Clearing what is already clear changes nothing and logs nothing; a chat that is no group is NOT_FOUND.
      const again = await appended(suite.srv, () => api().moderation.clearChat.mutate({ chatId: w.group.id, what: "name", reason: "ще раз" }));
      expect(again.rows).toEqual([]);
      const personal = await w.r1.client.trpc.chats.openPersonal.mutate({ userId: w.r2.user.id });
      expect(await refused(api().moderation.clearChat.mutate({ chatId: personal.id, what: "name", reason: "не група" }))).toBe("NOT_FOUND chats.notFound");
      expect(await refused(api().moderation.clearChat.mutate({ chatId: GLOBAL_CHAT_ID, what: "name", reason: "загальний" }))).toBe("NOT_FOUND chats.notFound");
      memberSock.ws.close();
    });
  });
}
