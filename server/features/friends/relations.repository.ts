/**
 * All SQL of the social graph: relation rows (one per pair, user_a < user_b), blocks and dismissed
 * recommendations. First argument: db or trx.
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from "kysely";
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { Database, RelationsTable } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;
export type RelationRow = RelationsTable;

/** The pair in canonical order: the key of its one relation row. */
export const pairOf = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

const isPostgres = (db: Q) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Postgres: holds the pair's lock until the transaction ends, so a request and a block of the same
 * two people run one after the other (a request would otherwise pass its block check while a block
 * deletes a row it cannot see yet, and leave a request behind the block). SQLite runs one
 * transaction at a time anyway.
 */
export async function lockPair(db: Q, x: string, y: string): Promise<void> {
  if (!isPostgres(db)) return;
  const [a, b] = pairOf(x, y);
  await sql`select pg_advisory_xact_lock(hashtextextended(${`relations:${a}:${b}`}, 0))`.execute(db);
}

export async function findRelation(db: Q, x: string, y: string, forUpdate = false): Promise<RelationRow | undefined> {
  const [a, b] = pairOf(x, y);
  // A plain read (profiles, the social policy) as hand-written SQL: nothing to build (BENCHMARKS.md "HTTP").
  if (!forUpdate || !isPostgres(db)) return (await runSql<RelationRow>(db, 'select * from "relations" where "user_a" = ? and "user_b" = ?', [a, b]))[0];
  return db.selectFrom("relations").selectAll().where("user_a", "=", a).where("user_b", "=", b).forUpdate().executeTakeFirst();
}

/** Inserts the pair's row unless one exists (a concurrent insert waits, then does nothing). */
export async function insertRelationIfAbsent(db: Q, row: Omit<RelationRow, "user_a" | "user_b"> & { x: string; y: string }): Promise<boolean> {
  const [user_a, user_b] = pairOf(row.x, row.y);
  const r = await db
    .insertInto("relations")
    .values({ user_a, user_b, status: row.status, requested_by: row.requested_by, created_at: row.created_at, updated_at: row.updated_at })
    .onConflict((oc) => oc.columns(["user_a", "user_b"]).doNothing())
    .returning("user_a")
    .executeTakeFirst();
  return r !== undefined;
}

export async function setRelation(db: Q, x: string, y: string, fields: Pick<RelationRow, "status" | "requested_by" | "updated_at">) {
  const [a, b] = pairOf(x, y);
  await db.updateTable("relations").set(fields).where("user_a", "=", a).where("user_b", "=", b).execute();
}

export async function deleteRelation(db: Q, x: string, y: string): Promise<boolean> {
  const [a, b] = pairOf(x, y);
  const r = await db.deleteFrom("relations").where("user_a", "=", a).where("user_b", "=", b).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** My relation rows with each of `others` (one query). */
export async function relationsWith(db: Q, me: string, others: readonly string[]): Promise<Map<string, RelationRow>> {
  if (!others.length) return new Map();
  const rows = await db
    .selectFrom("relations")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb("user_a", "=", me), eb("user_b", "in", others)]),
        eb.and([eb("user_b", "=", me), eb("user_a", "in", others)]),
      ]),
    )
    .execute();
  return new Map(rows.map((r) => [r.user_a === me ? r.user_b : r.user_a, r]));
}

// ── blocks ───────────────────────────────────────────────────────────────────
export async function insertBlock(db: Q, blocker: string, blocked: string, at: number): Promise<boolean> {
  const r = await db
    .insertInto("blocks")
    .values({ blocker_id: blocker, blocked_id: blocked, created_at: at })
    .onConflict((oc) => oc.columns(["blocker_id", "blocked_id"]).doNothing())
    .returning("blocker_id")
    .executeTakeFirst();
  return r !== undefined;
}

export async function deleteBlock(db: Q, blocker: string, blocked: string): Promise<boolean> {
  const r = await db.deleteFrom("blocks").where("blocker_id", "=", blocker).where("blocked_id", "=", blocked).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** For each of `others`: whether I blocked them (`byMe`) and whether they blocked me (`byThem`). */
export async function blocksWith(db: Q, me: string, others: readonly string[]): Promise<Map<string, { byMe: boolean; byThem: boolean }>> {
  const out = new Map<string, { byMe: boolean; byThem: boolean }>();
  if (!others.length) return out;
  const list = placeholders(others.length);
  const rows = await runSql<{ blocker_id: string; blocked_id: string }>(
    db,
    `select "blocker_id", "blocked_id" from "blocks" where (("blocker_id" = ? and "blocked_id" in (${list})) or ("blocked_id" = ? and "blocker_id" in (${list})))`,
    [me, ...others, me, ...others],
  );
  for (const r of rows) {
    const other = r.blocker_id === me ? r.blocked_id : r.blocker_id;
    const entry = out.get(other) ?? { byMe: false, byThem: false };
    if (r.blocker_id === me) entry.byMe = true;
    else entry.byThem = true;
    out.set(other, entry);
  }
  return out;
}

export const blockedByMe = (db: Q, me: string, limit: number) =>
  db
    .selectFrom("blocks as b")
    .innerJoin("users as u", "u.id", "b.blocked_id")
    .select(["u.id", "u.username", "u.first_name", "u.last_name", "u.avatar_media_id", "b.created_at"])
    .where("b.blocker_id", "=", me)
    .orderBy("b.created_at", "desc")
    .limit(limit)
    .execute();

// ── dismissed recommendations ───────────────────────────────────────────────
export async function dismiss(db: Q, me: string, other: string, at: number): Promise<void> {
  await db
    .insertInto("recommendation_dismissals")
    .values({ user_id: me, dismissed_id: other, created_at: at })
    .onConflict((oc) => oc.columns(["user_id", "dismissed_id"]).doNothing())
    .execute();
}

// ── counts and lists ─────────────────────────────────────────────────────────
/** Rows of `status` where `person` is either side, as (other, requested_by, updated_at). */
const sideRows = (person: string, status: RelationRow["status"]) => sql`
  select user_b as other, requested_by, updated_at from relations where user_a = ${person} and status = ${status}
  union all
  select user_a as other, requested_by, updated_at from relations where user_b = ${person} and status = ${status}`;

const COUNTS_OF = `
    select status, mine, count(*) as n from (
      select status, case when requested_by = ? then 1 else 0 end as mine from relations where user_a = ?
      union all
      select status, case when requested_by = ? then 1 else 0 end as mine from relations where user_b = ?) t
    group by status, mine`;
export async function countsOf(db: Q, person: string): Promise<{ friends: number; incoming: number; outgoing: number; followers: number }> {
  const rows = await runSql<{ status: string; mine: number | string; n: number | string }>(db, COUNTS_OF, [person, person, person, person]);
  const out = { friends: 0, incoming: 0, outgoing: 0, followers: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    const mine = Number(r.mine) === 1;
    if (r.status === "friends") out.friends += n;
    else if (r.status === "pending") out[mine ? "outgoing" : "incoming"] += n;
    else if (r.status === "following" && !mine) out.followers += n;
  }
  return out;
}

export interface ListedPerson {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
  updated_at: number | string;
}

/**
 * A page of people related to `person` by `status`, newest change first; `mine` keeps only rows
 * `person` asked for (true), only the others' (false), or both (null). Keyset cursor
 * "<updated_at>:<id>"; `nameQuery` (normalised) filters by the search index.
 */
export async function listRelated(
  db: Q,
  input: { person: string; status: RelationRow["status"]; mine: boolean | null; nameQuery: string | null; cursor: { at: number; id: string } | null; limit: number },
): Promise<ListedPerson[]> {
  const { person, mine, nameQuery, cursor } = input;
  const { rows } = await sql<ListedPerson>`
    select u.id, u.username, u.first_name, u.last_name, u.avatar_media_id, t.updated_at
    from (${sideRows(person, input.status)}) t
    join users u on u.id = t.other
    where 1 = 1
    ${mine === null ? sql`` : mine ? sql`and t.requested_by = ${person}` : sql`and t.requested_by <> ${person}`}
    ${cursor ? sql`and (t.updated_at < ${cursor.at} or (t.updated_at = ${cursor.at} and u.id < ${cursor.id}))` : sql``}
    ${nameQuery ? sql`and u.id in (select ps.user_id from people_search ps where ps.term >= ${nameQuery} and ps.term < ${`${nameQuery}\u{10FFFF}`})` : sql``}
    order by t.updated_at desc, u.id desc
    limit ${input.limit}`.execute(db);
  return rows;
}

/** How many friends `me` shares with each of `others` (one query). */
export async function mutualCounts(db: Q, me: string, others: readonly string[]): Promise<Map<string, number>> {
  if (!others.length) return new Map();
  const list = sql.join(others.map((o) => sql`${o}`));
  const { rows } = await sql<{ other: string; n: number | string }>`
    with mine as (${sideRows(me, "friends")})
    select x.other, count(*) as n from (
      select user_a as other, user_b as f from relations where status = 'friends' and user_a in (${list})
      union all
      select user_b as other, user_a as f from relations where status = 'friends' and user_b in (${list})
    ) x where x.f in (select other from mine)
    group by x.other`.execute(db);
  return new Map(rows.map((r) => [r.other, Number(r.n)]));
}

/**
 * SQL: `column` is someone `me` may be recommended or shown: not me, no relation row, no block
 * either way, not dismissed. Uncorrelated `not in` lists (each read once per statement, not once
 * per candidate row; every column here is NOT NULL, so `not in` means what it says).
 */
export const eligibleStranger = (column: string, me: string) => {
  const c = sql.ref(column);
  return sql`${c} <> ${me}
    and ${c} not in (select user_b from relations where user_a = ${me} union all select user_a from relations where user_b = ${me})
    and ${c} not in (select blocked_id from blocks where blocker_id = ${me} union all select blocker_id from blocks where blocked_id = ${me})
    and ${c} not in (select dismissed_id from recommendation_dismissals where user_id = ${me})`;
};

/** SQL: no block either way between `me` and `column`. */
export const notBlocked = (column: string, me: string) => {
  const c = sql.ref(column);
  return sql`not exists (select 1 from blocks b where (b.blocker_id = ${me} and b.blocked_id = ${c}) or (b.blocker_id = ${c} and b.blocked_id = ${me}))`;
};

/** People by id (confirmed accounts only), as card rows. */
export const peopleByIds = (db: Q, ids: readonly string[]) =>
  ids.length
    ? runSql<{ id: string; username: string; first_name: string; last_name: string; avatar_media_id: string | null }>(
        db,
        `select "id", "username", "first_name", "last_name", "avatar_media_id" from "users" where "id" in (${placeholders(ids.length)}) and "email_verified_at" is not null`,
        ids,
      )
    : Promise.resolve([]);

export const privacyOf = (db: Q, id: string) =>
  db.selectFrom("users").select(["chat_from", "friends_list_visible_to"]).where("id", "=", id).executeTakeFirst();

export async function setPrivacy(db: Q, id: string, fields: { chat_from: string; friends_list_visible_to: string; updated_at: number }) {
  await db.updateTable("users").set(fields).where("id", "=", id).execute();
}
