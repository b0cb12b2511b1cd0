/**
 * The audit log (issue #16): every moderation action and role change is one entry with who, when,
 * what, whose and why, newest first, paged and filterable by action, actor and kind of target.
 * It is append-only: no procedure of the app changes or removes an entry (each mutation procedure
 * is called as the site's admin and as the member, and the entries that were there before stay
 * exactly as they were), and the database itself refuses UPDATE, DELETE (and TRUNCATE) on it.
 * Also here: the moderation inputs' validation (BAD_REQUEST with field errors, nothing logged).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { appendLog } from "../../server/features/moderation/moderation.repository.ts";
import { warmRouters } from "../../server/trpc/router.ts";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { MODERATION_LIMITS, type LogEntry } from "../../shared/moderation.ts";
import { testBackends } from "../helpers/backends.ts";
import { TEST_TIMEOUT_MS } from "../helpers/preload.ts";
import { sendOk } from "../helpers/chat.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { createCast } from "./authz/cast.ts";
import { outcomeOf, type Role, type Target } from "./authz/matrix.ts";
import { procedureRows } from "./authz/procedures.ts";
import { appended, fieldErrors, logRows, named, outcome, postOf, staff, type Named } from "./moderation-kit.ts";

// The feature routers load lazily (ADR 0029): all of them, so every procedure is listed.
const appRouter = await warmRouters();

type Api = Named["client"]["trpc"];
type LogInput = Exclude<Parameters<Api["moderation"]["log"]["query"]>[0], undefined>;

async function wholeLog(api: Api, input: Omit<LogInput, "cursor" | "limit">, limit: number): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 500; i++) {
    const page: { items: LogEntry[]; nextCursor: string | null } = await api.moderation.log.query({ ...input, limit, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error("the log never ended");
}

const person = (p: Named) => ({ id: p.user.id, username: p.user.username, firstName: p.user.firstName, lastName: p.user.lastName, avatarId: null });

for (const backend of testBackends()) {
  describe(`the audit log (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("each action is one entry naming actor, target, owner, reason and details; the log pages newest first and filters by action, actor and kind", async () => {
      const [a, b, admin] = [await staff(srv, "moderator", "Модераторка"), await staff(srv, "moderator", "Модератор"), await staff(srv, "admin")];
      const author = await named(srv, "Автор", "Журналу");
      const target = await named(srv, "Ціль", "Журналу");
      const promoted = await named(srv, "Нова", "Модераторка");
      const post = await postOf(author, { title: "Для журналу" });
      const comment = await target.client.trpc.comments.create.mutate({ postId: post.id, body: "Коментар для журналу" });
      const message = await sendOk(author.sock, GLOBAL_CHAT_ID, "Повідомлення для журналу");
      const from = (await logRows(srv)).length;

      await a.client.trpc.moderation.hide.mutate({ target: { kind: "post", id: post.id }, reason: "1 сховати" });
      await b.client.trpc.moderation.suspend.mutate({ userId: target.user.id, days: 2, reason: "2 блок" });
      await a.client.trpc.moderation.restore.mutate({ target: { kind: "post", id: post.id }, reason: "3 повернути" });
      await b.client.trpc.moderation.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: message.id, reason: "4 видалити" });
      await admin.client.trpc.moderation.setRole.mutate({ userId: promoted.user.id, role: "moderator", reason: "5 роль" });
      await a.client.trpc.moderation.hide.mutate({ target: { kind: "comment", id: comment.id }, reason: "6 коментар" });
      expect((await logRows(srv)).length - from).toBe(6);

      const api = a.client.trpc;
      const all = await wholeLog(api, {}, 50);
      const mine = all.slice(0, 6);
      expect(mine.map((e) => [e.action, e.reason])).toEqual([
        ["comment.hide", "6 коментар"],
        ["role.grant", "5 роль"],
        ["message.delete", "4 видалити"],
        ["post.restore", "3 повернути"],
        ["user.suspend", "2 блок"],
        ["post.hide", "1 сховати"],
      ]);
      const ids = mine.map((e) => e.id);
      expect([...ids].sort((x, y) => y - x)).toEqual(ids);
      const [commentHide, roleGrant, messageDelete, postRestore, suspend, postHide] = mine;
      expect(postHide).toEqual({
        id: expect.any(Number),
        actor: person(a),
        action: "post.hide",
        targetKind: "post",
        targetKey: String(post.id),
        link: { postId: post.id },
        owner: person(author),
        reason: "1 сховати",
        details: {},
        at: expect.any(Number),
      });
      expect(postRestore).toMatchObject({ actor: person(a), targetKey: String(post.id), owner: person(author) });
      expect(suspend).toMatchObject({ actor: person(b), targetKind: "user", targetKey: target.user.id, link: { userId: target.user.id, username: target.user.username }, owner: person(target), details: { days: 2 } });
      expect(suspend!.details.until).toBeGreaterThan(suspend!.at);
      expect(messageDelete).toMatchObject({
        actor: person(b),
        targetKind: "message",
        targetKey: `${GLOBAL_CHAT_ID}:${message.id}`,
        link: { chatId: GLOBAL_CHAT_ID, messageId: message.id },
        owner: person(author),
      });
      expect(roleGrant).toMatchObject({ actor: person(admin), targetKind: "user", targetKey: promoted.user.id, owner: person(promoted), details: { from: "member", to: "moderator" } });
      expect(commentHide).toEqual({
        id: expect.any(Number),
        actor: person(a),
        action: "comment.hide",
        targetKind: "comment",
        targetKey: String(comment.id),
        link: { commentId: comment.id, postId: post.id },
        owner: person(target),
        reason: "6 коментар",
        details: { postId: post.id },
        at: expect.any(Number),
      });
      for (const e of mine) expect(e.at).toBeLessThanOrEqual(srv.clock.now());

      // Paged in any size: the same entries, once each, in the same order.
      for (const limit of [1, 2, 5]) expect((await wholeLog(api, {}, limit)).map((e) => e.id)).toEqual(all.map((e) => e.id));
      // Filters, alone and together, also paged.
      const only = async (input: Omit<LogInput, "cursor" | "limit">) => (await wholeLog(api, input, 2)).filter((e) => ids.includes(e.id)).map((e) => e.reason);
      expect(await only({ action: "post.hide" })).toEqual(["1 сховати"]);
      expect(await only({ actorId: a.user.id })).toEqual(["6 коментар", "3 повернути", "1 сховати"]);
      expect(await only({ actorId: b.user.id })).toEqual(["4 видалити", "2 блок"]);
      expect(await only({ targetKind: "user" })).toEqual(["5 роль", "2 блок"]);
      expect(await only({ targetKind: "message" })).toEqual(["4 видалити"]);
      expect(await only({ actorId: a.user.id, targetKind: "post" })).toEqual(["3 повернути", "1 сховати"]);
      expect(await only({ actorId: b.user.id, action: "post.hide" })).toEqual([]);
      for (const [input, check] of [
        [{ action: "post.hide" }, (e: LogEntry) => e.action === "post.hide"],
        [{ actorId: b.user.id }, (e: LogEntry) => e.actor?.id === b.user.id],
        [{ targetKind: "comment" }, (e: LogEntry) => e.targetKind === "comment"],
      ] as const) {
        expect((await wholeLog(api, input, 2)).every(check)).toBe(true);
      }
    });

    test("no procedure changes or removes an entry: every mutation, called as the site's admin and as the member, only ever appends, also about what it changes or deletes", async () => {
      const cast = await createCast(srv);
      const db = srv.deps.db.db;
      /** Entries about every thing the call names (as the app would have written them), appended first. */
      const entriesAbout = async (t: Target) => {
        const targets: Array<[string, string]> = [
          ["post", String(t.postId)],
          ["comment", String(t.commentId)],
          ["user", t.memberId],
          ["user", t.personId],
          ["chat", t.chatId],
          ["message", `${t.chatId}:${t.messageId}`],
        ];
        for (const [kind, key] of targets) {
          await appendLog(db, { actor_id: cast.actors.siteAdmin.user!.id, action: "post.hide", target_kind: kind, target_key: key, target_owner_id: t.memberId, reason: "про це", details: { about: key }, created_at: srv.clock.now() });
        }
      };
      const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
      const mutations = Object.keys(procedures).filter((p) => procedures[p]!._def.type === "mutation");
      expect(mutations.length).toBeGreaterThan(50);
      expect(mutations.filter((p) => !procedureRows[p])).toEqual([]);
      // Signing out last: it ends the caller's session.
      const ordered = [...mutations.filter((p) => p !== "auth.signOut"), "auth.signOut"];
      const answers: string[] = [];
      const changed: string[] = [];
      // The member first: the site's admin signs out at the very end, and the rows' set-ups use the admin.
      for (const role of ["member", "siteAdmin"] as Role[]) {
        for (const path of ordered) {
          const row = procedureRows[path]!;
          const fresh = row.fresh
            ? await row.fresh(cast, role).catch((e: Error) => {
                throw new Error(`setting up ${path} for ${role}: ${e.message}`);
              })
            : {};
          const client = fresh.as ?? cast.actors[role].client;
          const t = { ...cast.target, ...fresh.t };
          await entriesAbout(t);
          const before = await logRows(srv);
          answers.push(`${role} ${path}: ${await outcomeOf(row.call(client.trpc, t))}`);
          const after = await logRows(srv);
          if (JSON.stringify(after.slice(0, before.length)) !== JSON.stringify(before)) changed.push(`${role} ${path}`);
          if (path !== "auth.signOut" && !(await cast.actors[role].client.trpc.auth.me.query())) throw new Error(`${path} ended the ${role}'s session`);
        }
      }
      expect(changed).toEqual([]);
      // The calls really ran: the member changed and deleted their things, the admin moderated.
      for (const path of ["posts.update", "posts.remove", "comments.remove", "chats.deleteMessage", "chats.leave", "albums.remove"]) expect(answers).toContain(`member ${path}: ok`);
      for (const path of mutations.filter((p) => p.startsWith("moderation."))) expect(answers).toContain(`siteAdmin ${path}: ok`);
      // Every mutation of the app, twice: minutes on a busy shared machine, not the default minute.
    }, 4 * TEST_TIMEOUT_MS);

    test("the database itself refuses to change or delete an entry", async () => {
      const moderator = await staff(srv, "moderator");
      const post = await postOf(await named(srv));
      await moderator.client.trpc.moderation.hide.mutate({ target: { kind: "post", id: post.id }, reason: "незмінне" });
      const before = await logRows(srv);
      const last = before.at(-1)!;
      const db = srv.deps.db.db;
      const attempts = [
        sql`update moderation_log set reason = 'змінено' where id = ${last.id}`,
        sql`update moderation_log set actor_id = 'someone else'`,
        sql`delete from moderation_log where id = ${last.id}`,
        sql`delete from moderation_log`,
        ...(backend.name.startsWith("postgres") ? [sql`truncate moderation_log`] : []),
      ];
      for (const attempt of attempts) {
        const answer = await attempt.execute(db).then(
          () => "done",
          (e: Error) => e.message,
        );
        expect([attempt.compile(db).sql, answer]).toEqual([attempt.compile(db).sql, expect.stringContaining("moderation_log is append-only")]);
      }
      // Through the query builder and inside a transaction alike.
      const built = await db
        .updateTable("moderation_log")
        .set({ reason: "x" })
        .execute()
        .then(
          () => "done",
          (e: Error) => e.message,
        );
      expect(built).toContain("moderation_log is append-only");
      const inTrx = await db
        .transaction()
        .execute(async (trx) => trx.deleteFrom("moderation_log").where("id", "=", last.id).execute())
        .then(
          () => "done",
          (e: Error) => e.message,
        );
      expect(inTrx).toContain("moderation_log is append-only");
      expect(await logRows(srv)).toEqual(before);
    });

    test("missing or too long reasons, bad targets, kinds, days, cursors and limits are BAD_REQUEST with field errors, and log nothing", async () => {
      const admin = await staff(srv, "admin");
      const author = await named(srv);
      const post = await postOf(author);
      const m = admin.client.trpc.moderation;
      const tooLong = "я".repeat(MODERATION_LIMITS.reasonMax + 1);
      const bad = (input: unknown) => input as never;
      const { result, rows } = await appended(srv, async () => ({
        "hide, empty reason": await fieldErrors(m.hide.mutate({ target: { kind: "post", id: post.id }, reason: "" })),
        "hide, blank reason": await fieldErrors(m.hide.mutate({ target: { kind: "post", id: post.id }, reason: " \n\t " })),
        "hide, reason too long": await fieldErrors(m.hide.mutate({ target: { kind: "post", id: post.id }, reason: tooLong })),
        "hide, an album": await fieldErrors(m.hide.mutate(bad({ target: { kind: "album", id: 1 }, reason: "x" }))),
        "hide, id not a number": await fieldErrors(m.hide.mutate(bad({ target: { kind: "post", id: "1" }, reason: "x" }))),
        "restore, no reason": await fieldErrors(m.restore.mutate(bad({ target: { kind: "post", id: post.id } }))),
        "resolve, key with spaces": await fieldErrors(m.resolve.mutate({ targetKind: "post", targetKey: "post 1", resolution: "none", reason: "x" })),
        "resolve, upper-case key": await fieldErrors(m.resolve.mutate({ targetKind: "user", targetKey: "ABCDEF", resolution: "none", reason: "x" })),
        "resolve, empty key": await fieldErrors(m.resolve.mutate({ targetKind: "post", targetKey: "", resolution: "none", reason: "x" })),
        "resolve, key too long": await fieldErrors(m.resolve.mutate({ targetKind: "post", targetKey: "1".repeat(81), resolution: "none", reason: "x" })),
        "resolve, unknown kind": await fieldErrors(m.resolve.mutate(bad({ targetKind: "album", targetKey: "1", resolution: "none", reason: "x" }))),
        "resolve, unknown resolution": await fieldErrors(m.resolve.mutate(bad({ targetKind: "post", targetKey: "1", resolution: "delete", reason: "x" }))),
        "resolve, reason too long": await fieldErrors(m.resolve.mutate({ targetKind: "post", targetKey: "1", resolution: "none", reason: tooLong })),
        "suspend, too many days": await fieldErrors(m.suspend.mutate({ userId: author.user.id, days: MODERATION_LIMITS.suspendDaysMax + 1, reason: "x" })),
        "suspend, no days": await fieldErrors(m.suspend.mutate(bad({ userId: author.user.id, reason: "x" }))),
        "suspend, bad person": await fieldErrors(m.suspend.mutate({ userId: "not an id", days: 1, reason: "x" })),
        "unsuspend, empty reason": await fieldErrors(m.unsuspend.mutate({ userId: author.user.id, reason: "" })),
        "setRole, admin": await fieldErrors(m.setRole.mutate(bad({ userId: author.user.id, role: "admin", reason: "x" }))),
        "clearChat, the description": await fieldErrors(m.clearChat.mutate(bad({ chatId: GLOBAL_CHAT_ID, what: "description", reason: "x" }))),
        "deleteMessage, empty reason": await fieldErrors(m.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: 1, reason: "  " })),
        "deleteMessage, reason too long": await fieldErrors(m.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: 1, reason: tooLong })),
        "setSlowMode, too long": await fieldErrors(m.setSlowMode.mutate({ seconds: MODERATION_LIMITS.slowModeMaxSeconds + 1 })),
        "reports, letters as cursor": await fieldErrors(m.reports.query({ cursor: "abc" })),
        "reports, negative cursor": await fieldErrors(m.reports.query({ cursor: "-5" })),
        "reports, too many": await fieldErrors(m.reports.query({ limit: MODERATION_LIMITS.pageMax + 1 })),
        "reports, unknown kind": await fieldErrors(m.reports.query(bad({ kind: "album" }))),
        "log, letters as cursor": await fieldErrors(m.log.query({ cursor: "abc" })),
        "log, two numbers as cursor": await fieldErrors(m.log.query({ cursor: "1-2" })),
        "log, unknown action": await fieldErrors(m.log.query(bad({ action: "post.delete" }))),
        "log, bad actor": await fieldErrors(m.log.query({ actorId: "someone" })),
      }));
      const reasonRequired = { reason: ["moderation.reasonRequired"] };
      const reasonTooLong = { reason: ["moderation.reasonTooLong"] };
      const badTarget = { targetKey: ["moderation.badTarget"] };
      const badCursor = { cursor: ["moderation.badCursor"] };
      // These are checked by which fields were refused, not by their messages.
      const onlyFields = [
        "hide, an album",
        "hide, id not a number",
        "restore, no reason",
        "resolve, unknown kind",
        "resolve, unknown resolution",
        "suspend, no days",
        "suspend, bad person",
        "setRole, admin",
        "clearChat, the description",
        "reports, too many",
        "reports, unknown kind",
        "log, unknown action",
        "log, bad actor",
      ] as const;
      const keys = (r: unknown) => (typeof r === "string" ? r : Object.keys(r as object));
      const fields: Record<string, unknown> = { ...result, ...Object.fromEntries(onlyFields.map((name) => [name, keys(result[name])])) };
      expect(fields).toEqual({
        "hide, empty reason": reasonRequired,
        "hide, blank reason": reasonRequired,
        "hide, reason too long": reasonTooLong,
        "hide, an album": ["target"],
        "hide, id not a number": ["target"],
        "restore, no reason": ["reason"],
        "resolve, key with spaces": badTarget,
        "resolve, upper-case key": badTarget,
        "resolve, empty key": badTarget,
        "resolve, key too long": badTarget,
        "resolve, unknown kind": ["targetKind"],
        "resolve, unknown resolution": ["resolution"],
        "resolve, reason too long": reasonTooLong,
        "suspend, too many days": { days: ["moderation.suspendTooLong"] },
        "suspend, no days": ["days"],
        "suspend, bad person": ["userId"],
        "unsuspend, empty reason": reasonRequired,
        "setRole, admin": ["role"],
        "clearChat, the description": ["what"],
        "deleteMessage, empty reason": reasonRequired,
        "deleteMessage, reason too long": reasonTooLong,
        "setSlowMode, too long": { seconds: ["moderation.slowModeTooLong"] },
        "reports, letters as cursor": badCursor,
        "reports, negative cursor": badCursor,
        "reports, too many": ["limit"],
        "reports, unknown kind": ["kind"],
        "log, letters as cursor": badCursor,
        "log, two numbers as cursor": badCursor,
        "log, unknown action": ["action"],
        "log, bad actor": ["actorId"],
      });
      expect(rows).toEqual([]);
      expect(await outcome(author.client.trpc.posts.byId.query({ id: post.id }))).toBe("ok");
      // The longest reason there may be is taken as it is.
      const longest = "я".repeat(MODERATION_LIMITS.reasonMax);
      const hidden = await appended(srv, () => m.hide.mutate({ target: { kind: "post", id: post.id }, reason: `  ${longest}\n ` }));
      expect(hidden.rows.map((r) => r.reason)).toEqual([longest]);
    });
  });
}
