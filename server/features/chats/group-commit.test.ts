import { describe, expect, test } from "bun:test";
import { createGroupCommit } from "./group-commit.ts";

/** The end of the event loop's current turn (where an idle writer starts). */
const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `hold`: every write waits until `release()` — the test decides what arrives during a commit.
 * Without it a write takes a real 2 ms.
 */
function recorder(
  opts: { maxBatch?: number; failWhen?: (items: number[]) => boolean; hold?: boolean; failsAll?: (error: unknown) => boolean } = {},
) {
  const batches: number[][] = [];
  const events: string[] = [];
  const writing: number[][] = [];
  let releases: Array<() => void> = [];
  const gc = createGroupCommit<number, string>({
    async write(items) {
      writing.push(items);
      if (opts.hold) await new Promise<void>((resolve) => releases.push(resolve));
      else await Bun.sleep(2);
      if (opts.failWhen?.(items)) throw new Error(`batch ${items} failed`);
      batches.push(items);
      events.push(`write ${items.join(",")}`);
      return items.map((n) => (n < 0 ? new Error(`bad ${n}`) : `#${n}`));
    },
    async committed(items) {
      events.push(`publish ${items.join(",")}`);
    },
    maxBatch: opts.maxBatch ?? 256,
    onError: () => {},
    failsAll: opts.failsAll,
  });
  /** Lets the write(s) waiting now finish. */
  const release = () => {
    const now = releases;
    releases = [];
    for (const r of now) r();
  };
  /** Waits until `n` writes have started (a held write starts the next batch only when released). */
  const started = async (n: number) => {
    for (let i = 0; i < 1000 && writing.length < n; i++) await endOfTurn();
    expect(writing.length).toBe(n);
  };
  return { gc, batches, events, writing, release, started };
}

describe("group commit", () => {
  test("the first send to an idle writer is written in the same turn of the event loop, with no window to wait for", async () => {
    const { gc, writing } = recorder({ hold: true });
    void gc.submit(1);
    expect(writing).toEqual([]); // not inside submit(): frames read in this turn may still join
    await endOfTurn();
    expect(writing).toEqual([[1]]);
  });

  test("sends submitted in the same turn share one batch: written, published, then answered in order", async () => {
    const { gc, batches, events } = recorder();
    const answered: string[] = [];
    const all = [1, 2, 3].map((n) => gc.submit(n).then((r) => void answered.push(r)));
    await Promise.all(all);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(events).toEqual(["write 1,2,3", "publish 1,2,3"]);
    expect(answered).toEqual(["#1", "#2", "#3"]);
  });

  test("sends that arrive during a commit wait for it, then go together in the next batch, at once", async () => {
    const { gc, writing, batches, release, started } = recorder({ hold: true });
    const first = gc.submit(1);
    await started(1);
    const during: Promise<string>[] = [];
    for (const n of [2, 3, 4]) {
      during.push(gc.submit(n));
      await endOfTurn(); // each in its own turn: still one batch, since a commit is in flight
    }
    expect(writing).toEqual([[1]]);
    release();
    expect(await first).toBe("#1");
    await started(2);
    expect(writing[1]).toEqual([2, 3, 4]);
    release();
    expect(await Promise.all(during)).toEqual(["#2", "#3", "#4"]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  test("a batch never exceeds maxBatch; the rest goes in the batches after it, in order", async () => {
    const { gc, batches, writing, release, started } = recorder({ maxBatch: 2, hold: true });
    const all = [gc.submit(1)];
    await started(1);
    for (const n of [2, 3, 4, 5, 6]) all.push(gc.submit(n));
    for (let b = 2; b <= 4; b++) {
      release();
      await started(b);
    }
    release();
    await Promise.all(all);
    expect(writing).toEqual([[1], [2, 3], [4, 5], [6]]);
    expect(batches).toEqual(writing);
  });

  test("a per-item error rejects only that item", async () => {
    const { gc, batches } = recorder();
    const results = await Promise.allSettled([gc.submit(1), gc.submit(-1), gc.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(batches).toEqual([[1, -1, 2]]);
  });

  test("when a whole batch fails, its items are retried one by one", async () => {
    const { gc, batches } = recorder({ failWhen: (items) => items.includes(13) });
    const results = await Promise.allSettled([gc.submit(12), gc.submit(13), gc.submit(14)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(batches).toEqual([[12], [14]]);
  });

  test("an error that would fail every item (the database is unreachable) rejects the whole batch at once, nothing answered as stored", async () => {
    const { gc, writing, events } = recorder({ failWhen: () => true, failsAll: (e) => String(e).includes("failed") });
    const results = await Promise.allSettled([gc.submit(1), gc.submit(2), gc.submit(3)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    // One attempt, not one more per item: each would only wait for the same unreachable database.
    expect(writing).toEqual([[1, 2, 3]]);
    expect(events).toEqual([]);
  });

  test("the writer keeps going after a failed batch", async () => {
    const { gc, batches } = recorder({ failWhen: (items) => items.includes(13), failsAll: () => true });
    expect((await Promise.allSettled([gc.submit(13)]))[0]!.status).toBe("rejected");
    expect(await gc.submit(14)).toBe("#14");
    expect(batches).toEqual([[14]]);
  });

  test("drain waits for everything submitted, the batch in flight and the queue behind it", async () => {
    const { gc, batches, writing, release, started } = recorder({ hold: true });
    void gc.submit(1);
    await started(1);
    void gc.submit(2);
    void gc.submit(3);
    let drained = false;
    const draining = gc.drain().then(() => (drained = true));
    await endOfTurn();
    expect(drained).toBe(false);
    release();
    await started(2);
    expect(drained).toBe(false);
    release();
    await draining;
    expect(writing).toEqual([[1], [2, 3]]);
    expect(batches.flat()).toEqual([1, 2, 3]);
  });

  test("drain of an idle writer returns at once", async () => {
    const { gc, writing } = recorder();
    await gc.drain();
    expect(writing).toEqual([]);
  });
});
