/**
 * The social graph's transitions (issue #11): request, cancel, accept, decline, remove, block and
 * unblock; every refusal with its reason and proof that it changed no row; the pair's one row in
 * canonical order, raced from both sides; the live `friend.status` frames on each side and each tab;
 * counts, lists and the validation of inputs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FRIENDS_LIMITS } from "../../shared/friends.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectValidFrames, person, type Person } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { befriend, graphRows, named, pairRows, people, refused, statusFrame, statuses } from "./friends-kit.ts";

/** An id of the right shape that nobody has. */
const nobody = "0123456789abcdef01234567";

for (const backend of testBackends()) {
  describe(`friend requests, friends, followers and blocks (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const counts = (p: Person) => p.client.trpc.friends.counts.query();
    const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

    test("a request is one pending row in canonical order: 'requested' for the sender, 'incoming' for the recipient", async () => {
      const [a, b] = await people(srv, 2);
      expect(await statuses(a, b)).toEqual(["none", "none"]);
      expect(await a.client.trpc.friends.request.mutate({ userId: b.user.id })).toEqual({ status: "requested" });
      expect(await statuses(a, b)).toEqual(["requested", "incoming"]);
      const rows = await pairRows(srv, a.user.id, b.user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.user_a < rows[0]!.user_b).toBeTrue();
      expect(rows[0]).toMatchObject({ status: "pending", requested_by: a.user.id });
      expect(await counts(a)).toEqual({ incoming: 0, outgoing: 1, friends: 0 });
      expect(await counts(b)).toEqual({ incoming: 1, outgoing: 0, friends: 0 });
      expect(ids(await b.client.trpc.friends.requests.query({ direction: "in" }))).toEqual([a.user.id]);
      expect(ids(await b.client.trpc.friends.requests.query({ direction: "out" }))).toEqual([]);
      expect(ids(await a.client.trpc.friends.requests.query({ direction: "out" }))).toEqual([b.user.id]);
      const card = (await b.client.trpc.friends.requests.query({ direction: "in" })).items[0];
      expect(card).toMatchObject({ id: a.user.id, username: a.user.username, firstName: "Олена", lastName: "Коваль", status: "incoming", mutualFriends: 0 });
      // The profile says it too, from each side; a guest and the owner get no relation.
      expect((await a.client.trpc.profiles.byUsername.query({ username: b.user.username })).relation).toMatchObject({ status: "requested", blockedByMe: false });
      expect((await b.client.trpc.profiles.byUsername.query({ username: a.user.username })).relation).toMatchObject({ status: "incoming" });
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username: b.user.username })).relation).toBeNull();
      expect((await b.client.trpc.profiles.byUsername.query({ username: b.user.username })).relation).toBeNull();
    });

    test("refused requests change nothing: to myself, to nobody, twice, to a friend, after a decline", async () => {
      const [a, b, c, d] = await people(srv, 4);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      await befriend(a, c);
      await d.client.trpc.friends.request.mutate({ userId: a.user.id });
      await a.client.trpc.friends.decline.mutate({ userId: d.user.id });
      const cases: Array<[Person, string, string]> = [
        [a, a.user.id, "BAD_REQUEST friends.self"],
        [a, nobody, "NOT_FOUND friends.userNotFound"],
        [a, b.user.id, "CONFLICT friends.alreadyRequested"],
        [a, c.user.id, "CONFLICT friends.alreadyFriends"],
        [c, a.user.id, "CONFLICT friends.alreadyFriends"],
        [d, a.user.id, "CONFLICT friends.alreadyFollowing"],
      ];
      for (const [who, userId, want] of cases) {
        const before = await graphRows(srv, a.user.id, b.user.id, c.user.id, d.user.id);
        expect(`${userId === nobody ? "nobody" : userId}: ${await refused(who.client.trpc.friends.request.mutate({ userId }))}`).toBe(
          `${userId === nobody ? "nobody" : userId}: ${want}`,
        );
        expect(await graphRows(srv, a.user.id, b.user.id, c.user.id, d.user.id)).toEqual(before);
      }
      expect(await statuses(a, b)).toEqual(["requested", "incoming"]);
      expect(await statuses(a, c)).toEqual(["friends", "friends"]);
      expect(await statuses(d, a)).toEqual(["following", "follower"]);
    });

    test("a request to someone who asked me, or who follows me, makes us friends at once", async () => {
      const [a, b, c, d] = await people(srv, 4);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      expect(await b.client.trpc.friends.request.mutate({ userId: a.user.id })).toEqual({ status: "friends" });
      expect(await statuses(a, b)).toEqual(["friends", "friends"]);
      expect(await pairRows(srv, a.user.id, b.user.id)).toEqual([expect.objectContaining({ status: "friends" })]);

      await c.client.trpc.friends.request.mutate({ userId: d.user.id });
      await d.client.trpc.friends.decline.mutate({ userId: c.user.id });
      expect(await statuses(c, d)).toEqual(["following", "follower"]);
      expect(await d.client.trpc.friends.request.mutate({ userId: c.user.id })).toEqual({ status: "friends" });
      expect(await statuses(c, d)).toEqual(["friends", "friends"]);
      expect(await counts(a)).toEqual({ incoming: 0, outgoing: 0, friends: 1 });
      expect(await counts(d)).toEqual({ incoming: 0, outgoing: 0, friends: 1 });
    });

    test("cancel takes back my own pending request or withdraws my follow; anything else is friends.noRequest and changes nothing", async () => {
      const [a, b, c, d] = await people(srv, 4);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      // The recipient cannot cancel a request addressed to them.
      const before = await graphRows(srv, a.user.id, b.user.id);
      expect(await refused(b.client.trpc.friends.cancel.mutate({ userId: a.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await graphRows(srv, a.user.id, b.user.id)).toEqual(before);
      expect(await a.client.trpc.friends.cancel.mutate({ userId: b.user.id })).toEqual({ status: "none" });
      expect(await pairRows(srv, a.user.id, b.user.id)).toEqual([]);
      expect(await statuses(a, b)).toEqual(["none", "none"]);
      expect(await refused(a.client.trpc.friends.cancel.mutate({ userId: b.user.id }))).toBe("NOT_FOUND friends.noRequest");

      // A follower (declined) withdraws; the one they follow cannot "cancel" them.
      await c.client.trpc.friends.request.mutate({ userId: d.user.id });
      await d.client.trpc.friends.decline.mutate({ userId: c.user.id });
      expect(await refused(d.client.trpc.friends.cancel.mutate({ userId: c.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await c.client.trpc.friends.cancel.mutate({ userId: d.user.id })).toEqual({ status: "none" });
      expect(await statuses(c, d)).toEqual(["none", "none"]);

      // Friends are not a request: cancel is refused, the friendship stays.
      await befriend(a, c);
      const friends = await graphRows(srv, a.user.id, c.user.id);
      expect(await refused(a.client.trpc.friends.cancel.mutate({ userId: c.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await refused(a.client.trpc.friends.cancel.mutate({ userId: nobody }))).toBe("NOT_FOUND friends.userNotFound");
      expect(await refused(a.client.trpc.friends.cancel.mutate({ userId: a.user.id }))).toBe("BAD_REQUEST friends.self");
      expect(await graphRows(srv, a.user.id, c.user.id)).toEqual(friends);
    });

    test("only the person a request is addressed to can accept it: my own, a stranger's or a third person's is friends.noRequest", async () => {
      const [a, b, c] = await people(srv, 3);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      const before = await graphRows(srv, a.user.id, b.user.id, c.user.id);
      expect(await refused(a.client.trpc.friends.accept.mutate({ userId: b.user.id }))).toBe("NOT_FOUND friends.noRequest");
      // c names the sender, then the recipient: c has no request from either.
      expect(await refused(c.client.trpc.friends.accept.mutate({ userId: a.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await refused(c.client.trpc.friends.accept.mutate({ userId: b.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await refused(c.client.trpc.friends.decline.mutate({ userId: a.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await refused(a.client.trpc.friends.decline.mutate({ userId: b.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await graphRows(srv, a.user.id, b.user.id, c.user.id)).toEqual(before);
      expect(await statuses(a, b)).toEqual(["requested", "incoming"]);
      expect(await statuses(c, a)).toEqual(["none", "none"]);

      expect(await b.client.trpc.friends.accept.mutate({ userId: a.user.id })).toEqual({ status: "friends" });
      expect(await statuses(a, b)).toEqual(["friends", "friends"]);
      expect(await refused(b.client.trpc.friends.accept.mutate({ userId: a.user.id }))).toBe("NOT_FOUND friends.noRequest");
      expect(await counts(a)).toEqual({ incoming: 0, outgoing: 0, friends: 1 });
      expect(await counts(b)).toEqual({ incoming: 0, outgoing: 0, friends: 1 });
    });

    test("a declined sender becomes a follower: 'following' and 'follower', counted on the profile; the followed can still accept", async () => {
      const [a, b] = await people(srv, 2);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      expect(await b.client.trpc.friends.decline.mutate({ userId: a.user.id })).toEqual({ status: "follower" });
      expect(await statuses(a, b)).toEqual(["following", "follower"]);
      expect(await pairRows(srv, a.user.id, b.user.id)).toEqual([expect.objectContaining({ status: "following", requested_by: a.user.id })]);
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username: b.user.username })).counts).toMatchObject({ friends: 0, followers: 1 });
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username: a.user.username })).counts).toMatchObject({ friends: 0, followers: 0 });
      expect(ids(await b.client.trpc.friends.followers.query({}))).toEqual([a.user.id]);
      expect(ids(await a.client.trpc.friends.followers.query({ userId: b.user.id }))).toEqual([a.user.id]);
      expect(await counts(b)).toEqual({ incoming: 0, outgoing: 0, friends: 0 });
      expect(await refused(b.client.trpc.friends.decline.mutate({ userId: a.user.id }))).toBe("NOT_FOUND friends.noRequest");
      // The followed person may still make them a friend.
      expect(await b.client.trpc.friends.accept.mutate({ userId: a.user.id })).toEqual({ status: "friends" });
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username: b.user.username })).counts).toMatchObject({ friends: 1, followers: 0 });
    });

    test("removing a friend leaves them as my follower; removing a non-friend is friends.notFriends and changes nothing", async () => {
      const [a, b, c] = await people(srv, 3);
      await befriend(a, b);
      await a.client.trpc.friends.request.mutate({ userId: c.user.id });
      const before = await graphRows(srv, a.user.id, b.user.id, c.user.id);
      expect(await refused(a.client.trpc.friends.remove.mutate({ userId: c.user.id }))).toBe("NOT_FOUND friends.notFriends");
      expect(await refused(c.client.trpc.friends.remove.mutate({ userId: a.user.id }))).toBe("NOT_FOUND friends.notFriends");
      expect(await refused(c.client.trpc.friends.remove.mutate({ userId: b.user.id }))).toBe("NOT_FOUND friends.notFriends");
      expect(await refused(a.client.trpc.friends.remove.mutate({ userId: nobody }))).toBe("NOT_FOUND friends.userNotFound");
      expect(await graphRows(srv, a.user.id, b.user.id, c.user.id)).toEqual(before);

      expect(await a.client.trpc.friends.remove.mutate({ userId: b.user.id })).toEqual({ status: "follower" });
      expect(await statuses(a, b)).toEqual(["follower", "following"]);
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username: a.user.username })).counts).toMatchObject({ friends: 0, followers: 1 });
      expect(await refused(a.client.trpc.friends.remove.mutate({ userId: b.user.id }))).toBe("NOT_FOUND friends.notFriends");
      // The removed friend may stop following.
      expect(await b.client.trpc.friends.cancel.mutate({ userId: a.user.id })).toEqual({ status: "none" });
      expect(await statuses(a, b)).toEqual(["none", "none"]);
    });

    test("status, relation and the profile agree for every state, from both sides", async () => {
      const [me, none, out, inc, friend, following, follower, blocked, blocker] = await people(srv, 9);
      await me.client.trpc.friends.request.mutate({ userId: out.user.id });
      await inc.client.trpc.friends.request.mutate({ userId: me.user.id });
      await befriend(me, friend);
      await me.client.trpc.friends.request.mutate({ userId: following.user.id });
      await following.client.trpc.friends.decline.mutate({ userId: me.user.id });
      await follower.client.trpc.friends.request.mutate({ userId: me.user.id });
      await me.client.trpc.friends.decline.mutate({ userId: follower.user.id });
      await me.client.trpc.blocks.add.mutate({ userId: blocked.user.id });
      await blocker.client.trpc.blocks.add.mutate({ userId: me.user.id });
      const table: Array<[Person, string, string, boolean, boolean]> = [
        // other, my status, theirs, blockedByMe (mine), blockedByMe (theirs)
        [none, "none", "none", false, false],
        [out, "requested", "incoming", false, false],
        [inc, "incoming", "requested", false, false],
        [friend, "friends", "friends", false, false],
        [following, "following", "follower", false, false],
        [follower, "follower", "following", false, false],
        [blocked, "blocked", "blocked", true, false],
        [blocker, "blocked", "blocked", false, true],
      ];
      const got: string[] = [];
      const want: string[] = [];
      for (const [other, mine, theirs, mineByMe, theirsByMe] of table) {
        const [s1, s2] = await statuses(me, other);
        const r1 = await me.client.trpc.people.relation.query({ userId: other.user.id });
        const r2 = await other.client.trpc.people.relation.query({ userId: me.user.id });
        const p1 = (await me.client.trpc.profiles.byUsername.query({ username: other.user.username })).relation;
        got.push(`${mine}/${theirs}: ${s1} ${s2} ${r1.status} ${r2.status} ${p1?.status} ${r1.blockedByMe} ${r2.blockedByMe}`);
        want.push(`${mine}/${theirs}: ${mine} ${theirs} ${mine} ${theirs} ${mine} ${mineByMe} ${theirsByMe}`);
      }
      expect(got).toEqual(want);
      expect(await me.client.trpc.friends.status.query({ userId: me.user.id })).toBe("none");
      expect(await counts(me)).toEqual({ incoming: 1, outgoing: 1, friends: 1 });
    });

    test("a block ends friendship, following and requests; nobody can ask across it; status is 'blocked' both ways until unblocked", async () => {
      const [me, friend, follower, asked, asker, later] = await people(srv, 6);
      await befriend(me, friend);
      await follower.client.trpc.friends.request.mutate({ userId: me.user.id });
      await me.client.trpc.friends.decline.mutate({ userId: follower.user.id });
      await me.client.trpc.friends.request.mutate({ userId: asked.user.id });
      await asker.client.trpc.friends.request.mutate({ userId: me.user.id });
      const others = [friend, follower, asked, asker];
      for (const o of others) expect(await me.client.trpc.blocks.add.mutate({ userId: o.user.id })).toEqual({ status: "blocked" });
      await later.client.trpc.blocks.add.mutate({ userId: me.user.id });
      for (const o of others) expect(await pairRows(srv, me.user.id, o.user.id)).toEqual([]);
      expect(await counts(me)).toEqual({ incoming: 0, outgoing: 0, friends: 0 });
      expect((await me.client.trpc.blocks.list.query()).map((b) => b.person.id).sort()).toEqual(others.map((o) => o.user.id).sort());
      expect(await later.client.trpc.blocks.list.query()).toEqual([expect.objectContaining({ person: expect.objectContaining({ id: me.user.id }) })]);

      // Nobody asks across a block, either way, and trying changes nothing.
      const all = [me, ...others, later].map((p) => p.user.id);
      const before = await graphRows(srv, ...all);
      for (const o of [...others, later]) {
        expect(await refused(me.client.trpc.friends.request.mutate({ userId: o.user.id }))).toBe("FORBIDDEN friends.blocked");
        expect(await refused(o.client.trpc.friends.request.mutate({ userId: me.user.id }))).toBe("FORBIDDEN friends.blocked");
        expect(await refused(o.client.trpc.friends.accept.mutate({ userId: me.user.id }))).toBe("NOT_FOUND friends.noRequest");
        expect(await statuses(me, o)).toEqual(["blocked", "blocked"]);
      }
      // Only the blocker can lift a block.
      expect(await refused(friend.client.trpc.blocks.remove.mutate({ userId: me.user.id }))).toBe("NOT_FOUND friends.notBlocked");
      expect(await refused(me.client.trpc.blocks.remove.mutate({ userId: later.user.id }))).toBe("NOT_FOUND friends.notBlocked");
      expect(await graphRows(srv, ...all)).toEqual(before);
      expect((await me.client.trpc.people.relation.query({ userId: friend.user.id })).blockedByMe).toBeTrue();
      expect((await friend.client.trpc.people.relation.query({ userId: me.user.id })).blockedByMe).toBeFalse();

      expect(await me.client.trpc.blocks.remove.mutate({ userId: friend.user.id })).toEqual({ status: "none" });
      expect(await statuses(me, friend)).toEqual(["none", "none"]);
      expect(await pairRows(srv, me.user.id, friend.user.id)).toEqual([]);
      expect(await friend.client.trpc.friends.request.mutate({ userId: me.user.id })).toEqual({ status: "requested" });
      // Blocks both ways: lifting mine leaves theirs.
      await me.client.trpc.blocks.add.mutate({ userId: later.user.id });
      await later.client.trpc.blocks.remove.mutate({ userId: me.user.id });
      expect(await statuses(me, later)).toEqual(["blocked", "blocked"]);
      expect((await later.client.trpc.people.relation.query({ userId: me.user.id })).blockedByMe).toBeFalse();
      expect(await refused(me.client.trpc.blocks.add.mutate({ userId: me.user.id }))).toBe("BAD_REQUEST friends.self");
      expect(await refused(me.client.trpc.blocks.add.mutate({ userId: nobody }))).toBe("NOT_FOUND friends.userNotFound");
    });

    test("counts, the friends list and the request lists page by cursor, filter by name and agree with each other", async () => {
      const me = await named(srv, "Марта", "Лис");
      const friends = [await named(srv, "Богдан", "Дуб"), await named(srv, "Богдана", "Клен"), await named(srv, "Ярема", "Бук")];
      // Each change a moment after the one before (newest first must not depend on the machine's speed).
      const tick = () => srv.clock.advance(2);
      for (const f of friends) await befriend(f, me).then(tick);
      const incoming = await people(srv, 3);
      for (const p of incoming) await p.client.trpc.friends.request.mutate({ userId: me.user.id }).then(tick);
      const outgoing = await people(srv, 2);
      for (const p of outgoing) await me.client.trpc.friends.request.mutate({ userId: p.user.id }).then(tick);
      expect(await counts(me)).toEqual({ incoming: 3, outgoing: 2, friends: 3 });
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username: me.user.username })).counts).toMatchObject({ friends: 3, followers: 0 });

      const all = async (load: (cursor: string | null) => Promise<{ items: { id: string; status: string }[]; nextCursor: string | null }>) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await load(cursor);
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      // Newest first: the last friendship (and the last request) leads.
      expect(await all((cursor) => me.client.trpc.friends.list.query({ limit: 2, cursor }))).toEqual(friends.map((f) => f.user.id).reverse());
      expect(await all((cursor) => me.client.trpc.friends.requests.query({ direction: "in", limit: 2, cursor }))).toEqual(incoming.map((f) => f.user.id).reverse());
      expect(await all((cursor) => me.client.trpc.friends.requests.query({ direction: "out", limit: 2, cursor }))).toEqual(outgoing.map((f) => f.user.id).reverse());
      // Someone else's list of my friends says each one's status from their side.
      const stranger = await person(srv);
      const theirs = await stranger.client.trpc.friends.list.query({ userId: me.user.id });
      expect(theirs.items.map((i) => [i.id, i.status])).toEqual(friends.map((f) => [f.user.id, "none"]).reverse());
      const friendsView = await friends[0]!.client.trpc.friends.list.query({ userId: me.user.id });
      expect(friendsView.items.find((i) => i.id === friends[1]!.user.id)).toMatchObject({ status: "none", mutualFriends: 1 });
      expect(friendsView.items.find((i) => i.id === friends[0]!.user.id)).toMatchObject({ status: "none" });
      // By name: "бог" finds both Богдан and Богдана, case and the order of the words aside.
      const byName = async (query: string) => ids(await me.client.trpc.friends.list.query({ query })).sort();
      expect(await byName("БОГ")).toEqual([friends[0]!.user.id, friends[1]!.user.id].sort());
      expect(await byName("клен бог")).toEqual([friends[1]!.user.id]);
      expect(await byName("  ")).toHaveLength(3);
      expect(await byName("нікого")).toEqual([]);
    });

    test("two people asking each other at the same instant become friends exactly once", async () => {
      const pairs = await Promise.all(Array.from({ length: 10 }, async () => [await person(srv), await person(srv)] as const));
      await Promise.all(
        pairs.map(async ([a, b]) => {
          const results = await Promise.allSettled([
            a.client.trpc.friends.request.mutate({ userId: b.user.id }),
            b.client.trpc.friends.request.mutate({ userId: a.user.id }),
          ]);
          // Both succeed: the second finds the first's request and accepts it.
          expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
        }),
      );
      for (const [a, b] of pairs) {
        const rows = await pairRows(srv, a.user.id, b.user.id);
        expect(rows).toHaveLength(1);
        expect(rows[0]!.status).toBe("friends");
        expect(rows[0]!.user_a < rows[0]!.user_b).toBeTrue();
        expect(await statuses(a, b)).toEqual(["friends", "friends"]);
        expect(await counts(a)).toEqual({ incoming: 0, outgoing: 0, friends: 1 });
        expect(await counts(b)).toEqual({ incoming: 0, outgoing: 0, friends: 1 });
      }
    });

    test("the same request sent five times at once is stored once: one succeeds, the others are CONFLICT", async () => {
      const [a, b] = await people(srv, 2);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => a.client.trpc.friends.request.mutate({ userId: b.user.id })));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const reasons = await Promise.all(results.filter((r) => r.status === "rejected").map((r) => refused(Promise.reject((r as PromiseRejectedResult).reason))));
      expect(reasons).toEqual(Array(4).fill("CONFLICT friends.alreadyRequested"));
      expect(await pairRows(srv, a.user.id, b.user.id)).toEqual([expect.objectContaining({ status: "pending", requested_by: a.user.id })]);
      expect(await counts(b)).toEqual({ incoming: 1, outgoing: 0, friends: 0 });
    });

    test("an accept racing a cancel: exactly one wins, and the row agrees with the winner", async () => {
      const rounds = await Promise.all(Array.from({ length: 5 }, async () => [await person(srv), await person(srv)] as const));
      await Promise.all(
        rounds.map(async ([a, b]) => {
          await a.client.trpc.friends.request.mutate({ userId: b.user.id });
          const [accept, cancel] = await Promise.allSettled([
            b.client.trpc.friends.accept.mutate({ userId: a.user.id }),
            a.client.trpc.friends.cancel.mutate({ userId: b.user.id }),
          ]);
          expect([accept.status, cancel.status].filter((s) => s === "fulfilled")).toHaveLength(1);
          const loser = [accept, cancel].find((r): r is PromiseRejectedResult => r.status === "rejected")!;
          expect(await refused(Promise.reject(loser.reason))).toBe("NOT_FOUND friends.noRequest");
          const rows = await pairRows(srv, a.user.id, b.user.id);
          if (accept.status === "fulfilled") expect(rows).toEqual([expect.objectContaining({ status: "friends" })]);
          else expect(rows).toEqual([]);
        }),
      );
    });

    test("a block racing a request or an acceptance leaves no relation behind it", async () => {
      const rounds = await Promise.all(Array.from({ length: 10 }, async () => [await person(srv), await person(srv)] as const));
      await Promise.all(
        rounds.map(async ([a, b], i) => {
          // Half the rounds race a fresh request, half the request that accepts a's pending one.
          if (i % 2) await a.client.trpc.friends.request.mutate({ userId: b.user.id });
          const [block, request] = await Promise.allSettled([
            a.client.trpc.blocks.add.mutate({ userId: b.user.id }),
            b.client.trpc.friends.request.mutate({ userId: a.user.id }),
          ]);
          expect(block.status).toBe("fulfilled");
          if (request.status === "rejected") expect(await refused(Promise.reject(request.reason))).toBe("FORBIDDEN friends.blocked");
          expect(await pairRows(srv, a.user.id, b.user.id)).toEqual([]);
          expect(await statuses(a, b)).toEqual(["blocked", "blocked"]);
          expect(await counts(a)).toEqual({ incoming: 0, outgoing: 0, friends: 0 });
          expect(await counts(b)).toEqual({ incoming: 0, outgoing: 0, friends: 0 });
        }),
      );
    });

    test("live: the recipient hears of a request with its badge, the sender of the acceptance, and every tab of each its own frame", async () => {
      const [a, b] = await people(srv, 2);
      const aTab2 = await connect(srv, a.client);
      const bTab2 = await connect(srv, b.client);
      const card = (p: Person) => ({ id: p.user.id, username: p.user.username, firstName: "Олена", lastName: "Коваль", avatarId: null });

      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      for (const sock of [b.sock, bTab2]) {
        expect(await statusFrame(sock, a.user.id, "requested")).toEqual({ type: "friend.status", event: "requested", status: "incoming", incoming: 1, person: card(a) });
      }
      for (const sock of [a.sock, aTab2]) {
        expect(await statusFrame(sock, b.user.id, "requested")).toMatchObject({ status: "requested", incoming: 0, person: card(b) });
      }

      await b.client.trpc.friends.accept.mutate({ userId: a.user.id });
      for (const sock of [a.sock, aTab2]) {
        expect(await statusFrame(sock, b.user.id, "accepted")).toEqual({ type: "friend.status", event: "accepted", status: "friends", incoming: 0, person: card(b) });
      }
      for (const sock of [b.sock, bTab2]) expect(await statusFrame(sock, a.user.id, "accepted")).toMatchObject({ status: "friends", incoming: 0 });

      await a.client.trpc.friends.remove.mutate({ userId: b.user.id });
      expect(await statusFrame(b.sock, a.user.id, "removed")).toMatchObject({ status: "following" });
      expect(await statusFrame(aTab2, b.user.id, "removed")).toMatchObject({ status: "follower" });

      await b.client.trpc.friends.cancel.mutate({ userId: a.user.id });
      expect(await statusFrame(a.sock, b.user.id, "unfollowed")).toMatchObject({ status: "none" });
      expect(await statusFrame(bTab2, a.user.id, "unfollowed")).toMatchObject({ status: "none" });

      await a.client.trpc.blocks.add.mutate({ userId: b.user.id });
      expect(await statusFrame(b.sock, a.user.id, "blocked")).toMatchObject({ status: "blocked" });
      expect(await statusFrame(aTab2, b.user.id, "blocked")).toMatchObject({ status: "blocked" });
      await a.client.trpc.blocks.remove.mutate({ userId: b.user.id });
      expect(await statusFrame(bTab2, a.user.id, "unblocked")).toMatchObject({ status: "none" });
      expect(await statusFrame(a.sock, b.user.id, "unblocked")).toMatchObject({ status: "none" });
      for (const sock of [a.sock, aTab2, b.sock, bTab2]) expectValidFrames(sock);
    });

    test("live: a decline tells the sender they now follow, a cancel takes the recipient's badge back down", async () => {
      const [a, b, c] = await people(srv, 3);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      await c.client.trpc.friends.request.mutate({ userId: b.user.id });
      expect(await statusFrame(b.sock, c.user.id, "requested")).toMatchObject({ incoming: 2 });
      await b.client.trpc.friends.decline.mutate({ userId: a.user.id });
      expect(await statusFrame(a.sock, b.user.id, "declined")).toMatchObject({ status: "following", incoming: 0 });
      expect(await statusFrame(b.sock, a.user.id, "declined")).toMatchObject({ status: "follower", incoming: 1 });
      await c.client.trpc.friends.cancel.mutate({ userId: b.user.id });
      expect(await statusFrame(b.sock, c.user.id, "cancelled")).toMatchObject({ status: "none", incoming: 0 });
      expect(await statusFrame(c.sock, b.user.id, "cancelled")).toMatchObject({ status: "none" });
    });

    test("inputs are validated: bad user ids, unknown fields, limits, directions and cursors", async () => {
      const [a, b] = await people(srv, 2);
      // A NUL reaching a query would be a 500 on Postgres.
      const badIds: unknown[] = ["", "   ", "x".repeat(65), 42, null, ["id"], { id: "x" }, `${b.user.id}\u0000`, "a\u0000b", "a\nb"];
      for (const userId of badIds) {
        const e = await rejection(a.client.trpc.friends.request.mutate({ userId } as never));
        expect(e.data).toMatchObject({ code: "BAD_REQUEST", reason: "errors.invalidInput" });
        expect(e.data?.fieldErrors?.userId).toBeDefined();
      }
      const missing = await rejection(a.client.trpc.blocks.add.mutate({} as never));
      expect(missing.data?.fieldErrors?.userId).toBeDefined();
      // Unknown fields are dropped, as by every other router.
      expect(await a.client.trpc.friends.request.mutate({ userId: ` ${b.user.id} `, admin: true } as never)).toEqual({ status: "requested" });
      expect((await rejection(a.client.trpc.friends.requests.query({ direction: "sideways" } as never))).data?.fieldErrors?.direction).toBeDefined();
      for (const limit of [0, FRIENDS_LIMITS.pageMax + 1, 1.5]) {
        expect((await rejection(a.client.trpc.friends.list.query({ limit }))).data?.fieldErrors?.limit).toBeDefined();
      }
      const longQuery = "я".repeat(FRIENDS_LIMITS.queryMax + 1);
      expect((await rejection(a.client.trpc.friends.list.query({ query: longQuery }))).data?.fieldErrors?.query).toContain("friends.queryTooLong");
      for (const cursor of ["nonsense", "12:", ":abc", "-1:abc", "1:a b", "1:../x"]) {
        const calls = {
          list: () => a.client.trpc.friends.list.query({ cursor }),
          requests: () => a.client.trpc.friends.requests.query({ direction: "in", cursor }),
          followers: () => a.client.trpc.friends.followers.query({ cursor }),
          recommendations: () => a.client.trpc.friends.recommendations.query({ cursor }),
          search: () => a.client.trpc.people.search.query({ query: "оле", cursor }),
        };
        for (const [name, call] of Object.entries(calls)) {
          expect(`${name} ${cursor}: ${await refused(call())}`).toBe(`${name} ${cursor}: BAD_REQUEST friends.badCursor`);
        }
      }
      // Guests: nothing but a friends list someone shows to everyone.
      const guest = createClient(srv).trpc;
      for (const call of [
        () => guest.friends.request.mutate({ userId: b.user.id }),
        () => guest.friends.status.query({ userId: b.user.id }),
        () => guest.friends.counts.query(),
        () => guest.blocks.add.mutate({ userId: b.user.id }),
        () => guest.people.search.query({ query: "оле" }),
        () => guest.privacy.get.query(),
      ]) {
        expect(await refused(call())).toBe("UNAUTHORIZED auth.signInRequired");
      }
      expect(await guest.friends.list.query({ userId: a.user.id })).toEqual({ items: [], nextCursor: null });
      // Without a userId, "my friends" needs someone signed in.
      expect(await refused(guest.friends.list.query({}))).toBe("UNAUTHORIZED auth.signInRequired");
    });

    test("status, relation, followers and friends of someone nobody is are NOT_FOUND, not an answer about nobody", async () => {
      const [a] = await people(srv, 1);
      for (const call of [
        () => a.client.trpc.friends.status.query({ userId: nobody }),
        () => a.client.trpc.people.relation.query({ userId: nobody }),
        () => a.client.trpc.friends.followers.query({ userId: nobody }),
        () => a.client.trpc.friends.list.query({ userId: nobody }),
      ]) {
        expect(await refused(call())).toBe("NOT_FOUND friends.userNotFound");
      }
    });
  });
}
