/**
 * Account deletion (#17, ADR 0017): asked for with the password (and a code when two-factor is
 * on), it signs out everywhere; signing in within the grace period cancels it; after it, the sweep
 * deletes everything the person owns — rows and media files — while what others need stays
 * consistent (anonymised chat messages, exact counters, the group going on without them).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { DELETED_ACCOUNT_ID, GRACE_MS } from "../../shared/account-deletion.ts";
import { REACTION_EMOJI } from "../../shared/chats.ts";
import type { MediaInfo, MediaPurpose } from "../../shared/media.ts";
import { totpCode } from "../../server/features/security/totp.ts";
import { makePng } from "../fixtures/images.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, is, person as chatPerson, send, sendOk, type Person } from "../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify, rejection, type TestClient } from "../helpers/client.ts";
import { auditMedia } from "../helpers/media-on-disk.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { WS_CLOSE } from "../../shared/events.ts";
import { waitFor } from "../helpers/wait.ts";

const MIN = 60_000;

/** Every table of the database with its text-like columns (from the database's own catalogue). */
async function tablesAndRows(db: Kysely<any>, postgres: boolean): Promise<Map<string, Record<string, unknown>[]>> {
  const names = postgres
    ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows;
  const out = new Map<string, Record<string, unknown>[]>();
  for (const { name } of names) out.set(name, (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows);
  return out;
}

for (const backend of testBackends()) {
  describe(`account deletion (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const db = () => srv.deps.db.db;
    const sweep = () => srv.deps.services.accountDeletion.sweep();

    async function upload(client: TestClient, purpose: MediaPurpose, seed = 1): Promise<MediaInfo> {
      const res = await client.fetch(`${srv.url}/api/media?purpose=${purpose}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: makePng(30 + seed, 20 + seed) as Uint8Array<ArrayBuffer>,
      });
      if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as MediaInfo;
    }

    async function signedIn() {
      const client = createClient(srv);
      const { user, email } = await registerAndVerify(srv, client);
      return { client, user, email };
    }

    test("asking needs the right password, and a second-factor code when two-factor is on", async () => {
      const { client, user } = await signedIn();
      const wrong = await rejection(client.trpc.accountDeletion.request.mutate({ password: "not-my-password-1" }));
      expect(wrong.data).toMatchObject({ code: "BAD_REQUEST", reason: "settings.wrongPassword" });

      // Two-factor on (set straight in the database): the code is required and checked.
      const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
      await db().updateTable("users").set({ totp_secret: secret, totp_enabled_at: srv.clock.now() }).where("id", "=", user.id).execute();
      const missing = await rejection(client.trpc.accountDeletion.request.mutate({ password: defaultPassword }));
      expect(missing.data).toMatchObject({ code: "BAD_REQUEST", field: "code" });
      // A code of an hour ago is no current code.
      const badCode = await rejection(client.trpc.accountDeletion.request.mutate({ password: defaultPassword, code: totpCode(secret, srv.clock.now() - 60 * MIN) }));
      expect(badCode.data).toMatchObject({ code: "BAD_REQUEST", reason: "auth.codeInvalid" });
      const row = await db().selectFrom("users").select("deletion_due_at").where("id", "=", user.id).executeTakeFirstOrThrow();
      expect(row.deletion_due_at).toBeNull();

      const { dueAt } = await client.trpc.accountDeletion.request.mutate({ password: defaultPassword, code: totpCode(secret, srv.clock.now()) });
      expect(Math.abs(dueAt - (srv.clock.now() + GRACE_MS))).toBeLessThan(MIN);
    });

    test("asking signs out every session and closes their sockets; signing in within the grace period cancels it", async () => {
      const { client, user, email } = await signedIn();
      const other = createClient(srv);
      await other.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      await srv.mail.next(email); // signed in from a new device
      const sock = await connect(srv, other);

      const { dueAt } = await client.trpc.accountDeletion.request.mutate({ password: defaultPassword });
      expect(Math.abs(dueAt - (srv.clock.now() + GRACE_MS))).toBeLessThan(MIN);
      expect((await srv.mail.next(email)).text).toContain(new Date(dueAt).toISOString().slice(0, 10));
      // Both browsers are signed out, the other one's socket closed by the server.
      expect((await rejection(client.trpc.settings.get.query())).data?.code).toBe("UNAUTHORIZED");
      expect((await rejection(other.trpc.settings.get.query())).data?.code).toBe("UNAUTHORIZED");
      expect(await sock.closed).toMatchObject({ code: WS_CLOSE.sessionRevoked });
      const sessions = await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
      expect(sessions).toEqual([]);

      srv.clock.advance(GRACE_MS - 10 * MIN);
      const back = await createClient(srv).trpc.auth.signIn.mutate({ email, password: defaultPassword });
      expect(back).toMatchObject({ status: "signed_in", deletionCancelled: true });
      expect((await srv.mail.next(email)).subject).toContain("скасовано");
      srv.clock.advance(20 * MIN);
      await sweep();
      const row = await db().selectFrom("users").select(["id", "deletion_due_at"]).where("id", "=", user.id).executeTakeFirst();
      expect(row).toEqual({ id: user.id, deletion_due_at: null });
    });

    test("after the grace period everything of the person goes, and what others need stays consistent", async () => {
      // ── the world ──────────────────────────────────────────────────────────
      const gone: Person = await chatPerson(srv);
      const ana: Person = await chatPerson(srv);
      const bo: Person = await chatPerson(srv);
      const [gEmail] = [(await db().selectFrom("users").select("email").where("id", "=", gone.user.id).executeTakeFirstOrThrow()).email];

      const avatar = await upload(gone.client, "avatar", 1);
      await gone.client.trpc.avatars.add.mutate({ mediaId: avatar.id });
      const postImages = [await upload(gone.client, "post_image", 2), await upload(gone.client, "post_image", 3)];
      const hisPost = await gone.client.trpc.posts.create.mutate({ title: "Мій пост", body: "текст", tags: ["гори", "ріки"], imageIds: postImages.map((m) => m.id) });
      const anaPost = await ana.client.trpc.posts.create.mutate({ title: "Пост Ани", body: "привіт", tags: ["гори"] });
      const anaOther = await ana.client.trpc.posts.create.mutate({ title: "Ще один пост Ани", body: "" });
      await gone.client.trpc.posts.like.mutate({ postId: anaOther.id, on: true });
      // Activity both ways on the posts.
      await ana.client.trpc.posts.like.mutate({ postId: hisPost.id, on: true });
      await ana.client.trpc.comments.create.mutate({ postId: hisPost.id, body: "Гарно!" });
      await gone.client.trpc.posts.like.mutate({ postId: anaPost.id, on: true });
      await bo.client.trpc.posts.like.mutate({ postId: anaPost.id, on: true });
      await gone.client.trpc.comments.create.mutate({ postId: anaPost.id, body: "Згоден" });
      await bo.client.trpc.comments.create.mutate({ postId: anaPost.id, body: "І я" });
      await gone.client.trpc.posts.markViewed.mutate({ postIds: [anaPost.id] });
      await gone.client.trpc.reports.create.mutate({ target: { kind: "post", id: anaPost.id }, reason: "spam" });
      await ana.client.trpc.reports.create.mutate({ target: { kind: "post", id: hisPost.id }, reason: "spam" });
      // An album with a photo.
      const album = await gone.client.trpc.albums.create.mutate({ title: "Альбом", theme: "", year: 2024, visibility: "everyone" });
      const photo = await upload(gone.client, "album_photo", 4);
      await gone.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: [photo.id] });
      // A friend, a pending request, a block.
      await gone.client.trpc.friends.request.mutate({ userId: ana.user.id });
      await ana.client.trpc.friends.accept.mutate({ userId: gone.user.id });
      await gone.client.trpc.friends.request.mutate({ userId: bo.user.id });
      const carl = await signedIn();
      await carl.client.trpc.blocks.add.mutate({ userId: gone.user.id });
      await gone.client.trpc.friends.dismiss.mutate({ userId: carl.user.id }).catch(() => {});
      // A group he runs, and a personal chat, with messages both ways, images and reactions.
      const group = await gone.client.trpc.chats.createGroup.mutate({ name: "Похід", memberIds: [ana.user.id, bo.user.id], avatarId: null });
      const chatImage = await upload(gone.client, "chat_image", 5);
      const inGroup = await sendOk(gone.sock, group.id, "Привіт усім", { imageIds: [chatImage.id] });
      const anaInGroup = await sendOk(ana.sock, group.id, "Привіт!");
      await ana.client.trpc.chats.react.mutate({ chatId: group.id, messageId: inGroup.id, emoji: REACTION_EMOJI[0], on: true });
      await gone.client.trpc.chats.react.mutate({ chatId: group.id, messageId: anaInGroup.id, emoji: REACTION_EMOJI[1], on: true });
      const personal = await ana.client.trpc.chats.openPersonal.mutate({ userId: gone.user.id });
      await sendOk(ana.sock, personal.id, "Як справи?");
      const hisText = await sendOk(gone.sock, personal.id, "Добре, дякую");
      const onlyImage = await sendOk(gone.sock, personal.id, "", { imageIds: [(await upload(gone.client, "chat_image", 6)).id] });
      await gone.client.trpc.chats.react.mutate({ chatId: personal.id, messageId: (await ana.client.trpc.chats.history.query({ chatId: personal.id })).messages[0]!.id, emoji: REACTION_EMOJI[2], on: true });
      const hisMedia = (await db().selectFrom("media").select("id").where("owner_id", "=", gone.user.id).execute()).map((m) => m.id);
      expect(hisMedia.length).toBe(6);

      // ── deletion ───────────────────────────────────────────────────────────
      await gone.client.trpc.accountDeletion.request.mutate({ password: defaultPassword });
      await srv.mail.next(gEmail!);
      srv.clock.advance(GRACE_MS - MIN);
      expect(await sweep()).toBe(0);
      srv.clock.advance(2 * MIN);
      const groupFrame = ana.sock.next(is("chat.updated", (e) => e.chat.id === group.id && e.chat.memberCount === 2));
      // Ana's bell: his like alone on one post, his like and comment beside Bo's on the other.
      expect((await ana.client.trpc.notifications.list.query({ cursor: null, limit: 50 })).unseen).toBe(3);
      // Her badge has caught up with that (nothing is pending that could carry a later count).
      await ana.sock.next(is("notification", (e) => e.unseen === 3));
      const framesBefore = ana.sock.frames.length;
      expect(await sweep()).toBe(1);
      await groupFrame;
      // His lone like is gone from it, the other like and the comment are Bo's alone; the badge is told.
      const bell = await ana.client.trpc.notifications.list.query({ cursor: null, limit: 50 });
      expect(bell.unseen).toBe(2);
      expect(bell.items.flatMap((n) => n.actors.map((a) => a.id))).not.toContain(gone.user.id);
      await waitFor(
        () => ana.sock.frames.slice(framesBefore).some((f) => f.type === "notification" && f.unseen === 2),
        "a notification frame with the new count",
        15_000,
      );
      // Nobody due is left behind (a deletion that failed would be).
      const due = await db().selectFrom("users").select("id").where("deletion_due_at", "<=", srv.clock.now()).execute();
      expect(due).toEqual([]);

      // ── no row mentions him (but moderation_log, and the anonymised messages carry no trace) ─
      const needles = [gone.user.id, gEmail!, gone.user.username];
      const found: string[] = [];
      for (const [table, rows] of await tablesAndRows(db(), srv.deps.db.kind === "postgres")) {
        if (table === "moderation_log") continue;
        for (const row of rows)
          for (const [column, value] of Object.entries(row))
            if (typeof value === "string" && needles.some((n) => value.includes(n))) found.push(`${table}.${column}: ${value.slice(0, 80)}`);
      }
      expect(found).toEqual([]);

      // ── no file of his remains ───────────────────────────────────────────────
      const dirs = await readdir(join(srv.deps.env.DATA_DIR, "media")).catch(() => [] as string[]);
      expect(dirs.filter((d) => hisMedia.includes(d))).toEqual([]);
      const audit = await auditMedia({ dataDir: srv.deps.env.DATA_DIR, databaseUrl: srv.deps.env.DATABASE_URL });
      expect({ broken: audit.broken, orphans: audit.orphanDirs }).toEqual({ broken: [], orphans: [] });

      // ── others' counters are exact ───────────────────────────────────────────
      const post = await ana.client.trpc.posts.byId.query({ id: anaPost.id });
      expect({ likes: post.likes, comments: post.comments, views: post.views }).toMatchObject({ likes: 1, comments: 1 });
      const counted = await db()
        .selectFrom("posts")
        .select((eb) => [
          eb.selectFrom("post_likes").select(eb.fn.countAll().as("n")).whereRef("post_id", "=", "posts.id").as("likes"),
          eb.selectFrom("post_views").select(eb.fn.countAll().as("n")).whereRef("post_id", "=", "posts.id").as("views"),
          "views_count",
        ])
        .where("id", "=", anaPost.id)
        .executeTakeFirstOrThrow();
      expect(Number(counted.views)).toBe(Number(counted.views_count));
      expect(await ana.client.trpc.friends.counts.query()).toMatchObject({ friends: 0, incoming: 0 });
      expect(await bo.client.trpc.friends.counts.query()).toMatchObject({ incoming: 0 });
      expect(await db().selectFrom("posts").select("id").where("id", "=", hisPost.id).execute()).toEqual([]);

      // ── the personal chat stays for Ana, his messages from "deleted account" ────
      const list = await ana.client.trpc.chats.list.query();
      const kept = list.chats.find((c) => c.id === personal.id)!;
      expect(kept.members.map((m) => m.id).sort()).toEqual([ana.user.id, DELETED_ACCOUNT_ID].sort());
      const history = (await ana.client.trpc.chats.history.query({ chatId: personal.id })).messages;
      const his = history.find((m) => m.id === hisText.id)!;
      expect(his).toMatchObject({ body: "Добре, дякую", author: { id: DELETED_ACCOUNT_ID } });
      expect(history.find((m) => m.id === onlyImage.id)).toMatchObject({ deleted: true, images: [], author: { id: DELETED_ACCOUNT_ID } });
      expect(history[0]!.reactions ?? []).toEqual([]);
      // Nobody can write to "deleted account" (Ana's messages would go nowhere).
      const sent = await send(ana.sock, personal.id, "Ти тут?");
      expect(sent.type).toBe("error");

      // ── the group goes on without him ────────────────────────────────────────
      const g = await ana.client.trpc.chats.byId.query({ chatId: group.id });
      expect(g.memberCount).toBe(2);
      expect(g.members.map((m) => m.id)).not.toContain(gone.user.id);
      expect([ana.user.id, bo.user.id]).toContain(g.adminId!);
      const groupHistory = (await bo.client.trpc.chats.history.query({ chatId: group.id })).messages;
      expect(groupHistory.find((m) => m.id === inGroup.id)).toMatchObject({ body: "Привіт усім", images: [], author: { id: DELETED_ACCOUNT_ID } });
      expect(groupHistory.find((m) => m.id === anaInGroup.id)?.reactions ?? []).toEqual([]);
      expect(groupHistory.some((m) => m.kind === "system" && m.event?.event === "left" && m.author.id === DELETED_ACCOUNT_ID)).toBe(true);
      const heard = bo.sock.next(is("chat.activity", (e) => e.chatId === group.id && e.message.text === "Ще тут"));
      await sendOk(ana.sock, group.id, "Ще тут");
      await heard;
      const unread = (await bo.client.trpc.chats.list.query()).chats.find((c) => c.id === group.id)!.unread;
      const lastRead = await db().selectFrom("chat_members").select("last_read_id").where("chat_id", "=", group.id).where("user_id", "=", bo.user.id).executeTakeFirstOrThrow();
      const expected = await db()
        .selectFrom("messages")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("chat_id", "=", group.id)
        .where("id", ">", lastRead.last_read_id)
        .where("author_id", "!=", bo.user.id)
        .where("kind", "=", "text")
        .where("deleted_at", "is", null)
        .executeTakeFirstOrThrow();
      expect(unread).toBe(Number(expected.n));
      // The placeholder cannot be found by anyone.
      expect((await ana.client.trpc.people.search.query({ query: "deleted" })).items).toEqual([]);
      // He cannot sign in any more.
      const signIn = await rejection(createClient(srv).trpc.auth.signIn.mutate({ email: gEmail!, password: defaultPassword }));
      expect(signIn.data?.code).toBe("UNAUTHORIZED");
    });

    test("media a deletion left behind (a crash between its commit and the file removal) go at the next sweep", async () => {
      const { client } = await signedIn();
      const image = await upload(client, "album_photo", 8);
      // What the deletion's transaction does to them before it commits.
      await db().updateTable("media").set({ owner_id: DELETED_ACCOUNT_ID }).where("id", "=", image.id).execute();
      await sweep();
      expect(await db().selectFrom("media").select("id").where("id", "=", image.id).execute()).toEqual([]);
      const dirs = await readdir(join(srv.deps.env.DATA_DIR, "media")).catch(() => [] as string[]);
      expect(dirs).not.toContain(image.id);
    });

    test("a chat nobody is left in goes with its last person, images of those who left included", async () => {
      const [a, b] = [await chatPerson(srv), await chatPerson(srv)];
      const personal = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await sendOk(a.sock, personal.id, "привіт");
      await sendOk(b.sock, personal.id, "привіт, привіт");
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Удвох", memberIds: [b.user.id], avatarId: null });
      const bImage = await upload(b.client, "chat_image", 7);
      await sendOk(b.sock, group.id, "фото", { imageIds: [bImage.id] });
      await b.client.trpc.chats.leave.mutate({ chatId: group.id });

      // Both ask; the sweep deletes them one after the other.
      for (const p of [a, b]) await p.client.trpc.accountDeletion.request.mutate({ password: defaultPassword });
      srv.clock.advance(GRACE_MS + MIN);
      await sweep();
      expect(await db().selectFrom("users").select("id").where("id", "in", [a.user.id, b.user.id]).execute()).toEqual([]);

      const chats = await db().selectFrom("chats").select("id").where("id", "in", [personal.id, group.id]).execute();
      expect(chats).toEqual([]);
      expect(await db().selectFrom("messages").select("id").where("chat_id", "in", [personal.id, group.id]).execute()).toEqual([]);
      expect(await db().selectFrom("media").select("id").where("id", "=", bImage.id).execute()).toEqual([]);
      const dirs = await readdir(join(srv.deps.env.DATA_DIR, "media")).catch(() => [] as string[]);
      expect(dirs).not.toContain(bImage.id);
    });
  });
}
