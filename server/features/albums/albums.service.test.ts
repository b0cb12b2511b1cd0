/**
 * Service rules on in-memory SQLite with a fake media service. Foreign keys are off here (the media
 * table belongs to another feature); cascades, files and HTTP are covered by
 * tests/integration/albums.test.ts.
 */
import { Database as SqliteDatabase } from "bun:sqlite";
import { beforeEach, describe, expect, test } from "bun:test";
import { Kysely, sql } from "kysely";
import { BunSqliteDialect } from "kysely-bun-sqlite";
import { migrationNames } from "../../../migrations/index.ts";
import * as albumsMigration from "../../../migrations/20261121_0004_albums.ts";
import type { MediaInfo, MediaPurpose } from "../../../shared/media.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import type { Database } from "../../db/schema.ts";
import { randomId } from "../../lib/crypto.ts";
import { DomainError, NotFoundError } from "../../lib/errors.ts";
import { createLogger } from "../../lib/log.ts";
import type { AccessPolicy, AlbumsMedia } from "./albums.media.ts";
import { createAlbumsService } from "./albums.service.ts";

function fakeMedia() {
  const items = new Map<string, { ownerId: string; purpose: MediaPurpose; info: MediaInfo }>();
  const policies = new Map<string, AccessPolicy>();
  const calls = { infoMany: 0, removed: [] as string[] };
  const media: AlbumsMedia = {
    async getOwned(ownerId, mediaId, purpose) {
      const m = items.get(mediaId);
      if (!m || m.ownerId !== ownerId || (purpose && m.purpose !== purpose)) throw new NotFoundError("media.notFound");
      return m.info;
    },
    async infoMany(ids) {
      calls.infoMany++;
      return new Map(ids.flatMap((id) => (items.has(id) ? [[id, items.get(id)!.info] as const] : [])));
    },
    async removeMany(ids) {
      for (const id of ids) items.delete(id);
      calls.removed.push(...ids);
    },
    registerAccessPolicy: (purpose, policy) => void policies.set(purpose, policy),
  };
  const add = (ownerId: string, purpose: MediaPurpose = "album_photo") => {
    const id = randomId();
    const info: MediaInfo = { id, purpose, width: 10, height: 10, bytes: 100, urls: { full: `/media/${id}/full.webp` }, createdAt: 0 };
    items.set(id, { ownerId, purpose, info });
    return id;
  };
  return { media, add, calls, policies };
}

async function setup() {
  const queries: string[] = [];
  const db = new Kysely<Database>({
    dialect: new BunSqliteDialect({ database: new SqliteDatabase(":memory:") }),
    log: (e) => void (e.level === "query" && queries.push(e.query.sql)),
  });
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  await migrateToLatest(db);
  if (!migrationNames.includes("20261121_0004_albums")) await albumsMigration.up(db);
  let now = 1_000;
  const users: Record<string, string> = {};
  for (const name of ["alice", "bob", "carol", "dave", "erin"]) {
    users[name] = randomId();
    await db
      .insertInto("users")
      .values({ id: users[name], email: `${name}@x.test`, username: name, first_name: "A", last_name: "B", password_hash: "-", email_verified_at: 1, created_at: 1, updated_at: 1 } as never)
      .execute();
  }
  const fake = fakeMedia();
  const albums = createAlbumsService({ db, clock: () => (now += 1000), log: createLogger("silent"), media: fake.media });
  return { db, albums, fake, queries, alice: users.alice!, bob: users.bob!, carol: users.carol!, dave: users.dave!, erin: users.erin! };
}

const fields = { title: "Карпати", theme: "гори", year: 2024, visibility: "everyone" as const };

async function code(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return `${e.code} ${e.reason}`;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("albums service", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  test("the list is a constant number of queries however many albums there are", async () => {
    const countFor = async () => {
      t.queries.length = 0;
      const before = t.fake.calls.infoMany;
      await t.albums.list("alice", null);
      return { sql: t.queries.length, infoMany: t.fake.calls.infoMany - before };
    };
    const a = await t.albums.create(t.alice, fields);
    await t.albums.addPhotos(t.alice, a.id, [t.fake.add(t.alice)]);
    const one = await countFor();
    for (let i = 0; i < 5; i++) {
      const b = await t.albums.create(t.alice, fields);
      await t.albums.addPhotos(t.alice, b.id, [t.fake.add(t.alice), t.fake.add(t.alice)]);
    }
    expect(await countFor()).toEqual(one);
    expect(one.infoMany).toBe(1);
  });

  test("the list is newest first with photo counts and covers (chosen, else the first photo)", async () => {
    const older = await t.albums.create(t.alice, { ...fields, title: "older" });
    const newer = await t.albums.create(t.alice, { ...fields, title: "newer" });
    const [p1, p2] = await t.albums.addPhotos(t.alice, older.id, [t.fake.add(t.alice), t.fake.add(t.alice)]);
    let list = await t.albums.list("alice", null);
    expect(list.map((a) => [a.title, a.photoCount, a.cover?.id ?? null])).toEqual([
      ["newer", 0, null],
      ["older", 2, p1!.media.id],
    ]);
    await t.albums.setCover(t.alice, older.id, p2!.id);
    list = await t.albums.list("alice", null);
    expect(list[1]!.cover?.id).toBe(p2!.media.id);
    await t.albums.removePhoto(t.alice, p2!.id);
    list = await t.albums.list("alice", null);
    expect(list[1]!.cover?.id).toBe(p1!.media.id);
    expect(t.fake.calls.removed).toEqual([p2!.media.id]);
    expect(newer.photos).toEqual([]);
  });

  test("only_me albums are seen by their owner only, friends albums by their owner and friends (not a follower, nor across a block), in lists, counts, byId and media", async () => {
    // carol is alice's friend; erin follows alice (a declined request); dave was a friend, then alice blocked him.
    const pair = (x: string, y: string) => (x < y ? { user_a: x, user_b: y } : { user_a: y, user_b: x });
    await t.db
      .insertInto("relations")
      .values([
        { ...pair(t.alice, t.carol), status: "friends", requested_by: t.carol, created_at: 1, updated_at: 1 },
        { ...pair(t.alice, t.dave), status: "friends", requested_by: t.dave, created_at: 1, updated_at: 1 },
        { ...pair(t.alice, t.erin), status: "following", requested_by: t.erin, created_at: 1, updated_at: 1 },
      ])
      .execute();
    await t.db.insertInto("blocks").values({ blocker_id: t.alice, blocked_id: t.dave, created_at: 2 }).execute();
    const open = await t.albums.create(t.alice, fields);
    const mine = await t.albums.create(t.alice, { ...fields, visibility: "only_me" });
    const friends = await t.albums.create(t.alice, { ...fields, visibility: "friends" });
    const [photo] = await t.albums.addPhotos(t.alice, friends.id, [t.fake.add(t.alice)]);
    const [minePhoto] = await t.albums.addPhotos(t.alice, mine.id, [t.fake.add(t.alice)]);
    const ids = (list: { id: string }[]) => list.map((a) => a.id).sort();

    expect(ids(await t.albums.list("alice", t.alice))).toEqual([open.id, mine.id, friends.id].sort());
    expect(ids(await t.albums.list("alice", t.carol))).toEqual([open.id, friends.id].sort());
    for (const other of [t.bob, t.dave, t.erin, null]) expect(ids(await t.albums.list("alice", other))).toEqual([open.id]);
    expect(await t.albums.countFor(t.alice, t.alice)).toBe(3);
    expect(await t.albums.countFor(t.alice, t.carol)).toBe(2);
    expect(await t.albums.countFor(t.alice, t.bob)).toBe(1);
    expect(await t.albums.countFor(t.alice, t.dave)).toBe(1);
    expect(await code(t.albums.byId(mine.id, t.bob))).toBe("NOT_FOUND albums.notFound");
    expect(await code(t.albums.byId(mine.id, t.carol))).toBe("NOT_FOUND albums.notFound");
    expect((await t.albums.byId(friends.id, t.carol)).photos).toHaveLength(1);
    for (const other of [t.bob, t.dave, t.erin, null]) expect(await code(t.albums.byId(friends.id, other))).toBe("NOT_FOUND albums.notFound");

    const policy = t.fake.policies.get("album_photo")!;
    expect(await policy(photo!.media.id, t.alice)).toBeTrue();
    expect(await policy(photo!.media.id, t.carol)).toBeTrue();
    for (const other of [t.bob, t.dave, t.erin, null]) expect(await policy(photo!.media.id, other)).toBeFalse();
    expect(await policy(minePhoto!.media.id, t.carol)).toBeFalse();
    const loose = t.fake.add(t.alice);
    expect(await policy(loose, t.alice)).toBeTrue();
    expect(await policy(loose, t.bob)).toBeFalse();
    expect(await policy(loose, null)).toBeFalse();
  });

  test("someone else gets FORBIDDEN on an album they can see and NOT_FOUND on one they cannot", async () => {
    const open = await t.albums.create(t.alice, fields);
    const hidden = await t.albums.create(t.alice, { ...fields, visibility: "only_me" });
    const [p] = await t.albums.addPhotos(t.alice, open.id, [t.fake.add(t.alice)]);
    const [q] = await t.albums.addPhotos(t.alice, hidden.id, [t.fake.add(t.alice)]);
    expect(await code(t.albums.update(t.bob, open.id, fields))).toBe("FORBIDDEN albums.notOwner");
    expect(await code(t.albums.remove(t.bob, open.id))).toBe("FORBIDDEN albums.notOwner");
    expect(await code(t.albums.updatePhoto(t.bob, p!.id, "x"))).toBe("FORBIDDEN albums.notOwner");
    expect(await code(t.albums.removePhoto(t.bob, p!.id))).toBe("FORBIDDEN albums.notOwner");
    expect(await code(t.albums.update(t.bob, hidden.id, fields))).toBe("NOT_FOUND albums.notFound");
    expect(await code(t.albums.removePhoto(t.bob, q!.id))).toBe("NOT_FOUND albums.photoNotFound");
    expect((await t.albums.byId(open.id, t.alice)).photos).toHaveLength(1);
  });

  test("adding photos: own unused album_photo media only, appended in order, up to the cap", async () => {
    const a = await t.albums.create(t.alice, fields);
    const b = await t.albums.create(t.alice, fields);
    const [m1, m2, m3] = [t.fake.add(t.alice), t.fake.add(t.alice), t.fake.add(t.alice)];
    await t.albums.addPhotos(t.alice, a.id, [m2]);
    const added = await t.albums.addPhotos(t.alice, a.id, [m3, m1]);
    expect(added.map((p) => [p.media.id, p.position])).toEqual([[m3, 1], [m1, 2]]);
    expect(await code(t.albums.addPhotos(t.alice, b.id, [m1]))).toBe("CONFLICT albums.photoInAnotherAlbum");
    expect(await code(t.albums.addPhotos(t.alice, b.id, [t.fake.add(t.bob)]))).toBe("NOT_FOUND albums.mediaNotFound");
    expect(await code(t.albums.addPhotos(t.alice, b.id, [t.fake.add(t.alice, "avatar")]))).toBe("NOT_FOUND albums.mediaNotFound");
    expect((await t.albums.byId(b.id, t.alice)).photos).toEqual([]);

    const rows = Array.from({ length: 499 }, (_, i) => ({ id: randomId(), album_id: b.id, media_id: randomId(), caption: "", position: i, created_at: 1 }));
    await t.db.insertInto("album_photos").values(rows).execute();
    expect(await code(t.albums.addPhotos(t.alice, b.id, [t.fake.add(t.alice), t.fake.add(t.alice)]))).toBe("CONFLICT albums.full");
    expect(await t.albums.addPhotos(t.alice, b.id, [t.fake.add(t.alice)])).toHaveLength(1);
  });

  test("reorder takes exactly the album's photos in a new order", async () => {
    const a = await t.albums.create(t.alice, fields);
    const [p1, p2, p3] = await t.albums.addPhotos(t.alice, a.id, [t.fake.add(t.alice), t.fake.add(t.alice), t.fake.add(t.alice)]);
    const album = await t.albums.reorder(t.alice, a.id, [p3!.id, p1!.id, p2!.id]);
    expect(album.photos.map((p) => p.id)).toEqual([p3!.id, p1!.id, p2!.id]);
    for (const wrong of [[p1!.id, p2!.id], [p1!.id, p2!.id, p3!.id, p3!.id], [p1!.id, p2!.id, randomId()], [p1!.id, p1!.id, p2!.id]]) {
      expect(await code(t.albums.reorder(t.alice, a.id, wrong))).toBe("BAD_REQUEST albums.reorderMismatch");
    }
  });

  test("deleting an album removes its photos and hands every media to removeMany", async () => {
    const a = await t.albums.create(t.alice, fields);
    const photos = await t.albums.addPhotos(t.alice, a.id, [t.fake.add(t.alice), t.fake.add(t.alice)]);
    await t.albums.remove(t.alice, a.id);
    expect(t.fake.calls.removed.sort()).toEqual(photos.map((p) => p.media.id).sort());
    expect(await t.db.selectFrom("album_photos").selectAll().execute()).toEqual([]);
    expect(await code(t.albums.byId(a.id, t.alice))).toBe("NOT_FOUND albums.notFound");
  });
});
