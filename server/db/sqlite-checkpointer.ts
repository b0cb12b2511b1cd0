import type { Database as SqliteDatabase } from "bun:sqlite";
import type { Logger } from "../lib/log.ts";

/**
 * WAL checkpoints off the event loop (issue 12, ADR 0030).
 *
 * SQLite's automatic checkpoint runs inside the commit that pushes the WAL past 1,000 frames: on
 * the chat send path that was ~15 checkpoints a second at 2,000 messages/s, each copying pages
 * into the database file and fsyncing it on the event loop (pauses of 30–60 ms: bench:chat's
 * p99). Here the server's own connection never checkpoints (`wal_autocheckpoint = 0`); a worker
 * thread with its own connection runs PASSIVE checkpoints every `intervalMs` when something was
 * committed since its last one (`PRAGMA data_version`). PASSIVE never blocks the writer (it copies
 * what no reader still needs while the writer keeps appending); a few passes in a row catch up
 * with what was committed during the previous pass, and once the WAL is fully copied the next
 * commit starts it again from the beginning, so it stays small. A page written by many commits in
 * an interval is copied once, not once per commit.
 *
 * A writer that never pauses long enough for a pass to finish (a saturated server) would let the
 * WAL grow without bound. When the worker reports a WAL of `tailFrames` it could not copy whole,
 * the server's connection runs one PASSIVE checkpoint itself, between two of its own
 * transactions: being the only writer, it copies the few frames the worker left and completes, so
 * the next commit starts the WAL over. That pause (a few pages and an fsync) happens only when
 * the worker cannot keep up.
 *
 * Durability is unchanged: a commit is in the WAL before it is acknowledged, checkpoint or not.
 * The worker starts with the server (`startAfterMs` 0: its few MB are the process's from the
 * start, not mixed into what the first connections cost); until it is ready, and if it ever
 * fails, the connection checkpoints itself as SQLite does by default.
 */
const WORKER_SOURCE = `
import { Database } from "bun:sqlite";
let db = null;
let timer = null;
let seen = -1;
let passes = 1;
function checkpoint() {
  // all(), not get(): a statement stepped to its end holds no read snapshot (one left open
  // would keep the writer from starting the WAL over).
  return db.query("PRAGMA wal_checkpoint(PASSIVE)").all()[0];
}
function tick() {
  try {
    const version = db.query("PRAGMA data_version").all()[0].data_version;
    if (version === seen) return;
    seen = version;
    // A pass copies the frames it saw; commits made meanwhile are copied by the next pass, which
    // is short (a few pages).
    let r = checkpoint();
    for (let pass = 1; pass < passes && r.log !== r.checkpointed && r.busy === 0; pass++) r = checkpoint();
    postMessage({ type: "checkpoint", busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (error) {
    clearInterval(timer);
    postMessage({ type: "failed", message: String((error && error.message) || error) });
  }
}
self.onmessage = (event) => {
  const m = event.data;
  if (m.type === "start") {
    try {
      db = new Database(m.file);
      db.exec("PRAGMA busy_timeout = 1000");
      passes = m.passes;
      timer = setInterval(tick, m.intervalMs);
      postMessage({ type: "ready" });
    } catch (error) {
      postMessage({ type: "failed", message: String((error && error.message) || error) });
    }
  } else if (m.type === "stop") {
    clearInterval(timer);
    try { if (db) db.close(); } catch {}
    postMessage({ type: "stopped" });
  }
};
`;

export interface CheckpointerStats {
  /** Checkpoints the worker ran. */
  checkpoints: number;
  /** WAL frames the last one found, and how many of them were in the database file after it. */
  lastLog: number;
  lastCheckpointed: number;
  /** Checkpoints the server's own connection ran because the worker could not copy the WAL whole. */
  tails: number;
  /** Whether the worker is running (false before it starts and after a failure: SQLite checkpoints inline then). */
  running: boolean;
}

export interface Checkpointer {
  stats(): CheckpointerStats;
  /** Stops the worker (its connection closed) before the server's own connection closes. */
  stop(): Promise<void>;
}

export const CHECKPOINT_DEFAULTS = {
  intervalMs: 100,
  startAfterMs: 0,
  /** Passes per tick at most (each one copies what the commits during the previous one wrote). */
  passes: 8,
  /** A WAL this long (frames; 4 KB pages: 32 MB) that the worker could not copy whole: the writer copies the rest. */
  tailFrames: 8_192,
};
export type CheckpointOptions = Partial<typeof CHECKPOINT_DEFAULTS>;
/** SQLite's own default, put back when the worker cannot run. */
const INLINE_AUTOCHECKPOINT_PAGES = 1000;
const STOP_WAIT_MS = 2_000;

let workerUrl: string | null = null;

export function startCheckpointer(
  sqlite: SqliteDatabase,
  file: string,
  opts: CheckpointOptions & { log?: Logger } = {},
): Checkpointer {
  const o = { ...CHECKPOINT_DEFAULTS, ...opts };
  const stats: CheckpointerStats = { checkpoints: 0, lastLog: 0, lastCheckpointed: 0, tails: 0, running: false };
  let worker: Bun.Worker | null = null;
  let stopped = false;
  let onStopped: (() => void) | null = null;

  const inline = (why: string) => {
    stats.running = false;
    if (stopped) return;
    opts.log?.warn("background WAL checkpoints stopped; SQLite checkpoints on commit again", { reason: why });
    try {
      sqlite.exec(`PRAGMA wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The connection is closing: nothing left to checkpoint for.
    }
    worker?.terminate();
    worker = null;
  };

  const spawn = () => {
    if (stopped) return;
    try {
      workerUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
      const w = new Worker(workerUrl) as Bun.Worker;
      worker = w;
      w.unref();
      w.addEventListener("message", (event) => {
        const m = (event as MessageEvent).data as { type: string; log?: number; checkpointed?: number; message?: string };
        if (m.type === "ready") {
          if (stopped) return;
          // From now on only the worker checkpoints.
          sqlite.exec("PRAGMA wal_autocheckpoint = 0");
          stats.running = true;
        } else if (m.type === "checkpoint") {
          stats.checkpoints++;
          stats.lastLog = m.log ?? 0;
          stats.lastCheckpointed = m.checkpointed ?? 0;
          if (stats.running && stats.lastLog >= o.tailFrames && stats.lastLog !== stats.lastCheckpointed) copyTail();
        } else if (m.type === "failed") {
          inline(m.message ?? "unknown");
        } else if (m.type === "stopped") {
          onStopped?.();
        }
      });
      w.addEventListener("error", (event) => inline((event as ErrorEvent).message));
      w.postMessage({ type: "start", file, intervalMs: o.intervalMs, passes: o.passes });
    } catch (error) {
      inline(error instanceof Error ? error.message : String(error));
    }
  };

  /**
   * Runs between two event-loop tasks, so between two of the server's transactions (they do not
   * span a wait for anything but this connection). Busy (a transaction is open after all, or the
   * worker is in a pass) is harmless: the next long report tries again.
   */
  const copyTail = () => {
    try {
      const r = sqlite.query("PRAGMA wal_checkpoint(PASSIVE)").all()[0] as { busy: number } | undefined;
      if (r && r.busy === 0) stats.tails++;
    } catch (error) {
      opts.log?.warn("checkpoint on the server's connection failed", { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const timer = setTimeout(spawn, o.startAfterMs);
  timer.unref();

  return {
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const w = worker;
      worker = null;
      stats.running = false;
      if (!w) return;
      await new Promise<void>((resolve) => {
        const giveUp = setTimeout(resolve, STOP_WAIT_MS);
        onStopped = () => {
          clearTimeout(giveUp);
          resolve();
        };
        w.postMessage({ type: "stop" });
      });
      w.terminate();
    },
  };
}
