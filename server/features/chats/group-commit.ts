/**
 * Group commit, as databases do it: a batch waits only when there is something to wait for.
 * - Idle (nothing being written): the first item is written at once — at the end of the event
 *   loop's current turn (`setImmediate`, no timer), so the frames read in the same turn share its
 *   transaction and nothing waits for a window that may never fill.
 * - While a batch is being written, new items queue; when it is done (committed, published,
 *   answered), the whole queue (up to `maxBatch`) is the next batch, started at once.
 * So a quiet chat pays one commit per message with no added delay, and a busy one gets batches
 * exactly as big as the time a commit takes lets them grow.
 *
 * Each batch is ONE call of `write` — one transaction — then `committed` runs (publish there), and
 * only then is each submitter answered. One batch is in flight at a time, so batches commit,
 * publish and answer in order. If a whole batch fails, its items are retried one by one so one
 * bad item cannot sink the others — unless the error would fail every item alike (`failsAll`: the
 * database is unreachable), then every item is rejected at once and none is acknowledged.
 */
/** The most messages one transaction of the chat send path takes (messages.service.ts; bench/floor-server.ts). */
export const SEND_BATCH_MAX = 256;

export interface GroupCommitOptions<T, R> {
  /** Writes the items in one transaction; one outcome per item, in order (an Error rejects that item). */
  write(items: T[]): Promise<Array<R | Error>>;
  /** Runs after the commit, before any submitter is answered. */
  committed(items: T[], outcomes: Array<R | Error>): Promise<void>;
  /** The most items one transaction takes (the rest wait for the next one). */
  maxBatch: number;
  onError(error: unknown): void;
  /** An error no item of the batch would escape alone (retrying one by one would only wait longer). */
  failsAll?(error: unknown): boolean;
}

interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export function createGroupCommit<T, R>(opts: GroupCommitOptions<T, R>) {
  const queue: Waiting<T, R>[] = [];
  /** The batch being written, committed and answered (one at a time). */
  let inFlight: Promise<void> | null = null;
  /** An idle writer's start is scheduled for the end of this turn. */
  let starting = false;

  function submitted() {
    if (inFlight || starting) return; // the running batch picks the queue up when it is done
    starting = true;
    setImmediate(start);
  }

  function start() {
    starting = false;
    if (inFlight || !queue.length) return;
    const batch = queue.splice(0, opts.maxBatch);
    inFlight = run(batch).finally(() => {
      inFlight = null;
      // Whatever queued during this batch has waited a whole commit already: go at once.
      if (queue.length) start();
    });
  }

  async function run(batch: Waiting<T, R>[]) {
    let outcomes: Array<R | Error>;
    try {
      outcomes = await opts.write(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      if (opts.failsAll?.(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      opts.onError(error);
      for (const w of batch) await run([w]);
      return;
    }
    try {
      await opts.committed(
        batch.map((w) => w.item),
        outcomes,
      );
    } catch (error) {
      // Stored but not (fully) published: answer anyway; history has the messages.
      opts.onError(error);
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    });
  }

  return {
    submit(item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        submitted();
      });
    },
    /** Resolves when everything submitted so far has been written and answered. */
    async drain(): Promise<void> {
      while (inFlight || queue.length) {
        if (!inFlight) start();
        await inFlight;
      }
    },
  };
}
