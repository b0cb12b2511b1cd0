/**
 * Suspensions (issue #16): a suspended person cannot sign in (FORBIDDEN auth.suspended with the
 * end date, or null for good), every session ends and every socket closes (4401) at once on every
 * instance, and their posts and comments are seen by nobody while it lasts; unsuspending, or the
 * end date passing, brings it all back. Each suspension and unsuspension is one audit log entry.
 * A profile tells the person's role and suspension to staff only (`staffView`).
 */
import { describe, expect, test } from "bun:test";
import { WS_CLOSE } from "../../shared/events.ts";
import { SUSPENDED_FOREVER } from "../../shared/moderation.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { caughtUp, connect, is } from "../helpers/chat.ts";
import { createClient, defaultPassword, rejection, type TestClient } from "../helpers/client.ts";
import { useInstancePair, type TestServer } from "../helpers/test-server.ts";
import { appended, closeOf, named, outcome, postOf, refused, setRoleInDb, staff, useModerationServer } from "./moderation-kit.ts";

const DAY = 86_400_000;

async function emailOf(srv: TestServer, userId: string) {
  return (await srv.deps.db.db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow()).email;
}

/** Signing in as the person on a new client: "ok", or the refusal with its data.suspendedUntil. */
async function signIn(srv: TestServer, email: string) {
  const client = createClient(srv);
  try {
    await client.trpc.auth.signIn.mutate({ email, password: defaultPassword });
    return { outcome: "ok" };
  } catch (e) {
    const err = await rejection(Promise.reject(e));
    const data = err.data as { code?: string; reason?: string; suspendedUntil?: number | null };
    return { outcome: `${data.code} ${data.reason}`, suspendedUntil: data.suspendedUntil };
  }
}

/** What a reader sees of the person's post and of their comment under someone else's post. */
async function contentSeenBy(reader: TestClient, t: { postId: number; otherPostId: number; commentId: number }) {
  const feed = await reader.trpc.posts.feed.query({ limit: 50 });
  const comments = await reader.trpc.comments.list.query({ postId: t.otherPostId });
  return {
    postInFeed: feed.items.some((p) => p.id === t.postId),
    post: await outcome(reader.trpc.posts.byId.query({ id: t.postId })),
    comment: comments.items.some((c) => c.id === t.commentId),
    commentOnCard: feed.items.find((p) => p.id === t.otherPostId)!.latestComments.some((c) => c.id === t.commentId),
  };
}
const shown = { postInFeed: true, post: "ok", comment: true, commentOnCard: true };
const gone = { postInFeed: false, post: "NOT_FOUND posts.notFound", comment: false, commentOnCard: false };

/** A person with a post, a comment under someone else's post, and a second session. */
async function suspect(srv: TestServer) {
  const person = await named(srv, "Порушник", "Правил");
  const other = await named(srv, "Інша", "Авторка");
  const post = await postOf(person, { title: "Пост порушника" });
  const otherPost = await postOf(other, { title: "Чужий пост" });
  const comment = await person.client.trpc.comments.create.mutate({ postId: otherPost.id, body: "Коментар порушника" });
  const email = await emailOf(srv, person.user.id);
  const second = createClient(srv);
  await second.trpc.auth.signIn.mutate({ email, password: defaultPassword });
  const secondSock = await connect(srv, second);
  return { person, email, second, secondSock, t: { postId: post.id, otherPostId: otherPost.id, commentId: comment.id } };
}

for (const backend of testBackends()) {
  describe(`suspensions (${backend.name})`, () => {
    const suite = useModerationServer(backend);

    test("a suspension for days refuses sign-in with its end, ends every session and socket at once, hides the person's posts and comments until unsuspended", async () => {
      const s = await suspect(suite.srv);
      const reader = await named(suite.srv, "Читач", "Сторонній");
      expect(await contentSeenBy(reader.client, s.t)).toEqual(shown);

      const before = suite.srv.clock.now();
      const suspended = await appended(suite.srv, () => suite.moderator.client.trpc.moderation.suspend.mutate({ userId: s.person.user.id, days: 3, reason: "Погрози" }));
      const until = suspended.rows[0]?.details.until as number;
      expect(until).toBeGreaterThanOrEqual(before + 3 * DAY);
      expect(until).toBeLessThanOrEqual(suite.srv.clock.now() + 3 * DAY);
      expect(suspended.rows).toEqual([
        {
          actor_id: suite.moderator.user.id,
          action: "user.suspend",
          target_kind: "user",
          target_key: s.person.user.id,
          target_owner_id: s.person.user.id,
          reason: "Погрози",
          details: { until, days: 3 },
        },
      ]);
      // Both sockets close at once with 4401; both sessions are refused from the next call.
      expect(await closeOf(s.person.sock)).toEqual({ code: WS_CLOSE.sessionRevoked });
      expect(await closeOf(s.secondSock)).toEqual({ code: WS_CLOSE.sessionRevoked });
      for (const c of [s.person.client, s.second]) {
        expect(await c.trpc.auth.me.query()).toBeNull();
        expect(await refused(c.trpc.settings.get.query())).toBe("UNAUTHORIZED auth.signInRequired");
      }
      const sessions = await suite.srv.deps.db.db.selectFrom("sessions").select("id").where("user_id", "=", s.person.user.id).execute();
      expect(sessions).toEqual([]);
      // A socket opened with the old cookie is a guest's.
      const late = await connect(suite.srv, s.person.client);
      expect(late.frames.find((f) => f.type === "hello")).toEqual({ type: "hello", userId: null });
      late.ws.close();
      expect(await signIn(suite.srv, s.email)).toEqual({ outcome: "FORBIDDEN auth.suspended", suspendedUntil: until });
      // A wrong password is still just a wrong password: the suspension is told only to the owner.
      const wrong = await outcome(createClient(suite.srv).trpc.auth.signIn.mutate({ email: s.email, password: "not-the-Password-1" }));
      expect(wrong).not.toBe("FORBIDDEN auth.suspended");

      // Their posts and comments are gone for everyone (guests too) while it lasts.
      for (const c of [reader.client, createClient(suite.srv), suite.moderator.client]) expect(await contentSeenBy(c, s.t)).toEqual(gone);
      expect(await outcome(reader.client.trpc.posts.like.mutate({ postId: s.t.postId, on: true }))).toBe("NOT_FOUND posts.notFound");
      expect(await outcome(reader.client.trpc.comments.create.mutate({ postId: s.t.postId, body: "?" }))).toBe("NOT_FOUND posts.notFound");

      const unsuspended = await appended(suite.srv, () => suite.moderator.client.trpc.moderation.unsuspend.mutate({ userId: s.person.user.id, reason: "Оскаржено" }));
      expect(unsuspended.rows).toEqual([
        { actor_id: suite.moderator.user.id, action: "user.unsuspend", target_kind: "user", target_key: s.person.user.id, target_owner_id: s.person.user.id, reason: "Оскаржено", details: {} },
      ]);
      expect(await contentSeenBy(reader.client, s.t)).toEqual(shown);
      expect(await signIn(suite.srv, s.email)).toEqual({ outcome: "ok" });
      // Unsuspending again: not suspended, nothing logged.
      const again = await appended(suite.srv, () => outcome(suite.moderator.client.trpc.moderation.unsuspend.mutate({ userId: s.person.user.id, reason: "ще раз" })));
      expect(again).toEqual({ result: "BAD_REQUEST moderation.notSuspended", rows: [] });
    });

    test("a suspension for good is refused with no end date and lasts until someone unsuspends", async () => {
      const s = await suspect(suite.srv);
      const forGood = await appended(suite.srv, () => suite.moderator.client.trpc.moderation.suspend.mutate({ userId: s.person.user.id, days: null, reason: "Спам-бот" }));
      expect(forGood.rows.map((r) => [r.action, r.details])).toEqual([["user.suspend", { until: null, days: null }]]);
      const stored = await suite.srv.deps.db.db.selectFrom("users").select("suspended_until").where("id", "=", s.person.user.id).executeTakeFirstOrThrow();
      expect(Number(stored.suspended_until)).toBe(SUSPENDED_FOREVER);
      expect(await closeOf(s.person.sock)).toEqual({ code: WS_CLOSE.sessionRevoked });
      expect(await signIn(suite.srv, s.email)).toEqual({ outcome: "FORBIDDEN auth.suspended", suspendedUntil: null });
      expect(await contentSeenBy(createClient(suite.srv), s.t)).toEqual(gone);
      await suite.moderator.client.trpc.moderation.unsuspend.mutate({ userId: s.person.user.id, reason: "Розблоковано" });
      expect(await signIn(suite.srv, s.email)).toEqual({ outcome: "ok" });
      expect(await contentSeenBy(createClient(suite.srv), s.t)).toEqual(shown);
    });

    test("unsuspending someone who is not suspended is BAD_REQUEST and logs nothing", async () => {
      const person = await named(suite.srv);
      const { result, rows } = await appended(suite.srv, () => outcome(suite.moderator.client.trpc.moderation.unsuspend.mutate({ userId: person.user.id, reason: "без причини" })));
      expect(result).toBe("BAD_REQUEST moderation.notSuspended");
      expect(rows).toEqual([]);
    });

    test("a profile tells the person's role and suspension to moderators and admins only; members, guests and the person themselves get nothing", async () => {
      const srv = suite.srv;
      const person = await named(srv, "Профіль", "Під_Наглядом");
      const member = await named(srv, "Звичайна", "Учасниця");
      const admin = await staff(srv, "admin");
      const view = async (c: TestClient, username = person.user.username) => (await c.trpc.profiles.byUsername.query({ username })).staffView;
      expect(await view(suite.moderator.client)).toEqual({ role: "member", suspendedUntil: null });
      expect(await view(person.client)).toBeNull();

      await suite.moderator.client.trpc.moderation.suspend.mutate({ userId: person.user.id, days: 7, reason: "Перевірка" });
      const stored = await srv.deps.db.db.selectFrom("users").select("suspended_until").where("id", "=", person.user.id).executeTakeFirstOrThrow();
      const until = Number(stored.suspended_until);
      expect(await view(suite.moderator.client)).toEqual({ role: "member", suspendedUntil: until });
      expect(await view(admin.client)).toEqual({ role: "member", suspendedUntil: until });
      // Nobody else learns of it: the profile itself stays visible as before.
      expect(await view(member.client)).toBeNull();
      expect(await view(createClient(srv))).toBeNull();
      // Staff see roles (the web app shows the controls only to someone who outranks the person); never on their own profile.
      expect(await view(admin.client, suite.moderator.user.username)).toEqual({ role: "moderator", suspendedUntil: null });
      expect(await view(suite.moderator.client, admin.user.username)).toEqual({ role: "admin", suspendedUntil: null });
      expect(await view(suite.moderator.client, suite.moderator.user.username)).toBeNull();
      expect(await view(member.client, admin.user.username)).toBeNull();

      // A moderator made a member again sees nothing from the next request.
      const former = await staff(srv, "moderator");
      expect((await view(former.client))?.suspendedUntil).toBe(until);
      await setRoleInDb(srv, former.user.id, "member");
      expect(await view(former.client)).toBeNull();

      await suite.moderator.client.trpc.moderation.unsuspend.mutate({ userId: person.user.id, reason: "Готово" });
      expect(await view(suite.moderator.client)).toEqual({ role: "member", suspendedUntil: null });
    });

    // Last in the suite: it moves the server's clock a day on.
    test("a suspension ends by itself when its date passes: sign-in works, the content is back, and there is nothing to unsuspend", async () => {
      const s = await suspect(suite.srv);
      await suite.moderator.client.trpc.moderation.suspend.mutate({ userId: s.person.user.id, days: 1, reason: "Охолонути" });
      expect((await signIn(suite.srv, s.email)).outcome).toBe("FORBIDDEN auth.suspended");
      expect(await contentSeenBy(createClient(suite.srv), s.t)).toEqual(gone);
      suite.srv.clock.advance(DAY - 60_000);
      expect((await signIn(suite.srv, s.email)).outcome).toBe("FORBIDDEN auth.suspended");
      suite.srv.clock.advance(2 * 60_000);
      expect(await contentSeenBy(createClient(suite.srv), s.t)).toEqual(shown);
      expect(await signIn(suite.srv, s.email)).toEqual({ outcome: "ok" });
      expect(await refused(suite.moderator.client.trpc.moderation.unsuspend.mutate({ userId: s.person.user.id, reason: "вже" }))).toBe("BAD_REQUEST moderation.notSuspended");
    });
  });
}

const redis = redisBackend("suspensions and hidden posts across two instances");

describe.skipIf(!redis)("moderation across two instances sharing the database and Redis", () => {
  const servers = useInstancePair(redis);

  test("a suspended person's sockets close with 4401 on both instances; other people's stay open", async () => {
    const { a, b } = servers;
    const moderator = await staff(a, "moderator");
    const person = await named(a, "Двічі", "Підключений");
    const viaB = createClient(b);
    await viaB.trpc.auth.signIn.mutate({ email: await emailOf(a, person.user.id), password: defaultPassword });
    const sockB = await connect(b, viaB);
    expect(sockB.frames.find((f) => f.type === "hello")).toEqual({ type: "hello", userId: person.user.id });
    const bystander = await named(b, "Сусід", "Поруч");
    const bystanderOnB = await connect(b, bystander.client);

    await moderator.client.trpc.moderation.suspend.mutate({ userId: person.user.id, days: 7, reason: "Обидва екземпляри" });
    expect(await closeOf(person.sock)).toEqual({ code: WS_CLOSE.sessionRevoked });
    expect(await closeOf(sockB)).toEqual({ code: WS_CLOSE.sessionRevoked });
    expect(await refused(viaB.trpc.settings.get.query())).toBe("UNAUTHORIZED auth.signInRequired");
    // The bystander's sockets on B are still there and answer.
    await caughtUp(bystanderOnB);
    await caughtUp(bystander.sock);
  });

  test("a post hidden through one instance leaves another person's open feed on the other at once", async () => {
    const { a, b } = servers;
    const moderator = await staff(a, "moderator");
    const author = await named(a, "Авторка", "Далека");
    const reader = await named(b, "Читач", "На_Б");
    const feedOnB = await connect(b, reader.client);
    feedOnB.send(JSON.stringify({ type: "feed.watch", on: true }));
    await caughtUp(feedOnB);
    const post = await postOf(author, { title: "Буде приховано на А" });
    await feedOnB.next(is("post.created", (e) => e.postId === post.id), 20_000);
    await moderator.client.trpc.moderation.hide.mutate({ target: { kind: "post", id: post.id }, reason: "Через екземпляри" });
    expect(await feedOnB.next(is("post.deleted", (e) => e.postId === post.id), 20_000)).toEqual({ type: "post.deleted", postId: post.id });
    expect(await outcome(reader.client.trpc.posts.byId.query({ id: post.id }))).toBe("NOT_FOUND posts.notFound");
  });
});
