/**
 * The people search index: each person's name and username as normalised terms (lower case, no
 * accents, Ukrainian letters kept as letters), one row per term, so a prefix search is an index
 * range scan (`term >= q and term < q + U+10FFFF`, byte order on both backends).
 */
import { sql } from "kysely";
import type { Q } from "./relations.repository.ts";

/** Lower case, accents dropped (é → e, й → и on both sides), spaces collapsed. */
export function normalise(s: string): string {
  return s.normalize("NFD").replace(/\p{M}+/gu, "").toLocaleLowerCase("uk-UA").replace(/\s+/g, " ").trim();
}

export interface Named {
  username: string;
  first_name: string;
  last_name: string;
}

/** Username, first, last, "first last" and "last first": "Оле", "Шевч" and "олена ш" all match. */
export function searchTerms(p: Named): string[] {
  const first = normalise(p.first_name);
  const last = normalise(p.last_name);
  const list = [normalise(p.username), first, last, `${first} ${last}`, `${last} ${first}`].map((t) => t.trim());
  return [...new Set(list.filter((t) => t.length > 0))];
}

/** Does this person match a (normalised) query? The same rule as the index, for lists filtered in memory. */
export const matches = (p: Named, normalisedQuery: string) => searchTerms(p).some((t) => t.startsWith(normalisedQuery));

/** Replaces a person's terms (after they register or change their name). */
export async function indexPerson(db: Q, p: Named & { id: string }): Promise<void> {
  await db.deleteFrom("people_search").where("user_id", "=", p.id).execute();
  const terms = searchTerms(p);
  if (terms.length) await db.insertInto("people_search").values(terms.map((term) => ({ term, user_id: p.id }))).execute();
}

/** Upper bound of the prefix range: the largest code point sorts after anything the prefix begins. */
export const prefixEnd = (q: string) => `${q}\u{10FFFF}`;

/** SQL: `column` is the id of a person whose name or username starts with `q` (normalised). */
export const nameMatches = (column: string, q: string) =>
  sql<boolean>`${sql.ref(column)} in (select ps.user_id from people_search ps where ps.term >= ${q} and ps.term < ${prefixEnd(q)})`;

export interface SearchRow {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
  term: string;
}

/**
 * People whose name or username starts with `q` (normalised), best match first (the smallest
 * matching term, so "оле" finds "олег" before "олександр"), without me and without anyone a
 * block stands between. Keyset on (term, id).
 */
export async function searchPeople(db: Q, me: string, q: string, after: { term: string; id: string } | null, limit: number): Promise<SearchRow[]> {
  const { rows } = await sql<SearchRow>`
    select u.id, u.username, u.first_name, u.last_name, u.avatar_media_id, m.term
    from (select user_id, min(term) as term from people_search where term >= ${q} and term < ${prefixEnd(q)} group by user_id) m
    join users u on u.id = m.user_id
    where u.id <> ${me} and u.email_verified_at is not null
      and not exists (select 1 from blocks b where (b.blocker_id = ${me} and b.blocked_id = u.id) or (b.blocker_id = u.id and b.blocked_id = ${me}))
      ${after ? sql`and (m.term > ${after.term} or (m.term = ${after.term} and u.id > ${after.id}))` : sql``}
    order by m.term, u.id
    limit ${limit}`.execute(db);
  return rows;
}

export const encodeSearchCursor = (r: { term: string; id: string }) => Buffer.from(JSON.stringify([r.term, r.id])).toString("base64url");
export function decodeSearchCursor(cursor: string | null | undefined): { term: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [term, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    // Only what encodeSearchCursor writes: a term has no control characters (a NUL would be a 500 on Postgres).
    if (typeof term === "string" && typeof id === "string" && !/[\u0000-\u001f\u007f]/.test(term) && /^[0-9a-zA-Z_-]{1,64}$/.test(id)) return { term, id };
  } catch {
    // fall through
  }
  return null;
}
