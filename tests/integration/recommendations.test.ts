/**
 * friends.recommendations (issue #11): friends of my friends ranked by how many friends we share;
 * never my friends, anyone with a request either way, a follower or someone I follow, a block
 * either way, someone I dismissed, or me; a newcomer with no friends still gets people (recently
 * active, shared tags); pages by cursor; and a bounded number of statements however many candidates.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { PeoplePage } from "../../shared/friends.ts";
import { pairOf } from "../../server/features/friends/relations.repository.ts";
import { randomId } from "../../server/lib/crypto.ts";
import { testBackends } from "../helpers/backends.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { waitForQuiet } from "../helpers/wait.ts";
import { befriend, insertUsers, named, people, postOf, refused, type Named } from "./friends-kit.ts";

for (const backend of testBackends()) {
  describe(`people I may know (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /** Every recommendation, page by page (`limit` a page), checking no one comes twice. */
    async function everyone(who: Named, limit = 50, query?: string) {
      const items: PeoplePage["items"] = [];
      let cursor: string | null = null;
      do {
        const page: PeoplePage = await who.client.trpc.friends.recommendations.query({ limit, cursor, query });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      return items;
    }

    test("friends of friends come first, by mutual friends; friends, requests, follows, blocks, dismissed people and I never do", async () => {
      const me = await named(srv, "Андрій", "Центр");
      const [b, c] = await people(srv, 2);
      const x = await named(srv, "Ксенія", "Двічі");
      const y = await named(srv, "Юліан", "Раз");
      await befriend(me, b);
      await befriend(c, me);
      await befriend(b, x);
      await befriend(x, c);
      await befriend(b, y);
      // Each of these is a friend of b's (a friend of a friend of mine), yet stands apart from me.
      const [asked, asker, followed, follower, blocked, blocker, dismissed] = await people(srv, 7);
      for (const p of [asked, asker, followed, follower, blocked, blocker, dismissed]) await befriend(b, p);
      await me.client.trpc.friends.request.mutate({ userId: asked.user.id });
      await asker.client.trpc.friends.request.mutate({ userId: me.user.id });
      await me.client.trpc.friends.request.mutate({ userId: followed.user.id });
      await followed.client.trpc.friends.decline.mutate({ userId: me.user.id });
      await follower.client.trpc.friends.request.mutate({ userId: me.user.id });
      await me.client.trpc.friends.decline.mutate({ userId: follower.user.id });
      await me.client.trpc.blocks.add.mutate({ userId: blocked.user.id });
      await blocker.client.trpc.blocks.add.mutate({ userId: me.user.id });
      expect(await me.client.trpc.friends.dismiss.mutate({ userId: dismissed.user.id })).toEqual({ ok: true });

      const list = await everyone(me);
      expect(list.slice(0, 2).map((i) => [i.id, i.mutualFriends, i.status])).toEqual([
        [x.user.id, 2, "none"],
        [y.user.id, 1, "none"],
      ]);
      expect(list[0]).toMatchObject({ username: x.user.username, firstName: "Ксенія", lastName: "Двічі", sharedTags: 0 });
      const excluded = { me, b, c, asked, asker, followed, follower, blocked, blocker, dismissed };
      const shown = Object.entries(excluded).filter(([, p]) => list.some((i) => i.id === p.user.id)).map(([k]) => k);
      expect(shown).toEqual([]);
      expect(list.slice(2).every((i) => i.mutualFriends === 0)).toBeTrue();
      // The same ranking a page of 1 at a time.
      expect((await everyone(me, 1)).map((i) => i.id)).toEqual(list.map((i) => i.id));
      // Filtered by name.
      expect((await me.client.trpc.friends.recommendations.query({ query: "ксен" })).items.map((i) => i.id)).toEqual([x.user.id]);
      // Both ways: y (b's friend) is shown me, with b in common.
      const ys = await everyone(y);
      expect(ys.find((i) => i.id === me.user.id)).toMatchObject({ mutualFriends: 1 });
    });

    test("a dismissed person stays gone, even with more friends in common later", async () => {
      const me = await named(srv, "Дана", "Відхиляє");
      const [b, c, d, later] = await people(srv, 4);
      const z = await named(srv, "Зенон", "Відхилений");
      await befriend(me, b);
      await befriend(me, c);
      await befriend(b, z);
      expect((await everyone(me))[0]).toMatchObject({ id: z.user.id, mutualFriends: 1 });
      await me.client.trpc.friends.dismiss.mutate({ userId: z.user.id });
      // Twice is fine (nothing more to do).
      await me.client.trpc.friends.dismiss.mutate({ userId: z.user.id });
      expect((await everyone(me)).some((i) => i.id === z.user.id)).toBeFalse();
      await befriend(c, z);
      await befriend(me, d);
      await befriend(d, z);
      srv.clock.advance(60_000);
      expect((await everyone(me)).some((i) => i.id === z.user.id)).toBeFalse();
      // Dismissing is mine alone: z still sees me (and someone else still sees z).
      expect((await everyone(z)).some((i) => i.id === me.user.id)).toBeTrue();
      await befriend(later, b);
      expect((await everyone(later)).some((i) => i.id === z.user.id)).toBeTrue();
      expect(await refused(me.client.trpc.friends.dismiss.mutate({ userId: me.user.id }))).toBe("BAD_REQUEST friends.self");
      expect(await refused(me.client.trpc.friends.dismiss.mutate({ userId: "0123456789abcdef01234567" }))).toBe("NOT_FOUND friends.userNotFound");
    });

    test("a newcomer with no friends is shown recently active people, and first those who write about the same tags", async () => {
      const tag = `тег${crypto.randomUUID().slice(0, 6)}`;
      const writer = await named(srv, "Тереза", "Теги");
      await postOf(writer, { tags: [tag, "інше"] });
      const others = await people(srv, 3);
      const newcomer = await named(srv, "Новенька", "Без друзів");
      const first = await everyone(newcomer);
      expect(first.length).toBeGreaterThanOrEqual(4);
      expect(first.some((i) => i.id === newcomer.user.id)).toBeFalse();
      for (const p of others) expect(first.some((i) => i.id === p.user.id)).toBeTrue();
      expect(first.every((i) => i.mutualFriends === 0 && i.status === "none")).toBeTrue();

      await postOf(newcomer, { tags: [tag] });
      const after = await everyone(newcomer);
      expect(after[0]).toMatchObject({ id: writer.user.id, sharedTags: 1, mutualFriends: 0 });
      expect(after.slice(1).every((i) => i.sharedTags === 0)).toBeTrue();
      // A friend of a friend still outranks a shared tag.
      const [friend, theirFriend] = await people(srv, 2);
      await befriend(newcomer, friend);
      await befriend(friend, theirFriend);
      const ranked = await everyone(newcomer);
      expect(ranked.slice(0, 2).map((i) => i.id)).toEqual([theirFriend.user.id, writer.user.id]);
    });

    test("bad cursors are friends.badCursor", async () => {
      const me = await named(srv);
      for (const cursor of ["x", "-1", "1.5", "01", "1e3", " 2"]) {
        expect(`${cursor}: ${await refused(me.client.trpc.friends.recommendations.query({ cursor }))}`).toBe(`${cursor}: BAD_REQUEST friends.badCursor`);
      }
      // Past the end: an empty page.
      expect(await me.client.trpc.friends.recommendations.query({ cursor: "100000" })).toEqual({ items: [], nextCursor: null });
    });

    test("recommendations take the same number of statements for 5 friends of friends as for 50", async () => {
      const db = srv.deps.db.db;
      const now = Date.now();
      /** People straight into the database (no sessions: not "recently active"). */
      async function insertPeople(n: number): Promise<string[]> {
        const ids = Array.from({ length: n }, () => randomId());
        await insertUsers(srv, ids.map((id) => ({ id, username: `u${id}` })), "Масова", now);
        return ids;
      }
      async function friends(x: string, ys: string[]) {
        const rows = ys.map((y) => {
          const [user_a, user_b] = pairOf(x, y);
          return { user_a, user_b, status: "friends" as const, requested_by: x, created_at: now, updated_at: now };
        });
        await db.insertInto("relations").values(rows).execute();
      }
      async function graph(n: number) {
        const me = await named(srv, "Лічильник", `Запитів${n}`);
        await postOf(me, { tags: [`лічба${n}`] });
        const [hub] = await insertPeople(1);
        await friends(me.user.id, [hub!]);
        await friends(hub!, await insertPeople(n));
        return me;
      }
      // The counter is the server's: work of its own that lands meanwhile (last-seen times that
      // presence writes as earlier tests' people go offline) only ever adds to it, so the fewest of
      // three tries is the call's own count.
      const statements = async (me: Named, n: number) => {
        await me.client.trpc.auth.me.query(); // a fresh session is touched once: not inside the counted call
        let fewest = Infinity;
        for (let i = 0; i < 3; i++) {
          // Background work of the server (coalesced frames of the requests above) done first: the count is the call's own.
          await waitForQuiet(() => srv.deps.db.stats.queries, "the server's statement count");
          const before = srv.deps.db.stats.queries;
          const page = await me.client.trpc.friends.recommendations.query({ limit: 50 });
          fewest = Math.min(fewest, srv.deps.db.stats.queries - before);
          expect(page.items.slice(0, n).every((i) => i.mutualFriends === 1)).toBeTrue();
          expect(page.items.length).toBeGreaterThanOrEqual(n);
        }
        return fewest;
      };
      const five = await statements(await graph(5), 5);
      const fifty = await statements(await graph(50), 50);
      expect(fifty).toBe(five);
      expect(five).toBeLessThanOrEqual(12);
    });
  });
}
