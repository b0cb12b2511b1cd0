/**
 * The media pipeline's rules: ingest (validate → re-encode → quota → store files → row), lookups
 * for other features (one query for many), removal, storage usage, and who may see what.
 * Avatars, signatures and post images are public; album photos and chat images are private and
 * decided by an access policy the owning feature registers (without one: only the owner).
 */
import type { Kysely } from "kysely";
import { MEDIA_LIMITS, mediaPurposeSchema, type MediaInfo, type MediaPurpose, type StorageUsage } from "../../../shared/media.ts";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomId } from "../../lib/crypto.ts";
import { BadRequestError, DomainError, NotFoundError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import { createSemaphore } from "../../lib/semaphore.ts";
import { processImage } from "./media.images.ts";
import * as repo from "./media.repository.ts";
import type { MediaStorage, StoredFile } from "./media.storage.ts";

export type AccessPolicy = (mediaId: string, viewerId: string | null) => Promise<boolean>;

/** Anyone may fetch these; the rest go through an access policy. */
export const PUBLIC_PURPOSES: ReadonlySet<MediaPurpose> = new Set(["avatar", "signature", "post_image"]);

export interface MediaDeps {
  db: Kysely<Database>;
  dbKind: "sqlite" | "postgres";
  clock: Clock;
  log: Logger;
  storage: MediaStorage;
  maxBytes: number;
  quotaBytes: number;
  maxPixels?: number;
  /** How many images may be decoded/encoded at once (each may hold a large pixel buffer). */
  concurrency?: number;
}

interface StoredVariant {
  name: string;
  width: number;
  height: number;
  bytes: number;
  etag: string;
}

export interface OpenedVariant {
  etag: string;
  isPublic: boolean;
  /** The file itself (null if it went missing); not needed to answer a matching If-None-Match. */
  read(): Promise<StoredFile | null>;
}

export const mediaErrors = {
  tooLarge: () => new DomainError("PAYLOAD_TOO_LARGE", "media.tooLarge"),
  quotaExceeded: (usedBytes: number, quotaBytes: number) =>
    new DomainError("PAYLOAD_TOO_LARGE", "media.quotaExceeded", { usedBytes, quotaBytes }),
  notFound: () => new NotFoundError("media.notFound"),
};

const parseVariants = (json: string) => JSON.parse(json) as StoredVariant[];
const etagOf = (bytes: Uint8Array) => `"${new Bun.CryptoHasher("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;

function toInfo(row: repo.MediaRow): MediaInfo {
  const urls: Record<string, string> = {};
  for (const v of parseVariants(row.variants)) urls[v.name] = `/media/${row.id}/${v.name}.webp`;
  return {
    id: row.id,
    purpose: row.purpose as MediaPurpose,
    width: Number(row.width),
    height: Number(row.height),
    bytes: Number(row.bytes),
    urls,
    createdAt: toMs(row.created_at),
  };
}

export function createMediaService(deps: MediaDeps) {
  const { db, log, storage } = deps;
  const maxPixels = deps.maxPixels ?? MEDIA_LIMITS.maxPixels;
  const policies = new Map<MediaPurpose, AccessPolicy>();
  const limitWork = createSemaphore(deps.concurrency ?? Math.max(1, Math.min(4, navigator.hardwareConcurrency - 1)));

  async function removeFiles(rows: ReadonlyArray<{ id: string; variants: string }>) {
    const results = await Promise.allSettled(rows.map((r) => storage.remove(r.id, parseVariants(r.variants).map((v) => v.name))));
    for (const [i, r] of results.entries()) {
      if (r.status === "rejected") log.error("media files not removed", { mediaId: rows[i]!.id, error: r.reason });
    }
  }

  async function mayView(row: repo.MediaRow, viewerId: () => Promise<string | null>): Promise<boolean> {
    const purpose = row.purpose as MediaPurpose;
    if (PUBLIC_PURPOSES.has(purpose)) return true;
    const viewer = await viewerId();
    if (viewer === row.owner_id) return true;
    const policy = policies.get(purpose);
    return policy ? policy(row.id, viewer) : false;
  }

  return {
    /**
     * Removes files that have no media row and were last written more than `graceMs` ago: an
     * upload writes its files before it commits its row, so a crash between the two leaves files
     * nobody can see or count. Uploads in flight are younger than the grace period.
     */
    async sweepOrphans(graceMs = 10 * 60_000): Promise<number> {
      const candidates = (await storage.idsWrittenBefore?.(Date.now() - graceMs)) ?? [];
      let removed = 0;
      for (let i = 0; i < candidates.length; i += 500) {
        const chunk = candidates.slice(i, i + 500);
        const known = new Set((await repo.findMediaMany(db, chunk)).map((r) => r.id));
        for (const id of chunk.filter((c) => !known.has(c))) {
          await storage.remove(id, []);
          removed++;
        }
      }
      if (removed) log.info(`media sweep: removed the files of ${removed} upload(s) left without a row`);
      return removed;
    },

    maxBytes: deps.maxBytes,

    /** Validates, re-encodes and stores an upload. Nothing is stored when it is refused. */
    async ingest(ownerId: string, purpose: MediaPurpose, bytes: Uint8Array): Promise<MediaInfo> {
      const parsed = mediaPurposeSchema.safeParse(purpose);
      if (!parsed.success) throw new BadRequestError("media.unknownPurpose");
      if (bytes.length > deps.maxBytes) throw mediaErrors.tooLarge();
      const usedBefore = await repo.sumBytes(db, ownerId);
      if (usedBefore >= deps.quotaBytes) throw mediaErrors.quotaExceeded(usedBefore, deps.quotaBytes);

      const image = await limitWork(() => processImage(parsed.data, bytes, { maxPixels, log }));
      const total = image.variants.reduce((n, v) => n + v.bytes.length, 0);
      if (usedBefore + total > deps.quotaBytes) throw mediaErrors.quotaExceeded(usedBefore, deps.quotaBytes);

      const id = randomId();
      const variants: StoredVariant[] = image.variants.map((v) => ({
        name: v.name,
        width: v.width,
        height: v.height,
        bytes: v.bytes.length,
        etag: etagOf(v.bytes),
      }));
      const row: repo.MediaRow = {
        id,
        owner_id: ownerId,
        purpose: parsed.data,
        width: image.width,
        height: image.height,
        bytes: total,
        variants: JSON.stringify(variants),
        created_at: deps.clock(),
      };
      try {
        await Promise.all(image.variants.map((v) => storage.put(id, v.name, v.bytes)));
        await db.transaction().execute(async (trx) => {
          await repo.lockOwnerQuota(trx, deps.dbKind, ownerId);
          const used = await repo.sumBytes(trx, ownerId);
          if (used + total > deps.quotaBytes) throw mediaErrors.quotaExceeded(used, deps.quotaBytes);
          await repo.insertMedia(trx, row);
        });
      } catch (error) {
        await removeFiles([row]);
        throw error;
      }
      return toInfo(row);
    },

    /** The media if `ownerId` owns it (with `purpose`, when given); NOT_FOUND otherwise. */
    async getOwned(ownerId: string, mediaId: string, purpose?: MediaPurpose): Promise<MediaInfo> {
      const row = await repo.findMedia(db, mediaId);
      if (!row || row.owner_id !== ownerId || (purpose && row.purpose !== purpose)) throw mediaErrors.notFound();
      return toInfo(row);
    },

    /** Which of these media `ownerId` owns with `purpose`, in one query (checking attachments). */
    async ownedAmong(ownerId: string, mediaIds: readonly string[], purpose: MediaPurpose): Promise<Set<string>> {
      const rows = await repo.findMediaMany(db, [...new Set(mediaIds)]);
      return new Set(rows.filter((r) => r.owner_id === ownerId && r.purpose === purpose).map((r) => r.id));
    },

    /** Info of many media in one query; unknown ids are missing from the map. */
    async infoMany(ids: readonly string[]): Promise<Map<string, MediaInfo>> {
      const rows = await repo.findMediaMany(db, [...new Set(ids)]);
      return new Map(rows.map((r) => [r.id, toInfo(r)]));
    },

    /** Deletes the row and the files; does nothing if the media is gone or not `ownerId`'s. */
    async remove(ownerId: string, mediaId: string): Promise<void> {
      await removeFiles(await repo.deleteMedia(db, [mediaId], ownerId));
    },

    /** Deletes rows and files of these media whoever owns them (for cascades); returns how many. */
    async removeMany(ids: readonly string[]): Promise<number> {
      const rows = await repo.deleteMedia(db, [...new Set(ids)]);
      await removeFiles(rows);
      return rows.length;
    },

    async usage(ownerId: string): Promise<StorageUsage> {
      return { usedBytes: await repo.sumBytes(db, ownerId), quotaBytes: deps.quotaBytes };
    },

    /** A feature decides who may see its private-purpose media (album photos, chat images). */
    registerAccessPolicy(purpose: MediaPurpose, policy: AccessPolicy): void {
      if (PUBLIC_PURPOSES.has(purpose)) throw new Error(`media purpose ${purpose} is public; it takes no access policy`);
      if (policies.has(purpose)) throw new Error(`an access policy for ${purpose} is already registered`);
      policies.set(purpose, policy);
    },

    async canView(mediaId: string, viewerId: string | null): Promise<boolean> {
      const row = await repo.findMedia(db, mediaId);
      return row ? mayView(row, async () => viewerId) : false;
    },

    /**
     * A stored variant the viewer may see, or null (unknown id or variant, not allowed — the
     * caller answers 404 to both alike). The viewer is only resolved for private purposes.
     */
    async open(mediaId: string, variant: string, viewerId: () => Promise<string | null>): Promise<OpenedVariant | null> {
      const row = await repo.findMedia(db, mediaId);
      const stored = row && parseVariants(row.variants).find((v) => v.name === variant);
      if (!row || !stored || !(await mayView(row, viewerId))) return null;
      return {
        etag: stored.etag,
        isPublic: PUBLIC_PURPOSES.has(row.purpose as MediaPurpose),
        async read() {
          const file = await storage.get(mediaId, variant);
          if (!file) log.warn("media file missing", { mediaId, variant });
          return file;
        },
      };
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
