/**
 * Service rules on in-memory SQLite and a temporary media directory: the access-policy registry,
 * one query for many lookups, ownership, removal. HTTP, quotas and refusals are covered by
 * tests/integration/media*.test.ts.
 */
import { Database as SqliteDatabase } from "bun:sqlite";
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely } from "kysely";
import { BunSqliteDialect } from "kysely-bun-sqlite";
import * as accounts from "../../../migrations/20261121_0001_accounts.ts";
import * as mediaMigration from "../../../migrations/20261121_0002_media.ts";
import { makeJpeg, makePng } from "../../../tests/fixtures/images.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError } from "../../lib/errors.ts";
import { createLogger } from "../../lib/log.ts";
import { createMediaService, type MediaService } from "./media.service.ts";
import { createDiskStorage } from "./media.storage.ts";

let dir: string;
let db: Kysely<Database>;
let queries: string[];
let media: MediaService;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "wit-media-unit-"));
  queries = [];
  const sqlite = new SqliteDatabase(":memory:");
  sqlite.exec("PRAGMA foreign_keys = ON");
  db = new Kysely<Database>({
    dialect: new BunSqliteDialect({ database: sqlite }),
    log: (e) => void (e.level === "query" && queries.push(e.query.sql)),
  });
  await accounts.up(db);
  await mediaMigration.up(db);
  for (const id of ["alice", "bob"]) {
    await db
      .insertInto("users")
      .values({ id, email: `${id}@x.test`, username: id, first_name: id, last_name: id, password_hash: "x", email_verified_at: 1, created_at: 1, updated_at: 1 } as never)
      .execute();
  }
  media = createMediaService({
    db,
    dbKind: "sqlite",
    clock: () => 5_000,
    log: createLogger("silent"),
    storage: createDiskStorage(dir),
    maxBytes: 10 * 1024 * 1024,
    quotaBytes: 10 * 1024 * 1024,
  });
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const isNotFound = (e: unknown) => e instanceof DomainError && e.code === "NOT_FOUND" && e.reason === "media.notFound";

describe("the media service", () => {
  test("infoMany answers a list with one query, and leaves out ids it does not know", async () => {
    const a = await media.ingest("alice", "post_image", await makeJpeg(50, 40));
    const b = await media.ingest("bob", "avatar", makePng(30, 30));
    queries.length = 0;
    const infos = await media.infoMany([a.id, b.id, a.id, "f".repeat(24)]);
    expect(queries).toHaveLength(1);
    expect([...infos.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(infos.get(a.id)).toEqual(a);
    queries.length = 0;
    expect(await media.infoMany([])).toEqual(new Map());
    expect(queries).toHaveLength(0);
  });

  test("getOwned finds only the owner's media of the asked purpose", async () => {
    const a = await media.ingest("alice", "signature", makePng(80, 20));
    expect((await media.getOwned("alice", a.id)).id).toBe(a.id);
    expect((await media.getOwned("alice", a.id, "signature")).createdAt).toBe(5_000);
    expect(isNotFound(await media.getOwned("bob", a.id).catch((e) => e))).toBeTrue();
    expect(isNotFound(await media.getOwned("alice", a.id, "avatar").catch((e) => e))).toBeTrue();
    expect(isNotFound(await media.getOwned("alice", "0".repeat(24)).catch((e) => e))).toBeTrue();
  });

  test("public purposes are visible to all; private ones to the owner unless a policy says more", async () => {
    const avatar = await media.ingest("alice", "avatar", makePng(20, 20));
    const chat = await media.ingest("alice", "chat_image", makePng(20, 20));
    const album = await media.ingest("alice", "album_photo", makePng(20, 20));
    expect(await media.canView(avatar.id, null)).toBeTrue();
    expect(await media.canView(chat.id, "alice")).toBeTrue();
    expect(await media.canView(chat.id, "bob")).toBeFalse();
    expect(await media.canView(chat.id, null)).toBeFalse();

    const asked: Array<[string, string | null]> = [];
    media.registerAccessPolicy("chat_image", async (id, viewer) => {
      asked.push([id, viewer]);
      return viewer === "bob";
    });
    expect(await media.canView(chat.id, "bob")).toBeTrue();
    expect(await media.canView(chat.id, null)).toBeFalse();
    expect(await media.canView(chat.id, "alice")).toBeTrue(); // the owner, without asking the policy
    expect(asked).toEqual([[chat.id, "bob"], [chat.id, null]]);
    expect(await media.canView(album.id, "bob")).toBeFalse(); // that policy is for chat images only
    expect(await media.canView("0".repeat(24), "alice")).toBeFalse();
  });

  test("a policy cannot be registered twice, nor for a public purpose", () => {
    media.registerAccessPolicy("album_photo", async () => true);
    expect(() => media.registerAccessPolicy("album_photo", async () => true)).toThrow(/already registered/);
    expect(() => media.registerAccessPolicy("avatar", async () => true)).toThrow(/public/);
  });

  test("remove deletes only the owner's media; removeMany deletes rows and files of any owner", async () => {
    const a = await media.ingest("alice", "post_image", makePng(20, 20));
    const b = await media.ingest("bob", "post_image", makePng(20, 20));
    const c = await media.ingest("bob", "album_photo", makePng(20, 20));
    await media.remove("bob", a.id);
    expect(readdirSync(dir).sort()).toEqual([a.id, b.id, c.id].sort());
    await media.remove("alice", a.id);
    expect(readdirSync(dir).sort()).toEqual([b.id, c.id].sort());
    expect(await media.removeMany([b.id, c.id, "0".repeat(24)])).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    expect(await db.selectFrom("media").select("id").execute()).toEqual([]);
    expect((await media.usage("bob")).usedBytes).toBe(0);
  });

  test("deleting a person deletes their media rows", async () => {
    await media.ingest("bob", "avatar", makePng(20, 20));
    await db.deleteFrom("users").where("id", "=", "bob").execute();
    expect(await db.selectFrom("media").select("id").execute()).toEqual([]);
  });
});
