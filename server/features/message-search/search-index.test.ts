/**
 * SQLite's search index in batches (migration 0026, ADR 0028): a stored message is indexed by
 * `indexPending`, not by its insert; an edit or tombstone before or after that leaves exactly the
 * current text in the index. FTS5's own `integrity-check` compares the index with the messages
 * table (external content), so a wrong 'delete' (text the index never had) fails it. The
 * end-to-end proofs (a search finds a message sent just before it; edited and deleted text is
 * never found) are in tests/integration/chat-search.test.ts on every backend.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { createDb, type Db } from "../../db/create-db.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { indexPending } from "./search-index.ts";

let dir: string;
let handle: Db;

const user = (id: string) => ({ id, email: `${id}@x.test`, username: id, first_name: id, last_name: id, password_hash: "x", email_verified_at: 1, created_at: 1, updated_at: 1 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "wit-search-index-"));
  handle = createDb({ dataDir: dir });
  await migrateToLatest(handle.db);
  await handle.db.insertInto("users").values([user("u1")]).execute();
  await handle.db.insertInto("chats").values({ id: "c1", kind: "group", name: "G", last_activity_at: 1, created_at: 1 }).execute();
  await handle.db.insertInto("chat_members").values({ chat_id: "c1", user_id: "u1", joined_at: 1 }).execute();
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

let clientIds = 0;
/** Stores messages as the send path does (no search work at insert); returns their ids. */
async function store(...bodies: string[]): Promise<number[]> {
  const rows = await handle.db
    .insertInto("messages")
    .values(bodies.map((body) => ({ chat_id: "c1", author_id: "u1", client_id: `k${++clientIds}`, body, created_at: 1 })))
    .returning("id")
    .execute();
  return rows.map((r) => Number(r.id));
}
const found = async (word: string) =>
  (await sql<{ id: number }>`select rowid as id from messages_fts where messages_fts match ${`"${word}"*`} order by rowid`.execute(handle.db)).rows.map((r) => Number(r.id));
/** Throws when the index holds anything the messages table does not say (or misses anything it does). */
const integrityCheck = () => sql`insert into messages_fts (messages_fts) values ('integrity-check')`.execute(handle.db);
const edit = (id: number, body: string) => handle.db.updateTable("messages").set({ body, edited_at: 2 }).where("id", "=", id).execute();
const tombstone = (id: number) => handle.db.updateTable("messages").set({ body: "", deleted_at: 2 }).where("id", "=", id).execute();

describe("search index in batches (SQLite)", () => {
  test("a stored message is in the index once indexPending has run, exactly once, and a second run finds nothing to do", async () => {
    const ids = await store("alpha one", "alpha two", "alpha three");
    expect(await found("alpha")).toEqual([]);
    expect(await indexPending(handle.db)).toBe(3);
    expect(await found("alpha")).toEqual(ids);
    expect(await indexPending(handle.db)).toBe(0);
    await integrityCheck();
  });

  test("text edited, deleted or removed before it was indexed is never found, and the edited text is", async () => {
    const [edited, deleted, removed] = await store("alpha edited", "alpha deleted", "alpha removed");
    await edit(edited!, "beta now");
    await tombstone(deleted!);
    await handle.db.deleteFrom("messages").where("id", "=", removed!).execute();
    await indexPending(handle.db);
    expect(await found("alpha")).toEqual([]);
    expect(await found("beta")).toEqual([edited!]);
    await integrityCheck();
  });

  test("text edited, deleted or removed after it was indexed leaves the index, and the edited text enters it", async () => {
    const [edited, deleted, removed, kept] = await store("alpha edited", "alpha deleted", "alpha removed", "alpha kept");
    await indexPending(handle.db);
    await edit(edited!, "beta now");
    await tombstone(deleted!);
    await handle.db.deleteFrom("messages").where("id", "=", removed!).execute();
    expect(await found("alpha")).toEqual([kept!]);
    expect(await found("beta")).toEqual([edited!]);
    await integrityCheck();
  });

  test("a backlog longer than one transaction is indexed whole", async () => {
    const ids = await store(...Array.from({ length: 1_203 }, (_, i) => `gamma ${i}`));
    expect(await indexPending(handle.db)).toBe(1_203);
    expect(await found("gamma")).toEqual(ids);
    await integrityCheck();
  });
});
