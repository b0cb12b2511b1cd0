import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { POST_LIMITS, type Post } from "../../shared/posts.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { caughtUp, connect, is, person, type Person } from "../helpers/chat.ts";
import { createClient, rejection } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { waitForQuiet } from "../helpers/wait.ts";

for (const backend of testBackends()) {
  describe(`posts and the feed (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const write = (p: Person, fields: Partial<Parameters<Person["client"]["trpc"]["posts"]["create"]["mutate"]>[0]> = {}) =>
      p.client.trpc.posts.create.mutate({ title: "Новий пост", body: "Текст **посту**", tags: [], links: [], imageIds: [], ...fields });
    const rowCount = async (table: "posts" | "post_tags" | "post_images") =>
      Number((await srv.deps.db.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

    test("a person writes a post with tags, links and images, and it leads the feed for everyone", async () => {
      const author = await person(srv);
      const [one, two] = [await upload(srv, author.client, "post_image", makePng(64, 48)), await upload(srv, author.client, "post_image", makePng(32, 32))];
      const post = await write(author, {
        title: "  Подорож  ",
        topic: "Мандри",
        body: "Перший рядок\r\nдругий",
        tags: ["#Travel", "travel", "ПОДОРОЖІ"],
        links: ["https://www.example.com/a?b=1"],
        imageIds: [two.id, one.id],
      });
      expect(post).toMatchObject({
        title: "Подорож",
        topic: "Мандри",
        body: "Перший рядок\nдругий",
        tags: ["travel", "подорожі"].sort(),
        links: [{ url: "https://www.example.com/a?b=1", domain: "example.com" }],
        images: [two, one],
        likes: 0,
        liked: false,
        views: 0,
        comments: 0,
        latestComments: [],
        author: { id: author.user.id, username: author.user.username },
      });
      expect(post.editedAt).toBeUndefined();
      const guest = createClient(srv);
      const { items } = await guest.trpc.posts.feed.query({ limit: 5 });
      expect(items[0]).toEqual(post);
      // Post images are public and cached like avatars.
      const image = await guest.fetch(`${srv.url}${one.urls.full}`);
      expect(image.status).toBe(200);
      expect(image.headers.get("cache-control")).toContain("public");
      expect((await guest.trpc.profiles.byUsername.query({ username: author.user.username })).counts.posts).toBeGreaterThanOrEqual(1);
    });

    test("bad posts are refused with a field error and store nothing", async () => {
      const author = await person(srv);
      const other = await person(srv);
      const theirs = await upload(srv, other.client, "post_image", makePng(16, 16));
      const chatImage = await upload(srv, author.client, "chat_image", makePng(16, 16));
      const used = await upload(srv, author.client, "post_image", makePng(16, 16));
      await write(author, { imageIds: [used.id] });
      const before = await Promise.all([rowCount("posts"), rowCount("post_tags"), rowCount("post_images")]);
      const cases: Array<[Partial<Parameters<typeof write>[1]>, string, string]> = [
        [{ title: "   " }, "title", "posts.titleRequired"],
        [{ title: "x".repeat(POST_LIMITS.titleMax + 1) }, "title", "posts.titleTooLong"],
        [{ tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }, "tags", "posts.tooManyTags"],
        [{ tags: ["no spaces"] }, "tags", "posts.tagFormat"],
        [{ links: ["javascript:alert(1)"] }, "links", "posts.linkInvalid"],
        [{ body: "x".repeat(POST_LIMITS.bodyMax + 1) }, "body", "posts.bodyTooLong"],
        [{ imageIds: [theirs.id], tags: ["orphan"] }, "imageIds", "posts.imageNotYours"],
        [{ imageIds: [chatImage.id], tags: ["orphan"] }, "imageIds", "posts.imageNotYours"],
        [{ imageIds: [used.id], tags: ["orphan"] }, "imageIds", "posts.imageInOtherPost"],
      ];
      for (const [fields, field, reason] of cases) {
        const err = await rejection(write(author, fields));
        expect(err.data?.code).toBe("BAD_REQUEST");
        expect(err.data?.fieldErrors?.[field]).toContain(reason);
      }
      expect(await Promise.all([rowCount("posts"), rowCount("post_tags"), rowCount("post_images")])).toEqual(before);
      const guest = await rejection(createClient(srv).trpc.posts.create.mutate({ title: "x", body: "", tags: [], links: [], imageIds: [] }));
      expect(guest.data).toMatchObject({ code: "UNAUTHORIZED" });
    });

    test("only the author edits and deletes a post; dropped and deleted images leave /media", async () => {
      const author = await person(srv);
      const other = await person(srv);
      const [keep, drop] = [await upload(srv, author.client, "post_image", makePng(20, 20)), await upload(srv, author.client, "post_image", makePng(21, 21))];
      const post = await write(author, { tags: ["old"], imageIds: [keep.id, drop.id] });
      const watcher = await connect(srv);
      watcher.send(JSON.stringify({ type: "post.watch", postIds: [post.id] }));
      await caughtUp(watcher);

      const forbidden = await rejection(other.client.trpc.posts.update.mutate({ id: post.id, title: "Hijack", body: "", tags: [], links: [], imageIds: [] }));
      expect(forbidden.data).toMatchObject({ code: "FORBIDDEN", reason: "posts.notYourPost" });
      const edited = await author.client.trpc.posts.update.mutate({ id: post.id, title: "Змінено", body: "Новий", tags: ["new"], links: [], imageIds: [keep.id] });
      expect(edited).toMatchObject({ title: "Змінено", tags: ["new"], images: [keep] });
      expect(edited.editedAt).toBeGreaterThan(0);
      expect(await watcher.next(is("post.updated", (e) => e.post.id === post.id && e.post.title === "Змінено"))).toBeTruthy();
      expect((await fetch(`${srv.url}${drop.urls.full}`)).status).toBe(404);
      expect((await author.client.trpc.posts.feed.query({ tag: "old" })).items.map((p) => p.id)).not.toContain(post.id);

      const notTheirs = await rejection(other.client.trpc.posts.remove.mutate({ id: post.id }));
      expect(notTheirs.data).toMatchObject({ code: "FORBIDDEN", reason: "posts.notYourPost" });
      await author.client.trpc.posts.remove.mutate({ id: post.id });
      expect(await watcher.next(is("post.deleted", (e) => e.postId === post.id))).toBeTruthy();
      expect((await fetch(`${srv.url}${keep.urls.full}`)).status).toBe(404);
      const gone = await rejection(other.client.trpc.posts.byId.query({ id: post.id }));
      expect(gone.data).toMatchObject({ code: "NOT_FOUND", reason: "posts.notFound" });
    });

    test("the feed pages by keyset cursor, newest first, by tag and by author", async () => {
      const author = await person(srv);
      const tag = `pages${crypto.randomUUID().slice(0, 6)}`;
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await write(author, { title: `P${i}`, tags: i % 2 ? [tag] : [] })).id);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Post[]; nextCursor: string | null } = await author.client.trpc.posts.feed.query({ limit: 2, authorId: author.user.id, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      const tagged = await createClient(srv).trpc.posts.feed.query({ tag: `#${tag.toUpperCase()}`, limit: 1 });
      expect(tagged.items.map((p) => p.id)).toEqual([ids[3]!]);
      const next = await createClient(srv).trpc.posts.feed.query({ tag, limit: 5, cursor: tagged.nextCursor });
      expect(next).toEqual({ items: [expect.objectContaining({ id: ids[1] })], nextCursor: null });
      // A tag and an author together: the author's tagged posts, even when others tagged later ones.
      const other = await person(srv);
      for (let i = 0; i < 3; i++) await write(other, { title: `O${i}`, tags: [tag] });
      const both = await createClient(srv).trpc.posts.feed.query({ tag, authorId: author.user.id, limit: 2 });
      expect(both.items.map((p) => p.id)).toEqual([ids[3]!, ids[1]!]);
    });

    test("a feed page takes the same number of statements for 1 post as for 50", async () => {
      const authors = await Promise.all([person(srv), person(srv), person(srv)]);
      const tag = `many${crypto.randomUUID().slice(0, 6)}`;
      for (let i = 0; i < 51; i++) {
        const a = authors[i % 3]!;
        const post = await write(a, { title: `N${i}`, tags: [tag, `t${i % 4}`] });
        if (i % 5 === 0) await authors[(i + 1) % 3]!.client.trpc.comments.create.mutate({ postId: post.id, body: `c${i}` });
        if (i % 7 === 0) await authors[(i + 2) % 3]!.client.trpc.posts.like.mutate({ postId: post.id, on: true });
      }
      const image = await upload(srv, authors[0]!.client, "post_image", makePng(10, 10));
      await write(authors[0]!, { title: "with image", tags: [tag], imageIds: [image.id] });
      const reader = authors[1]!.client;
      await reader.trpc.auth.me.query(); // a fresh session is touched once: not inside the counted calls
      // The counter is the server's: work of its own that lands meanwhile (a coalesced notification
      // frame of the likes above reads the unseen count up to a second later, later on a busy
      // machine) only ever adds to it. So each try starts once the server has run no statement for
      // a while (background work done), and the fewest of three tries is the page's own count.
      const statements = async (limit: number) => {
        let fewest = Infinity;
        for (let i = 0; i < 3; i++) {
          await waitForQuiet(() => srv.deps.db.stats.queries, "the server's statement count");
          const before = srv.deps.db.stats.queries;
          const page = await reader.trpc.posts.feed.query({ tag, limit });
          expect(page.items).toHaveLength(limit);
          fewest = Math.min(fewest, srv.deps.db.stats.queries - before);
        }
        return fewest;
      };
      const one = await statements(1);
      const fifty = await statements(50);
      expect(fifty).toBe(one);
      expect(one).toBeLessThanOrEqual(9);
    });

    test("likes are exact under 50 parallel likes and unlikes from 25 people, and live for watchers", async () => {
      const author = await person(srv);
      const post = await write(author);
      const watcher = await connect(srv);
      watcher.send(JSON.stringify({ type: "post.watch", postIds: [post.id] }));
      await caughtUp(watcher);
      const people = await Promise.all(Array.from({ length: 25 }, () => person(srv)));
      await Promise.all(
        people.flatMap((p, i) => [
          p.client.trpc.posts.like.mutate({ postId: post.id, on: true }),
          p.client.trpc.posts.like.mutate({ postId: post.id, on: i % 2 === 0 }),
        ]),
      );
      const rows = Number(
        (await srv.deps.db.db.selectFrom("post_likes").select((eb) => eb.fn.countAll().as("n")).where("post_id", "=", post.id).executeTakeFirstOrThrow()).n,
      );
      const { likes } = await author.client.trpc.posts.byId.query({ id: post.id });
      expect(likes).toBe(rows);
      // Idempotent: liking twice is one like.
      const liker = people[0]!;
      const again = await liker.client.trpc.posts.like.mutate({ postId: post.id, on: true });
      expect(again).toEqual({ likes: expect.any(Number), liked: true });
      const settled = await liker.client.trpc.posts.byId.query({ id: post.id });
      expect(settled.likes).toBe(again.likes);
      expect(settled.liked).toBe(true);
      expect(await watcher.next(is("post.likes", (e) => e.postId === post.id))).toBeTruthy();
      const who = await createClient(srv).trpc.posts.likers.query({ postId: post.id });
      expect(who.length).toBe(settled.likes);
      const guest = await rejection(createClient(srv).trpc.posts.like.mutate({ postId: post.id, on: true }));
      expect(guest.data).toMatchObject({ code: "UNAUTHORIZED" });
      const missing = await rejection(liker.client.trpc.posts.like.mutate({ postId: 99_999_999, on: true }));
      expect(missing.data).toMatchObject({ code: "NOT_FOUND", reason: "posts.notFound" });
    });

    test("a view counts once per person, never the author's own, and watchers see the count move", async () => {
      const author = await person(srv);
      const post = await write(author);
      const reader = await person(srv);
      const watcher = await connect(srv);
      watcher.send(JSON.stringify({ type: "post.watch", postIds: [post.id] }));
      await caughtUp(watcher);
      expect(await author.client.trpc.posts.markViewed.mutate({ postIds: [post.id] })).toEqual({ counted: 0 });
      expect(await reader.client.trpc.posts.markViewed.mutate({ postIds: [post.id, post.id, 99_999_999] })).toEqual({ counted: 1 });
      expect(await reader.client.trpc.posts.markViewed.mutate({ postIds: [post.id] })).toEqual({ counted: 0 });
      expect(await watcher.next(is("post.views", (e) => e.postId === post.id && e.views === 1))).toBeTruthy();
      expect((await createClient(srv).trpc.posts.byId.query({ id: post.id })).views).toBe(1);
    });

    test("comments: write, page, live for watchers, a badge for the author; delete mine or any under my post", async () => {
      const author = await person(srv);
      const post = await write(author);
      const [ann, bob] = await Promise.all([person(srv), person(srv)]);
      const watcher = await connect(srv);
      watcher.send(JSON.stringify({ type: "post.watch", postIds: [post.id] }));
      await caughtUp(watcher);

      const first = await ann.client.trpc.comments.create.mutate({ postId: post.id, body: "  Привіт\r\nсвіт  " });
      expect(first).toMatchObject({ postId: post.id, body: "Привіт\nсвіт", author: { id: ann.user.id } });
      expect(await watcher.next(is("comment.created", (e) => e.comment.id === first.id && e.comments === 1))).toBeTruthy();
      expect(await author.sock.next(is("post.commented", (e) => e.comment.id === first.id))).toBeTruthy();
      const ids = [first.id];
      for (let i = 0; i < 4; i++) ids.push((await bob.client.trpc.comments.create.mutate({ postId: post.id, body: `№${i}` })).id);
      const own = await author.client.trpc.comments.create.mutate({ postId: post.id, body: "my own" });
      ids.push(own.id);

      const card = await createClient(srv).trpc.posts.byId.query({ id: post.id });
      expect(card.comments).toBe(6);
      expect(card.latestComments.map((c) => c.id)).toEqual(ids.slice(-3));
      const page1 = await createClient(srv).trpc.comments.list.query({ postId: post.id, limit: 4 });
      expect(page1.items.map((c) => c.id)).toEqual([...ids].reverse().slice(0, 4));
      expect(page1.total).toBe(6);
      const page2 = await createClient(srv).trpc.comments.list.query({ postId: post.id, limit: 4, cursor: page1.nextCursor });
      expect(page2).toMatchObject({ nextCursor: null });
      expect(page2.items.map((c) => c.id)).toEqual([...ids].reverse().slice(4));

      const empty = await rejection(ann.client.trpc.comments.create.mutate({ postId: post.id, body: "   " }));
      expect(empty.data?.fieldErrors?.body).toContain("comments.empty");
      const notMine = await rejection(bob.client.trpc.comments.remove.mutate({ commentId: first.id }));
      expect(notMine.data).toMatchObject({ code: "FORBIDDEN", reason: "comments.notYours" });
      await ann.client.trpc.comments.remove.mutate({ commentId: first.id });
      await author.client.trpc.comments.remove.mutate({ commentId: ids[1]! }); // bob's, under my post
      expect(await watcher.next(is("comment.deleted", (e) => e.commentId === ids[1] && e.comments === 4))).toBeTruthy();
      // Bob may not delete comments under someone else's post, even the author's own.
      const notHisPost = await rejection(bob.client.trpc.comments.remove.mutate({ commentId: own.id }));
      expect(notHisPost.data).toMatchObject({ code: "FORBIDDEN" });
      expect((await createClient(srv).trpc.posts.byId.query({ id: post.id })).comments).toBe(4);
      // My own comments never notify me.
      await caughtUp(author.sock);
      expect(author.sock.frames.filter(is("post.commented", (e) => e.comment.id === own.id))).toHaveLength(0);
    });

    test("too many comments in a minute get TOO_MANY_REQUESTS with Retry-After", async () => {
      const author = await person(srv);
      const post = await write(author);
      let limited: Response | null = null;
      for (let i = 0; i < 30 && !limited; i++) {
        const res = await author.client.fetch(`${srv.url}/trpc/comments.create`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ postId: post.id, body: `c${i}` }),
        });
        if (res.status === 429) limited = res;
        else expect(res.status).toBe(200);
      }
      expect(limited).not.toBeNull();
      expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    test("a socket watching the feed hears of new posts; popular tags and suggestions count them", async () => {
      const watcher = await connect(srv);
      watcher.send(JSON.stringify({ type: "feed.watch", on: true }));
      await caughtUp(watcher);
      const author = await person(srv);
      const tag = `львів${crypto.randomUUID().slice(0, 4)}`;
      const post = await write(author, { tags: [tag] });
      expect(await watcher.next(is("post.created", (e) => e.postId === post.id && e.authorId === author.user.id))).toBeTruthy();
      await write(author, { tags: [tag, "other"] });
      const popular = await createClient(srv).trpc.tags.popular.query();
      expect(popular).toContainEqual({ tag, count: 2 });
      const suggested = await createClient(srv).trpc.tags.suggest.query({ prefix: `#ЛЬВ` });
      expect(suggested).toContainEqual({ tag, count: 2 });
      expect(await createClient(srv).trpc.tags.suggest.query({ prefix: "%" })).toEqual([]);
    });

    test("a person's per-tag post counts follow writes, edits and deletions exactly (what recommendations read)", async () => {
      const author = await person(srv);
      const counts = async () =>
        Object.fromEntries(
          (await srv.deps.db.db.selectFrom("person_tags").select(["tag", "posts"]).where("user_id", "=", author.user.id).execute()).map((r) => [r.tag, Number(r.posts)]),
        );
      const recount = async () =>
        Object.fromEntries(
          (
            await srv.deps.db.db
              .selectFrom("post_tags as t")
              .innerJoin("posts as p", "p.id", "t.post_id")
              .select((eb) => ["t.tag", eb.fn.countAll<number>().as("n")])
              .where("p.author_id", "=", author.user.id)
              .groupBy("t.tag")
              .execute()
          ).map((r) => [r.tag, Number(r.n)]),
        );
      const one = await write(author, { tags: ["мандри", "sea"] });
      const two = await write(author, { tags: ["мандри"] });
      expect(await counts()).toEqual({ мандри: 2, sea: 1 });
      await author.client.trpc.posts.update.mutate({ id: one.id, title: one.title, topic: null, body: one.body, tags: ["sea", "гори"], links: [], imageIds: [] });
      expect(await counts()).toEqual({ мандри: 1, sea: 1, гори: 1 });
      await author.client.trpc.posts.remove.mutate({ id: two.id });
      expect(await counts()).toEqual({ sea: 1, гори: 1 });
      expect(await counts()).toEqual(await recount());
      await author.client.trpc.posts.remove.mutate({ id: one.id });
      expect(await counts()).toEqual({});
    });
  });
}
