import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { waitFor } from "../../tests/helpers/wait.ts";
import { createDb } from "./create-db.ts";

const dir = mkdtempSync(join(tmpdir(), "world-it-checkpointer-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The WAL header's checkpoint sequence number: SQLite adds one each time a writer starts the WAL over. */
const walRestarts = (file: string) => readFileSync(`${file}-wal`).readUInt32BE(12);

/**
 * Whether every frame of the WAL is in the database file, from the shared wal-index (the -shm
 * file, native byte order): the header's mxFrame (offset 16) against the checkpoint info's
 * nBackfill (offset 96).
 */
function walFullyCopied(file: string): boolean {
  const shm = readFileSync(`${file}-shm`);
  const mxFrame = shm.readUInt32LE(16);
  return mxFrame > 0 && shm.readUInt32LE(96) === mxFrame;
}

const autocheckpointPages = async (db: ReturnType<typeof createDb>) =>
  Number(Object.values((await sql<Record<string, number>>`pragma wal_autocheckpoint`.execute(db.db)).rows[0]!)[0]);

test("once the worker runs, commits never checkpoint: the worker does, and the WAL starts over instead of growing", async () => {
  const file = join(dir, "world-it.sqlite");
  const db = createDb({ dataDir: dir, backgroundCheckpoints: { intervalMs: 20, startAfterMs: 0 } });
  try {
    await sql`create table filler (id integer primary key, body text not null)`.execute(db.db);
    // Before the worker is up the connection checkpoints itself (SQLite's default).
    await waitFor(() => db.checkpointer!.stats().running, "the checkpoint worker to start", 30_000);
    expect(await autocheckpointPages(db)).toBe(0);

    const body = "x".repeat(3000);
    const restarts: number[] = [];
    for (let round = 0; round < 4; round++) {
      // 300 commits of a few pages each.
      for (let i = 0; i < 300; i++) await sql`insert into filler (body) values (${body})`.execute(db.db);
      await waitFor(() => walFullyCopied(file), `round ${round}: the worker to copy the whole WAL into the database`, 30_000);
      restarts.push(walRestarts(file));
    }
    // The WAL was fully copied after every round, so the next round's first commit started it over
    // (with nobody checkpointing it would only grow: the same number four times).
    for (let round = 1; round < 4; round++) expect(restarts[round]!).toBeGreaterThan(restarts[round - 1]!);
    expect(db.checkpointer!.stats().checkpoints).toBeGreaterThanOrEqual(4);
    expect((await sql<{ n: number }>`select count(*) as n from filler`.execute(db.db)).rows[0]!.n).toBe(1200);
  } finally {
    await db.close();
  }
  expect(db.checkpointer!.stats().running).toBe(false);
});

test("a database closed before the worker's start never starts it, and keeps SQLite's own checkpoints", async () => {
  const sub = mkdtempSync(join(dir, "early-"));
  const db = createDb({ dataDir: sub, backgroundCheckpoints: { startAfterMs: 60_000 } });
  expect(await autocheckpointPages(db)).toBe(1000);
  expect(db.checkpointer!.stats().running).toBe(false);
  await db.close();
  expect(db.checkpointer!.stats().checkpoints).toBe(0);
});

test("a writer that never leaves the worker time to finish copies the rest of the WAL itself, and the WAL starts over", async () => {
  const sub = mkdtempSync(join(dir, "busy-"));
  const file = join(sub, "world-it.sqlite");
  // One pass per look and a short WAL limit: commits in a row leave every pass something behind.
  const db = createDb({ dataDir: sub, backgroundCheckpoints: { intervalMs: 5, startAfterMs: 0, passes: 1, tailFrames: 50 } });
  try {
    await sql`create table filler (id integer primary key, body text not null)`.execute(db.db);
    await waitFor(() => db.checkpointer!.stats().running, "the checkpoint worker to start", 30_000);
    const startedAt = walRestarts(file);
    const body = "y".repeat(3000);
    const deadline = Date.now() + 30_000;
    // Bursts of commits with one event-loop turn between them (where the worker's reports arrive).
    while (db.checkpointer!.stats().tails === 0) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the server's connection to copy the WAL's tail");
      for (let i = 0; i < 100; i++) await sql`insert into filler (body) values (${body})`.execute(db.db);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sql`insert into filler (body) values (${body})`.execute(db.db);
    expect(walRestarts(file)).toBeGreaterThan(startedAt);
  } finally {
    await db.close();
  }
});
