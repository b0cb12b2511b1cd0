/**
 * The chat send path's in-process caches (ADR 0009): the members of a chat and an author's name
 * and avatar, read by every message batch but rarely changed.
 *
 * On SQLite, triggers (migration 0011) count every change to those rows in the same transaction
 * as the change. A batch reads the counters first, inside its own transaction; a cache whose
 * counter moved is emptied before it answers, and what it then loads is read in that same
 * transaction. So whatever a cache answers is exactly what the tables hold for that batch, and a
 * removed member is refused at their very next send. On Postgres there are no counters and every
 * batch reads the tables (`readVersions` returns null).
 */
import { PostgresAdapter } from "kysely";
import { runSql } from "../../db/hot-sql.ts";
import type { SendPathVersionsTable } from "../../db/schema.ts";
import type { Q } from "./chats.repository.ts";

export type SendPathVersions = Pick<SendPathVersionsTable, "members" | "people">;

/** The counters as this transaction sees them; null on Postgres (no caching there). */
export async function readVersions(trx: Q): Promise<SendPathVersions | null> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) return null;
  const [row] = await runSql<SendPathVersions>(trx, "select members, people from send_path_versions where id = 1", []);
  return row ?? null;
}

/** Values by key, valid for one version of the rows they come from; it starts over past `maxKeys`. */
export function createVersionedCache<V>(maxKeys: number) {
  let version = -1;
  const values = new Map<string, V>();
  return {
    /**
     * The values of `keys` at `version` (a key `load` finds nothing for is left out, and is not
     * cached). `load` gets only the keys not cached at that version.
     */
    async getMany(at: number, keys: readonly string[], load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
      if (at !== version) {
        values.clear();
        version = at;
      }
      const out = new Map<string, V>();
      const missing: string[] = [];
      for (const key of keys) {
        const value = values.get(key);
        if (value === undefined) missing.push(key);
        else out.set(key, value);
      }
      if (!missing.length) return out;
      const loaded = await load(missing);
      if (values.size + loaded.size > maxKeys) values.clear();
      for (const [key, value] of loaded) {
        values.set(key, value);
        out.set(key, value);
      }
      return out;
    },
  };
}
