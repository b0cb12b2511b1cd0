/**
 * What a server left under DATA_DIR/media, read behind its back (it may be dead or alive): every
 * media row checked against its files (present, of the recorded size, with the recorded sha256
 * ETag), and the files no row points at (a crash between writing the files and committing the
 * row leaves those: invisible, but on disk).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createDb } from "../../server/db/create-db.ts";

/** The server's ETag of a stored variant (media.service.ts etagOf). */
export const etagOf = (bytes: Uint8Array) => `"${new Bun.CryptoHasher("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;

export interface MediaAudit {
  rowIds: Set<string>;
  /** "<id>/<variant>: why" for every row whose file is missing, short, or not the bytes the row describes. */
  broken: string[];
  /** Media directories with no row. */
  orphanDirs: string[];
  /** Temporary files of an interrupted write (`.<variant>.<uuid>.tmp`). */
  tempFiles: string[];
}

export async function auditMedia(opts: { dataDir: string; databaseUrl?: string }): Promise<MediaAudit> {
  const db = createDb(opts);
  let rows: Array<{ id: string; variants: string }>;
  try {
    rows = await db.db.selectFrom("media").select(["id", "variants"]).execute();
  } finally {
    await db.close();
  }
  const root = join(opts.dataDir, "media");
  const broken: string[] = [];
  for (const row of rows) {
    for (const v of JSON.parse(row.variants) as Array<{ name: string; bytes: number; etag: string }>) {
      const file = Bun.file(join(root, row.id, `${v.name}.webp`));
      const where = `${row.id}/${v.name}`;
      if (!(await file.exists())) broken.push(`${where}: missing`);
      else if (file.size !== v.bytes) broken.push(`${where}: ${file.size} bytes, the row says ${v.bytes}`);
      else if (etagOf(await file.bytes()) !== v.etag) broken.push(`${where}: not the bytes the row describes`);
    }
  }
  const rowIds = new Set(rows.map((r) => r.id));
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return {
    rowIds,
    broken,
    orphanDirs: entries.filter((e) => e.isDirectory() && !rowIds.has(e.name)).map((e) => e.name),
    tempFiles: entries.filter((e) => e.isFile() && e.name.endsWith(".tmp")).map((e) => join(e.parentPath, e.name)),
  };
}
