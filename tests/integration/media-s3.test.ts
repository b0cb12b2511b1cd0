/**
 * The media pipeline on S3 storage (Bun.S3Client), against an S3-compatible server given by
 * TEST_S3_URL — e.g. `moto_server -H 127.0.0.1 -p 5123` and TEST_S3_URL=http://127.0.0.1:5123.
 * Each run creates its own bucket with an unsigned PUT (what moto accepts); for a server that
 * needs signed bucket creation, set TEST_S3_BUCKET to an existing, empty bucket.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { testBackends } from "../helpers/backends.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { concat, makeJpeg, makeZip } from "../fixtures/images.ts";
import { fetchVariant, mediaRows, quotaForOne, raceTwoUploads, refusal, signedIn, storedFiles, upload, uploadRaw } from "../fixtures/media-kit.ts";

const s3Url = process.env.TEST_S3_URL;
const credentials = {
  region: process.env.TEST_S3_REGION ?? "us-east-1",
  accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID ?? "test",
  secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY ?? "test",
};

// Optional even under CI=true: CI runs it when the machine has moto_server (see .ci/run).
if (!s3Url) console.warn("[tests] TEST_S3_URL not set: the S3 media storage suite is skipped");

const backend = testBackends()[0]!;
describe.skipIf(!s3Url)(`media on S3 storage (${backend.name})`, () => {
  let srv: TestServer;
  let bucket: Bun.S3Client;
  let photo: Uint8Array;
  beforeAll(async () => {
    if (!s3Url) throw new Error("the S3 suite runs only with TEST_S3_URL");
    const name = process.env.TEST_S3_BUCKET ?? `wit-test-${crypto.randomUUID().slice(0, 8)}`;
    if (!process.env.TEST_S3_BUCKET) {
      const created = await fetch(`${s3Url.replace(/\/$/, "")}/${name}`, { method: "PUT" });
      if (!created.ok) throw new Error(`could not create bucket ${name}: ${created.status} ${await created.text()}`);
    }
    bucket = new Bun.S3Client({ bucket: name, endpoint: s3Url, ...credentials });
    photo = await makeJpeg(320, 240);
    srv = await startTestServer({
      backend,
      env: {
        S3_BUCKET: name,
        S3_ENDPOINT: s3Url,
        S3_REGION: credentials.region,
        S3_ACCESS_KEY_ID: credentials.accessKeyId,
        S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        MEDIA_QUOTA_BYTES: String(await quotaForOne("post_image", photo)),
      },
    });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  test("an upload is stored as WebP objects in the bucket, served with an ETag, and removed with its row", async () => {
    const { client, user } = await signedIn(srv);
    const info = await upload(srv, client, "chat_image", await makeJpeg(200, 100));
    const keys = await storedFiles(srv, bucket);
    expect(keys).toContain(`media/${info.id}/full.webp`);
    expect(keys).toContain(`media/${info.id}/thumb.webp`);
    expect((await bucket.file(`media/${info.id}/full.webp`).stat()).type).toBe("image/webp");
    expect((await storedFiles(srv)).length).toBe(0); // nothing on the local disk

    const { res, meta } = await fetchVariant(srv, client, info.urls.full!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(meta).toMatchObject({ width: 200, height: 100 });
    const again = await fetchVariant(srv, client, info.urls.full!, { "if-none-match": res.headers.get("etag")! });
    expect(again.res.status).toBe(304);
    expect((await fetchVariant(srv, null, info.urls.full!)).res.status).toBe(404); // private

    await srv.deps.services.media.remove(user.id, info.id);
    expect((await storedFiles(srv, bucket)).filter((k) => k.includes(info.id))).toEqual([]);
    expect((await fetchVariant(srv, client, info.urls.full!)).res.status).toBe(404);
  });

  test("refused uploads leave nothing in the bucket, including the loser of a race for the quota", async () => {
    const { client, user } = await signedIn(srv);
    const before = await storedFiles(srv, bucket);
    const polyglot = await refusal(await uploadRaw(srv, client, "post_image", concat(photo, makeZip())));
    expect(polyglot.reason).toBe("media.corrupt");
    expect(await storedFiles(srv, bucket)).toEqual(before);

    const { statuses, accepted } = await raceTwoUploads(srv, client, "post_image", photo);
    expect(statuses).toEqual([200, 413]);
    expect((await mediaRows(srv, user.id)).map((r) => r.id)).toEqual([accepted!.id]);
    expect(await storedFiles(srv, bucket)).toEqual(
      [...before, `media/${accepted!.id}/full.webp`, `media/${accepted!.id}/thumb.webp`].sort(),
    );
  });
});
