/**
 * Where variant files live, behind one small interface: the local disk under
 * `${DATA_DIR}/media/<id>/<variant>.webp` by default, or an S3-compatible bucket (Bun.S3Client)
 * when S3_BUCKET is set — the choice for several instances. Keys are `<id>/<variant>.webp`.
 */
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Env } from "../../env.ts";

export interface StoredFile {
  body: ReadableStream<Uint8Array> | Blob;
  size: number;
}

export interface MediaStorage {
  readonly kind: "disk" | "s3";
  put(id: string, variant: string, bytes: Uint8Array): Promise<void>;
  /** null when the file is not there. */
  get(id: string, variant: string): Promise<StoredFile | null>;
  /** Removes every listed variant of the media; missing files are not an error. */
  remove(id: string, variants: readonly string[]): Promise<void>;
  /**
   * Media ids with files last written before `before` (ms), for the sweep of files a crash left
   * without their row. Disk only: a bucket is shared and listed by its own lifecycle rules.
   */
  idsWrittenBefore?(before: number): Promise<string[]>;
}

const fileName = (variant: string) => `${variant}.webp`;
const SAFE = /^[a-f0-9]{24}$/;
const SAFE_VARIANT = /^[a-z0-9]{1,16}$/;

function assertSafe(id: string, variant?: string) {
  // Ids and variant names come from our own rows, but a path is built from them: be strict.
  if (!SAFE.test(id) || (variant !== undefined && !SAFE_VARIANT.test(variant))) throw new Error(`unsafe media key ${id}/${variant}`);
}

export function createDiskStorage(root: string): MediaStorage {
  return {
    kind: "disk",
    async put(id, variant, bytes) {
      assertSafe(id, variant);
      const dir = join(root, id);
      await mkdir(dir, { recursive: true });
      // Write then rename: a reader never sees half a file.
      const tmp = join(dir, `.${variant}.${crypto.randomUUID()}.tmp`);
      await Bun.write(tmp, bytes);
      await rename(tmp, join(dir, fileName(variant)));
    },
    async get(id, variant) {
      assertSafe(id, variant);
      const file = Bun.file(join(root, id, fileName(variant)));
      return (await file.exists()) ? { body: file, size: file.size } : null;
    },
    async remove(id) {
      assertSafe(id);
      await rm(join(root, id), { recursive: true, force: true });
    },
    async idsWrittenBefore(before) {
      const names = await readdir(root).catch(() => [] as string[]);
      const ids: string[] = [];
      for (const name of names) {
        if (!SAFE.test(name)) continue;
        const info = await stat(join(root, name)).catch(() => null);
        if (info?.isDirectory() && info.mtimeMs < before) ids.push(name);
      }
      return ids;
    },
  };
}

export interface S3Config {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export function createS3Storage(config: S3Config): MediaStorage {
  const client = new Bun.S3Client({
    bucket: config.bucket,
    endpoint: config.endpoint,
    region: config.region,
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
  });
  const key = (id: string, variant: string) => `media/${id}/${fileName(variant)}`;
  return {
    kind: "s3",
    async put(id, variant, bytes) {
      assertSafe(id, variant);
      await client.write(key(id, variant), bytes, { type: "image/webp" });
    },
    async get(id, variant) {
      assertSafe(id, variant);
      const file = client.file(key(id, variant));
      try {
        const stat = await file.stat();
        return { body: file.stream(), size: stat.size };
      } catch (error) {
        if ((error as { code?: string }).code === "NoSuchKey" || (error as { code?: string }).code === "ERR_S3_FILE_NOT_FOUND") return null;
        throw error;
      }
    },
    async remove(id, variants) {
      assertSafe(id);
      await Promise.all(variants.map((v) => client.delete(key(id, v))));
    },
  };
}

export function createMediaStorage(env: Env): MediaStorage {
  if (env.S3_BUCKET) {
    return createS3Storage({
      bucket: env.S3_BUCKET,
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
  }
  return createDiskStorage(join(env.DATA_DIR, "media"));
}
