import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MediaInfo } from "../../shared/media.ts";
import { testBackends } from "../helpers/backends.ts";
import { makeJpeg, makePng } from "../fixtures/images.ts";
import { fetchVariant, signedIn, storedFiles, upload } from "../fixtures/media-kit.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import type { TestClient } from "../helpers/client.ts";

for (const backend of testBackends()) {
  describe(`serving images (${backend.name})`, () => {
    let srv: TestServer;
    let owner: TestClient;
    let other: TestClient;
    let otherId: string;
    let avatar: MediaInfo;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
      owner = (await signedIn(srv)).client;
      ({ client: other, user: { id: otherId } } = await signedIn(srv));
      avatar = await upload(srv, owner, "avatar", makePng(120, 80));
    });
    afterAll(() => srv.stop());

    test("a public image is WebP only, cached for a year, with a strong ETag and nosniff", async () => {
      const { res, bytes } = await fetchVariant(srv, null, avatar.urls.s96!);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/webp");
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("etag")).toMatch(/^"[\w-]{20,}"$/);
      expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
      expect(new TextDecoder().decode(bytes.subarray(8, 12))).toBe("WEBP");
      const other512 = await fetchVariant(srv, null, avatar.urls.s512!);
      expect(other512.res.headers.get("etag")).not.toBe(res.headers.get("etag"));
    });

    test("If-None-Match with the current ETag gets 304 and no body; a stale one gets the image", async () => {
      const first = await fetchVariant(srv, null, avatar.urls.s512!);
      const etag = first.res.headers.get("etag")!;
      for (const header of [etag, `W/${etag}`, `"nope", ${etag}`]) {
        const again = await fetchVariant(srv, null, avatar.urls.s512!, { "if-none-match": header });
        expect(again.res.status).toBe(304);
        expect(again.bytes.length).toBe(0);
        expect(again.res.headers.get("etag")).toBe(etag);
        expect(again.res.headers.get("cache-control")).toContain("immutable");
      }
      const stale = await fetchVariant(srv, null, avatar.urls.s512!, { "if-none-match": '"something-else"' });
      expect(stale.res.status).toBe(200);
      expect(stale.bytes).toEqual(first.bytes);
    });

    test("unknown ids, variants and file types are 404", async () => {
      const missing = [
        `/media/${avatar.id}/full.webp`, // a photo variant, not an avatar one
        `/media/${avatar.id}/s96.png`,
        `/media/${avatar.id}/s96`,
        `/media/${avatar.id}/S96.webp`,
        `/media/${"0".repeat(24)}/s96.webp`,
        "/media/not-an-id/s96.webp",
        `/media/${avatar.id}/..%2f..%2fworld-it.sqlite`,
        `/media/${avatar.id}`,
      ];
      for (const path of missing) {
        const res = await fetch(`${srv.url}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.headers.get("content-type")).not.toBe("image/webp");
      }
    });

    test("a private image is served to its owner only; others and guests get 404 as if it did not exist", async () => {
      for (const purpose of ["chat_image", "album_photo"] as const) {
        const info = await upload(srv, owner, purpose, await makeJpeg(200, 100));
        const mine = await fetchVariant(srv, owner, info.urls.full!);
        expect(mine.res.status).toBe(200);
        expect(mine.res.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
        for (const viewer of [other, null]) {
          const res = (await fetchVariant(srv, viewer, info.urls.thumb!)).res;
          expect(res.status).toBe(404);
          expect(res.headers.get("etag")).toBeNull();
        }
        // Not even a 304 leaks to someone who guesses the ETag.
        const guess = await fetchVariant(srv, other, info.urls.full!, { "if-none-match": mine.res.headers.get("etag")! });
        expect(guess.res.status).toBe(404);
        expect(await srv.deps.services.media.canView(info.id, null)).toBeFalse();
      }
    });

    test("a removed image is gone from the database and storage and is no longer served", async () => {
      const { client, user } = await signedIn(srv);
      const info = await upload(srv, client, "post_image", await makeJpeg(64, 64));
      expect((await fetchVariant(srv, null, info.urls.full!)).res.status).toBe(200);
      await srv.deps.services.media.remove(otherId, info.id); // not theirs: kept
      expect((await fetchVariant(srv, null, info.urls.full!)).res.status).toBe(200);
      await srv.deps.services.media.remove(user.id, info.id);
      expect((await fetchVariant(srv, null, info.urls.full!)).res.status).toBe(404);
      expect(await srv.deps.services.media.infoMany([info.id])).toEqual(new Map());
      expect((await storedFiles(srv)).filter((f) => f.startsWith(info.id))).toEqual([]);
    });
  });
}
