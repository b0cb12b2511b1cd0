import type { Database as SqliteDatabase } from "bun:sqlite";

/**
 * The settings every SQLite connection of the server gets (server/db/create-db.ts), and that the
 * chat benchmark's persistence floor copies by calling this (bench/floor-server.ts).
 */
export function applySqlitePragmas(sqlite: SqliteDatabase): void {
  // WAL + NORMAL: tens of thousands of writes/s instead of ~1k (see ARCHITECTURE.md).
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  // Statement journals and sorts in memory: otherwise every multi-row write in a transaction
  // (the chat send path's insert and update, once per batch) creates and deletes a temp file.
  sqlite.exec("PRAGMA temp_store = MEMORY");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA foreign_keys = ON");
}
