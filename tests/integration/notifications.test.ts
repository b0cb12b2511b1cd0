/**
 * The bell (issue #19): each kind reaches the person it is about and no one else, with who, how
 * many and what it opens; my own actions never notify me; an undo takes its notification back (a
 * grouped one shrinks); blocks stop and forget them both ways; hidden kinds are neither listed
 * nor counted; entries group per post and per kind, page by keyset and are marked seen up to an
 * entry; the live `notification` frame reaches every tab; bad inputs and guests are refused.
 * (Concurrency and the coalescing of a burst: notifications-load.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { NOTIFICATION_KINDS, NOTIFICATION_LIMITS } from "../../shared/notifications.ts";
import { testBackends } from "../helpers/backends.ts";
import { expectValidFrames } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { refused } from "./friends-kit.ts";
import { bell, bellFrame, comment, crowd, like, postBy, rowsOf, shape, shapes, tab, unseen, watchBell, wholeBell, type Someone } from "./notifications-kit.ts";

for (const backend of testBackends()) {
  describe(`the bell: notifications of likes, comments, mentions and friends (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const people = (n: number) => crowd(srv, n);
    const kinds = async (p: Someone) => (await bell(p)).map((n) => n.kind);

    test("each kind reaches only the person it is about, with who did it, how many and what it opens", async () => {
      const [author, liker, commenter, asker, accepter, mentioned, bystander] = await people(7);
      const postId = await postBy(author, "Подорож у Карпати");

      await like(liker, postId);
      const body = `Гарно! @${mentioned.user.username}, глянь`;
      const c = await comment(commenter, postId, body);
      await asker.client.trpc.friends.request.mutate({ userId: author.user.id });
      await author.client.trpc.friends.request.mutate({ userId: accepter.user.id });
      // The request is in the accepter's bell until they accept it.
      expect(await shapes(accepter)).toEqual([
        { kind: "friend_request", actors: [author.user.username], count: 1, people: 1, seen: false, postId: null, title: null, commentId: null, excerpt: null },
      ]);
      await accepter.client.trpc.friends.accept.mutate({ userId: author.user.id });

      const post = { postId, title: "Подорож у Карпати", commentId: null, excerpt: null, seen: false, count: 1, people: 1 };
      expect(await shapes(author)).toEqual([
        { kind: "friend_accepted", actors: [accepter.user.username], count: 1, people: 1, seen: false, postId: null, title: null, commentId: null, excerpt: null },
        { kind: "friend_request", actors: [asker.user.username], count: 1, people: 1, seen: false, postId: null, title: null, commentId: null, excerpt: null },
        { ...post, kind: "comment", actors: [commenter.user.username] },
        { ...post, kind: "like", actors: [liker.user.username] },
      ]);
      expect(await unseen(author)).toBe(4);
      expect(await shapes(mentioned)).toEqual([
        { kind: "mention", actors: [commenter.user.username], count: 1, people: 1, seen: false, postId, title: "Подорож у Карпати", commentId: c.id, excerpt: body },
      ]);
      expect(await unseen(mentioned)).toBe(1);
      // The people who acted, and someone who had nothing to do with it, have nothing; the accepted request left the accepter's bell.
      for (const p of [liker, commenter, asker, accepter, bystander]) expect(`${p.user.username}: ${JSON.stringify(await bell(p))}`).toBe(`${p.user.username}: []`);
      for (const p of [liker, commenter, asker, accepter, bystander]) expect(await unseen(p)).toBe(0);
      // Actors carry what the list shows of them.
      const [accepted] = await bell(author);
      expect(accepted!.actors[0]).toMatchObject({ id: accepter.user.id, username: accepter.user.username, firstName: "Натовп" });
      expect(accepted!.at).toBeGreaterThan(0);
    });

    test("a long comment's mention carries its first 120 characters; a mention of nobody, twice of one person or of an address is one or none", async () => {
      const [author, writer, named] = await people(3);
      const postId = await postBy(author);
      const body = `@${named.user.username} ${"довгий текст ".repeat(20)} @${named.user.username} mail: x@${named.user.username} @nobody_here_at_all`;
      const c = await comment(writer, postId, body);
      expect(await shapes(named)).toEqual([
        { kind: "mention", actors: [writer.user.username], count: 1, people: 1, seen: false, postId, title: "Пост", commentId: c.id, excerpt: body.slice(0, 120) },
      ]);
    });

    test("my own actions never notify me: liking and commenting my post, mentioning myself, or the author mentioned under their own post", async () => {
      const [author, other] = await people(2);
      const postId = await postBy(author);
      await like(author, postId);
      await comment(author, postId, `Моя нотатка @${author.user.username}`);
      expect(await bell(author)).toEqual([]);
      expect(await unseen(author)).toBe(0);
      // Under someone else's post I mention myself: they are told of the comment, I am told nothing.
      const theirs = await postBy(other);
      await comment(author, theirs, `@${author.user.username} і @${other.user.username}`);
      expect(await bell(author)).toEqual([]);
      // The post's author mentioned under their own post gets the comment, not also a mention.
      expect(await kinds(other)).toEqual(["comment"]);
      expect((await rowsOf(srv, author.user.id)).groups).toEqual([]);
    });

    test("an unlike takes a like back: 'B, A liked' shrinks to 'A', the last unlike removes the entry and its rows", async () => {
      const [author, a, b] = await people(3);
      const postId = await postBy(author);
      const sock = await tab(srv, author);
      await like(a, postId);
      await like(b, postId);
      expect((await bell(author)).map(shape)).toEqual([
        { kind: "like", actors: [b.user.username, a.user.username], count: 2, people: 2, seen: false, postId, title: "Пост", commentId: null, excerpt: null },
      ]);
      expect(await unseen(author)).toBe(1);
      await like(b, postId, false);
      expect((await bell(author)).map((n) => [n.actors.map((x) => x.username), n.count])).toEqual([[[a.user.username], 1]]);
      expect(await unseen(author)).toBe(1);
      const gone = watchBell(sock);
      await like(a, postId, false);
      expect(await bell(author)).toEqual([]);
      expect(await unseen(author)).toBe(0);
      await gone.until(0);
      expect(await rowsOf(srv, author.user.id)).toEqual({ groups: [], events: [] });
      // An unlike of a post never liked changes nothing; liking again counts once.
      await like(a, postId, false);
      await like(a, postId);
      await like(a, postId);
      expect((await bell(author)).map((n) => n.count)).toEqual([1]);
      expectValidFrames(sock);
    });

    test("an unlike of the newest like puts the entry back where it was, seen again if it had been seen", async () => {
      const [author, a, b] = await people(3);
      const [older, newer] = [await postBy(author, "Старіший"), await postBy(author, "Новіший")];
      await like(a, older);
      await like(a, newer);
      await author.client.trpc.notifications.markSeen.mutate({});
      const before = await bell(author);
      expect(before.map((n) => [n.title, n.seen])).toEqual([
        ["Новіший", true],
        ["Старіший", true],
      ]);
      await like(b, older);
      expect((await bell(author)).map((n) => [n.title, n.seen])).toEqual([
        ["Старіший", false],
        ["Новіший", true],
      ]);
      expect(await unseen(author)).toBe(1);
      await like(b, older, false);
      expect(await bell(author)).toEqual(before);
      expect(await unseen(author)).toBe(0);
    });

    test("deleting a comment takes it back, by its writer or by the post's author, and its mention with it", async () => {
      const [author, a, b, named] = await people(4);
      const postId = await postBy(author);
      const a1 = await comment(a, postId, `Перший @${named.user.username}`);
      const a2 = await comment(a, postId, "Другий");
      const b1 = await comment(b, postId, "Третій");
      expect((await bell(author)).map(shape)).toEqual([
        { kind: "comment", actors: [b.user.username, a.user.username], count: 3, people: 2, seen: false, postId, title: "Пост", commentId: null, excerpt: null },
      ]);
      expect((await bell(named)).map((n) => n.commentId)).toEqual([a1.id]);

      await a.client.trpc.comments.remove.mutate({ commentId: a1.id });
      expect((await bell(author)).map((n) => [n.actors.map((x) => x.username), n.count])).toEqual([[[b.user.username, a.user.username], 2]]);
      expect(await bell(named)).toEqual([]);
      expect(await unseen(named)).toBe(0);
      // The post's author deletes b's comment: b is off the entry.
      await author.client.trpc.comments.remove.mutate({ commentId: b1.id });
      expect((await bell(author)).map((n) => [n.actors.map((x) => x.username), n.count])).toEqual([[[a.user.username], 1]]);
      await author.client.trpc.comments.remove.mutate({ commentId: a2.id });
      expect(await bell(author)).toEqual([]);
      expect(await unseen(author)).toBe(0);
      expect(await rowsOf(srv, author.user.id)).toEqual({ groups: [], events: [] });
    });

    test("deleting a post takes back its likes, its comments and the mentions in them, for everyone; other posts keep theirs", async () => {
      const [author, a, named] = await people(3);
      const [doomed, kept] = [await postBy(author, "Зникне"), await postBy(author, "Лишиться")];
      await like(a, doomed);
      await comment(a, doomed, `@${named.user.username} дивись`);
      await like(a, kept);
      // Someone else's post mentioning the same person: not about the deleted post, it stays.
      const elsewhere = await postBy(a, "Чужий");
      const stays = await comment(author, elsewhere, `@${named.user.username} і тут`);
      expect(await kinds(author)).toEqual(["like", "comment", "like"]);
      expect(await bell(named)).toHaveLength(2);

      const sock = await tab(srv, named);
      const watch = watchBell(sock);
      await author.client.trpc.posts.remove.mutate({ id: doomed });
      expect((await bell(author)).map((n) => [n.kind, n.title])).toEqual([["like", "Лишиться"]]);
      expect(await unseen(author)).toBe(1);
      expect((await bell(named)).map((n) => n.commentId)).toEqual([stays.id]);
      expect(await unseen(named)).toBe(1);
      await watch.until(1);
    });

    test("a cancelled, declined or accepted request leaves the bell; asking someone who asked me tells them it is accepted", async () => {
      const [me, canceller, declined, asked, crossing] = await people(5);
      const sock = await tab(srv, me);
      await canceller.client.trpc.friends.request.mutate({ userId: me.user.id });
      await declined.client.trpc.friends.request.mutate({ userId: me.user.id });
      expect((await bell(me)).map((n) => [n.kind, n.actors.map((a) => a.username), n.count])).toEqual([
        ["friend_request", [declined.user.username, canceller.user.username], 2],
      ]);
      await canceller.client.trpc.friends.cancel.mutate({ userId: me.user.id });
      expect((await bell(me)).map((n) => n.actors.map((a) => a.username))).toEqual([[declined.user.username]]);
      const watch = watchBell(sock);
      await me.client.trpc.friends.decline.mutate({ userId: declined.user.id });
      expect(await bell(me)).toEqual([]);
      expect(await unseen(me)).toBe(0);
      await watch.until(0);

      // I ask, they ask me back: we are friends; my request leaves their bell, "accepted" enters mine.
      await me.client.trpc.friends.request.mutate({ userId: crossing.user.id });
      expect(await kinds(crossing)).toEqual(["friend_request"]);
      expect(await crossing.client.trpc.friends.request.mutate({ userId: me.user.id })).toEqual({ status: "friends" });
      expect(await bell(crossing)).toEqual([]);
      expect((await bell(me)).map((n) => [n.kind, n.actors.map((a) => a.username)])).toEqual([["friend_accepted", [crossing.user.username]]]);
      // An accepted request leaves the accepter's bell; the asker is told.
      await asked.client.trpc.friends.request.mutate({ userId: me.user.id });
      await me.client.trpc.friends.accept.mutate({ userId: asked.user.id });
      expect(await kinds(me)).toEqual(["friend_accepted"]);
      expect((await bell(asked)).map((n) => [n.kind, n.actors.map((a) => a.username)])).toEqual([["friend_accepted", [me.user.username]]]);
      // A removed friendship notifies nobody.
      await me.client.trpc.friends.remove.mutate({ userId: asked.user.id });
      expect(await kinds(asked)).toEqual(["friend_accepted"]);
    });

    test("nothing reaches me from someone I blocked or who blocked me: likes, mentions, requests", async () => {
      const [me, blockedByMe, blocksMe, other] = await people(4);
      await me.client.trpc.blocks.add.mutate({ userId: blockedByMe.user.id });
      await blocksMe.client.trpc.blocks.add.mutate({ userId: me.user.id });
      const mine = await postBy(me);
      const theirs = [await postBy(blockedByMe), await postBy(blocksMe)];
      const neutral = await postBy(other);
      for (const p of [blockedByMe, blocksMe]) {
        await like(p, mine);
        await comment(p, neutral, `Привіт, @${me.user.username}`);
        expect(await refused(p.client.trpc.comments.create.mutate({ postId: mine, body: "x" }))).toBe("FORBIDDEN posts.commentBlocked");
        expect(await refused(p.client.trpc.friends.request.mutate({ userId: me.user.id }))).toStartWith("FORBIDDEN ");
      }
      expect(await bell(me)).toEqual([]);
      expect(await unseen(me)).toBe(0);
      // And nothing from me reaches them.
      for (const postId of theirs) await like(me, postId);
      await comment(me, neutral, `@${blockedByMe.user.username} @${blocksMe.user.username}`);
      expect(await bell(blockedByMe)).toEqual([]);
      expect(await bell(blocksMe)).toEqual([]);
      // The post's author, who blocked no one, is told of both comments.
      expect((await bell(other)).map((n) => [n.kind, n.count])).toEqual([["comment", 3]]);
    });

    test("a block forgets what either caused the other, both ways; an unblock brings nothing back", async () => {
      const [me, them, other] = await people(3);
      const [mine, theirs, neutral] = [await postBy(me, "Мій"), await postBy(them, "Їхній"), await postBy(other, "Третій")];
      const sockMe = await tab(srv, me);
      const sockThem = await tab(srv, them);
      await like(them, mine);
      await like(other, mine);
      await comment(them, neutral, `@${me.user.username}`);
      await them.client.trpc.friends.request.mutate({ userId: me.user.id });
      await like(me, theirs);
      await comment(me, theirs, "Коментар");
      expect((await bell(me)).map((n) => n.kind)).toEqual(["friend_request", "mention", "like"]);
      expect(await unseen(me)).toBe(3);
      expect((await bell(them)).map((n) => n.kind)).toEqual(["comment", "like"]);

      const [watchMe, watchThem] = [watchBell(sockMe), watchBell(sockThem)];
      await me.client.trpc.blocks.add.mutate({ userId: them.user.id });
      expect((await bell(me)).map(shape)).toEqual([
        { kind: "like", actors: [other.user.username], count: 1, people: 1, seen: false, postId: mine, title: "Мій", commentId: null, excerpt: null },
      ]);
      expect(await unseen(me)).toBe(1);
      expect(await bell(them)).toEqual([]);
      expect(await unseen(them)).toBe(0);
      await watchMe.until(1);
      await watchThem.until(0);
      expect((await rowsOf(srv, them.user.id)).groups).toEqual([]);
      await me.client.trpc.blocks.remove.mutate({ userId: them.user.id });
      expect(await bell(them)).toEqual([]);
      expect((await bell(me)).map((n) => n.actors.map((a) => a.username))).toEqual([[other.user.username]]);
    });

    test("hidden kinds are neither listed nor counted; showing them again brings them back with what came meanwhile", async () => {
      const [me, a, b, asker] = await people(4);
      const postId = await postBy(me);
      await like(a, postId);
      await comment(a, postId);
      await asker.client.trpc.friends.request.mutate({ userId: me.user.id });
      expect(await unseen(me)).toBe(3);
      const sock = await tab(srv, me);
      expect(await me.client.trpc.notifications.settings.query()).toEqual({ hidden: [] });

      const watch = watchBell(sock);
      expect(await me.client.trpc.notifications.updateSettings.mutate({ hidden: ["like", "comment", "like"] })).toEqual({ hidden: ["like", "comment"] });
      expect(await me.client.trpc.notifications.settings.query()).toEqual({ hidden: ["like", "comment"] });
      expect(await kinds(me)).toEqual(["friend_request"]);
      expect(await unseen(me)).toBe(1);
      expect((await me.client.trpc.notifications.list.query({})).unseen).toBe(1);
      await watch.until(1);
      // A like while likes are hidden: still not counted, but kept.
      await like(b, postId);
      expect(await unseen(me)).toBe(1);
      expect(await kinds(me)).toEqual(["friend_request"]);

      await me.client.trpc.notifications.updateSettings.mutate({ hidden: [] });
      expect((await bell(me)).map((n) => [n.kind, n.count])).toEqual([
        ["like", 2],
        ["friend_request", 1],
        ["comment", 1],
      ]);
      expect(await unseen(me)).toBe(3);
      // Every kind hidden: an empty bell, nothing counted.
      await me.client.trpc.notifications.updateSettings.mutate({ hidden: [...NOTIFICATION_KINDS] });
      expect(await bell(me)).toEqual([]);
      expect(await unseen(me)).toBe(0);
    });

    test("likes group per post with everyone counted and the newest three named; comments count comments; a new like on a seen entry brings it to the top unseen", async () => {
      const [author, ...likers] = await people(6);
      const [first, second] = [await postBy(author, "Перший"), await postBy(author, "Другий")];
      for (const p of likers) await like(p, first);
      const names = likers.map((p) => p.user.username) as [string, string, string, string, string];
      expect((await bell(author)).map(shape)).toEqual([
        { kind: "like", actors: [names[4], names[3], names[2]], count: 5, people: 5, seen: false, postId: first, title: "Перший", commentId: null, excerpt: null },
      ]);
      expect((await bell(author))[0]!.actors).toHaveLength(NOTIFICATION_LIMITS.actorsShown);
      // Comments: one entry per post, counting comments; people named once each, newest first.
      await comment(likers[0]!, second, "1");
      await comment(likers[1]!, second, "2");
      await comment(likers[0]!, second, "3");
      const [comments] = await bell(author);
      expect([comments!.kind, comments!.count, comments!.actors.map((a) => a.username)]).toEqual(["comment", 3, [names[0], names[1]]]);

      // Everything seen; another like on the first post: that entry leads again, alone unseen.
      await author.client.trpc.notifications.markSeen.mutate({});
      expect((await bell(author)).map((n) => [n.kind, n.postId, n.seen])).toEqual([
        ["comment", second, true],
        ["like", first, true],
      ]);
      await like(likers[2]!, second);
      const [again] = await people(1);
      await like(again, first);
      expect((await bell(author)).map((n) => [n.kind, n.postId, n.seen, n.count])).toEqual([
        ["like", first, false, 6],
        ["like", second, false, 1],
        ["comment", second, true, 3],
      ]);
      expect((await bell(author))[0]!.actors.map((a) => a.username)).toEqual([again.user.username, names[4], names[3]]);
      expect(await unseen(author)).toBe(2);
    });

    test("pages by keyset: 30 liked posts, 7 a page, every entry once, newest first", async () => {
      const [author, liker] = await people(2);
      const posts: number[] = [];
      for (let i = 0; i < 30; i++) posts.push(await postBy(author, `Пост ${i}`));
      for (const postId of posts) await like(liker, postId);
      const { items, pages, unseen: counts } = await wholeBell(author, 7);
      expect(pages).toBe(5);
      expect(items.map((n) => n.postId)).toEqual([...posts].reverse());
      expect(new Set(items.map((n) => n.id)).size).toBe(30);
      const ids = items.map((n) => n.id);
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
      expect(counts).toEqual([30, 30, 30, 30, 30]);
      // The last page says there is no next one; a cursor past the end is an empty page.
      const last = await author.client.trpc.notifications.list.query({ cursor: String(ids.at(-1)), limit: 7 });
      expect(last).toEqual({ items: [], nextCursor: null, unseen: 30 });
      const exact = await author.client.trpc.notifications.list.query({ limit: 30 });
      expect([exact.items.length, exact.nextCursor]).toEqual([30, null]);
    });

    test("markSeen up to an entry sees that one and the older ones; without upTo it sees all; the count goes to every tab", async () => {
      const [me, liker] = await people(2);
      const posts = [await postBy(me, "1"), await postBy(me, "2"), await postBy(me, "3")];
      for (const p of posts) await like(liker, p);
      const [e3, e2, e1] = await bell(me);
      const tabs = [await tab(srv, me), await tab(srv, me)];
      const [otherTab] = [await tab(srv, liker)];

      let watches = tabs.map(watchBell);
      expect(await me.client.trpc.notifications.markSeen.mutate({ upTo: e2!.id })).toEqual({ unseen: 1 });
      expect((await bell(me)).map((n) => [n.id, n.seen])).toEqual([
        [e3!.id, false],
        [e2!.id, true],
        [e1!.id, true],
      ]);
      expect(await unseen(me)).toBe(1);
      for (const w of watches) await w.until(1);
      // Backwards moves nothing.
      expect(await me.client.trpc.notifications.markSeen.mutate({ upTo: e1!.id })).toEqual({ unseen: 1 });
      expect(await me.client.trpc.notifications.markSeen.mutate({ upTo: 0 })).toEqual({ unseen: 1 });

      watches = tabs.map(watchBell);
      expect(await me.client.trpc.notifications.markSeen.mutate()).toEqual({ unseen: 0 });
      expect((await bell(me)).every((n) => n.seen)).toBeTrue();
      for (const w of watches) await w.until(0);
      // Marking past the newest entry does not see what comes later.
      expect(await me.client.trpc.notifications.markSeen.mutate({ upTo: e3!.id + 1_000_000 })).toEqual({ unseen: 0 });
      const [another] = await people(1);
      await like(another, posts[0]!);
      expect(await unseen(me)).toBe(1);
      expect((await bell(me))[0]).toMatchObject({ postId: posts[0], seen: false, count: 2 });
      for (const s of [...tabs, otherTab!]) expectValidFrames(s);
    });

    test("a like sends the author's tabs the new count at once, and nobody else's", async () => {
      const [author, a, b] = await people(3);
      const postId = await postBy(author);
      const tabs = [await tab(srv, author), await tab(srv, author)];
      const likerTab = await tab(srv, a);
      let watches = tabs.map(watchBell);
      await like(a, postId);
      for (const w of watches) await w.until(1);
      await author.client.trpc.notifications.markSeen.mutate({});
      watches = tabs.map(watchBell);
      const other = await postBy(author, "Другий");
      await like(b, postId);
      await like(b, other);
      for (const w of watches) await w.until(2);
      // The liker's own tab got no bell frame about it (the frames it got were for others' topics).
      expect(likerTab.frames.filter((f) => f.type === "notification")).toEqual([]);
    });

    test("bad cursors, limits, upTo and kinds are BAD_REQUEST; guests are told to sign in", async () => {
      const [me] = await people(1);
      for (const cursor of ["x", "-1", "1.5", "", " 1", "1e3", "1".repeat(19)]) {
        const e = await rejection(me.client.trpc.notifications.list.query({ cursor }));
        expect(`${cursor}: ${e.data?.code} ${e.data?.fieldErrors?.cursor}`).toBe(`${cursor}: BAD_REQUEST notifications.badCursor`);
      }
      for (const limit of [0, -1, 51, 1.5]) expect((await rejection(me.client.trpc.notifications.list.query({ limit }))).data?.code).toBe("BAD_REQUEST");
      for (const upTo of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2]) {
        expect((await rejection(me.client.trpc.notifications.markSeen.mutate({ upTo }))).data?.code).toBe("BAD_REQUEST");
      }
      const bad = [["nope"], ["like", "Like"], [...NOTIFICATION_KINDS, "like"], "like"] as unknown as Array<Array<(typeof NOTIFICATION_KINDS)[number]>>;
      for (const hidden of bad) expect((await rejection(me.client.trpc.notifications.updateSettings.mutate({ hidden }))).data?.code).toBe("BAD_REQUEST");
      expect(await me.client.trpc.notifications.settings.query()).toEqual({ hidden: [] });

      const guest = createClient(srv).trpc.notifications;
      const calls = [
        () => guest.list.query({}),
        () => guest.unseenCount.query(),
        () => guest.markSeen.mutate({}),
        () => guest.settings.query(),
        () => guest.updateSettings.mutate({ hidden: [] }),
      ];
      for (const call of calls) expect(await refused(call())).toBe("UNAUTHORIZED auth.signInRequired");
    });

    test("a friend's like notifies me like anyone's, above the 'accepted' that made us friends", async () => {
      const [me, friend] = await people(2);
      await me.client.trpc.friends.request.mutate({ userId: friend.user.id });
      await friend.client.trpc.friends.accept.mutate({ userId: me.user.id });
      const postId = await postBy(me);
      await like(friend, postId);
      expect(await kinds(me)).toEqual(["like", "friend_accepted"]);
    });
  });
}
