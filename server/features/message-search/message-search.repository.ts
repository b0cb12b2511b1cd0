/**
 * All SQL of message search (issue 13). The indexes are the migration's (0023): FTS5 on SQLite
 * (new messages added in batches, search-index.ts, migration 0026), a GIN expression index on
 * Postgres (kept in the writer's transaction). One query per page
 * plus one for the names of personal chats; the words reaching here are letters and digits only
 * (shared/message-search.ts queryWords), and are still passed as bound parameters.
 */
import { sql } from "kysely";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import type { DbKind } from "../../db/create-db.ts";
import type { Q } from "../chats/chats.repository.ts";

export interface HitRow {
  id: number | string;
  chat_id: string;
  body: string;
  created_at: number | string;
  author_id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
  chat_kind: "personal" | "group" | "public";
  chat_name: string | null;
}

export interface SearchScope {
  viewerId: string;
  /** One chat the viewer may read (checked by the service); absent: all of the viewer's and the public one. */
  chatId?: string;
  /** Older than this message id. */
  before?: number;
  limit: number;
}

/** FTS5: each word quoted (a plain string to FTS5, never syntax), as a prefix; all must match. */
export const ftsQuery = (words: string[]) => words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(" ");
/** to_tsquery: each word quoted, as a prefix (`:*`), all must match. Words hold no quote or backslash. */
export const tsQuery = (words: string[]) => words.map((w) => `'${w.replace(/['\\]/g, "")}':*`).join(" & ");

/** Newest first: up to limit rows of text messages (not deleted) matching every word. */
export async function searchMessages(db: Q, kind: DbKind, words: string[], scope: SearchScope): Promise<HitRow[]> {
  const where = sql.join(
    [
      sql`m.kind = 'text'`,
      sql`m.deleted_at is null`,
      scope.chatId
        ? sql`m.chat_id = ${scope.chatId}`
        : sql`(m.chat_id = ${GLOBAL_CHAT_ID} or m.chat_id in (select cm.chat_id from chat_members cm where cm.user_id = ${scope.viewerId}))`,
      ...(scope.before !== undefined ? [sql`m.id < ${scope.before}`] : []),
    ],
    sql` and `,
  );
  const columns = sql`m.id, m.chat_id, m.body, m.created_at, m.author_id, u.username, u.first_name, u.last_name, u.avatar_media_id,
    c.kind as chat_kind, c.name as chat_name`;
  const joins = sql`join users u on u.id = m.author_id join chats c on c.id = m.chat_id`;
  const { rows } =
    kind === "postgres"
      ? await sql<HitRow>`select ${columns} from messages m ${joins}
          where to_tsvector('simple', m.body) @@ to_tsquery('simple', ${tsQuery(words)}) and ${where}
          order by m.id desc limit ${scope.limit}`.execute(db)
      : await sql<HitRow>`select ${columns} from messages_fts f join messages m on m.id = f.rowid ${joins}
          where messages_fts match ${ftsQuery(words)} and ${where}
          order by f.rowid desc limit ${scope.limit}`.execute(db);
  return rows;
}

/** For personal chats: the other member's name (one query for a page). */
export async function otherMembersOf(db: Q, chatIds: string[], viewerId: string): Promise<Map<string, string>> {
  if (!chatIds.length) return new Map();
  const rows = await db
    .selectFrom("chat_members as cm")
    .innerJoin("users as u", "u.id", "cm.user_id")
    .select(["cm.chat_id", "u.first_name", "u.last_name"])
    .where("cm.chat_id", "in", chatIds)
    .where("cm.user_id", "!=", viewerId)
    .execute();
  return new Map(rows.map((r) => [r.chat_id, `${r.first_name} ${r.last_name}`.trim()]));
}
