/**
 * Issue 12: SQLite's search index is filled in batches, not by the send path (migration 0026,
 * ADR 0028). Every message with an id up to `message_search_progress.indexed_upto` is indexed;
 * `indexPending` adds those above it in ONE transaction (one FTS5 segment however many rows) and
 * moves the mark. It runs after sends (a short timer: `createSearchIndexer`) and before every
 * search, so a search finds every message stored before it, as with the old insert trigger.
 * Postgres' index is an expression index, always current: nothing to do there.
 */
import { PostgresAdapter, type Kysely } from "kysely";
import { runSql } from "../../db/hot-sql.ts";
import type { Database } from "../../db/schema.ts";
import type { Logger } from "../../lib/log.ts";

/** The most rows one transaction indexes (a longer backlog takes several, so none holds the event loop long). */
const ROWS_PER_TRANSACTION = 500;

/** Indexes the messages stored since the last call; returns how many rows it looked at. */
export async function indexPending(db: Kysely<Database>): Promise<number> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return 0;
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const [mark] = await runSql<{ upto: number; top: number | null }>(
        trx,
        "select indexed_upto as upto, (select max(id) from messages) as top from message_search_progress where id = 1",
        [],
      );
      if (!mark || mark.top === null || mark.top <= mark.upto) return 0;
      const to = Math.min(mark.top, mark.upto + ROWS_PER_TRANSACTION);
      await runSql(trx, "insert into messages_fts (rowid, body) select id, body from messages where id > ? and id <= ? and kind = 'text' and deleted_at is null", [mark.upto, to]);
      await runSql(trx, "update message_search_progress set indexed_upto = ? where id = 1", [to]);
      return to - mark.upto;
    });
    total += done;
    if (done < ROWS_PER_TRANSACTION) return total;
  }
}

/** How long new messages wait to be indexed at most (unless a search comes first). */
export const INDEX_DELAY_MS = 100;

/** `stored()` after a commit that added messages; the index follows within INDEX_DELAY_MS. */
export function createSearchIndexer(db: Kysely<Database>, log: Logger, delayMs = INDEX_DELAY_MS) {
  const sqlite = !(db.getExecutor().adapter instanceof PostgresAdapter);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> | null = null;
  const run = () => {
    timer = null;
    running = indexPending(db)
      .catch((error) => log.error("search index batch failed", { error }))
      .finally(() => (running = null));
  };
  return {
    stored() {
      if (sqlite && !timer) timer = setTimeout(run, delayMs);
    },
    /** Indexes what is waiting now (shutdown: before the database closes). */
    async flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      if (sqlite) await indexPending(db).catch((error) => log.error("search index batch failed", { error }));
    },
  };
}
