/**
 * Moderation in the messenger (#16): the public chat's slow mode (set, heard live, enforced on
 * every instance, moderators exempt, audited), a moderator deleting any public message, clearing a
 * reported group's name or avatar (from the queue or directly), and repeated identical messages
 * and comments refused without a moderator.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CHAT_LIMITS, GLOBAL_CHAT_ID, newClientId } from "../../shared/chats.ts";
import type { ServerEventOf } from "../../shared/events.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { caughtUp, connect, is, openChat, send, sendOk } from "../helpers/chat.ts";
import { createClient, defaultPassword } from "../helpers/client.ts";
import { startTestServer, useInstancePair, type TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { appended, named, postOf, refused, report, staff, type Named } from "./moderation-kit.ts";

type ErrorFrame = ServerEventOf<"error">;

/** The answer to a send that must be refused (the error frame). */
async function sendRefused(sock: TestSocket, chatId: string, body: string, opts: { clientId?: string; imageIds?: string[] } = {}): Promise<ErrorFrame> {
  const r = await send(sock, chatId, body, opts);
  if (r.type !== "error") throw new Error(`send was not refused: ${JSON.stringify(r)}`);
  return r;
}

/** The public chat opened on the socket; its chat.opened (which carries the slow mode). */
async function openPublic(sock: TestSocket) {
  const opened = await openChat(sock, GLOBAL_CHAT_ID);
  if (opened.type !== "chat.opened") throw new Error(`could not open the public chat: ${JSON.stringify(opened)}`);
  return opened;
}

for (const backend of testBackends()) {
  describe(`moderation in the messenger (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /** Turns slow mode off again (tests share the public chat). */
    const slowModeOff = async (mod: Named) => mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 0 });

    test("slow mode: set by a moderator and heard live, one message per N seconds for members, moderators exempt, retries acked, off again; each change audited", async () => {
      const mod = await staff(srv, "moderator");
      const member = await named(srv, "Звичайна", "Учасниця");
      const guest = await connect(srv);
      for (const s of [member.sock, mod.sock, guest]) expect((await openPublic(s)).slowModeSeconds).toBe(0);
      try {
        // Members cannot set it; nor beyond an hour.
        expect(await refused(member.client.trpc.moderation.setSlowMode.mutate({ seconds: 30 }))).toBe("FORBIDDEN moderation.notAllowed");
        expect(await refused(mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 3601 }))).toBe("BAD_REQUEST errors.invalidInput");

        const set = await appended(srv, () => mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 30 }));
        expect(set.result).toEqual({ seconds: 30 });
        expect(set.rows).toEqual([
          { actor_id: mod.user.id, action: "chat.slow_mode", target_kind: "chat", target_key: "global", target_owner_id: null, reason: "", details: { seconds: 30, before: 0 } },
        ]);
        // Every open view hears it (guests too: the frame is on `global`), and an open says it.
        expect(await guest.next(is("chat.slowmode"))).toEqual({ type: "chat.slowmode", chatId: GLOBAL_CHAT_ID, seconds: 30 });
        await member.sock.next(is("chat.slowmode", (e) => e.seconds === 30));
        expect((await openPublic(member.sock)).slowModeSeconds).toBe(30);
        // The same value again changes nothing, and logs nothing.
        expect((await appended(srv, () => mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 30 }))).rows).toEqual([]);

        const firstId = newClientId();
        const first = await sendOk(member.sock, GLOBAL_CHAT_ID, "Перше в повільному режимі", { clientId: firstId });
        const second = await sendRefused(member.sock, GLOBAL_CHAT_ID, "Друге одразу");
        expect(second).toMatchObject({ code: "RATE_LIMITED", reason: "chats.slowMode", chatId: GLOBAL_CHAT_ID });
        expect(second.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(second.retryAfterSeconds).toBeLessThanOrEqual(30);
        // A retry of the stored message (its clientId again, as after a reconnect) is acked as stored.
        expect(await sendOk(member.sock, GLOBAL_CHAT_ID, "Перше в повільному режимі", { clientId: firstId })).toMatchObject({ id: first.id });
        // A moderator is exempt: two in a row.
        await sendOk(mod.sock, GLOBAL_CHAT_ID, "Модератор пише раз");
        await sendOk(mod.sock, GLOBAL_CHAT_ID, "Модератор пише двічі");
        // Once the window has passed, the member writes again (the limiter runs on the app's clock).
        srv.clock.advance(30_001);
        await sendOk(member.sock, GLOBAL_CHAT_ID, "Минуло пів хвилини");
        expect((await sendRefused(member.sock, GLOBAL_CHAT_ID, "І знову поспіхом")).reason).toBe("chats.slowMode");
        // Other chats are not slowed.
        const group = await member.client.trpc.chats.createGroup.mutate({ name: "Швидка група", memberIds: [] });
        await sendOk(member.sock, group.id, "Тут без обмежень");
        await sendOk(member.sock, group.id, "І ще одне");

        const off = await appended(srv, () => slowModeOff(mod));
        expect(off.rows).toEqual([
          { actor_id: mod.user.id, action: "chat.slow_mode", target_kind: "chat", target_key: "global", target_owner_id: null, reason: "", details: { seconds: 0, before: 30 } },
        ]);
        await guest.next(is("chat.slowmode", (e) => e.seconds === 0));
        await sendOk(member.sock, GLOBAL_CHAT_ID, "Вимкнули — пишу");
        await sendOk(member.sock, GLOBAL_CHAT_ID, "І ще раз одразу");
      } finally {
        await slowModeOff(mod);
      }
    });

    test("a changed slow-mode setting starts everyone afresh", async () => {
      const mod = await staff(srv, "moderator");
      const later = await named(srv, "Майбутній", "Модератор");
      await openPublic(later.sock);
      try {
        await mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 60 });
        await later.sock.next(is("chat.slowmode", (e) => e.seconds === 60));
        await sendOk(later.sock, GLOBAL_CHAT_ID, "Ще не модератор");
        expect((await sendRefused(later.sock, GLOBAL_CHAT_ID, "Друге")).reason).toBe("chats.slowMode");
        // A new setting is a new window for everyone.
        await mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 10 });
        await later.sock.next(is("chat.slowmode", (e) => e.seconds === 10));
        await sendOk(later.sock, GLOBAL_CHAT_ID, "Нове налаштування");
        expect((await sendRefused(later.sock, GLOBAL_CHAT_ID, "Друге знову")).reason).toBe("chats.slowMode");
      } finally {
        await slowModeOff(mod);
      }
    });

    test("a moderator deletes anyone's public message with a reason: everyone sees the tombstone at once, the log has it; members and other chats are refused", async () => {
      const mod = await staff(srv, "moderator");
      const author = await named(srv, "Автор", "Спаму");
      const member = await named(srv, "Інша", "Учасниця");
      const guest = await connect(srv);
      await openPublic(guest);
      const message = await sendOk(author.sock, GLOBAL_CHAT_ID, "Реклама казино");
      await guest.next(is("chat.message", (e) => e.message.id === message.id));

      const input = { chatId: GLOBAL_CHAT_ID, messageId: message.id, reason: "Реклама" };
      expect(await refused(member.client.trpc.moderation.deleteMessage.mutate(input))).toBe("FORBIDDEN moderation.notAllowed");
      expect(await refused(author.client.trpc.moderation.deleteMessage.mutate(input))).toBe("FORBIDDEN moderation.notAllowed");

      const done = await appended(srv, () => mod.client.trpc.moderation.deleteMessage.mutate(input));
      expect(done.rows).toEqual([
        { actor_id: mod.user.id, action: "message.delete", target_kind: "message", target_key: `global:${message.id}`, target_owner_id: author.user.id, reason: "Реклама", details: {} },
      ]);
      expect(await guest.next(is("chat.message.deleted", (e) => e.messageId === message.id))).toEqual({ type: "chat.message.deleted", chatId: GLOBAL_CHAT_ID, messageId: message.id });
      const page = await createClient(srv).trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID, limit: 100 });
      expect(page.messages.find((m) => m.id === message.id)).toMatchObject({ deleted: true, body: "" });

      // A group's messages are not the public chat's: moderators see them only from reports.
      const group = await author.client.trpc.chats.createGroup.mutate({ name: "Приватна", memberIds: [member.user.id] });
      const inGroup = await sendOk(author.sock, group.id, "Наше, приватне");
      expect(await refused(mod.client.trpc.moderation.deleteMessage.mutate({ chatId: group.id, messageId: inGroup.id, reason: "Ні" }))).toBe(
        "FORBIDDEN moderation.onlyPublicChat",
      );
    });

    /** A group by `admin` with `member` (socket with the chat open) and `away` (socket without it). */
    async function reportedGroup(withAvatar: boolean) {
      const admin = await named(srv, "Адмін", "Групи");
      const member = await named(srv, "Учасник", "Групи");
      const away = await named(srv, "Відсутня", "Учасниця");
      const avatar = withAvatar ? await upload(srv, admin.client, "chat_image", makePng(12, 12)) : null;
      const group = await admin.client.trpc.chats.createGroup.mutate({ name: "Погана назва", memberIds: [member.user.id, away.user.id], avatarId: avatar?.id ?? null });
      expect((await openChat(member.sock, group.id)).type).toBe("chat.opened");
      await report(member, { kind: "chat", chatId: group.id }, "hate", "Образлива назва");
      return { admin, member, away, group, avatar };
    }

    test("resolving a group's report by clearing its name: every member gets chat.updated and the moderator's line; the admin can name it again", async () => {
      const mod = await staff(srv, "moderator");
      const { admin, member, away, group } = await reportedGroup(false);
      const resolve = { targetKind: "chat" as const, targetKey: group.id, resolution: "clear_chat_name" as const, reason: "Образлива назва" };
      expect(await refused(member.client.trpc.moderation.resolve.mutate(resolve))).toBe("FORBIDDEN moderation.notAllowed");

      const done = await appended(srv, () => mod.client.trpc.moderation.resolve.mutate(resolve));
      expect(done.result).toEqual({ resolved: 1 });
      expect(done.rows.map((r) => [r.action, r.target_kind, r.target_key, r.reason])).toEqual([
        ["chat.clear_name", "chat", group.id, "Образлива назва"],
        ["report.resolve", "chat", group.id, "Образлива назва"],
      ]);
      for (const p of [admin, member, away]) {
        const updated = await p.sock.next(is("chat.updated", (e) => e.chat.id === group.id && e.chat.name === null));
        expect(updated).toMatchObject({ chat: { kind: "group", name: null, adminId: admin.user.id, memberCount: 3 } });
      }
      // The line in the conversation: by the moderator, a system message, nobody's unread.
      const line = await member.sock.next(is("chat.message", (e) => e.message.chatId === group.id && e.message.kind === "system" && e.message.event?.event === "moderated"));
      expect(line).toMatchObject({ message: { author: { id: mod.user.id }, event: { event: "moderated", what: "name" }, body: "" } });
      const activity = await away.sock.next(is("chat.activity", (e) => e.chatId === group.id && e.message.system?.event === "moderated"));
      expect(activity).toMatchObject({ unreadDelta: 0, message: { system: { event: "moderated", what: "name" } } });
      const seen = await away.client.trpc.chats.byId.query({ chatId: group.id });
      expect([seen.name, seen.unread]).toEqual([null, 0]);
      const history = await away.client.trpc.chats.history.query({ chatId: group.id });
      expect(history.messages.at(-1)).toMatchObject({ kind: "system", event: { event: "moderated", what: "name" }, author: { id: mod.user.id } });

      // Nothing left to clear (the report is resolved too): the queue says so; clearing directly changes nothing and logs nothing.
      expect(await refused(mod.client.trpc.moderation.resolve.mutate(resolve))).toBe("NOT_FOUND moderation.reportNotFound");
      expect((await appended(srv, () => mod.client.trpc.moderation.clearChat.mutate({ chatId: group.id, what: "name", reason: "Ще раз" }))).rows).toEqual([]);
      expect((await away.client.trpc.chats.history.query({ chatId: group.id })).messages.filter((m) => m.event?.event === "moderated")).toHaveLength(1);

      // The admin names it again as usual.
      const renamed = await admin.client.trpc.chats.updateGroup.mutate({ chatId: group.id, name: "Нормальна назва" });
      expect(renamed.name).toBe("Нормальна назва");
    });

    test("clearChat removes a group's avatar (and the image nothing else shows); a chat that is not a group is refused", async () => {
      const mod = await staff(srv, "moderator");
      const { admin, member, away, group, avatar } = await reportedGroup(true);
      expect(await refused(member.client.trpc.moderation.clearChat.mutate({ chatId: group.id, what: "avatar", reason: "Ні" }))).toBe("FORBIDDEN moderation.notAllowed");

      const done = await appended(srv, () => mod.client.trpc.moderation.clearChat.mutate({ chatId: group.id, what: "avatar", reason: "Непристойне фото" }));
      expect(done.rows).toEqual([
        { actor_id: mod.user.id, action: "chat.clear_avatar", target_kind: "chat", target_key: group.id, target_owner_id: null, reason: "Непристойне фото", details: {} },
      ]);
      for (const p of [admin, member, away]) {
        expect(await p.sock.next(is("chat.updated", (e) => e.chat.id === group.id && e.chat.avatar === null))).toMatchObject({ chat: { name: "Погана назва" } });
      }
      await member.sock.next(is("chat.message", (e) => e.message.chatId === group.id && e.message.event?.event === "moderated" && e.message.event.what === "avatar"));
      // The image showed nowhere else: it is gone once the frames are out (removed after commit).
      const mediaRow = () => srv.deps.db.db.selectFrom("media").select("id").where("id", "=", avatar!.id).executeTakeFirst();
      // Polled until a generous deadline (a busy machine runs the after-commit work late).
      for (const until = Date.now() + 30_000; Date.now() < until && (await mediaRow()); ) await Bun.sleep(50);
      expect(await mediaRow()).toBeUndefined();
      // The report stays open for the queue (clearChat acts directly).
      expect((await mod.client.trpc.moderation.openCount.query()).open).toBeGreaterThanOrEqual(1);

      // Not a group: a personal chat, the public chat, a chat that does not exist.
      const personal = await admin.client.trpc.chats.openPersonal.mutate({ userId: member.user.id });
      for (const chatId of [personal.id, GLOBAL_CHAT_ID, "0123456789abcdef01234567"]) {
        expect(await refused(mod.client.trpc.moderation.clearChat.mutate({ chatId, what: "name", reason: "Ні" }))).toBe("NOT_FOUND chats.notFound");
      }
    });

    test("the same text over and over is refused after the third time in 10 minutes, in any chat; other texts, images alone and retries are not counted", async () => {
      const p = await named(srv, "Повторюваний", "Спамер");
      const other = await named(srv, "Співрозмовник", "Тест");
      const group = await p.client.trpc.chats.createGroup.mutate({ name: "Повтори", memberIds: [other.user.id] });
      const tag = crypto.randomUUID().slice(0, 6);
      // The same text as people type it: spaces, line breaks and capitals do not make it new.
      await sendOk(p.sock, group.id, `Купуй ${tag} зараз`);
      await sendOk(p.sock, group.id, `  купуй   ${tag.toUpperCase()}\nЗАРАЗ `);
      await sendOk(p.sock, GLOBAL_CHAT_ID, `КУПУЙ ${tag} зараз`);
      const fourth = await sendRefused(p.sock, group.id, `купуй ${tag} зараз`);
      expect(fourth).toMatchObject({ code: "RATE_LIMITED", reason: "chats.repeated", chatId: group.id });
      expect(fourth.retryAfterSeconds).toBeGreaterThan(0);
      expect(fourth.retryAfterSeconds).toBeLessThanOrEqual(CHAT_LIMITS.repeatWindowSeconds);
      // Any chat: the public one too. A different text is fine; so are images without text.
      expect((await sendRefused(p.sock, GLOBAL_CHAT_ID, `Купуй ${tag} ЗАРАЗ`)).reason).toBe("chats.repeated");
      await sendOk(p.sock, group.id, `Купуй ${tag} завтра`);
      const image = await upload(srv, p.client, "chat_image", makePng(8, 8));
      for (let i = 0; i < CHAT_LIMITS.repeatMax + 1; i++) await sendOk(p.sock, group.id, "", { imageIds: [image.id] });
      // Someone else's same words are theirs to count.
      await sendOk(other.sock, group.id, `купуй ${tag} зараз`);

      // Retries (the same clientId again) are acked as stored and not counted.
      const hello = `Привіт ${tag}`;
      await sendOk(p.sock, group.id, hello);
      const secondId = newClientId();
      const second = await sendOk(p.sock, group.id, hello, { clientId: secondId });
      for (let i = 0; i < 3; i++) expect(await sendOk(p.sock, group.id, hello, { clientId: secondId })).toMatchObject({ id: second.id });
      await sendOk(p.sock, group.id, hello);
      expect((await sendRefused(p.sock, group.id, hello)).reason).toBe("chats.repeated");

      // Ten minutes later the count starts over.
      srv.clock.advance(CHAT_LIMITS.repeatWindowSeconds * 1000 + 1);
      await sendOk(p.sock, group.id, `купуй ${tag} зараз`);
      await caughtUp(p.sock);
    });

    test("the same comment a fourth time in 10 minutes is refused; another text is fine, and so is the same one later", async () => {
      const author = await named(srv, "Авторка", "Постів");
      const p = await named(srv, "Коментатор", "Повторів");
      const post = await postOf(author);
      const other = await postOf(author, { title: "Інша публікація" });
      const body = `Гляньте мій канал ${crypto.randomUUID().slice(0, 6)}`;
      await p.client.trpc.comments.create.mutate({ postId: post.id, body });
      await p.client.trpc.comments.create.mutate({ postId: other.id, body: `  ${body.toUpperCase()} ` });
      await p.client.trpc.comments.create.mutate({ postId: post.id, body });
      expect(await refused(p.client.trpc.comments.create.mutate({ postId: other.id, body }))).toBe("TOO_MANY_REQUESTS posts.repeatedComment");
      await p.client.trpc.comments.create.mutate({ postId: post.id, body: `${body}!` });
      // Someone else may say the same.
      await author.client.trpc.comments.create.mutate({ postId: post.id, body });
      srv.clock.advance(10 * 60_000 + 1);
      await p.client.trpc.comments.create.mutate({ postId: post.id, body });
    });
  });
}

const redis = redisBackend("the cross-instance slow-mode suite");

describe.skipIf(!redis)("slow mode across instances sharing the database and Redis", () => {
  const servers = useInstancePair(redis);

  test("a setting made through one instance holds on the other at once, and one message per window counts over both", async () => {
    const { a, b } = servers;
    const mod = await staff(a, "moderator");
    const p = await named(a, "Двоє", "Вкладок");
    // A second socket for the same person, on instance B.
    const viaB = createClient(b);
    const { email } = await a.deps.db.db.selectFrom("users").select("email").where("id", "=", p.user.id).executeTakeFirstOrThrow();
    await viaB.trpc.auth.signIn.mutate({ email, password: defaultPassword });
    const onB = await connect(b, viaB);
    await openPublic(onB);
    // B has read the setting (off) before it changes, so only the change's control event can tell it.
    await sendOk(onB, GLOBAL_CHAT_ID, "B ще без повільного режиму");
    try {
      await mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 20 });
      await onB.next(is("chat.slowmode", (e) => e.seconds === 20));
      const viaAId = newClientId();
      const viaA = await sendOk(p.sock, GLOBAL_CHAT_ID, "Через A", { clientId: viaAId });
      const refusedOnB = await sendRefused(onB, GLOBAL_CHAT_ID, "Одразу через B");
      expect(refusedOnB).toMatchObject({ code: "RATE_LIMITED", reason: "chats.slowMode" });
      // The message sent through A, retried through B (a reconnect that landed on the other
      // instance): stored already, so acked as stored rather than refused.
      expect(await sendOk(onB, GLOBAL_CHAT_ID, "Через A", { clientId: viaAId })).toMatchObject({ id: viaA.id });
      expect((await sendRefused(p.sock, GLOBAL_CHAT_ID, "І через A")).reason).toBe("chats.slowMode");
      a.clock.advance(20_001);
      await sendOk(onB, GLOBAL_CHAT_ID, "Через B після вікна");
      expect((await sendRefused(p.sock, GLOBAL_CHAT_ID, "Через A одразу після")).reason).toBe("chats.slowMode");
      // Off through A: B lets everyone write at once.
      await mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 0 });
      await onB.next(is("chat.slowmode", (e) => e.seconds === 0));
      await sendOk(onB, GLOBAL_CHAT_ID, "Вимкнули на A — пишу на B");
      await sendOk(onB, GLOBAL_CHAT_ID, "І ще раз на B");
    } finally {
      await mod.client.trpc.moderation.setSlowMode.mutate({ seconds: 0 });
    }
  });
});
