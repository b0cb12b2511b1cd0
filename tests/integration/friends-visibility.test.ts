/**
 * Friends-only content asks one policy (server/features/friends/social-policy.ts): for each
 * feature that respects the social graph — albums and their photos, personal chats (opening and
 * sending), comments, friends lists, the friends feed — what a stranger, a friend, a follower (a
 * declined request), a person the owner blocked and a person who blocked the owner get, and a guest
 * where guests may look.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MediaInfo } from "../../shared/media.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { openChat, send, sendOk, type Person } from "../helpers/chat.ts";
import { createClient, type TestClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { befriend, named, postOf, refused } from "./friends-kit.ts";

type Role = "owner" | "friend" | "follower" | "stranger" | "blocked" | "blocker";

for (const backend of testBackends()) {
  describe(`friends-only content and blocks, for each kind of person (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    /**
     * The owner and one person of each kind: a friend; a follower (their request was declined); a
     * stranger; someone the owner blocked, and someone who blocked the owner (both were friends
     * before the block, so the block is what takes access away).
     */
    async function circle(): Promise<Record<Role, Person>> {
      const [owner, friend, follower, stranger, blocked, blocker] = await Promise.all([
        named(srv, "Оксана", "Власниця"),
        named(srv, "Фрося", "Друг"),
        named(srv, "Юрко", "Читач"),
        named(srv, "Степан", "Чужий"),
        named(srv, "Борис", "Блокований"),
        named(srv, "Кирило", "Блокувальник"),
      ]);
      await befriend(friend, owner);
      await follower.client.trpc.friends.request.mutate({ userId: owner.user.id });
      await owner.client.trpc.friends.decline.mutate({ userId: follower.user.id });
      await befriend(blocked, owner);
      await befriend(owner, blocker);
      await owner.client.trpc.blocks.add.mutate({ userId: blocked.user.id });
      await blocker.client.trpc.blocks.add.mutate({ userId: owner.user.id });
      return { owner, friend, follower, stranger, blocked, blocker };
    }
    const roles: Role[] = ["owner", "friend", "follower", "stranger", "blocked", "blocker"];
    const mediaStatus = async (media: MediaInfo, client: TestClient | null) => {
      const url = `${srv.url}${media.urls.full}`;
      return (client ? await client.fetch(url) : await fetch(url)).status;
    };

    test("a friends album, its photos and its count on the profile are the owner's and their friends' only", async () => {
      const c = await circle();
      const { owner } = c;
      const album = async (visibility: "everyone" | "friends" | "only_me") => {
        const a = await owner.client.trpc.albums.create.mutate({ title: `Альбом ${visibility}`, theme: "", year: null, visibility });
        const media = await upload(srv, owner.client, "album_photo", makePng(24, 24));
        await owner.client.trpc.albums.addPhotos.mutate({ albumId: a.id, mediaIds: [media.id] });
        return { id: a.id, media };
      };
      const open = await album("everyone");
      const friends = await album("friends");
      const onlyMe = await album("only_me");

      const look = async (client: TestClient | null) => {
        const api = (client ?? createClient(srv)).trpc;
        const list = (await api.albums.list.query({ username: owner.user.username })).map((a) => a.id);
        const kinds = list.map((id) => (id === open.id ? "everyone" : id === friends.id ? "friends" : id === onlyMe.id ? "only_me" : id)).sort();
        const byId = await api.albums.byId.query({ id: friends.id }).then(
          () => "ok",
          (e) => `${e.data?.code} ${e.data?.reason}`,
        );
        const count = (await api.profiles.byUsername.query({ username: owner.user.username })).counts.albums;
        return `${kinds.join(",")} | byId ${byId} | count ${count} | photo ${await mediaStatus(friends.media, client)} | open photo ${await mediaStatus(open.media, client)}`;
      };
      const hidden = "everyone | byId NOT_FOUND albums.notFound | count 1 | photo 404 | open photo 200";
      const want: Record<string, string> = {
        owner: "everyone,friends,only_me | byId ok | count 3 | photo 200 | open photo 200",
        friend: "everyone,friends | byId ok | count 2 | photo 200 | open photo 200",
        follower: hidden,
        stranger: hidden,
        blocked: hidden,
        blocker: hidden,
        guest: hidden,
      };
      const got: Record<string, string> = {};
      for (const role of roles) got[role] = await look(c[role].client);
      got.guest = await look(null);
      expect(got).toEqual(want);

      // No longer friends: no longer shown (asked again, nothing cached).
      await owner.client.trpc.friends.remove.mutate({ userId: c.friend.user.id });
      expect(await look(c.friend.client)).toBe(hidden);
    });

    test("personal chats: anyone may start one unless a block stands between; with 'friends only', only friends may", async () => {
      const c = await circle();
      const { owner } = c;
      expect(await owner.client.trpc.privacy.get.query()).toEqual({ chatFrom: "everyone", friendsListVisibleTo: "everyone" });
      const open = (from: Person, to: Person) =>
        from.client.trpc.chats.openPersonal.mutate({ userId: to.user.id }).then(
          () => "ok",
          (e) => `${e.data?.code} ${e.data?.reason}`,
        );
      const closed = "FORBIDDEN chats.personalClosed";
      expect({
        stranger: await open(c.stranger, owner),
        blocked: await open(c.blocked, owner),
        ownerToBlocked: await open(owner, c.blocked),
        blocker: await open(c.blocker, owner),
        ownerToBlocker: await open(owner, c.blocker),
      }).toEqual({ stranger: "ok", blocked: closed, ownerToBlocked: closed, blocker: closed, ownerToBlocker: closed });
      expect((await c.blocked.client.trpc.people.relation.query({ userId: owner.user.id })).canMessage).toBeFalse();

      expect(await owner.client.trpc.privacy.update.mutate({ chatFrom: "friends", friendsListVisibleTo: "everyone" })).toEqual({
        chatFrom: "friends",
        friendsListVisibleTo: "everyone",
      });
      expect(await owner.client.trpc.privacy.get.query()).toEqual({ chatFrom: "friends", friendsListVisibleTo: "everyone" });
      const newcomer = await named(srv, "Нова", "Людина");
      const canMessage = async (p: Person) => (await p.client.trpc.people.relation.query({ userId: owner.user.id })).canMessage;
      expect({
        newcomer: await open(newcomer, owner),
        follower: await open(c.follower, owner),
        friend: await open(c.friend, owner),
        // The setting is the owner's: the owner may still start a chat with someone who takes everyone.
        ownerToNewcomer: await open(owner, newcomer),
        canMessage: [await canMessage(newcomer), await canMessage(c.follower), await canMessage(c.friend)],
      }).toEqual({ newcomer: closed, follower: closed, friend: "ok", ownerToNewcomer: "ok", canMessage: [false, false, true] });
      // A chat that exists stays openable (and readable) for the stranger who started it earlier.
      const again = await c.stranger.client.trpc.chats.openPersonal.mutate({ userId: owner.user.id });
      expect((await c.stranger.client.trpc.chats.history.query({ chatId: again.id })).messages).toBeDefined();
      // Back to everyone: the follower may start one now.
      await owner.client.trpc.privacy.update.mutate({ chatFrom: "everyone", friendsListVisibleTo: "everyone" });
      expect(await open(c.follower, owner)).toBe("ok");
      const bad = await refused(owner.client.trpc.privacy.update.mutate({ chatFrom: "nobody", friendsListVisibleTo: "everyone" } as never));
      expect(bad).toBe("BAD_REQUEST errors.invalidInput");
    });

    test("sending in an existing personal chat stops at a block or at 'friends only', and the history stays readable", async () => {
      const owner = await named(srv, "Оля", "Власниця");
      const [friend, stranger] = await Promise.all([named(srv, "Федір", "Друг"), named(srv, "Сава", "Чужий")]);
      await befriend(owner, friend);
      const withFriend = await friend.client.trpc.chats.openPersonal.mutate({ userId: owner.user.id });
      const withStranger = await stranger.client.trpc.chats.openPersonal.mutate({ userId: owner.user.id });
      for (const [p, chat] of [[friend, withFriend], [owner, withFriend], [stranger, withStranger], [owner, withStranger]] as const) {
        expect((await openChat(p.sock, chat.id)).type).toBe("chat.opened");
        await sendOk(p.sock, chat.id, `before, from ${p.user.firstName}`);
      }
      const answer = async (p: Person, chatId: string, body: string) => {
        const r = await send(p.sock, chatId, body);
        return r.type === "chat.ack" ? "ok" : `${r.code} ${r.reason}`;
      };

      await owner.client.trpc.blocks.add.mutate({ userId: friend.user.id });
      const closed = "FORBIDDEN chats.personalClosed";
      expect([await answer(friend, withFriend.id, "after the block"), await answer(owner, withFriend.id, "mine after the block")]).toEqual([closed, closed]);
      for (const p of [friend, owner]) {
        const { messages } = await p.client.trpc.chats.history.query({ chatId: withFriend.id });
        expect(messages.map((m) => m.body).sort()).toEqual(["before, from Оля", "before, from Федір"]);
      }
      // The chat itself still opens over the socket, to read.
      expect((await openChat(friend.sock, withFriend.id)).type).toBe("chat.opened");
      await owner.client.trpc.blocks.remove.mutate({ userId: friend.user.id });
      expect(await answer(friend, withFriend.id, "after the unblock")).toBe("ok");

      // "Friends only" closes the chat to the stranger, not to the owner (the stranger takes everyone).
      await owner.client.trpc.privacy.update.mutate({ chatFrom: "friends", friendsListVisibleTo: "everyone" });
      expect(await answer(stranger, withStranger.id, "after friends only")).toBe(closed);
      expect(await answer(owner, withStranger.id, "the owner may still write")).toBe("ok");
      const { messages } = await stranger.client.trpc.chats.history.query({ chatId: withStranger.id });
      expect(messages.map((m) => m.body)).toContain("the owner may still write");
      expect(messages.map((m) => m.body)).not.toContain("after friends only");
      // Friends again (here: for the first time) open it.
      await befriend(stranger, owner);
      expect(await answer(stranger, withStranger.id, "now as a friend")).toBe("ok");
    });

    test("a block stops comments both ways; everyone else may comment", async () => {
      const c = await circle();
      const post = await postOf(c.owner, { title: "Мій пост" });
      const comment = (p: Person, postId: number) =>
        p.client.trpc.comments.create.mutate({ postId, body: `від ${p.user.firstName}` }).then(
          () => "ok",
          (e) => `${e.data?.code} ${e.data?.reason}`,
        );
      const got: Record<string, string> = {};
      for (const role of roles) got[role] = await comment(c[role], post.id);
      const blockedPost = await postOf(c.blocked);
      const blockerPost = await postOf(c.blocker);
      got.ownerOnBlocked = await comment(c.owner, blockedPost.id);
      got.ownerOnBlocker = await comment(c.owner, blockerPost.id);
      const no = "FORBIDDEN posts.commentBlocked";
      expect(got).toEqual({ owner: "ok", friend: "ok", follower: "ok", stranger: "ok", blocked: no, blocker: no, ownerOnBlocked: no, ownerOnBlocker: no });
      expect((await c.owner.client.trpc.posts.byId.query({ id: post.id })).comments).toBe(4);
    });

    test("a friends list hidden from non-friends: friends and the owner see it; strangers, followers, blocked people and guests do not", async () => {
      const c = await circle();
      const { owner } = c;
      const see = async (client: TestClient | null, userId = owner.user.id) => {
        const api = (client ?? createClient(srv)).trpc;
        const list = await api.friends.list.query({ userId }).then(
          (p) => `ok ${p.items.map((i) => (i.id === c.friend.user.id ? "friend" : i.id)).join(",")}`,
          (e) => `${e.data?.code} ${e.data?.reason}`,
        );
        const followers = client
          ? await api.friends.followers.query({ userId }).then(
              (p) => `ok ${p.items.length}`,
              (e) => `${e.data?.code} ${e.data?.reason}`,
            )
          : "n/a";
        const relation = client && client !== owner.client ? (await api.people.relation.query({ userId })).canSeeFriends : "n/a";
        return `${list} | followers ${followers} | canSeeFriends ${relation}`;
      };
      const hidden = "FORBIDDEN friends.listHidden | followers FORBIDDEN friends.listHidden | canSeeFriends false";
      const shown = "ok friend | followers ok 1 | canSeeFriends true";
      const everyoneSees: Record<string, string> = {
        owner: "ok friend | followers ok 1 | canSeeFriends n/a",
        friend: shown,
        follower: shown,
        stranger: shown,
        blocked: hidden,
        blocker: hidden,
        guest: "ok friend | followers n/a | canSeeFriends n/a",
      };
      const look = async () => {
        const got: Record<string, string> = {};
        for (const role of roles) got[role] = await see(c[role].client);
        got.guest = await see(null);
        return got;
      };
      expect(await look()).toEqual(everyoneSees);

      await owner.client.trpc.privacy.update.mutate({ chatFrom: "everyone", friendsListVisibleTo: "friends" });
      expect(await look()).toEqual({
        ...everyoneSees,
        follower: hidden,
        stranger: hidden,
        guest: "FORBIDDEN friends.listHidden | followers n/a | canSeeFriends n/a",
      });
      // The profile still counts them for everyone.
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username: owner.user.username })).counts).toMatchObject({ friends: 1, followers: 1 });
    });

    test("the friends feed holds my posts and my friends', nobody else's; a guest's is empty", async () => {
      const me = await named(srv, "Мирон", "Стрічка");
      const [f1, f2, follower, stranger] = await Promise.all([named(srv), named(srv), named(srv), named(srv)]);
      await befriend(me, f1);
      await befriend(f2, me);
      await follower.client.trpc.friends.request.mutate({ userId: me.user.id });
      await me.client.trpc.friends.decline.mutate({ userId: follower.user.id });
      const byWhom = new Map<number, string>();
      for (const [p, name] of [[me, "me"], [f1, "f1"], [f2, "f2"], [follower, "follower"], [stranger, "stranger"], [me, "me"]] as const) {
        byWhom.set((await postOf(p, { title: `від ${name}` })).id, name);
      }
      const feed = async (p: Person | null) => {
        const api = (p?.client ?? createClient(srv)).trpc;
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: number }[]; nextCursor: string | null } = await api.posts.feed.query({ friends: true, limit: 2, cursor });
          seen.push(...page.items.map((i) => byWhom.get(i.id) ?? `someone else's ${i.id}`));
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      expect(await feed(me)).toEqual(["me", "f2", "f1", "me"]);
      // f1's friends are me only: not f2.
      expect(await feed(f1)).toEqual(["me", "f1", "me"]);
      expect(await feed(follower)).toEqual(["follower"]);
      expect(await feed(null)).toEqual([]);
      // The whole feed still has everyone's.
      const all = (await me.client.trpc.posts.feed.query({ limit: 50 })).items.map((i) => byWhom.get(i.id)).filter(Boolean);
      expect(all).toEqual(["me", "stranger", "follower", "f2", "f1", "me"]);
      // A block ends the friendship, and with it the friend's posts in my friends feed.
      await me.client.trpc.blocks.add.mutate({ userId: f2.user.id });
      expect(await feed(me)).toEqual(["me", "f1", "me"]);
    });
  });
}
