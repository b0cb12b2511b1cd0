/**
 * "Download my data" (#17): the archive holds everything of the person's own (and nothing anyone
 * else wrote), is built in the background with live progress, is mailed about, opens only for its
 * signed-in owner, and is gone after seven days.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { ExportInfo } from "../../shared/data-export.ts";
import { containsBytes, makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { expectValidFrames, is, person, sendOk, type Person } from "../helpers/chat.ts";
import { rejection } from "../helpers/client.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { startTestServer, useInstancePair, type TestServer } from "../helpers/test-server.ts";
import { befriend } from "./friends-kit.ts";

const DAY = 86_400_000;

/** Polls `latest` until the export is ready (or fails the test when it failed or the deadline passed). */
async function readyExport(p: Person, deadlineMs = 30_000): Promise<ExportInfo> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const info = await p.client.trpc.dataExport.latest.query();
    if (info?.status === "ready") return info;
    if (info?.status === "failed") throw new Error("the export failed");
    if (Date.now() > deadline) throw new Error(`the export is not ready in time: ${JSON.stringify(info)}`);
    await Bun.sleep(25);
  }
}

const download = (srv: TestServer, p: Person | null, path: string) => (p ? p.client.fetch(`${srv.url}${path}`) : fetch(`${srv.url}${path}`));

async function notFound(res: Response) {
  const body = (await res.json()) as { error: { data: { code: string; httpStatus: number; reason: string } } };
  return { status: res.status, code: body.error.data.code, reason: body.error.data.reason };
}
const NOT_FOUND = { status: 404, code: "NOT_FOUND", reason: "dataExport.notFound" };

const fileOf = (srv: TestServer, userId: string, exportId: string) => join(srv.deps.env.DATA_DIR, "exports", userId, `${exportId}.zip`);

/** An export some instance is building (a running row), its lease good until `claimedUntil`. */
const insertRunning = (srv: TestServer, userId: string, row: { id: string; progress: number; createdAt: number; claimedUntil: number }) =>
  srv.deps.db.db
    .insertInto("data_exports")
    .values({ id: row.id, user_id: userId, status: "running", progress: row.progress, file_key: null, size_bytes: null, error: null, created_at: row.createdAt, finished_at: null, expires_at: null, claimed_until: row.claimedUntil })
    .execute();

for (const backend of testBackends()) {
  describe(`data export (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    test("the archive holds the person's profile, posts, comments, albums, friends and only the messages they wrote, with the original images", async () => {
      const [me, friend, third] = [await person(srv), await person(srv), await person(srv)];
      const email = (await me.client.trpc.settings.get.query()).email;

      const avatar = await upload(srv, me.client, "avatar", makePng(64, 64));
      await me.client.trpc.avatars.add.mutate({ mediaId: avatar.id });
      const postImage = await upload(srv, me.client, "post_image", makePng(40, 30));
      const post = await me.client.trpc.posts.create.mutate({
        title: "Мій пост",
        body: "Текст мого поста",
        tags: ["bun", "solid"],
        links: ["https://example.com/read"],
        imageIds: [postImage.id],
      });
      const friendsPost = await friend.client.trpc.posts.create.mutate({ title: "Пост друга", body: "Текст друга", tags: [], links: [], imageIds: [] });
      await me.client.trpc.comments.create.mutate({ postId: friendsPost.id, body: "мій коментар" });
      await friend.client.trpc.comments.create.mutate({ postId: post.id, body: "коментар друга під моїм постом" });
      const album = await me.client.trpc.albums.create.mutate({ title: "Карпати", theme: "гори", year: 2025, visibility: "friends" });
      const photoMedia = await upload(srv, me.client, "album_photo", makePng(50, 20));
      const [photo] = await me.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [photoMedia.id] });
      await befriend(me, friend);
      await third.client.trpc.friends.request.mutate({ userId: me.user.id });

      const personal = await me.client.trpc.chats.openPersonal.mutate({ userId: friend.user.id });
      const chatImage = await upload(srv, me.client, "chat_image", makePng(30, 30));
      const friendsImage = await upload(srv, friend.client, "chat_image", makePng(31, 29));
      await sendOk(me.sock, personal.id, "мій привіт у особистому", { imageIds: [chatImage.id] });
      await sendOk(friend.sock, personal.id, "таємниця друга", { imageIds: [friendsImage.id] });
      const group = await me.client.trpc.chats.createGroup.mutate({ name: "Похід", memberIds: [friend.user.id, third.user.id] });
      await sendOk(third.sock, group.id, "слова третьої людини");
      await sendOk(me.sock, group.id, "моє в групі");

      const started = await me.client.trpc.dataExport.start.mutate();
      expect(started).toMatchObject({ status: "queued", progress: 0, downloadUrl: null });
      const info = await readyExport(me);
      expect(info).toMatchObject({ id: started.id, status: "ready", progress: 100, downloadUrl: `/api/exports/${started.id}/download` });
      expect(info.expiresAt).toBe(info.finishedAt! + 7 * DAY);

      // Progress went live to the owner's socket, never backwards, and ended at 100.
      const last = await me.sock.next(is("export.progress", (e) => e.exportId === started.id && e.status === "ready"));
      expect(last).toMatchObject({ progress: 100 });
      const progress = me.sock.frames.filter((f) => f.type === "export.progress" && f.exportId === started.id).map((f) => (f as { progress: number }).progress);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(friend.sock.frames.some((f) => f.type === "export.progress")).toBe(false);
      expectValidFrames(me.sock);

      const mail = await srv.mail.next(email);
      expect(mail.subject).toBe("Ваші дані World IT готові");
      expect(mail.text).toContain("/settings#settings-data");

      const res = await download(srv, me, info.downloadUrl!);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/zip");
      const date = new Date(info.finishedAt!).toISOString().slice(0, 10);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="world-it-${me.user.username}-${date}.zip"`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes.length).toBe(info.sizeBytes!);
      const zip = unzipSync(bytes);
      const json = (name: string) => JSON.parse(strFromU8(zip[name]!)) as any;

      expect(Object.keys(zip)).toEqual(
        expect.arrayContaining(["profile.json", "posts.json", "comments.json", "albums/index.json", `albums/${album.id}/album.json`, "friends.json", "messages.json", "README.txt"]),
      );
      const profile = json("profile.json");
      expect(profile).toMatchObject({ id: me.user.id, username: me.user.username, email });
      expect(profile.settings).toMatchObject({ chatFrom: expect.any(String), friendsListVisibleTo: expect.any(String) });
      expect(profile.avatars).toEqual([expect.objectContaining({ mediaId: avatar.id, current: true, file: `images/avatars/${avatar.id}.webp` })]);
      expect(JSON.stringify(profile)).not.toContain("password");

      const posts = json("posts.json");
      expect(posts).toEqual([
        expect.objectContaining({
          id: post.id,
          title: "Мій пост",
          text: "Текст мого поста",
          tags: expect.arrayContaining(["bun", "solid"]),
          links: ["https://example.com/read"],
          images: [{ mediaId: postImage.id, file: `images/posts/${postImage.id}.webp` }],
          likes: 0,
          editedAt: null,
        }),
      ]);
      expect(json("comments.json")).toEqual([expect.objectContaining({ postId: friendsPost.id, text: "мій коментар" })]);
      expect(json(`albums/${album.id}/album.json`)).toMatchObject({ title: "Карпати", photos: [{ id: photo!.id, file: `albums/${album.id}/${photo!.id}.webp` }] });
      const friends = json("friends.json");
      expect(friends.friends).toEqual([expect.objectContaining({ id: friend.user.id, username: friend.user.username })]);
      expect(friends.requestsReceived).toEqual([expect.objectContaining({ id: third.user.id })]);
      expect(friends.requestsSent).toEqual([]);

      const messages = json("messages.json") as Array<{ text: string; chat: { id: string; kind: string; name: string | null } }>;
      expect(messages.map((m) => [m.text, m.chat.id, m.chat.kind]).sort()).toEqual(
        [
          ["мій привіт у особистому", personal.id, "personal"],
          ["моє в групі", group.id, "group"],
        ].sort(),
      );
      expect(messages.find((m) => m.chat.kind === "group")!.chat.name).toBe("Похід");

      // The original images, byte for byte as the app serves them (the largest stored variant).
      const served = async (url: string) => new Uint8Array(await (await me.client.fetch(`${srv.url}${url}`)).arrayBuffer());
      expect(zip[`images/avatars/${avatar.id}.webp`]).toEqual(await served(avatar.urls.s512!));
      expect(zip[`images/posts/${postImage.id}.webp`]).toEqual(await served(postImage.urls.full!));
      expect(zip[`albums/${album.id}/${photo!.id}.webp`]).toEqual(await served(photoMedia.urls.full!));
      expect(zip[`images/chats/${chatImage.id}.webp`]).toEqual(await served(chatImage.urls.full!));

      // Nothing anyone else wrote or sent.
      expect(Object.keys(zip).filter((k) => k.startsWith("images/chats/"))).toEqual([`images/chats/${chatImage.id}.webp`]);
      for (const [name, content] of Object.entries(zip)) {
        for (const theirs of ["таємниця друга", "слова третьої людини", "коментар друга під моїм постом", "Текст друга"]) {
          expect({ name, has: containsBytes(content, theirs) }).toEqual({ name, has: false });
        }
      }
      expect(strFromU8(zip["README.txt"]!)).toContain("messages.json");
    });

    test("a second export while one is queued or running is refused, also when two start at once", async () => {
      const p = await person(srv);
      const worker = srv.deps.services.dataExports;
      await worker.stop();
      try {
        const both = await Promise.allSettled([p.client.trpc.dataExport.start.mutate(), p.client.trpc.dataExport.start.mutate()]);
        expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const refused = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect((refused.reason as { data?: { code: string; reason: string } }).data).toMatchObject({ code: "CONFLICT", reason: "dataExport.alreadyRunning" });
        const again = await rejection(p.client.trpc.dataExport.start.mutate());
        expect(again.data).toMatchObject({ code: "CONFLICT", reason: "dataExport.alreadyRunning" });
        expect(await p.client.trpc.dataExport.latest.query()).toMatchObject({ status: "queued" });
      } finally {
        worker.start();
      }
      const done = await readyExport(p);
      // Once it is done, a new one may start.
      const next = await p.client.trpc.dataExport.start.mutate();
      expect(next.id).not.toBe(done.id);
      await readyExport(p);
      expect((await p.client.trpc.dataExport.latest.query())!.id).toBe(next.id);
    });

    test("an export is refused while another instance is building one for the same person", async () => {
      const p = await person(srv);
      const id = "cd".repeat(12);
      const now = srv.clock.now();
      // Held by another instance: running, its lease good for a minute.
      await insertRunning(srv, p.user.id, { id, progress: 30, createdAt: now, claimedUntil: now + 60_000 });
      const e = await rejection(p.client.trpc.dataExport.start.mutate());
      expect(e.data).toMatchObject({ code: "CONFLICT", reason: "dataExport.alreadyRunning" });
      expect(await p.client.trpc.dataExport.latest.query()).toMatchObject({ id, status: "running", progress: 30, downloadUrl: null });
      await srv.deps.db.db.updateTable("data_exports").set({ status: "failed", claimed_until: null }).where("id", "=", id).execute();
    });

    test("an export that cannot be written fails with its reason kept, and the person may try again", async () => {
      const p = await person(srv);
      // A file where the person's exports folder should be: the archive cannot be written.
      const blocker = join(srv.deps.env.DATA_DIR, "exports", p.user.id);
      await mkdir(dirname(blocker), { recursive: true });
      await writeFile(blocker, "not a folder");
      const started = await p.client.trpc.dataExport.start.mutate();
      const deadline = Date.now() + 30_000;
      let info = await p.client.trpc.dataExport.latest.query();
      while (info?.status !== "failed" && Date.now() < deadline) info = await p.client.trpc.dataExport.latest.query();
      expect(info).toMatchObject({ id: started.id, status: "failed", downloadUrl: null });
      await p.sock.next(is("export.progress", (e) => e.exportId === started.id && e.status === "failed"));
      const row = await srv.deps.db.db.selectFrom("data_exports").select(["error", "claimed_until"]).where("id", "=", started.id).executeTakeFirstOrThrow();
      expect(row.error).toBeTruthy();
      expect(row.claimed_until).toBeNull();

      await rm(blocker);
      const again = await p.client.trpc.dataExport.start.mutate();
      expect(await readyExport(p)).toMatchObject({ id: again.id, status: "ready" });
    });

    test("deleting an account's exports removes their files and rows", async () => {
      const p = await person(srv);
      await p.client.trpc.dataExport.start.mutate();
      const info = await readyExport(p);
      expect(existsSync(fileOf(srv, p.user.id, info.id))).toBe(true);
      await srv.deps.services.dataExports.deleteAllOf(p.user.id);
      expect(existsSync(fileOf(srv, p.user.id, info.id))).toBe(false);
      expect(await p.client.trpc.dataExport.latest.query()).toBeNull();
    });

    test("a fourth export in a day is refused", async () => {
      const p = await person(srv);
      for (let i = 0; i < 3; i++) {
        await p.client.trpc.dataExport.start.mutate();
        await readyExport(p);
      }
      const e = await rejection(p.client.trpc.dataExport.start.mutate());
      expect(e.data).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    });

    test("an export whose worker stopped holding it (a crashed instance) is taken over once its lease runs out", async () => {
      const p = await person(srv);
      const id = "ab".repeat(12);
      const now = srv.clock.now();
      await insertRunning(srv, p.user.id, { id, progress: 40, createdAt: now - 120_000, claimedUntil: now - 1 });
      srv.deps.services.dataExports.wake();
      expect(await readyExport(p)).toMatchObject({ id, status: "ready", progress: 100 });
    });

    // Moves the server's clock by a week: keep it the suite's last test.
    test("the download opens only for its signed-in owner, and after seven days for nobody, its file gone", async () => {
      const [owner, other] = [await person(srv), await person(srv)];
      await owner.client.trpc.dataExport.start.mutate();
      const info = await readyExport(owner);
      const path = info.downloadUrl!;

      expect(await notFound(await download(srv, other, path))).toEqual(NOT_FOUND);
      expect(await notFound(await download(srv, null, path))).toEqual(NOT_FOUND);
      expect(await notFound(await download(srv, owner, `/api/exports/${"0".repeat(24)}/download`))).toEqual(NOT_FOUND);
      expect(await notFound(await download(srv, owner, `/api/exports/..%2F..%2Fetc/download`))).toEqual(NOT_FOUND);
      const ok = await download(srv, owner, path);
      expect(ok.status).toBe(200);
      expect(Object.keys(unzipSync(new Uint8Array(await ok.arrayBuffer())))).toContain("profile.json");
      expect(existsSync(fileOf(srv, owner.user.id, info.id))).toBe(true);

      srv.clock.advance(7 * DAY + 1_000);
      expect(await notFound(await download(srv, owner, path))).toEqual(NOT_FOUND);
      expect(await srv.deps.services.dataExports.sweep()).toBeGreaterThanOrEqual(1);
      expect(await owner.client.trpc.dataExport.latest.query()).toMatchObject({ id: info.id, status: "expired", downloadUrl: null });
      expect(existsSync(fileOf(srv, owner.user.id, info.id))).toBe(false);
      expect(await notFound(await download(srv, owner, path))).toEqual(NOT_FOUND);
    });
  });
}

const redis = redisBackend("the data export across instances");

describe.skipIf(!redis)("data export across instances sharing the database and Redis", () => {
  const servers = useInstancePair(redis);

  test("an export started on one instance may be built by another, and its progress reaches the owner's socket on the first", async () => {
    const { a, b } = servers;
    const p = await person(a);
    // Instance A does no export work: B must take it (its idle poll would; wake() stands for that moment).
    await a.deps.services.dataExports.stop();
    try {
      const started = await p.client.trpc.dataExport.start.mutate();
      b.deps.services.dataExports.wake();
      expect(await p.sock.next(is("export.progress", (e) => e.exportId === started.id && e.status === "ready"), 30_000)).toMatchObject({ progress: 100 });
      const info = await readyExport(p);
      const res = await download(a, p, info.downloadUrl!);
      expect(res.status).toBe(200);
      expect(Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer())))).toContain("profile.json");
    } finally {
      a.deps.services.dataExports.start();
    }
  });
});
