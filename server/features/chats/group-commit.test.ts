import { describe, expect, test } from "bun:test";
import { createGroupCommit } from "./group-commit.ts";

/** `hold`: every write waits until `release()` (so a test decides what queues during a write). */
function recorder(
  opts: { maxBatch?: number; failWhen?: (items: number[]) => boolean; hold?: boolean; failsAll?: (error: unknown) => boolean } = {},
) {
  const batches: number[][] = [];
  const events: string[] = [];
  const writing: number[][] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const gc = createGroupCommit<number, string>({
    async write(items) {
      writing.push(items);
      await (opts.hold ? held : Bun.sleep(2));
      if (opts.failWhen?.(items)) throw new Error(`batch ${items} failed`);
      batches.push(items);
      events.push(`write ${items.join(",")}`);
      return items.map((n) => (n < 0 ? new Error(`bad ${n}`) : `#${n}`));
    },
    async committed(items) {
      events.push(`publish ${items.join(",")}`);
    },
    windowMs: 2,
    maxBatch: opts.maxBatch ?? 256,
    onError: () => {},
    failsAll: opts.failsAll,
  });
  return { gc, batches, events, writing, release };
}

describe("group commit", () => {
  test("items submitted together are written in one batch, published, then answered in order", async () => {
    const { gc, batches, events } = recorder();
    const answered: string[] = [];
    const all = [1, 2, 3].map((n) => gc.submit(n).then((r) => void answered.push(r)));
    await Promise.all(all);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(events).toEqual(["write 1,2,3", "publish 1,2,3"]);
    expect(answered).toEqual(["#1", "#2", "#3"]);
  });

  test("a batch never exceeds maxBatch, and what queues during a write goes in the next one", async () => {
    const { gc, batches, writing, release } = recorder({ maxBatch: 2, hold: true });
    const first = [1, 2, 3].map((n) => gc.submit(n));
    // [1, 2] filled a batch and is being written; 3 waits, and so does 4, submitted meanwhile.
    expect(writing).toEqual([[1, 2]]);
    const later = gc.submit(4);
    await Bun.sleep(5);
    expect(writing).toEqual([[1, 2]]);
    release();
    await Promise.all([...first, later]);
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  test("a per-item error rejects only that item", async () => {
    const { gc } = recorder();
    const results = await Promise.allSettled([gc.submit(1), gc.submit(-1), gc.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
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

  test("drain waits for everything submitted", async () => {
    const { gc, batches } = recorder();
    void gc.submit(1);
    void gc.submit(2);
    await gc.drain();
    expect(batches.flat()).toEqual([1, 2]);
  });
});
