/**
 * "Download my data" (#17): start an export (one at a time per person, kept by a unique partial
 * index), and a worker in every server process that claims queued exports with a lease
 * (claimed_until, renewed with each progress update; a crashed worker's export is taken over once
 * its lease runs out), writes the ZIP (data-export.archive.ts), pushes progress on user:<id>
 * (`export.progress`), mails the owner when it is ready, and sweeps expired archives.
 *
 * Archives live on the local disk under DATA_DIR/exports/<userId>/<exportId>.zip: several
 * instances need DATA_DIR/exports on shared storage to serve each other's archives.
 */
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DATA_EXPORT_LIMITS, exportDownloadPath, type ExportInfo, type ExportStatus } from "../../../shared/data-export.ts";
import { toMs } from "../../db/schema.ts";
import { randomId } from "../../lib/crypto.ts";
import { ConflictError, RateLimitedError } from "../../lib/errors.ts";
import { topics } from "../../realtime/topics.ts";
import { mailSender, type AccountDeps } from "../auth/account-deps.ts";
import { exportReadyMail } from "../auth/security.mails.ts";
import { writeArchive } from "./data-export.archive.ts";
import * as repo from "./data-export.repository.ts";

const DAY = 86_400_000;
/** A worker's claim holds this long; it is renewed well before (every progress update, at least every LEASE_MS / 3). */
const LEASE_MS = 60_000;
/** How often an idle worker looks for exports started on other instances (a start here wakes it at once). */
const POLL_MS = 15_000;
const SWEEP_EVERY_MS = 3_600_000;
/** Progress goes to the row (and the owner's sockets) at most this often, besides lease renewals. */
const PROGRESS_EVERY_MS = 250;

export const dataExportLimits = {
  start: { name: "export:start", max: DATA_EXPORT_LIMITS.perDay, windowMs: DAY },
};

const alreadyRunning = () => new ConflictError("dataExport.alreadyRunning");
const isUniqueViolation = (e: unknown) => {
  const { code, errno } = (e ?? {}) as { code?: unknown; errno?: unknown };
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505" || errno === "23505";
};
const KEY = /^[A-Za-z0-9_-]{1,64}\/[a-f0-9]{24}\.zip$/;

/** Thrown inside a build when it must stop: the server is stopping, or another worker took the export. */
class Interrupted extends Error {
  constructor(readonly why: "stopping" | "lost") {
    super(why);
  }
}

export function createDataExports(d: AccountDeps) {
  const db = d.db.db;
  const root = join(d.env.DATA_DIR, "exports");
  const fileOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`unsafe export key ${key}`);
    return join(root, key);
  };
  const send = mailSender(d);

  function toInfo(row: repo.ExportRow, now: number): ExportInfo {
    const expiresAt = toMs(row.expires_at);
    // Past its time but not swept yet: already gone for the person.
    const status = (row.status === "ready" && expiresAt !== null && expiresAt <= now ? "expired" : row.status) as ExportStatus;
    return {
      id: row.id,
      status,
      progress: Number(row.progress),
      createdAt: toMs(row.created_at),
      finishedAt: toMs(row.finished_at),
      expiresAt,
      sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
      downloadUrl: status === "ready" ? exportDownloadPath(row.id) : null,
    };
  }

  const publish = (userId: string, exportId: string, status: ExportStatus, progress: number) =>
    d.hub.publish(topics.user(userId), { type: "export.progress", exportId, status, progress });

  // ---- The worker ------------------------------------------------------------------------

  let stopping = false;
  let loop: Promise<void> | null = null;
  let woken = false;
  let wakeIdle: (() => void) | null = null;
  let lastSweep = Number.NEGATIVE_INFINITY;

  function wake() {
    woken = true;
    wakeIdle?.();
  }

  async function idle(ms: number) {
    if (!woken) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        (timer as { unref?: () => void }).unref?.();
        wakeIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    wakeIdle = null;
    woken = false;
  }

  async function claimNext(): Promise<{ id: string; userId: string; lease: number } | null> {
    const now = d.clock();
    for (const c of await repo.claimCandidates(db, now)) {
      const lease = now + LEASE_MS;
      if (await repo.claim(db, c.id, now, lease)) return { id: c.id, userId: c.user_id, lease };
    }
    return null;
  }

  async function build(job: { id: string; userId: string; lease: number }) {
    const key = `${job.userId}/${job.id}.zip`;
    const path = fileOf(key);
    const tmp = `${path}.${randomId()}.tmp`;
    let lease = job.lease;
    let shown = 0;
    let shownAt = 0;
    publish(job.userId, job.id, "running", 0);

    const tick = async (done: number, total: number) => {
      if (stopping) throw new Interrupted("stopping");
      const progress = Math.min(99, Math.floor((done / total) * 100));
      const now = d.clock();
      const leaseLow = lease - now < (LEASE_MS * 2) / 3;
      if (!leaseLow && (progress === shown || Date.now() - shownAt < PROGRESS_EVERY_MS)) return;
      const next = now + LEASE_MS;
      if (!(await repo.renew(db, job.id, lease, next, progress))) throw new Interrupted("lost");
      lease = next;
      if (progress !== shown) publish(job.userId, job.id, "running", progress);
      shown = progress;
      shownAt = Date.now();
    };

    try {
      await mkdir(dirname(path), { recursive: true });
      const size = await writeArchive({ db, media: d.media }, job.userId, tmp, tick, d.clock());
      if (stopping) throw new Interrupted("stopping");
      await rename(tmp, path);
      const finishedAt = d.clock();
      const expiresAt = finishedAt + DATA_EXPORT_LIMITS.keepDays * DAY;
      const done = await repo.finish(db, job.id, lease, { status: "ready", progress: 100, file_key: key, size_bytes: size, error: null, finished_at: finishedAt, expires_at: expiresAt });
      if (!done) {
        // Taken over (or the person is gone): this copy is nobody's.
        await rm(path, { force: true });
        return;
      }
      publish(job.userId, job.id, "ready", 100);
      const user = await repo.userRow(db, job.userId);
      if (user) await send(exportReadyMail(user.email, d.publicUrl, expiresAt));
    } catch (error) {
      // Cleaning up must not stand in the way of recording the outcome.
      await rm(tmp, { force: true }).catch(() => {});
      if (error instanceof Interrupted) {
        // Stopping: hand it back at once for the next start (or another instance); lost: not ours.
        if (error.why === "stopping") await repo.finish(db, job.id, lease, { status: "queued", progress: 0, finished_at: null }).catch(() => {});
        return;
      }
      d.log.error("data export failed", { exportId: job.id, userId: job.userId, error });
      const failed = await repo.finish(db, job.id, lease, { status: "failed", progress: Number(shown), error: String((error as Error)?.message ?? error).slice(0, 200), finished_at: d.clock() });
      if (failed) publish(job.userId, job.id, "failed", shown);
    }
  }

  /** Marks ready exports past their time expired and deletes their files; returns how many. */
  async function sweep(): Promise<number> {
    const now = d.clock();
    let n = 0;
    for (const row of await repo.dueToExpire(db, now)) {
      try {
        if (row.file_key) await rm(fileOf(row.file_key), { force: true });
      } catch (error) {
        // Already refused for download (expires_at); the file is tried again at the next sweep.
        d.log.error("expired data export not removed", { exportId: row.id, error });
        continue;
      }
      await repo.markExpired(db, row.id);
      n++;
    }
    if (n) d.log.info(`data exports: ${n} expired`);
    return n;
  }

  async function run() {
    while (!stopping) {
      try {
        if (d.clock() - lastSweep >= SWEEP_EVERY_MS) {
          lastSweep = d.clock();
          await sweep();
        }
        const job = await claimNext();
        if (job) {
          await build(job);
          continue;
        }
      } catch (error) {
        d.log.error("data export worker step failed", { error });
      }
      if (stopping) break;
      await idle(POLL_MS);
    }
  }

  return {
    /** Starts an export of everything of `userId`'s; CONFLICT while one is queued or running. */
    async request(userId: string): Promise<ExportInfo> {
      // Only a start that happens counts against the limit: a click while one runs is a conflict, not a try.
      const waitMs = await d.limiter.peek(dataExportLimits.start, userId);
      if (waitMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
      const row = { id: randomId(), user_id: userId, created_at: d.clock() };
      try {
        // The unique partial index (one queued/running per person) is the only judge, races included.
        await repo.insertExport(db, row);
      } catch (error) {
        if (isUniqueViolation(error)) throw alreadyRunning();
        throw error;
      }
      await d.limiter.hit(dataExportLimits.start, userId);
      publish(userId, row.id, "queued", 0);
      wake();
      const inserted = await repo.findExport(db, row.id);
      return toInfo(inserted!, d.clock());
    },

    /** My newest export, or null. */
    async latest(userId: string): Promise<ExportInfo | null> {
      const row = await repo.latestOf(db, userId);
      return row ? toInfo(row, d.clock()) : null;
    },

    /** The archive to send, only to its owner while it is ready and unexpired; null otherwise (answer 404). */
    async openDownload(userId: string, exportId: string) {
      if (!/^[a-f0-9]{24}$/.test(exportId)) return null;
      const row = await repo.findExport(db, exportId);
      if (!row || row.user_id !== userId || row.status !== "ready" || !row.file_key) return null;
      const expiresAt = toMs(row.expires_at);
      if (expiresAt === null || expiresAt <= d.clock()) return null;
      const file = Bun.file(fileOf(row.file_key));
      if (!(await file.exists())) {
        d.log.warn("data export file missing", { exportId });
        return null;
      }
      const user = await repo.userRow(db, userId);
      return { file, size: file.size, username: user?.username ?? "me", finishedAt: toMs(row.finished_at) ?? toMs(row.created_at) };
    },

    /** The account is being deleted: its archives go (files and rows). */
    async deleteAllOf(userId: string): Promise<void> {
      const removing = (await repo.fileKeysOf(db, userId)).map((row) => rm(fileOf(row.file_key!), { force: true }));
      // Also what a build in flight is writing (its own update then finds no row and drops its file).
      if (/^[A-Za-z0-9_-]{1,64}$/.test(userId)) removing.push(rm(join(root, userId), { recursive: true, force: true }));
      for (const r of await Promise.allSettled(removing)) if (r.status === "rejected") d.log.error("data export files not removed", { userId, error: r.reason });
      await repo.deleteRowsOf(db, userId);
    },

    sweep,
    /** Look for work now (another instance's start, a test). */
    wake,

    /** Background work (exports): started after the server listens, stopped before the database closes. */
    start() {
      if (loop) return;
      stopping = false;
      loop = run().finally(() => {
        loop = null;
      });
    },
    /** Ends the loop; an export in progress is handed back (queued) at its next step. */
    async stop() {
      stopping = true;
      wake();
      await loop;
    },
  };
}

export type DataExports = ReturnType<typeof createDataExports>;
