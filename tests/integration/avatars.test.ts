import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makePng } from "../fixtures/images.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, registerAndVerify, rejection } from "../helpers/client.ts";
import { upload } from "../fixtures/media-kit.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`avatars and the signature image (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a new avatar becomes active, an older one can be picked again, and deleting the active one falls back", async () => {
      const me = createClient(srv);
      const { username } = await registerAndVerify(srv, me);
      expect((await me.trpc.auth.me.query())?.avatarId).toBeNull();

      const first = await upload(srv, me, "avatar", makePng(300, 200));
      await me.trpc.avatars.add.mutate({ mediaId: first.id });
      const second = await upload(srv, me, "avatar", makePng(120, 120));
      await me.trpc.avatars.add.mutate({ mediaId: second.id });

      let list = await me.trpc.avatars.list.query();
      expect(list.map((a) => [a.media.id, a.active])).toEqual([[second.id, true], [first.id, false]]);
      expect((await me.trpc.auth.me.query())?.avatarId).toBe(second.id);
      const profile = await createClient(srv).trpc.profiles.byUsername.query({ username });
      expect(profile.avatar?.id).toBe(second.id);
      expect((await fetch(`${srv.url}${profile.avatar!.urls.s96}`)).status).toBe(200);

      await me.trpc.avatars.setActive.mutate({ mediaId: first.id });
      list = await me.trpc.avatars.list.query();
      expect(list.find((a) => a.active)?.media.id).toBe(first.id);

      await me.trpc.avatars.remove.mutate({ mediaId: first.id });
      list = await me.trpc.avatars.list.query();
      expect(list.map((a) => [a.media.id, a.active])).toEqual([[second.id, true]]);
      expect((await fetch(`${srv.url}${first.urls.s96}`)).status).toBe(404);

      await me.trpc.avatars.remove.mutate({ mediaId: second.id });
      expect(await me.trpc.avatars.list.query()).toEqual([]);
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username })).avatar).toBeNull();
    });

    test("someone else's image cannot become my avatar, and a photo upload cannot be used as one", async () => {
      const alice = createClient(srv);
      await registerAndVerify(srv, alice);
      const bob = createClient(srv);
      await registerAndVerify(srv, bob);
      const alicesAvatar = await upload(srv, alice, "avatar", makePng(64, 64));
      const stolen = await rejection(bob.trpc.avatars.add.mutate({ mediaId: alicesAvatar.id }));
      expect(stolen.data).toMatchObject({ code: "NOT_FOUND", reason: "media.notFound" });
      const photo = await upload(srv, bob, "album_photo", makePng(64, 64));
      const wrongPurpose = await rejection(bob.trpc.avatars.add.mutate({ mediaId: photo.id }));
      expect(wrongPurpose.data?.code).toBe("NOT_FOUND");
      const notMine = await rejection(bob.trpc.avatars.remove.mutate({ mediaId: alicesAvatar.id }));
      expect(notMine.data?.code).toBe("NOT_FOUND");
      expect((await fetch(`${srv.url}${alicesAvatar.urls.s96}`)).status).toBe(200);
    });

    test("a signature image can be set, replaced (the old one is deleted) and removed", async () => {
      const me = createClient(srv);
      const { username } = await registerAndVerify(srv, me);
      const one = await upload(srv, me, "signature", makePng(400, 100));
      await me.trpc.signature.set.mutate({ mediaId: one.id });
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username })).signature?.id).toBe(one.id);
      const two = await upload(srv, me, "signature", makePng(400, 120));
      await me.trpc.signature.set.mutate({ mediaId: two.id });
      expect((await fetch(`${srv.url}${one.urls.full}`)).status).toBe(404);
      await me.trpc.signature.remove.mutate();
      expect((await createClient(srv).trpc.profiles.byUsername.query({ username })).signature).toBeNull();
      expect((await fetch(`${srv.url}${two.urls.full}`)).status).toBe(404);
      expect((await me.trpc.settings.get.query()).storage.usedBytes).toBe(0);
    });
  });
}
