/**
 * The bell under load (issue #19): the count stays exact when 50 people like, or unlike, one post
 * at the same moment, and when 20 comments arrive and go at once; a burst of 200 likes costs the
 * author's tab a handful of `notification` frames (coalesced: at most one a
 * NOTIFICATION_LIMITS.frameIntervalMs), the last one with the right count.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { NOTIFICATION_LIMITS } from "../../shared/notifications.ts";
import { testBackends } from "../helpers/backends.ts";
import { expectValidFrames } from "../helpers/chat.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { bell, comment, crowd, like, postBy, rowsOf, tab, unseen, watchBell } from "./notifications-kit.ts";

for (const backend of testBackends()) {
  describe(`the bell under concurrent likes and comments, and a burst coalesced (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /** The group's row agrees with its events: the count, and the position of the newest one. */
    async function consistent(userId: string) {
      const { groups, events } = await rowsOf(srv, userId);
      for (const g of groups) {
        const mine = events.filter((e) => Number(e.group_id) === Number(g.id));
        expect([Number(g.events_count), Number(g.latest_event_id)]).toEqual([mine.length, Math.max(...mine.map((e) => Number(e.id)))]);
      }
      return { groups, events };
    }

    test("50 people liking one post at once: one entry counting 50, one unseen; 50 unliking at once: nothing left", async () => {
      const [author] = await crowd(srv, 1);
      const likers = await crowd(srv, 50);
      const postId = await postBy(author, "Вірусний");
      const sock = await tab(srv, author);

      let watch = watchBell(sock);
      await Promise.all(likers.map((p) => like(p, postId)));
      const [entry, ...rest] = await bell(author);
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({ kind: "like", count: 50, people: 50, postId, title: "Вірусний", seen: false });
      expect(entry!.actors).toHaveLength(3);
      expect(await unseen(author)).toBe(1);
      const { groups, events } = await consistent(author.user.id);
      expect([groups.length, events.length]).toEqual([1, 50]);
      expect(new Set(events.map((e) => e.actor_id))).toEqual(new Set(likers.map((p) => p.user.id)));
      // The newest three named are the three last events.
      const newest = [...events].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, 3);
      expect(entry!.actors.map((a) => a.id)).toEqual(newest.map((e) => e.actor_id));
      expect((await author.client.trpc.posts.byId.query({ id: postId })).likes).toBe(50);
      await watch.until(1);

      watch = watchBell(sock);
      await Promise.all(likers.map((p) => like(p, postId, false)));
      expect(await bell(author)).toEqual([]);
      expect(await unseen(author)).toBe(0);
      expect(await rowsOf(srv, author.user.id)).toEqual({ groups: [], events: [] });
      await watch.until(0);
      expectValidFrames(sock);
    });

    test("20 comments at once count 20 and mention someone 20 times; deleting them all at once, by writers and by the author, leaves nothing", async () => {
      const [author, named] = await crowd(srv, 2);
      const writers = await crowd(srv, 20);
      const postId = await postBy(author);
      const comments = await Promise.all(writers.map((p, i) => comment(p, postId, `Коментар ${i} для @${named.user.username}`)));
      const [entry, ...rest] = await bell(author);
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({ kind: "comment", count: 20, people: 20, postId });
      expect(await unseen(author)).toBe(1);
      // Each comment's mention is its own entry.
      const mentions = await named.client.trpc.notifications.list.query({ limit: 50 });
      expect(mentions.items.map((n) => n.commentId).sort((a, b) => a! - b!)).toEqual(comments.map((c) => c.id).sort((a, b) => a - b));
      expect(mentions.unseen).toBe(20);
      await consistent(author.user.id);

      await Promise.all(
        comments.map((c, i) => (i % 2 ? writers[i]!.client : author.client).trpc.comments.remove.mutate({ commentId: c.id })),
      );
      expect(await bell(author)).toEqual([]);
      expect(await unseen(author)).toBe(0);
      expect(await bell(named)).toEqual([]);
      expect(await unseen(named)).toBe(0);
      expect(await rowsOf(srv, author.user.id)).toEqual({ groups: [], events: [] });
      expect(await rowsOf(srv, named.user.id)).toEqual({ groups: [], events: [] });
    });

    test("likes and unlikes of one post racing each other keep the entry's count, people and position exact", async () => {
      const [author] = await crowd(srv, 1);
      const people = await crowd(srv, 40);
      const postId = await postBy(author);
      // The first half like; then the first half unlike while the second half like, all at once, twice over.
      const [first, second] = [people.slice(0, 20), people.slice(20)];
      await Promise.all(first.map((p) => like(p, postId)));
      await Promise.all([...first.map((p) => like(p, postId, false)), ...second.map((p) => like(p, postId))]);
      await Promise.all([...second.map((p) => like(p, postId, false)), ...first.map((p) => like(p, postId))]);
      const [entry] = await bell(author);
      expect(entry).toMatchObject({ kind: "like", count: 20, people: 20 });
      const { events } = await consistent(author.user.id);
      expect(new Set(events.map((e) => e.actor_id))).toEqual(new Set(first.map((p) => p.user.id)));
      expect(await unseen(author)).toBe(1);
    });

    test("the last unlike racing a new like leaves exactly the new one, round after round", async () => {
      const [author, a, b] = await crowd(srv, 3);
      const postId = await postBy(author);
      await like(a, postId);
      let [leaving, coming] = [a, b];
      for (let round = 0; round < 30; round++) {
        await Promise.all([like(leaving, postId, false), like(coming, postId)]);
        const entries = await bell(author);
        expect(`round ${round}: ${JSON.stringify(entries.map((n) => [n.count, n.actors.map((x) => x.id)]))}`).toBe(`round ${round}: ${JSON.stringify([[1, [coming.user.id]]])}`);
        await consistent(author.user.id);
        [leaving, coming] = [coming, leaving];
      }
    });

    test("a cancelled request racing a new one to the same person leaves exactly the new one, round after round", async () => {
      const [me] = await crowd(srv, 1);
      const askers = await crowd(srv, 31);
      await askers[0]!.client.trpc.friends.request.mutate({ userId: me.user.id });
      for (let round = 0; round < 30; round++) {
        const [leaving, coming] = [askers[round]!, askers[round + 1]!];
        await Promise.all([leaving.client.trpc.friends.cancel.mutate({ userId: me.user.id }), coming.client.trpc.friends.request.mutate({ userId: me.user.id })]);
        const entries = await bell(me);
        expect(`round ${round}: ${JSON.stringify(entries.map((n) => [n.kind, n.count, n.actors.map((x) => x.id)]))}`).toBe(
          `round ${round}: ${JSON.stringify([["friend_request", 1, [coming.user.id]]])}`,
        );
        await consistent(me.user.id);
      }
    });

    test("a burst of 200 likes on one post in about two seconds costs the author's tab a handful of frames, the last one with the right count", async () => {
      const [author, finisher] = await crowd(srv, 2);
      const likers = await crowd(srv, 200);
      const [viral, other] = [await postBy(author, "Вірусний"), await postBy(author, "Інший")];
      const sock = await tab(srv, author);

      const watch = watchBell(sock);
      const started = performance.now();
      // Spread over about two seconds (one every 10 ms), so the burst spans several intervals.
      await Promise.all(likers.map((p, i) => Bun.sleep(i * 10).then(() => like(p, viral))));
      // One more change right after the burst (a like on another post): the count it makes, 2,
      // is the state the tab must end in; every frame before it is counted.
      await like(finisher, other);
      const burstMs = performance.now() - started;
      const frames = await watch.until(2);
      const afterMs = performance.now() - started;

      const interval = NOTIFICATION_LIMITS.frameIntervalMs;
      // Coalesced: the first frame at once, then at most one per interval while the burst lasts, and a trailing one.
      const allowed = Math.ceil(burstMs / interval) + 2;
      console.info(`[bell] ${backend.name}: 201 likes in ${burstMs.toFixed(0)} ms → ${frames.length} frames (allowed ${allowed}), final count after ${afterMs.toFixed(0)} ms`);
      expect(frames.length).toBeLessThanOrEqual(allowed);
      expect(frames.length).toBeLessThanOrEqual(likers.length / 8);
      expect(frames.at(-1)).toEqual({ type: "notification", unseen: 2 });
      expect(frames.every((f) => f.type === "notification" && (f.unseen === 1 || f.unseen === 2))).toBeTrue();
      expect((await bell(author)).map((n) => [n.postId, n.count])).toEqual([
        [other, 1],
        [viral, 200],
      ]);
      expect(await unseen(author)).toBe(2);
      expectValidFrames(sock);
    });
  });
}
