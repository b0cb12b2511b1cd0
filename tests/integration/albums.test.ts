import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { sql } from "kysely";
import type { MediaInfo } from "../../shared/media.ts";
import { makeJpeg, makePng } from "../fixtures/images.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient, registerAndVerify, rejection, type TestClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const fields = { title: "Карпати 2024", theme: "гори", year: 2024, visibility: "everyone" as const };

for (const backend of testBackends()) {
  describe(`albums (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    async function person() {
      const client = createClient(srv);
      const { username, user } = await registerAndVerify(srv, client);
      return { client, username, id: user.id };
    }

    async function upload(client: TestClient, bytes: Uint8Array = makePng(40, 30)): Promise<MediaInfo> {
      const res = await client.fetch(`${srv.url}/api/media?purpose=album_photo`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: bytes as Uint8Array<ArrayBuffer>,
      });
      if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as MediaInfo;
    }

    /** HTTP status of a media variant as this client (or a guest) sees it. */
    async function mediaStatus(info: MediaInfo, client?: TestClient) {
      const url = `${srv.url}${info.urls.full}`;
      const res = client ? await client.fetch(url) : await fetch(url);
      await res.arrayBuffer();
      return res.status;
    }

    const mediaRows = async (ids: string[]) =>
      (await sql<{ id: string }>`select id from media where id in (${sql.join(ids)})`.execute(srv.deps.db.db)).rows.length;

    /** Files under DATA_DIR whose path names one of these media. */
    const filesOf = (ids: string[]) =>
      readdirSync(srv.deps.env.DATA_DIR, { recursive: true, encoding: "utf8" }).filter((p) => ids.some((id) => p.includes(id)));

    test("an owner creates, edits and deletes an album", async () => {
      const alice = await person();
      const created = await alice.client.trpc.albums.create.mutate(fields);
      expect(created).toMatchObject({ ...fields, ownerId: alice.id, ownerUsername: alice.username, photoCount: 0, cover: null, photos: [], isOwner: true });
      expect(created.id).toMatch(/^[a-f0-9]{24}$/);

      const updated = await alice.client.trpc.albums.update.mutate({ id: created.id, title: "  Говерла ", theme: "", year: null, visibility: "only_me" });
      expect(updated).toMatchObject({ title: "Говерла", theme: "", year: null, visibility: "only_me" });
      expect(updated.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);

      const second = await alice.client.trpc.albums.create.mutate({ ...fields, title: "Море" });
      const list = await alice.client.trpc.albums.list.query({ username: alice.username });
      expect(list.map((a) => a.title)).toEqual(["Море", "Говерла"]);

      expect(await alice.client.trpc.albums.remove.mutate({ id: created.id })).toEqual({ ok: true });
      const gone = await rejection(alice.client.trpc.albums.byId.query({ id: created.id }));
      expect(gone.data).toMatchObject({ code: "NOT_FOUND", reason: "albums.notFound" });
      expect((await alice.client.trpc.albums.list.query({ username: alice.username })).map((a) => a.id)).toEqual([second.id]);
    });

    test("photos are added in order, captioned, reordered, given a cover and removed", async () => {
      const alice = await person();
      const album = await alice.client.trpc.albums.create.mutate(fields);
      const [a, b, c] = [await upload(alice.client), await upload(alice.client, await makeJpeg(64, 48)), await upload(alice.client)];
      const added = await alice.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [a!.id, b!.id] });
      expect(added.map((p) => p.media.id)).toEqual([a!.id, b!.id]);
      expect(added[1]!.media).toMatchObject({ purpose: "album_photo", width: 64, height: 48 });
      const [third] = await alice.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [c!.id] });
      const [pa, pb] = added;

      const captioned = await alice.client.trpc.albums.updatePhoto.mutate({ photoId: pb!.id, caption: "  На вершині  " });
      expect(captioned).toMatchObject({ id: pb!.id, caption: "На вершині", media: { id: b!.id } });

      const reordered = await alice.client.trpc.albums.reorder.mutate({ albumId: album.id, photoIds: [third!.id, pb!.id, pa!.id] });
      expect(reordered.photos.map((p) => [p.media.id, p.caption])).toEqual([[c!.id, ""], [b!.id, "На вершині"], [a!.id, ""]]);
      expect(reordered.cover?.id).toBe(c!.id); // no cover chosen: the first photo

      const covered = await alice.client.trpc.albums.setCover.mutate({ albumId: album.id, photoId: pb!.id });
      expect(covered.cover?.id).toBe(b!.id);
      const [summary] = await createClient(srv).trpc.albums.list.query({ username: alice.username });
      expect(summary).toMatchObject({ id: album.id, photoCount: 3, cover: { id: b!.id } });

      // Removing the cover: its media goes too, and the cover falls back to the first photo.
      expect(await alice.client.trpc.albums.removePhoto.mutate({ photoId: pb!.id })).toEqual({ ok: true });
      const after = await alice.client.trpc.albums.byId.query({ id: album.id });
      expect(after.photos.map((p) => p.media.id)).toEqual([c!.id, a!.id]);
      expect(after).toMatchObject({ photoCount: 2, cover: { id: c!.id } });
      expect(await mediaStatus(b!, alice.client)).toBe(404);
      expect(await mediaRows([b!.id])).toBe(0);
    });

    test("the same media cannot be in two albums, nor twice in one request", async () => {
      const alice = await person();
      const one = await alice.client.trpc.albums.create.mutate(fields);
      const two = await alice.client.trpc.albums.create.mutate(fields);
      const m = await upload(alice.client);
      await alice.client.trpc.albums.addPhotos.mutate({ albumId: one.id, mediaIds: [m.id] });
      const again = await rejection(alice.client.trpc.albums.addPhotos.mutate({ albumId: two.id, mediaIds: [m.id] }));
      expect(again.data).toMatchObject({ code: "CONFLICT", reason: "albums.photoInAnotherAlbum" });
      const fresh = await upload(alice.client);
      const twice = await rejection(alice.client.trpc.albums.addPhotos.mutate({ albumId: two.id, mediaIds: [fresh.id, fresh.id] }));
      expect(twice.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { mediaIds: ["albums.duplicateMedia"] } });
    });

    test("adding one media to several albums at once: one wins, the others get CONFLICT", async () => {
      const alice = await person();
      const albums = await Promise.all([1, 2, 3, 4].map(() => alice.client.trpc.albums.create.mutate(fields)));
      const m = await upload(alice.client);
      const results = await Promise.allSettled(albums.map((a) => alice.client.trpc.albums.addPhotos.mutate({ albumId: a.id, mediaIds: [m.id] })));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason.data).toMatchObject({ code: "CONFLICT", reason: "albums.photoInAnotherAlbum" });
      }
    });

    test("adding someone else's media, or a media uploaded for another purpose, is refused", async () => {
      const alice = await person();
      const bob = await person();
      const album = await alice.client.trpc.albums.create.mutate(fields);
      const bobs = await upload(bob.client);
      const err = await rejection(alice.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [bobs.id] }));
      expect(err.data).toMatchObject({ code: "NOT_FOUND", reason: "albums.mediaNotFound" });

      const res = await alice.client.fetch(`${srv.url}/api/media?purpose=post_image`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: makePng(20, 20) as Uint8Array<ArrayBuffer>,
      });
      expect(res.status).toBe(200);
      const postImage = (await res.json()) as MediaInfo;
      const wrong = await rejection(alice.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [postImage.id] }));
      expect(wrong.data).toMatchObject({ code: "NOT_FOUND", reason: "albums.mediaNotFound" });
      expect((await alice.client.trpc.albums.byId.query({ id: album.id })).photos).toEqual([]);
    });

    test("someone else's album or photo cannot be edited or deleted", async () => {
      const alice = await person();
      const bob = await person();
      const album = await alice.client.trpc.albums.create.mutate(fields);
      const [photo] = await alice.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [(await upload(alice.client)).id] });
      const bobsMedia = await upload(bob.client);
      const attempts = [
        () => bob.client.trpc.albums.update.mutate({ id: album.id, ...fields, title: "mine now" }),
        () => bob.client.trpc.albums.remove.mutate({ id: album.id }),
        () => bob.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [bobsMedia.id] }),
        () => bob.client.trpc.albums.updatePhoto.mutate({ photoId: photo!.id, caption: "mine" }),
        () => bob.client.trpc.albums.removePhoto.mutate({ photoId: photo!.id }),
        () => bob.client.trpc.albums.reorder.mutate({ albumId: album.id, photoIds: [photo!.id] }),
        () => bob.client.trpc.albums.setCover.mutate({ albumId: album.id, photoId: photo!.id }),
      ];
      for (const attempt of attempts) {
        expect((await rejection(attempt())).data).toMatchObject({ code: "FORBIDDEN", reason: "albums.notOwner" });
      }
      const guest = await rejection(createClient(srv).trpc.albums.remove.mutate({ id: album.id }));
      expect(guest.data?.code).toBe("UNAUTHORIZED");
      const intact = await alice.client.trpc.albums.byId.query({ id: album.id });
      expect(intact).toMatchObject({ title: fields.title, photos: [{ id: photo!.id, caption: "" }] });
      expect(await mediaStatus(photo!.media, alice.client)).toBe(200);
    });

    for (const visibility of ["only_me", "friends"] as const) {
      test(`${visibility} albums and their photos are hidden from others and guests, not from the owner`, async () => {
        const alice = await person();
        const bob = await person();
        const guest = createClient(srv);
        const open = await alice.client.trpc.albums.create.mutate(fields);
        const hidden = await alice.client.trpc.albums.create.mutate({ ...fields, visibility });
        const [openPhoto] = await alice.client.trpc.albums.addPhotos.mutate({ albumId: open.id, mediaIds: [(await upload(alice.client)).id] });
        const [hiddenPhoto] = await alice.client.trpc.albums.addPhotos.mutate({ albumId: hidden.id, mediaIds: [(await upload(alice.client)).id] });

        for (const viewer of [bob.client, guest]) {
          const byId = await rejection(viewer.trpc.albums.byId.query({ id: hidden.id }));
          expect(byId.data).toMatchObject({ code: "NOT_FOUND", reason: "albums.notFound" });
          expect((await viewer.trpc.albums.list.query({ username: alice.username })).map((a) => a.id)).toEqual([open.id]);
          expect(await mediaStatus(hiddenPhoto!.media, viewer)).toBe(404);
          expect(await mediaStatus(openPhoto!.media, viewer)).toBe(200);
        }
        // Editing an album you cannot see looks the same as editing one that does not exist.
        const edit = await rejection(bob.client.trpc.albums.update.mutate({ id: hidden.id, ...fields }));
        expect(edit.data).toMatchObject({ code: "NOT_FOUND", reason: "albums.notFound" });
        const removePhoto = await rejection(bob.client.trpc.albums.removePhoto.mutate({ photoId: hiddenPhoto!.id }));
        expect(removePhoto.data).toMatchObject({ code: "NOT_FOUND", reason: "albums.photoNotFound" });

        expect(await mediaStatus(hiddenPhoto!.media, alice.client)).toBe(200);
        expect(await alice.client.trpc.albums.byId.query({ id: hidden.id })).toMatchObject({ visibility, isOwner: true, photoCount: 1 });
        expect(await alice.client.trpc.albums.list.query({ username: alice.username })).toHaveLength(2);
        expect(await srv.deps.services.albums.countFor(alice.id, bob.id)).toBe(1);
        expect(await srv.deps.services.albums.countFor(alice.id, alice.id)).toBe(2);
      });
    }

    test("a photo not yet in an album is served to its owner only", async () => {
      const alice = await person();
      const bob = await person();
      const loose = await upload(alice.client);
      expect(await mediaStatus(loose, alice.client)).toBe(200);
      expect(await mediaStatus(loose, bob.client)).toBe(404);
      expect(await mediaStatus(loose)).toBe(404);
    });

    test("deleting an album removes its photos' media rows and files", async () => {
      const alice = await person();
      const album = await alice.client.trpc.albums.create.mutate(fields);
      const media = [await upload(alice.client), await upload(alice.client)];
      const ids = media.map((m) => m.id);
      await alice.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: ids });
      expect(await mediaRows(ids)).toBe(2);
      expect(filesOf(ids).length).toBeGreaterThan(0);

      await alice.client.trpc.albums.remove.mutate({ id: album.id });
      expect(await mediaRows(ids)).toBe(0);
      expect(filesOf(ids)).toEqual([]);
      for (const m of media) expect(await mediaStatus(m, alice.client)).toBe(404);
      const rows = await srv.deps.db.db.selectFrom("album_photos").select("id").where("album_id", "=", album.id).execute();
      expect(rows).toEqual([]);
    });

    test("a reorder that is not exactly the album's photos is refused", async () => {
      const alice = await person();
      const album = await alice.client.trpc.albums.create.mutate(fields);
      const photos = await alice.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [(await upload(alice.client)).id, (await upload(alice.client)).id] });
      const [p1, p2] = photos.map((p) => p.id) as [string, string];
      for (const photoIds of [[p1], [p1, p2, p2], [p1, p1]]) {
        const err = await rejection(alice.client.trpc.albums.reorder.mutate({ albumId: album.id, photoIds }));
        expect(err.data).toMatchObject({ code: "BAD_REQUEST", reason: "albums.reorderMismatch" });
      }
      expect((await alice.client.trpc.albums.byId.query({ id: album.id })).photos.map((p) => p.id)).toEqual([p1, p2]);
    });

    test("bad input gets field errors", async () => {
      const alice = await person();
      const err = await rejection(
        alice.client.trpc.albums.create.mutate({ title: "   ", theme: "x".repeat(101), year: 1800, visibility: "public" as never }),
      );
      expect(err.data).toMatchObject({
        code: "BAD_REQUEST",
        reason: "errors.invalidInput",
        fieldErrors: {
          title: ["validation.required"],
          theme: ["validation.themeTooLong"],
          year: ["validation.year"],
          visibility: ["albums.invalidVisibility"],
        },
      });
      const ids = await rejection(alice.client.trpc.albums.addPhotos.mutate({ albumId: "nope", mediaIds: [] }));
      expect(ids.data?.fieldErrors).toMatchObject({ albumId: ["albums.invalidId"], mediaIds: ["validation.required"] });
      const caption = await rejection(alice.client.trpc.albums.updatePhoto.mutate({ photoId: "a".repeat(24), caption: "x".repeat(501) }));
      expect(caption.data?.fieldErrors).toEqual({ caption: ["validation.captionTooLong"] });
      const unknown = await rejection(createClient(srv).trpc.albums.list.query({ username: "nobody_here_at_all" }));
      expect(unknown.data).toMatchObject({ code: "NOT_FOUND", reason: "albums.ownerNotFound" });
    });
  });
}
