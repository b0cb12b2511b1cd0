/**
 * The send path's caches are exact only if every change to the rows they hold moves a counter
 * (migration 0011) and nothing else needlessly does. The end-to-end proofs (a removed member is
 * refused, a renamed author's next message carries the new name) are in the chat integration
 * tests; here each kind of change is checked on its own, cascades included.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "../../db/create-db.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { createVersionedCache, readVersions, type SendPathVersions } from "./send-path-cache.ts";

let dir: string;
let handle: Db;

const user = (id: string) => ({ id, email: `${id}@x.test`, username: id, first_name: id, last_name: id, password_hash: "x", email_verified_at: 1, created_at: 1, updated_at: 1 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "wit-send-cache-"));
  handle = createDb({ dataDir: dir });
  await migrateToLatest(handle.db);
  const db = handle.db;
  await db.insertInto("users").values([user("u1"), user("u2"), user("u3")]).execute();
  await db.insertInto("chats").values({ id: "c1", kind: "group", name: "G", last_activity_at: 1, created_at: 1 }).execute();
  await db.insertInto("chat_members").values([
    { chat_id: "c1", user_id: "u1", joined_at: 1 },
    { chat_id: "c1", user_id: "u2", joined_at: 1 },
  ]).execute();
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const versions = async () => (await readVersions(handle.db))!;

/** Makes each change in turn; each must move `counter`. */
async function expectEachMoves(counter: keyof SendPathVersions, steps: Array<[string, () => Promise<unknown>]>) {
  for (const [what, change] of steps) {
    const before = (await versions())[counter];
    await change();
    expect({ what, moved: (await versions())[counter] > before }).toEqual({ what, moved: true });
  }
}

describe("send-path cache versions (SQLite)", () => {
  test("every change to who is in a chat moves the members counter, cascades included", async () => {
    const db = handle.db;
    const steps: Array<[string, () => Promise<unknown>]> = [
      ["a member added", () => db.insertInto("chat_members").values({ chat_id: "c1", user_id: "u3", joined_at: 2 }).execute()],
      ["a member removed", () => db.deleteFrom("chat_members").where("user_id", "=", "u3").execute()],
      ["a membership moved to another person", () => db.updateTable("chat_members").set({ user_id: "u3" }).where("user_id", "=", "u1").execute()],
      ["a member's account deleted", () => db.deleteFrom("users").where("id", "=", "u2").execute()],
      ["the chat deleted", () => db.deleteFrom("chats").where("id", "=", "c1").execute()],
    ];
    await expectEachMoves("members", steps);
  });

  test("a change to a name, username or avatar, or a deleted user, moves the people counter", async () => {
    const db = handle.db;
    const steps: Array<[string, () => Promise<unknown>]> = [
      ["first name", () => db.updateTable("users").set({ first_name: "Олена" }).where("id", "=", "u1").execute()],
      ["last name", () => db.updateTable("users").set({ last_name: "Коваль" }).where("id", "=", "u1").execute()],
      ["username", () => db.updateTable("users").set({ username: "olena" }).where("id", "=", "u1").execute()],
      ["avatar", async () => {
        await db.insertInto("media").values({ id: "m1", owner_id: "u1", purpose: "avatar", width: 1, height: 1, bytes: 1, variants: "[]", created_at: 1 }).execute();
        await db.updateTable("users").set({ avatar_media_id: "m1" }).where("id", "=", "u1").execute();
      }],
      ["deleted", () => db.deleteFrom("users").where("id", "=", "u3").execute()],
    ];
    await expectEachMoves("people", steps);
  });

  test("messages, read markers and profile fields no message shows leave both counters alone", async () => {
    const db = handle.db;
    const before = await versions();
    await db.insertInto("messages").values({ chat_id: "c1", author_id: "u1", client_id: "k1", body: "hi", created_at: 5 }).execute();
    await db.updateTable("chats").set({ last_message_id: 1, last_activity_at: 5 }).where("id", "=", "c1").execute();
    // A member reads the chat (markRead), and a profile field no message shows changes: a
    // counter moved by these would empty the cache all the time.
    await db.updateTable("chat_members").set({ last_read_id: 1, joined_at: 2 }).where("user_id", "=", "u2").execute();
    await db.updateTable("users").set({ bio: "about me", birth_date: "1990-01-01", updated_at: 9 }).where("id", "=", "u1").execute();
    expect(await versions()).toEqual(before);
  });
});

describe("a versioned cache", () => {
  test("loads only what it lacks, and starts over when the version moves", async () => {
    const cache = createVersionedCache<string>(100);
    const loads: string[][] = [];
    const load = async (keys: string[]) => {
      loads.push(keys);
      return new Map(keys.filter((k) => k !== "gone").map((k) => [k, `${k}@${loads.length}`]));
    };
    expect(await cache.getMany(1, ["a", "b"], load)).toEqual(new Map([["a", "a@1"], ["b", "b@1"]]));
    expect(await cache.getMany(1, ["b", "c", "gone"], load)).toEqual(new Map([["b", "b@1"], ["c", "c@2"]]));
    expect(loads).toEqual([["a", "b"], ["c", "gone"]]);
    // What a load did not find is asked for again, never remembered as missing.
    await cache.getMany(1, ["gone"], load);
    expect(loads.at(-1)).toEqual(["gone"]);
    // Another version: everything is loaded afresh.
    expect(await cache.getMany(2, ["a", "c"], load)).toEqual(new Map([["a", "a@4"], ["c", "c@4"]]));
    expect(loads.at(-1)).toEqual(["a", "c"]);
  });

  test("holds at most its limit of keys: past it, it starts over", async () => {
    const cache = createVersionedCache<number>(3);
    let loaded = 0;
    const load = async (keys: string[]) => {
      loaded += keys.length;
      return new Map(keys.map((k) => [k, 1]));
    };
    await cache.getMany(1, ["a", "b", "c"], load);
    await cache.getMany(1, ["d"], load);
    expect(loaded).toBe(4);
    // "d" came in after the clear, "a" went with it.
    await cache.getMany(1, ["d"], load);
    expect(loaded).toBe(4);
    await cache.getMany(1, ["a"], load);
    expect(loaded).toBe(5);
  });
});
