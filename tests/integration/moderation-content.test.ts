/**
 * Hiding and restoring posts and comments (issue #16): a hidden post leaves everyone else's feeds
 * (all, a tag's, a person's, the friends tab), its page, tag counts, the profile's post count and
 * open live views at once (post.deleted), and can no longer be liked or commented on; its author
 * still sees it, marked hidden with the reason; restoring brings everything back. A hidden comment
 * goes out with comment.deleted and the post's new count, which stays equal to a count of the
 * comments others see. A moderator deletes any message of the public chat (a group's only through
 * its report: moderation-queue.test.ts). Each action appends exactly one audit log entry.
 */
import { describe, expect, test } from "bun:test";
import { testBackends } from "../helpers/backends.ts";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { caughtUp, connect, is, openChat, sendOk } from "../helpers/chat.ts";
import { createClient, type TestClient } from "../helpers/client.ts";
import type { TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { befriend } from "./friends-kit.ts";
import { appended, commentCounts, named, outcome, postOf, useModerationServer, type Named } from "./moderation-kit.ts";

const POST_404 = "NOT_FOUND posts.notFound";
const uniqueTag = () => `модер${crypto.randomUUID().slice(0, 6)}`;

/** A socket that watches the feed and these posts. */
async function watching(srv: TestServer, client: TestClient | undefined, opts: { feed?: boolean; postIds?: number[] }): Promise<TestSocket> {
  const sock = await connect(srv, client);
  if (opts.feed) sock.send(JSON.stringify({ type: "feed.watch", on: true }));
  if (opts.postIds) sock.send(JSON.stringify({ type: "post.watch", postIds: opts.postIds }));
  await caughtUp(sock);
  return sock;
}

/** Everything a reader could learn about the post, each as a short answer. */
async function seenBy(client: TestClient, postId: number, author: Named, tag: string) {
  const api = client.trpc;
  const has = (page: { items: Array<{ id: number }> }) => page.items.some((p) => p.id === postId);
  const post = await api.posts.byId.query({ id: postId }).then(
    (p) => (p.hidden ? `hidden: ${p.hidden.reason}` : "shown"),
    (e) => outcome(Promise.reject(e)),
  );
  return {
    feed: has(await api.posts.feed.query({ limit: 50 })),
    tagFeed: has(await api.posts.feed.query({ limit: 50, tag })),
    authorFeed: has(await api.posts.feed.query({ limit: 50, authorId: author.user.id })),
    friendsTab: has(await api.posts.feed.query({ limit: 50, friends: true })),
    post,
    comments: await outcome(api.comments.list.query({ postId })),
    likers: await outcome(api.posts.likers.query({ postId })),
  };
}

async function tagCounts(client: TestClient, tag: string) {
  const popular = (await client.trpc.tags.popular.query()).find((t) => t.tag === tag)?.count ?? 0;
  const suggested = (await client.trpc.tags.suggest.query({ prefix: tag })).find((t) => t.tag === tag)?.count ?? 0;
  return { popular, suggested };
}

const postsCount = async (client: TestClient, username: string) => (await client.trpc.profiles.byUsername.query({ username })).counts.posts;

for (const backend of testBackends()) {
  describe(`hiding posts and comments (${backend.name})`, () => {
    const suite = useModerationServer(backend);

    test("a hidden post leaves everyone else's feeds, page, tag counts, profile count and open views at once; its author sees it hidden with the reason; restore brings it all back", async () => {
      const author = await named(suite.srv, "Авторка", "Посту");
      const friend = await named(suite.srv, "Друг", "Авторки");
      const stranger = await named(suite.srv, "Чужий", "Читач");
      await befriend(author, friend);
      const tag = uniqueTag();
      const kept = await postOf(author, { title: "Лишається", tags: [tag] });
      const post = await postOf(author, { title: "Буде прихований", tags: [tag] });
      await friend.client.trpc.posts.like.mutate({ postId: post.id, on: true });
      const guest = createClient(suite.srv);
      const readers = { friend: friend.client, stranger: stranger.client, guest };
      const visible = { feed: true, tagFeed: true, authorFeed: true, friendsTab: true, post: "shown", comments: "ok", likers: "ok" };
      for (const [who, c] of Object.entries(readers)) {
        // Only the friend has the author in their friends tab (a guest's is empty).
        expect([who, await seenBy(c, post.id, author, tag)]).toEqual([who, { ...visible, friendsTab: who === "friend" }]);
      }
      expect(await tagCounts(guest, tag)).toEqual({ popular: 2, suggested: 2 });
      expect(await postsCount(guest, author.user.username)).toBe(2);

      const feedWatcher = await watching(suite.srv, stranger.client, { feed: true });
      const postWatcher = await watching(suite.srv, undefined, { postIds: [post.id] });
      const hidden = await appended(suite.srv, () => suite.moderator.client.trpc.moderation.hide.mutate({ target: { kind: "post", id: post.id }, reason: "Реклама казино" }));
      expect(hidden.result).toEqual({ ok: true });
      expect(hidden.rows).toEqual([
        { actor_id: suite.moderator.user.id, action: "post.hide", target_kind: "post", target_key: String(post.id), target_owner_id: author.user.id, reason: "Реклама казино", details: {} },
      ]);
      // Live: the open feed and the open post both drop it.
      expect(await feedWatcher.next(is("post.deleted", (e) => e.postId === post.id), 20_000)).toEqual({ type: "post.deleted", postId: post.id });
      expect(await postWatcher.next(is("post.deleted", (e) => e.postId === post.id), 20_000)).toEqual({ type: "post.deleted", postId: post.id });

      const gone = { feed: false, tagFeed: false, authorFeed: false, friendsTab: false, post: POST_404, comments: POST_404, likers: POST_404 };
      for (const [who, c] of Object.entries(readers)) expect([who, await seenBy(c, post.id, author, tag)]).toEqual([who, gone]);
      // Nobody else may like it or comment on it; the other post is untouched.
      expect(await outcome(stranger.client.trpc.posts.like.mutate({ postId: post.id, on: true }))).toBe(POST_404);
      expect(await outcome(friend.client.trpc.comments.create.mutate({ postId: post.id, body: "ще тут?" }))).toBe(POST_404);
      expect(await outcome(guest.trpc.posts.byId.query({ id: kept.id }))).toBe("ok");
      expect(await tagCounts(guest, tag)).toEqual({ popular: 1, suggested: 1 });
      expect(await postsCount(guest, author.user.username)).toBe(1);
      // The author still sees it everywhere, marked hidden with the reason.
      expect(await seenBy(author.client, post.id, author, tag)).toEqual({ ...visible, post: "hidden: Реклама казино" });
      const own = await author.client.trpc.posts.byId.query({ id: post.id });
      expect(own.hidden).toEqual({ reason: "Реклама казино", at: expect.any(Number) });
      expect((await author.client.trpc.posts.feed.query({ limit: 50 })).items.find((p) => p.id === post.id)?.hidden?.reason).toBe("Реклама казино");

      // Hiding it again changes nothing and logs nothing.
      expect((await appended(suite.srv, () => suite.moderator.client.trpc.moderation.hide.mutate({ target: { kind: "post", id: post.id }, reason: "ще раз" }))).rows).toEqual([]);

      const restored = await appended(suite.srv, () => suite.moderator.client.trpc.moderation.restore.mutate({ target: { kind: "post", id: post.id }, reason: "Помилка" }));
      expect(restored.rows).toEqual([
        { actor_id: suite.moderator.user.id, action: "post.restore", target_kind: "post", target_key: String(post.id), target_owner_id: author.user.id, reason: "Помилка", details: {} },
      ]);
      for (const [who, c] of Object.entries(readers)) expect([who, await seenBy(c, post.id, author, tag)]).toEqual([who, { ...visible, friendsTab: who === "friend" }]);
      expect((await author.client.trpc.posts.byId.query({ id: post.id })).hidden).toBeUndefined();
      expect(await tagCounts(guest, tag)).toEqual({ popular: 2, suggested: 2 });
      expect(await postsCount(guest, author.user.username)).toBe(2);
      expect((await guest.trpc.posts.byId.query({ id: post.id })).likes).toBe(1);
      // Restoring what is shown changes nothing and logs nothing.
      expect((await appended(suite.srv, () => suite.moderator.client.trpc.moderation.restore.mutate({ target: { kind: "post", id: post.id }, reason: "ще раз" }))).rows).toEqual([]);
      for (const s of [feedWatcher, postWatcher]) s.ws.close();
    });

    test("a tag's and a person's feed page through to their oldest shown post however many of the newest are hidden", async () => {
      const author = await named(suite.srv, "Багато", "Постів");
      const tag = uniqueTag();
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) ids.push((await postOf(author, { title: `Пост ${i}`, tags: [tag] })).id);
      // The four newest hidden: the first pages' candidates are all hidden ones.
      for (const id of ids.slice(2)) await suite.moderator.client.trpc.moderation.hide.mutate({ target: { kind: "post", id }, reason: "Приховано" });
      const reader = createClient(suite.srv);
      for (const filter of [{ tag }, { authorId: author.user.id }]) {
        const seen: number[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 10; page++) {
          const got: { items: Array<{ id: number }>; nextCursor: string | null } = await reader.trpc.posts.feed.query({ limit: 1, cursor, ...filter });
          seen.push(...got.items.map((p) => p.id));
          cursor = got.nextCursor;
          if (!cursor) break;
        }
        expect([filter, seen]).toEqual([filter, ids.slice(0, 2).reverse()]);
      }
    });

    test("a hidden comment goes out live with the post's new count, which stays a count of the comments others see; its author sees it hidden; deleting it later counts it once", async () => {
      const author = await named(suite.srv, "Авторка", "Обговорення");
      const commenter = await named(suite.srv, "Коментатор", "Різкий");
      const reader = await named(suite.srv, "Читачка", "Уважна");
      const post = await postOf(author, { title: "Обговорення" });
      const [c1, c2, c3] = [
        await commenter.client.trpc.comments.create.mutate({ postId: post.id, body: "Образливе" }),
        await reader.client.trpc.comments.create.mutate({ postId: post.id, body: "Нормальне" }),
        await commenter.client.trpc.comments.create.mutate({ postId: post.id, body: "Ще одне" }),
      ];
      const watcher = await watching(suite.srv, reader.client, { postIds: [post.id] });
      const hide = (id: number, reason = "Образа") => suite.moderator.client.trpc.moderation.hide.mutate({ target: { kind: "comment", id }, reason });
      const listed = async (c: TestClient) => (await c.trpc.comments.list.query({ postId: post.id })).items.map((x) => [x.id, x.hidden?.reason ?? null]);
      const latest = async (c: TestClient) => (await c.trpc.posts.feed.query({ limit: 50 })).items.find((p) => p.id === post.id)!.latestComments.map((x) => x.id);

      const hidden = await appended(suite.srv, () => hide(c1.id));
      expect(hidden.rows).toEqual([
        {
          actor_id: suite.moderator.user.id,
          action: "comment.hide",
          target_kind: "comment",
          target_key: String(c1.id),
          target_owner_id: commenter.user.id,
          reason: "Образа",
          details: { postId: post.id },
        },
      ]);
      expect(await watcher.next(is("comment.deleted", (e) => e.commentId === c1.id), 20_000)).toEqual({ type: "comment.deleted", postId: post.id, commentId: c1.id, comments: 2 });
      expect(await commentCounts(suite.srv, post.id)).toEqual({ counter: 2, visible: 2 });
      expect((await reader.client.trpc.posts.byId.query({ id: post.id })).comments).toBe(2);
      for (const c of [reader.client, author.client, createClient(suite.srv)]) {
        expect(await listed(c)).toEqual([[c3.id, null], [c2.id, null]]);
        expect(await latest(c)).toEqual([c2.id, c3.id]);
      }
      // Its author sees it, marked hidden with the reason, in the list and on the card.
      expect(await listed(commenter.client)).toEqual([[c3.id, null], [c2.id, null], [c1.id, "Образа"]]);
      expect(await latest(commenter.client)).toEqual([c1.id, c2.id, c3.id]);

      // Hidden again: nothing changes. Deleted by its author: the count does not drop twice.
      expect((await appended(suite.srv, () => hide(c1.id, "ще раз"))).rows).toEqual([]);
      await commenter.client.trpc.comments.remove.mutate({ commentId: c1.id });
      expect(await commentCounts(suite.srv, post.id)).toEqual({ counter: 2, visible: 2 });
      expect(await watcher.next(is("comment.deleted", (e) => e.commentId === c1.id), 20_000)).toMatchObject({ comments: 2 });

      // Hide and restore another: the count follows, and the restored one is back for everyone.
      await hide(c3.id);
      expect(await commentCounts(suite.srv, post.id)).toEqual({ counter: 1, visible: 1 });
      const restored = await appended(suite.srv, () => suite.moderator.client.trpc.moderation.restore.mutate({ target: { kind: "comment", id: c3.id }, reason: "Повернуто" }));
      expect(restored.rows.map((r) => [r.action, r.target_key, r.details])).toEqual([["comment.restore", String(c3.id), { postId: post.id }]]);
      expect(await commentCounts(suite.srv, post.id)).toEqual({ counter: 2, visible: 2 });
      expect(await listed(reader.client)).toEqual([[c3.id, null], [c2.id, null]]);
      expect((await createClient(suite.srv).trpc.posts.byId.query({ id: post.id })).comments).toBe(2);
      watcher.ws.close();
    });

    test("the comment counter stays exact when hiding, restoring, deleting and commenting race on one post", async () => {
      const author = await named(suite.srv, "Авторка", "Гонки");
      const others = [await named(suite.srv), await named(suite.srv), await named(suite.srv), await named(suite.srv)];
      const post = await postOf(author, { title: "Гонка" });
      for (let round = 0; round < 3; round++) {
        const made = [];
        for (let i = 0; i < 8; i++) made.push(await others[i % 4]!.client.trpc.comments.create.mutate({ postId: post.id, body: `коментар ${round}.${i}` }));
        const byAuthor = (c: { author: { id: string } }) => others.find((o) => o.user.id === c.author.id)!;
        const hideApi = suite.moderator.client.trpc.moderation;
        await Promise.all([
          // The same comments hidden and deleted at once (either order must count each once).
          ...made.slice(0, 4).map((c) => hideApi.hide.mutate({ target: { kind: "comment", id: c.id }, reason: "гонка" }).catch(() => null)),
          ...made.slice(0, 4).map((c) => byAuthor(c).client.trpc.comments.remove.mutate({ commentId: c.id })),
          // Others hidden and restored at once, deleted by the post's author, or left alone; new ones come in.
          ...made.slice(4, 6).map((c) => hideApi.hide.mutate({ target: { kind: "comment", id: c.id }, reason: "гонка" })),
          ...made.slice(4, 6).map((c) => hideApi.restore.mutate({ target: { kind: "comment", id: c.id }, reason: "гонка" })),
          author.client.trpc.comments.remove.mutate({ commentId: made[6]!.id }),
          hideApi.hide.mutate({ target: { kind: "comment", id: made[6]!.id }, reason: "гонка" }).catch(() => null),
          others[round]!.client.trpc.comments.create.mutate({ postId: post.id, body: `новий ${round}` }),
          others[3]!.client.trpc.comments.create.mutate({ postId: post.id, body: `ще новий ${round}` }),
        ]);
        const counts = await commentCounts(suite.srv, post.id);
        expect([round, counts.counter]).toEqual([round, counts.visible]);
      }
    });

    test("a moderator deletes anyone's message in the public chat: open views hear of it, the history keeps a tombstone; a group's message is not deleted this way", async () => {
      const author = await named(suite.srv, "Балакун", "Загальний");
      const member = await named(suite.srv, "Учасниця", "Групи");
      const said = await sendOk(author.sock, GLOBAL_CHAT_ID, "Купуйте дешево!");
      const group = await author.client.trpc.chats.createGroup.mutate({ name: "Приватна", memberIds: [member.user.id] });
      const private_ = await sendOk(author.sock, group.id, "Тільки для групи");
      const view = await connect(suite.srv);
      expect(await openChat(view, GLOBAL_CHAT_ID)).toMatchObject({ type: "chat.opened" });
      const api = suite.moderator.client.trpc.moderation;

      const deleted = await appended(suite.srv, () => api.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: said.id, reason: "Реклама" }));
      expect(deleted.result).toEqual({ ok: true });
      expect(deleted.rows).toEqual([
        {
          actor_id: suite.moderator.user.id,
          action: "message.delete",
          target_kind: "message",
          target_key: `${GLOBAL_CHAT_ID}:${said.id}`,
          target_owner_id: author.user.id,
          reason: "Реклама",
          details: {},
        },
      ]);
      expect(await view.next(is("chat.message.deleted", (e) => e.messageId === said.id), 20_000)).toEqual({ type: "chat.message.deleted", chatId: GLOBAL_CHAT_ID, messageId: said.id });
      const tombstone = (await createClient(suite.srv).trpc.chats.history.query({ chatId: GLOBAL_CHAT_ID })).messages.find((m) => m.id === said.id)!;
      expect([tombstone.deleted, tombstone.body, tombstone.author.id]).toEqual([true, "", author.user.id]);
      // Again: nothing to delete, nothing logged.
      expect((await appended(suite.srv, () => api.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: said.id, reason: "ще раз" }))).rows).toEqual([]);

      const refusedOnes = await appended(suite.srv, async () => [
        await outcome(api.deleteMessage.mutate({ chatId: group.id, messageId: private_.id, reason: "чужа група" })),
        await outcome(api.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: 2_000_000_000, reason: "нема" })),
        // A group's message named as the public chat's.
        await outcome(api.deleteMessage.mutate({ chatId: GLOBAL_CHAT_ID, messageId: private_.id, reason: "не той чат" })),
      ]);
      expect(refusedOnes).toEqual({ result: ["FORBIDDEN moderation.onlyPublicChat", "NOT_FOUND chats.messageNotFound", "NOT_FOUND chats.messageNotFound"], rows: [] });
      const intact = (await member.client.trpc.chats.history.query({ chatId: group.id })).messages.find((m) => m.id === private_.id)!;
      expect([intact.deleted, intact.body]).toEqual([undefined, "Тільки для групи"]);
      view.ws.close();
    });

    test("hiding or restoring what does not exist is NOT_FOUND and logs nothing", async () => {
      const api = suite.moderator.client.trpc.moderation;
      const { result, rows } = await appended(suite.srv, async () => [
        await outcome(api.hide.mutate({ target: { kind: "post", id: 2_000_000_000 }, reason: "нема" })),
        await outcome(api.restore.mutate({ target: { kind: "post", id: 2_000_000_000 }, reason: "нема" })),
        await outcome(api.hide.mutate({ target: { kind: "comment", id: 2_000_000_000 }, reason: "нема" })),
        await outcome(api.restore.mutate({ target: { kind: "comment", id: 2_000_000_000 }, reason: "нема" })),
      ]);
      expect(result).toEqual([POST_404, POST_404, "NOT_FOUND comments.notFound", "NOT_FOUND comments.notFound"]);
      expect(rows).toEqual([]);
    });
  });
}
