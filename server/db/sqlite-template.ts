/**
 * A fresh SQLite database from a template (issue 12: the compiled binary's start in an empty
 * directory). `bun run compile` migrates an empty database at build time and embeds the file
 * (`VACUUM INTO`: compact, no WAL); at start, when the database file does not exist yet, the
 * server writes that file in its place instead of running every migration's DDL one statement at
 * a time (a fraction of the CPU). The template holds the migrations table too, so the usual
 * migrateToLatest() that follows finds nothing left to do — or applies whatever the template
 * lacks. Only ever for a file that does not exist: an existing database is never touched.
 */
import { dirname, join } from "node:path";
import { sql } from "kysely";
import { createDb } from "./create-db.ts";
import { migrateToLatest } from "./migrate.ts";

/**
 * Writes `template` (a path, e.g. a file embedded in the binary) as `file` if `file` does not
 * exist. The bytes go to a temporary name first and are linked into place, so a crash never
 * leaves half a database and two processes starting at once cannot both write it. True when it
 * wrote the file.
 */
export async function seedFromTemplate(file: string, template: string): Promise<boolean> {
  // A database that is there (the usual start) is seen without node:fs, which costs a start a few
  // ms to load (ADR 0029). An empty file counts as missing here; linkSync below leaves it alone.
  if (file === ":memory:" || Bun.file(file).size > 0) return false;
  const { linkSync, mkdirSync, unlinkSync, writeFileSync } = await import("node:fs");
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${crypto.randomUUID()}.template`);
  writeFileSync(tmp, new Uint8Array(await Bun.file(template).arrayBuffer()));
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

/** Migrates an empty database in a temporary folder and writes it, compacted, to `out`. */
export async function buildTemplate(out: string): Promise<string[]> {
  const [{ mkdtempSync, rmSync }, { tmpdir }] = await Promise.all([import("node:fs"), import("node:os")]);
  const dir = mkdtempSync(join(tmpdir(), "world-it-template-"));
  try {
    const db = createDb({ dataDir: dir });
    const applied = await migrateToLatest(db.db);
    rmSync(out, { force: true });
    await sql`vacuum into ${sql.lit(out)}`.execute(db.db);
    await db.close();
    return applied;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const out = process.argv[2];
  if (!out) throw new Error("usage: bun server/db/sqlite-template.ts <out.sqlite>");
  const applied = await buildTemplate(out);
  (await import("node:fs")).writeFileSync(`${out}.txt`, `${applied.join("\n")}\n`);
  console.log(`sqlite template: ${applied.length} migrations → ${out}`);
}
