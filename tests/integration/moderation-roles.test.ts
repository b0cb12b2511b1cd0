/**
 * Moderation roles (issue #16): members are refused every moderation procedure; moderators may do
 * everything but change roles; admins make members moderators and back through the API; nobody
 * changes an admin's role there, acts on themselves or on someone of the same or a higher role; a
 * role given or taken counts from the very next call. Admins are made by the command line only
 * (server/cli/admin.ts, `bun server/main.ts admin …`), and its changes are in the audit log with
 * the actor "cli".
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { runAdminCommand } from "../../server/cli/admin.ts";
import { warmRouters } from "../../server/trpc/router.ts";
import { testBackends } from "../helpers/backends.ts";
import { sendOk } from "../helpers/chat.ts";
import { createClient, defaultPassword } from "../helpers/client.ts";
import { MAIN } from "../helpers/process.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { appended, logRows, named, outcome, postOf, refused, report, setRoleInDb, staff, type Named } from "./moderation-kit.ts";

// The feature routers load lazily (ADR 0029): all of them, so every procedure is listed.
const appRouter = await warmRouters();

const NOT_ALLOWED = "FORBIDDEN moderation.notAllowed";
const moderationProcedures = Object.keys(appRouter._def.procedures)
  .filter((p) => p.startsWith("moderation."))
  .sort();

/** What every moderation procedure acts on: a reported post, a public message, a group, a person, all new. */
async function targets(srv: TestServer) {
  const author = await named(srv, "Автор", "Цілей");
  const reporter = await named(srv, "Скаржник", "Цілей");
  const post = await postOf(author, { title: "Ціль модерації" });
  await report(reporter, { kind: "post", id: post.id });
  const message = await sendOk(author.sock, GLOBAL_CHAT_ID, "повідомлення для модерації");
  const group = await author.client.trpc.chats.createGroup.mutate({ name: "Група модерації", memberIds: [reporter.user.id] });
  return { author, post, message, group };
}

/** One call of each moderation procedure, in an order where each can succeed for someone allowed. */
function everyCall(who: Named, t: Awaited<ReturnType<typeof targets>>): Record<string, () => Promise<unknown>> {
  const api = who.client.trpc.moderation;
  const reason = "перевірка ролей";
  return {
    "moderation.reports": () => api.reports.query({}),
    "moderation.openCount": () => api.openCount.query(),
    "moderation.team": () => api.team.query(),
    "moderation.log": () => api.log.query({}),
    "moderation.resolve": () => api.resolve.mutate({ targetKind: "post", targetKey: String(t.post.id), resolution: "none", reason }),
    "moderation.hide": () => api.hide.mutate({ target: { kind: "post", id: t.post.id }, reason }),
    "moderation.restore": () => api.restore.mutate({ target: { kind: "post", id: t.post.id }, reason }),
    "moderation.deleteMessage": () => api.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: t.message.id, reason }),
    "moderation.clearChat": () => api.clearChat.mutate({ chatId: t.group.id, what: "name", reason }),
    "moderation.suspend": () => api.suspend.mutate({ userId: t.author.user.id, days: 1, reason }),
    "moderation.unsuspend": () => api.unsuspend.mutate({ userId: t.author.user.id, reason }),
    "moderation.setRole": () => api.setRole.mutate({ userId: t.author.user.id, role: "moderator", reason }),
    // Off, as every other test expects the public chat.
    "moderation.setSlowMode": () => api.setSlowMode.mutate({ seconds: 0 }),
  };
}

async function outcomes(calls: Record<string, () => Promise<unknown>>) {
  const got: Record<string, string> = {};
  for (const [path, call] of Object.entries(calls)) got[path] = await outcome(call());
  return got;
}

const allOf = (value: string) => Object.fromEntries(moderationProcedures.map((p) => [p, value]));

for (const backend of testBackends()) {
  describe(`moderation roles (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a member is refused every moderation procedure with moderation.notAllowed, and nothing changes", async () => {
      const member = await named(srv, "Звичайна", "Учасниця");
      const t = await targets(srv);
      const calls = everyCall(member, t);
      expect(Object.keys(calls).sort()).toEqual(moderationProcedures);
      const { result, rows } = await appended(srv, () => outcomes(calls));
      expect(result).toEqual(allOf(NOT_ALLOWED));
      expect(rows).toEqual([]);
      // The post is still there for everyone, the author can still sign in, the message stands.
      expect((await createClient(srv).trpc.posts.byId.query({ id: t.post.id })).title).toBe("Ціль модерації");
      expect(await outcome(createClient(srv).trpc.auth.signIn.mutate({ email: (await emailOf(srv, t.author.user.id))!, password: defaultPassword }))).toBe("ok");
      const history = await createClient(srv).trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID });
      expect(history.messages.find((m) => m.id === t.message.id)?.deleted).toBeUndefined();
      expect((await member.client.trpc.auth.me.query())?.role).toBe("member");
    });

    test("a moderator may use every moderation procedure but setRole; an admin every one", async () => {
      const moderator = await staff(srv, "moderator");
      const admin = await staff(srv, "admin");
      const asModerator = await outcomes(everyCall(moderator, await targets(srv)));
      expect(asModerator).toEqual({ ...allOf("ok"), "moderation.setRole": NOT_ALLOWED });
      const asAdmin = await outcomes(everyCall(admin, await targets(srv)));
      expect(asAdmin).toEqual(allOf("ok"));
      expect((await moderator.client.trpc.auth.me.query())?.role).toBe("moderator");
      expect((await admin.client.trpc.auth.me.query())?.role).toBe("admin");
    });

    test("an admin makes a member a moderator and back; the powers start and end with the very next call", async () => {
      const admin = await staff(srv, "admin");
      const person = await named(srv, "Майбутня", "Модераторка");
      const api = person.client.trpc.moderation;
      expect(await refused(api.openCount.query())).toBe(NOT_ALLOWED);

      const granted = await appended(srv, () => admin.client.trpc.moderation.setRole.mutate({ userId: person.user.id, role: "moderator", reason: "допомагає" }));
      expect(granted.rows).toEqual([
        {
          actor_id: admin.user.id,
          action: "role.grant",
          target_kind: "user",
          target_key: person.user.id,
          target_owner_id: person.user.id,
          reason: "допомагає",
          details: { from: "member", to: "moderator" },
        },
      ]);
      expect(await api.openCount.query()).toEqual({ open: expect.any(Number) });
      expect((await person.client.trpc.auth.me.query())?.role).toBe("moderator");
      const team = await admin.client.trpc.moderation.team.query();
      expect(team.filter((m) => m.person.id === person.user.id || m.person.id === admin.user.id).map((m) => [m.person.id, m.role]).sort()).toEqual(
        [[admin.user.id, "admin"], [person.user.id, "moderator"]].sort(),
      );

      // The same role again changes nothing and logs nothing.
      const again = await appended(srv, () => admin.client.trpc.moderation.setRole.mutate({ userId: person.user.id, role: "moderator", reason: "ще раз" }));
      expect(again.rows).toEqual([]);

      const revoked = await appended(srv, () => admin.client.trpc.moderation.setRole.mutate({ userId: person.user.id, role: "member", reason: "досить" }));
      expect(revoked.rows.map((r) => [r.action, r.details])).toEqual([["role.revoke", { from: "moderator", to: "member" }]]);
      // At once: the next call is refused, on every procedure.
      expect(await refused(api.openCount.query())).toBe(NOT_ALLOWED);
      expect(await refused(api.reports.query({}))).toBe(NOT_ALLOWED);
      expect((await admin.client.trpc.moderation.team.query()).some((m) => m.person.id === person.user.id)).toBe(false);
    });

    test("nobody changes an admin's role in the API, acts on themselves, or on someone of the same or a higher role", async () => {
      const [admin, otherAdmin] = [await staff(srv, "admin"), await staff(srv, "admin")];
      const [moderator, otherModerator] = [await staff(srv, "moderator"), await staff(srv, "moderator")];
      const member = await named(srv);
      const reason = "спроба";
      const setRole = (by: Named, who: Named, role: "member" | "moderator") => outcome(by.client.trpc.moderation.setRole.mutate({ userId: who.user.id, role, reason }));
      const suspend = (by: Named, who: Named) => outcome(by.client.trpc.moderation.suspend.mutate({ userId: who.user.id, days: 1, reason }));
      const unsuspend = (by: Named, who: Named) => outcome(by.client.trpc.moderation.unsuspend.mutate({ userId: who.user.id, reason }));
      const { result, rows } = await appended(srv, async () => ({
        "admin demotes another admin": await setRole(admin, otherAdmin, "member"),
        "admin makes another admin a moderator": await setRole(admin, otherAdmin, "moderator"),
        "admin demotes themselves": await setRole(admin, admin, "moderator"),
        "moderator demotes a moderator": await setRole(moderator, otherModerator, "member"),
        "moderator promotes a member": await setRole(moderator, member, "moderator"),
        "moderator promotes themselves": await setRole(moderator, moderator, "moderator"),
        "admin suspends themselves": await suspend(admin, admin),
        "admin suspends another admin": await suspend(admin, otherAdmin),
        "moderator suspends themselves": await suspend(moderator, moderator),
        "moderator suspends another moderator": await suspend(moderator, otherModerator),
        "moderator suspends an admin": await suspend(moderator, admin),
        "moderator unsuspends themselves": await unsuspend(moderator, moderator),
        "moderator unsuspends another moderator": await unsuspend(moderator, otherModerator),
        "admin unsuspends another admin": await unsuspend(admin, otherAdmin),
        "admin gives a role to nobody": await outcome(admin.client.trpc.moderation.setRole.mutate({ userId: "0123456789abcdef01234567", role: "moderator", reason })),
        "moderator suspends nobody": await outcome(moderator.client.trpc.moderation.suspend.mutate({ userId: "0123456789abcdef01234567", days: 1, reason })),
      }));
      expect(result).toEqual({
        "admin demotes another admin": "FORBIDDEN moderation.higherRole",
        "admin makes another admin a moderator": "FORBIDDEN moderation.higherRole",
        "admin demotes themselves": "FORBIDDEN moderation.higherRole",
        "moderator demotes a moderator": NOT_ALLOWED,
        "moderator promotes a member": NOT_ALLOWED,
        "moderator promotes themselves": NOT_ALLOWED,
        "admin suspends themselves": "FORBIDDEN moderation.notYourself",
        "admin suspends another admin": "FORBIDDEN moderation.higherRole",
        "moderator suspends themselves": "FORBIDDEN moderation.notYourself",
        "moderator suspends another moderator": "FORBIDDEN moderation.higherRole",
        "moderator suspends an admin": "FORBIDDEN moderation.higherRole",
        "moderator unsuspends themselves": "FORBIDDEN moderation.notYourself",
        "moderator unsuspends another moderator": "FORBIDDEN moderation.higherRole",
        "admin unsuspends another admin": "FORBIDDEN moderation.higherRole",
        "admin gives a role to nobody": "NOT_FOUND moderation.personNotFound",
        "moderator suspends nobody": "NOT_FOUND moderation.personNotFound",
      });
      expect(rows).toEqual([]);
      // The API has no way to make an admin: the role is not even accepted as input.
      expect(await refused(admin.client.trpc.moderation.setRole.mutate({ userId: member.user.id, role: "admin" as "moderator", reason }))).toBe("BAD_REQUEST errors.invalidInput");
      const roles = await srv.deps.db.db
        .selectFrom("users")
        .select(["id", "role", "suspended_until"])
        .where("id", "in", [admin, otherAdmin, moderator, otherModerator, member].map((p) => p.user.id))
        .execute();
      expect(Object.fromEntries(roles.map((r) => [r.id, [r.role, r.suspended_until]]))).toEqual({
        [admin.user.id]: ["admin", null],
        [otherAdmin.user.id]: ["admin", null],
        [moderator.user.id]: ["moderator", null],
        [otherModerator.user.id]: ["moderator", null],
        [member.user.id]: ["member", null],
      });
      // An admin may suspend a moderator (a lower role).
      expect(await suspend(admin, otherModerator)).toBe("ok");
    });

    test("the command line grants and revokes admin by email and lists the team; each change is logged with the actor cli", async () => {
      const person = await named(srv, "Перша", "Адміністраторка");
      const email = (await emailOf(srv, person.user.id))!;
      const lines: string[] = [];
      const run = async (...args: string[]) => {
        lines.length = 0;
        const code = await runAdminCommand(srv.deps.env, args, (l) => lines.push(l));
        return { code, lines: [...lines] };
      };
      expect(await refused(person.client.trpc.moderation.team.query())).toBe(NOT_ALLOWED);

      const granted = await appended(srv, () => run("grant", `  ${email.toUpperCase()} `));
      expect(granted.result).toEqual({ code: 0, lines: [`${person.user.username}: member → admin`] });
      expect(granted.rows).toEqual([
        {
          actor_id: "cli",
          action: "role.grant",
          target_kind: "user",
          target_key: person.user.id,
          target_owner_id: person.user.id,
          reason: "command line",
          details: { from: "member", to: "admin" },
        },
      ]);
      // The new admin's very next call has the powers; the API shows the entry without a person as actor.
      const log = await person.client.trpc.moderation.log.query({ actorId: null, action: "role.grant", limit: 50 });
      expect(log.items.find((e) => e.targetKey === person.user.id)).toMatchObject({ actor: null, action: "role.grant", reason: "command line", details: { from: "member", to: "admin" } });
      expect((await person.client.trpc.auth.me.query())?.role).toBe("admin");

      expect(await run("grant", email)).toEqual({ code: 0, lines: [`${person.user.username} is already an administrator`] });
      const listed = await run("list");
      expect(listed.code).toBe(0);
      expect(listed.lines).toContain(`admin     ${person.user.username} <${email}>`);

      const revoked = await appended(srv, () => run("revoke", email));
      expect(revoked.result).toEqual({ code: 0, lines: [`${person.user.username}: admin → member`] });
      expect(revoked.rows.map((r) => [r.actor_id, r.action, r.details])).toEqual([["cli", "role.revoke", { from: "admin", to: "member" }]]);
      expect(await refused(person.client.trpc.moderation.team.query())).toBe(NOT_ALLOWED);
      expect((await run("list")).lines).not.toContain(`admin     ${person.user.username} <${email}>`);

      const nobody = await appended(srv, () => run("grant", "nobody.here@example.test"));
      expect(nobody.result).toEqual({ code: 1, lines: ["no account with the email nobody.here@example.test"] });
      expect(nobody.rows).toEqual([]);
      for (const args of [[], ["grant"], ["promote", email], ["revoke"]]) {
        const r = await run(...args);
        expect([args, r.code, r.lines.join("\n")]).toEqual([args, 2, expect.stringContaining("usage: admin grant <email>")]);
      }
    });

    test("the real command line (bun server/main.ts admin …) lists an empty team of a fresh database and grants admin on the server's", async () => {
      const fresh = await backend.createDatabase();
      const cli = async (location: { dataDir: string; databaseUrl?: string }, ...args: string[]) => {
        const proc = Bun.spawn(["bun", MAIN, "admin", ...args], {
          env: {
            PATH: process.env.PATH!,
            HOME: process.env.HOME ?? "/tmp",
            NODE_ENV: "test",
            LOG_LEVEL: "silent",
            DATA_DIR: location.dataDir,
            ...(location.databaseUrl && { DATABASE_URL: location.databaseUrl }),
          },
          stdout: "pipe",
          stderr: "pipe",
        });
        const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
        return { code, out: out.trim().split("\n"), err: err.trim() };
      };
      try {
        const empty = { dataDir: fresh.dataDir, databaseUrl: fresh.databaseUrl };
        expect(await cli(empty, "list")).toEqual({ code: 0, out: ["no administrators or moderators yet"], err: "" });
        expect(await cli(empty, "grant", "nobody@example.test")).toEqual({ code: 1, out: ["no account with the email nobody@example.test"], err: "" });
        const usage = await cli(empty, "frobnicate");
        expect(usage.code).toBe(2);
        expect(usage.out[0]).toStartWith("usage: admin grant <email>");
        // The fresh database was migrated, and nothing was logged there.
        const { createDb } = await import("../../server/db/create-db.ts");
        const db = createDb({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
        try {
          expect(await db.db.selectFrom("moderation_log").selectAll().execute()).toEqual([]);
        } finally {
          await db.close();
        }

        // On the test server's own database: a real account becomes an admin, at once.
        const person = await named(srv, "Адмінка", "З_Консолі");
        const email = (await emailOf(srv, person.user.id))!;
        const env = srv.deps.env;
        const before = (await logRows(srv)).length;
        expect(await cli({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL }, "grant", email)).toEqual({
          code: 0,
          out: [`${person.user.username}: member → admin`],
          err: "",
        });
        expect((await logRows(srv)).slice(before).map((r) => [r.actor_id, r.action, r.target_key])).toEqual([["cli", "role.grant", person.user.id]]);
        expect(await person.client.trpc.moderation.setRole.mutate({ userId: (await named(srv)).user.id, role: "moderator", reason: "перша команда" })).toEqual({ ok: true });
        const listed = await cli({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL }, "list");
        expect(listed.code).toBe(0);
        expect(listed.out).toContain(`admin     ${person.user.username} <${email}>`);
      } finally {
        await fresh.drop();
      }
    });

    test("a role set in the database counts from the next call too (no role is cached in the session)", async () => {
      const person = await named(srv);
      expect(await refused(person.client.trpc.moderation.openCount.query())).toBe(NOT_ALLOWED);
      await setRoleInDb(srv, person.user.id, "moderator");
      expect(await outcome(person.client.trpc.moderation.openCount.query())).toBe("ok");
      await setRoleInDb(srv, person.user.id, "member");
      expect(await refused(person.client.trpc.moderation.openCount.query())).toBe(NOT_ALLOWED);
    });
  });
}

async function emailOf(srv: TestServer, userId: string) {
  return (await srv.deps.db.db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst())?.email;
}
