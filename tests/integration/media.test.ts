import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { decodePng } from "../../server/features/media/png-crop.ts";
import { testBackends } from "../helpers/backends.ts";
import { createClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import {
  concat,
  containsBytes,
  makeExifApp1,
  makeGif,
  makeJpeg,
  makePng,
  makePngBomb,
  makeWebp,
  makeZip,
  withApp1,
} from "../fixtures/images.ts";
import {
  fetchVariant,
  mediaRows,
  quotaForOne,
  raceTwoUploads,
  refusal,
  signedIn,
  storedFiles,
  upload,
  uploadRaw,
} from "../fixtures/media-kit.ts";

const text = (s: string) => new TextEncoder().encode(s);

for (const backend of testBackends()) {
  describe(`uploading images (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("a JPEG, a PNG, a WebP and a GIF each become WebP variants of the right size", async () => {
      const { client } = await signedIn(srv);
      const cases = [
        { purpose: "post_image", bytes: await makeJpeg(2000, 1000), original: [2000, 1000], sizes: { full: [1600, 800], thumb: [400, 200] } },
        { purpose: "album_photo", bytes: makePng(300, 200), original: [300, 200], sizes: { full: [300, 200], thumb: [300, 200] } },
        { purpose: "signature", bytes: await makeWebp(1000, 3000), original: [1000, 3000], sizes: { full: [267, 800] } },
        { purpose: "chat_image", bytes: makeGif(600, 150, { frames: 2 }), original: [600, 150], sizes: { full: [600, 150], thumb: [400, 100] } },
      ];
      for (const c of cases) {
        const info = await upload(srv, client, c.purpose, c.bytes);
        expect(info).toMatchObject({ purpose: c.purpose, width: c.original[0], height: c.original[1] });
        expect(info.id).toMatch(/^[a-f0-9]{24}$/);
        expect(Object.keys(info.urls).sort()).toEqual(Object.keys(c.sizes).sort());
        let total = 0;
        for (const [name, [w, h]] of Object.entries(c.sizes)) {
          expect(info.urls[name]).toBe(`/media/${info.id}/${name}.webp`);
          const { res, bytes, meta } = await fetchVariant(srv, client, info.urls[name]!);
          expect(res.status).toBe(200);
          expect(res.headers.get("content-type")).toBe("image/webp");
          expect(meta).toEqual({ width: w!, height: h!, format: "webp" });
          total += bytes.length;
        }
        expect(info.bytes).toBe(total);
      }
    });

    test("an avatar is the centre square of the picture, at 96 and 512 px", async () => {
      const { client } = await signedIn(srv);
      const info = await upload(srv, client, "avatar", await makeJpeg(900, 600));
      expect(info).toMatchObject({ width: 900, height: 600 });
      for (const [name, side] of [["s96", 96], ["s512", 512]] as const) {
        const { meta, bytes } = await fetchVariant(srv, client, info.urls[name]!);
        expect(meta).toMatchObject({ width: side, height: side });
        // The source's red channel ramps 0→255 left to right: a centre crop starts at x = 150
        // (red ≈ 42); squashing the whole width into the square would start at red ≈ 0.
        const png = decodePng(await new Bun.Image(bytes).png().bytes());
        const red = (x: number) => png.pixels[Math.floor(side / 2) * png.stride + x * png.bpp]!;
        expect(red(0)).toBeGreaterThan(30);
        expect(red(0)).toBeLessThan(56);
        expect(red(side - 1)).toBeGreaterThan(200);
        expect(red(side - 1)).toBeLessThan(225);
      }
    });

    test("EXIF data with the GPS position is gone from every stored file, and the orientation is applied", async () => {
      const { client, user } = await signedIn(srv);
      const photo = withApp1(await makeJpeg(300, 200), makeExifApp1({ orientation: 6 }));
      expect(containsBytes(photo, "Exif")).toBeTrue();
      expect(containsBytes(photo, "SecretCam")).toBeTrue();
      const info = await upload(srv, client, "post_image", photo);
      expect([info.width, info.height]).toEqual([200, 300]); // rotated a quarter turn
      const [row] = await mediaRows(srv, user.id);
      expect(row?.id).toBe(info.id);
      for (const path of Object.values(info.urls)) {
        const { bytes, meta } = await fetchVariant(srv, client, path);
        expect(meta).toMatchObject({ width: 200, height: 300 });
        for (const marker of ["Exif", "EXIF", "SecretCam", "XMP "]) expect(containsBytes(bytes, marker)).toBeFalse();
        // No GPS rational (50/1) from the GPS IFD either.
        expect(containsBytes(bytes, new Uint8Array([0, 0, 0, 50, 0, 0, 0, 1]))).toBeFalse();
      }
      const onDisk = await readFile(join(srv.deps.env.DATA_DIR, "media", info.id, "full.webp"));
      expect(containsBytes(onDisk, "Exif")).toBeFalse();
    });

    test("refused uploads say why and leave nothing stored", async () => {
      const { client, user } = await signedIn(srv);
      const filesBefore = await storedFiles(srv);
      const jpeg = await makeJpeg(400, 300);
      const cases: Array<[string, string | null, Uint8Array, number, string]> = [
        ["a text file named .jpg", "post_image", text("definitely a photo, trust me\n".repeat(20)), 400, "media.unsupportedType"],
        ["an empty body", "post_image", new Uint8Array(), 400, "media.unsupportedType"],
        ["an SVG", "avatar", text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 400, "media.unsupportedType"],
        ["a truncated JPEG", "post_image", jpeg.subarray(0, Math.floor(jpeg.length * 0.7)), 400, "media.corrupt"],
        ["a JPEG with a script appended", "avatar", concat(jpeg, text("<script>alert(document.cookie)</script>")), 400, "media.corrupt"],
        ["a JPEG with a ZIP appended", "post_image", concat(jpeg, makeZip()), 400, "media.corrupt"],
        ["a PNG with HTML after IEND", "album_photo", concat(makePng(50, 50), text("<html><script>x</script>")), 400, "media.corrupt"],
        ["an unknown purpose", "wallpaper", jpeg, 400, "media.unknownPurpose"],
        ["no purpose at all", null, jpeg, 400, "media.unknownPurpose"],
      ];
      for (const [label, purpose, bytes, status, reason] of cases) {
        const res = await uploadRaw(srv, client, purpose, bytes);
        const r = await refusal(res);
        expect({ label, status: r.status, reason: r.reason, code: r.code }).toEqual({
          label,
          status,
          reason,
          code: "BAD_REQUEST",
        });
        expect(r.body.error.code).toBe(-32600);
      }
      expect(await mediaRows(srv, user.id)).toHaveLength(0);
      expect(await storedFiles(srv)).toEqual(filesBefore);
    });

    test("a 20000×20000 PNG bomb is refused from its header, quickly", async () => {
      const { client, user } = await signedIn(srv);
      const bomb = makePngBomb(20_000, 20_000);
      expect(bomb.length).toBeLessThan(100_000);
      const started = performance.now();
      const r = await refusal(await uploadRaw(srv, client, "album_photo", bomb));
      expect(r).toMatchObject({ status: 400, code: "BAD_REQUEST", reason: "media.tooManyPixels" });
      // Inflating 400 million pixels would take seconds and hundreds of MB; the header check does not.
      expect(performance.now() - started).toBeLessThan(1500);
      expect(await mediaRows(srv, user.id)).toHaveLength(0);
    });

    test("a guest cannot upload and a foreign Origin is refused", async () => {
      const jpeg = await makeJpeg(40, 40);
      const filesBefore = await storedFiles(srv);
      const guest = await refusal(await uploadRaw(srv, null, "avatar", jpeg));
      expect(guest).toMatchObject({ status: 401, code: "UNAUTHORIZED", reason: "auth.signInRequired" });
      const forged = await refusal(await uploadRaw(srv, null, "avatar", jpeg, { cookie: "wit_session=forged" }));
      expect(forged.status).toBe(401);

      const { user, client } = await signedIn(srv);
      const res = await uploadRaw(srv, client, "avatar", jpeg, { origin: "https://evil.example" });
      expect(await refusal(res)).toMatchObject({ status: 403, code: "FORBIDDEN", reason: "errors.foreignOrigin" });
      expect(await mediaRows(srv, user.id)).toHaveLength(0);
      expect(await storedFiles(srv)).toEqual(filesBefore);
    });

    test("storage usage is reported through tRPC", async () => {
      const { client } = await signedIn(srv);
      expect(await client.trpc.media.usage.query()).toEqual({ usedBytes: 0, quotaBytes: srv.deps.env.MEDIA_QUOTA_BYTES });
      const a = await upload(srv, client, "post_image", await makeJpeg(300, 300));
      const b = await upload(srv, client, "avatar", makePng(64, 64));
      expect((await client.trpc.media.usage.query()).usedBytes).toBe(a.bytes + b.bytes);
      const guest = await createClient(srv).trpc.media.usage.query().catch((e) => e);
      expect(guest.data?.code).toBe("UNAUTHORIZED");
    });
  });

  describe(`upload limits (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend, env: { MEDIA_MAX_BYTES: "8192", MEDIA_QUOTA_BYTES: "4000" } });
    });
    afterAll(() => srv.stop());

    test("a file over MEDIA_MAX_BYTES is refused with 413, by Content-Length or while streaming", async () => {
      const { client, user } = await signedIn(srv);
      const big = await makeJpeg(600, 400);
      expect(big.length).toBeGreaterThan(8192);
      const declared = await refusal(await uploadRaw(srv, client, "post_image", big));
      expect(declared).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE", reason: "media.tooLarge" });
      // No Content-Length: chunked, so only counting while reading can catch it.
      const chunks = Array.from({ length: 12 }, () => new Uint8Array(1024).fill(0x41));
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
      const streamed = await refusal(await uploadRaw(srv, client, "post_image", stream));
      expect(streamed).toMatchObject({ status: 413, reason: "media.tooLarge" });
      expect(await mediaRows(srv, user.id)).toHaveLength(0);
      expect(await storedFiles(srv)).toEqual([]);
    });

    test("an upload that would pass the storage quota is refused and stores nothing", async () => {
      const { client, user } = await signedIn(srv);
      const accepted: number[] = [];
      let refused: Awaited<ReturnType<typeof refusal>> | null = null;
      for (let i = 0; i < 20 && !refused; i++) {
        const res = await uploadRaw(srv, client, "post_image", await makeJpeg(120 + i, 90));
        if (res.status === 200) accepted.push(((await res.json()) as { bytes: number }).bytes);
        else refused = await refusal(res);
      }
      expect(refused).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE", reason: "media.quotaExceeded" });
      expect(accepted.length).toBeGreaterThan(0);
      const used = accepted.reduce((a, b) => a + b, 0);
      expect(used).toBeLessThanOrEqual(4000);
      expect(await client.trpc.media.usage.query()).toEqual({ usedBytes: used, quotaBytes: 4000 });
      expect(await mediaRows(srv, user.id)).toHaveLength(accepted.length);
      expect((await storedFiles(srv)).length).toBe(accepted.length * 2);
    });

    test("uploads are rate limited per person", async () => {
      const { client } = await signedIn(srv);
      const junk = text("not an image");
      let status = 0;
      for (let i = 0; i < 205 && status !== 429; i++) status = (await uploadRaw(srv, client, "post_image", junk)).status;
      expect(status).toBe(429);
      const res = await uploadRaw(srv, client, "post_image", junk);
      const r = await refusal(res);
      expect(r).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "errors.rateLimited" });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      // Someone else is not affected.
      const other = await signedIn(srv);
      expect((await uploadRaw(srv, other.client, "post_image", junk)).status).toBe(400);
    });
  });

  describe(`two uploads at once near the quota (${backend.name})`, () => {
    let srv: TestServer;
    let photo: Uint8Array;
    beforeAll(async () => {
      photo = await makeJpeg(320, 240);
      srv = await startTestServer({ backend, env: { MEDIA_QUOTA_BYTES: String(await quotaForOne("post_image", photo)) } });
    });
    afterAll(() => srv.stop());

    test("only one is stored when only one fits, and the other leaves no files behind", async () => {
      const { client, user } = await signedIn(srv);
      const { statuses, refused, accepted } = await raceTwoUploads(srv, client, "post_image", photo);
      expect(statuses).toEqual([200, 413]);
      expect(refused).toMatchObject({ reason: "media.quotaExceeded" });
      expect((await mediaRows(srv, user.id)).map((r) => r.id)).toEqual([accepted!.id]);
      expect(await storedFiles(srv)).toEqual([`${accepted!.id}/full.webp`, `${accepted!.id}/thumb.webp`]);
    });
  });
}
