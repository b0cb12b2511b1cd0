/**
 * The baseline of the friends benchmark: a bare Bun.serve handler for
 * `GET /trpc/friends.recommendations` and `GET /trpc/people.search` on the app's own SQLite file.
 * Per request it does what the app must do and nothing else:
 *
 * - authenticates the `wit_session` cookie with the same SQL as the app (bench/lib/bare-sqlite.ts,
 *   as bench/feed-bare.ts: sessions ⋈ users by sha256(token); expiry, extension, the
 *   once-a-minute touch);
 * - runs the same statements as the app — the texts are copies of what
 *   server/features/friends/recommendations.ts, people-search.ts and relations.repository.ts
 *   (`relationsWith`, `blocksWith`, `mutualCounts`, `peopleByIds`, `eligibleStranger`) send to
 *   SQLite, whitespace included, with the same parameters —, each statement prepared once, with
 *   the same pragmas; the ranking, filtering, statuses and cards done the same way in JavaScript;
 * - answers byte-identical JSON in tRPC's `{"result":{"data":…}}` envelope (bench/friends.ts
 *   checks that against the app before measuring).
 *
 * No router, no middleware, no validation library, no error model, no rate limit: the inputs'
 * `query`, `cursor` and `limit` only. Nothing here imports the app.
 *
 *   DATA_DIR=<dir> HOST=127.0.0.1 PORT=4000 bun bench/friends-bare.ts
 */
import { json, list, openBare, person, serveBare } from "./lib/bare-sqlite.ts";

// ── the app's statements, as Kysely compiles them (6 parameters: me) ──────────────────────────
const ELIGIBLE = (c: string) => `${c} <> ?
    and ${c} not in (select user_b from relations where user_a = ? union all select user_a from relations where user_b = ?)
    and ${c} not in (select blocked_id from blocks where blocker_id = ? union all select blocker_id from blocks where blocked_id = ?)
    and ${c} not in (select dismissed_id from recommendation_dismissals where user_id = ?)`;

/** recommendations.ts friendsOfFriends: [me × 8, limit]. */
const FOF_SQL = `
    with mine(f) as (
      select user_b from relations where user_a = ? and status = 'friends'
      union all
      select user_a from relations where user_b = ? and status = 'friends'),
    fof(id) as (
      select r.user_b from mine join relations r on r.user_a = mine.f and r.status = 'friends'
      union all
      select r.user_a from mine join relations r on r.user_b = mine.f and r.status = 'friends')
    select x.id, x.n from (select fof.id as id, count(*) as n from fof group by fof.id) x
    where ${ELIGIBLE('"x"."id"')}
    order by x.n desc, x.id
    limit ?`;

/** recommendations.ts myTags: [me, 10]. */
const MY_TAGS_SQL = `select "tag" from "person_tags" where "user_id" = ? order by "posts" desc, "tag" limit ?`;

/** recommendations.ts tagAuthors: [(tag, 30) per tag, me × 6]. */
const TAG_AUTHORS_SQL = (tags: number) => `
    select x.user_id as id from (${Array.from({ length: tags }, (_, i) => `select user_id from (select user_id from person_tags where tag = ? order by posts desc, user_id limit ?) as t${i}`).join(" union all ")}) as x
    where ${ELIGIBLE('"x"."user_id"')}
    group by x.user_id`;

/** recommendations.ts sharedTagCounts: [...ids, ...tags]. */
const SHARED_TAGS_SQL = (ids: number, tags: number) => `select "user_id", count(*) as "n" from "person_tags" where "user_id" in (${list(ids)}) and "tag" in (${list(tags)}) group by "user_id"`;

/** recommendations.ts recentlyActive: [400, me × 6, limit]. */
const RECENT_SQL = `
    select s.user_id as id, max(s.last_active_at) as at
    from (select user_id, last_active_at from sessions order by last_active_at desc limit ?) s
    where ${ELIGIBLE('"s"."user_id"')}
    group by s.user_id
    order by max(s.last_active_at) desc
    limit ?`;

/** relations.repository.ts peopleByIds. */
const PEOPLE_SQL = (n: number) => `select "id", "username", "first_name", "last_name", "avatar_media_id" from "users" where "id" in (${list(n)}) and "email_verified_at" is not null`;
/** relations.repository.ts relationsWith: [me, ...ids, me, ...ids]. */
const RELATIONS_SQL = (n: number) => `select * from "relations" where (("user_a" = ? and "user_b" in (${list(n)})) or ("user_b" = ? and "user_a" in (${list(n)})))`;
/** relations.repository.ts blocksWith: [me, ...ids, me, ...ids]. */
const BLOCKS_SQL = (n: number) => `select "blocker_id", "blocked_id" from "blocks" where (("blocker_id" = ? and "blocked_id" in (${list(n)})) or ("blocked_id" = ? and "blocker_id" in (${list(n)})))`;
/** relations.repository.ts mutualCounts: [me, 'friends', me, 'friends', ...ids, ...ids]. */
const MUTUAL_SQL = (n: number) => `
    with mine as (
  select user_b as other, requested_by, updated_at from relations where user_a = ? and status = ?
  union all
  select user_a as other, requested_by, updated_at from relations where user_b = ? and status = ?)
    select x.other, count(*) as n from (
      select user_a as other, user_b as f from relations where status = 'friends' and user_a in (${list(n)})
      union all
      select user_b as other, user_a as f from relations where status = 'friends' and user_b in (${list(n)})
    ) x where x.f in (select other from mine)
    group by x.other`;

/** people-search.ts searchPeople: [q, q + U+10FFFF, me, me, me, (term, term, id), limit]. */
const SEARCH_SQL = (after: boolean) => `
    select u.id, u.username, u.first_name, u.last_name, u.avatar_media_id, m.term
    from (select user_id, min(term) as term from people_search where term >= ? and term < ? group by user_id) m
    join users u on u.id = m.user_id
    where u.id <> ? and u.email_verified_at is not null
      and not exists (select 1 from blocks b where (b.blocker_id = ? and b.blocked_id = u.id) or (b.blocker_id = u.id and b.blocked_id = ?))
      ${after ? "and (m.term > ? or (m.term = ? and u.id > ?))" : ""}
    order by m.term, u.id
    limit ?`;

/** The app's numbers: shared/friends.ts FRIENDS_LIMITS and recommendations.ts. */
const RECOMMENDATIONS_MAX = 200;
const MY_TAGS = 10;
const TAG_AUTHORS = 30;
const RECENT_SESSIONS = 400;
const PAGE_DEFAULT = 20;
const PAGE_MAX = 50;
const QUERY_MAX = 100;

interface PersonRow {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}
interface RelationRow {
  user_a: string;
  user_b: string;
  status: string;
  requested_by: string;
}
interface Candidate {
  id: string;
  mutual: number;
  sharedTags: number;
  activeAt: number;
}

/** people-search.ts normalise / searchTerms / matches, copied. */
const normalise = (s: string) => s.normalize("NFD").replace(/\p{M}+/gu, "").toLocaleLowerCase("uk-UA").replace(/\s+/g, " ").trim();
function searchTerms(p: PersonRow): string[] {
  const first = normalise(p.first_name);
  const last = normalise(p.last_name);
  const terms = [normalise(p.username), first, last, `${first} ${last}`, `${last} ${first}`].map((t) => t.trim());
  return [...new Set(terms.filter((t) => t.length > 0))];
}
const matches = (p: PersonRow, q: string) => searchTerms(p).some((t) => t.startsWith(q));

/** social-policy.ts statusOf. */
function statusOf(me: string, row: RelationRow | undefined, blocked: boolean): string {
  if (blocked) return "blocked";
  if (!row) return "none";
  if (row.status === "friends") return "friends";
  if (row.status === "pending") return row.requested_by === me ? "requested" : "incoming";
  return row.requested_by === me ? "following" : "follower";
}

class BadRequest extends Error {}

/** The handler, on the SQLite file in `dataDir` (exported for in-process comparisons). */
export function createBareFriends(dataDir: string): { fetch(req: Request): Response; close(): void; statements(): string[] } {
  const { all, viewerOf, statements, close } = openBare(dataDir);

  /** friends.service.ts cards: my status with each and our mutual friends, in three statements. */
  function cards(me: string, rows: PersonRow[], sharedTags?: Map<string, number>) {
    const ids = rows.map((r) => r.id);
    const relations = new Map<string, RelationRow>();
    const blocked = new Set<string>();
    const mutual = new Map<string, number>();
    if (ids.length) {
      for (const r of all<RelationRow>(RELATIONS_SQL(ids.length), [me, ...ids, me, ...ids])) relations.set(r.user_a === me ? r.user_b : r.user_a, r);
      for (const b of all<{ blocker_id: string; blocked_id: string }>(BLOCKS_SQL(ids.length), [me, ...ids, me, ...ids])) blocked.add(b.blocker_id === me ? b.blocked_id : b.blocker_id);
      for (const m of all<{ other: string; n: number }>(MUTUAL_SQL(ids.length), [me, "friends", me, "friends", ...ids, ...ids])) mutual.set(m.other, Number(m.n));
    }
    return rows.map((r) => ({
      ...person(r.id, r),
      status: me === r.id ? "none" : statusOf(me, relations.get(r.id), blocked.has(r.id)),
      mutualFriends: mutual.get(r.id) ?? 0,
      sharedTags: sharedTags?.get(r.id) ?? 0,
    }));
  }

  const me6 = (me: string) => [me, me, me, me, me, me];

  /** recommendations.ts ranked + list. */
  function recommendations(me: string, query: string | undefined, cursor: string | null, limit: number) {
    const offset = cursor ? Number(cursor) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0 || String(offset) !== (cursor ?? "0")) throw new BadRequest();
    const max = RECOMMENDATIONS_MAX;
    const fof = all<{ id: string; n: number }>(FOF_SQL, [me, me, ...me6(me), max]);
    const tags = all<{ tag: string }>(MY_TAGS_SQL, [me, MY_TAGS]).map((r) => r.tag);
    const recent = all<{ id: string; at: number }>(RECENT_SQL, [RECENT_SESSIONS, ...me6(me), max]);
    const byId = new Map<string, Candidate>();
    const entry = (id: string) => byId.get(id) ?? byId.set(id, { id, mutual: 0, sharedTags: 0, activeAt: 0 }).get(id)!;
    for (const f of fof) entry(f.id).mutual = Number(f.n);
    for (const r of recent) entry(r.id).activeAt = Number(r.at);
    if (tags.length) {
      for (const a of all<{ id: string }>(TAG_AUTHORS_SQL(tags.length), [...tags.flatMap((t) => [t, TAG_AUTHORS]), ...me6(me)])) entry(a.id);
      const ids = [...byId.keys()];
      if (ids.length) for (const s of all<{ user_id: string; n: number }>(SHARED_TAGS_SQL(ids.length, tags.length), [...ids, ...tags])) entry(s.user_id).sharedTags = Number(s.n);
    }
    const candidates = [...byId.values()].sort((a, b) => b.mutual - a.mutual || b.sharedTags - a.sharedTags || b.activeAt - a.activeAt || (a.id < b.id ? -1 : 1));

    const q = query ? normalise(query) : "";
    const want = q ? Infinity : offset + limit + 1;
    const people = new Map<string, PersonRow>();
    const listed: Candidate[] = [];
    for (let at = 0; at < candidates.length && listed.length < want; ) {
      const chunk = candidates.slice(at, q ? candidates.length : at + Math.max(want - listed.length, 8));
      at += chunk.length;
      for (const p of all<PersonRow>(PEOPLE_SQL(chunk.length), chunk.map((c) => c.id))) people.set(p.id, p);
      for (const c of chunk) if (people.has(c.id) && (!q || matches(people.get(c.id)!, q))) listed.push(c);
    }
    const slice = listed.slice(offset, offset + limit);
    const items = cards(
      me,
      slice.map((c) => people.get(c.id)!),
      new Map(slice.map((c) => [c.id, c.sharedTags])),
    );
    return { items, nextCursor: offset + limit < listed.length ? String(offset + limit) : null };
  }

  /** friends.service.ts search + people-search.ts searchPeople. */
  function search(me: string, query: string, cursor: string | null, limit: number) {
    let after: { term: string; id: string } | null = null;
    if (cursor) {
      try {
        const [term, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
        if (typeof term === "string" && typeof id === "string") after = { term, id };
      } catch {}
      if (!after) throw new BadRequest();
    }
    const q = normalise(query);
    if (!q) return { items: [], nextCursor: null };
    const params: unknown[] = [q, `${q}\u{10FFFF}`, me, me, me];
    if (after) params.push(after.term, after.term, after.id);
    params.push(limit + 1);
    const rows = all<PersonRow & { term: string }>(SEARCH_SQL(after !== null), params);
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return {
      items: cards(me, shown),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.term, last.id])).toString("base64url") : null,
    };
  }

  /** shared/friends.ts peopleQuerySchema: one line, trimmed, at most 100 characters. */
  const queryOf = (v: unknown, required: boolean): string | undefined => {
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string") throw new BadRequest();
    const s = v.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
    if (s.length > QUERY_MAX || (required && s.length < 1)) throw new BadRequest();
    return s;
  };

  return {
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/") return new Response("bare friends\n");
      const route = url.pathname === "/trpc/friends.recommendations" ? "recommendations" : url.pathname === "/trpc/people.search" ? "search" : null;
      if (!route || req.method !== "GET") return new Response("not found", { status: 404 });
      try {
        const input = (JSON.parse(url.searchParams.get("input") ?? "{}") ?? {}) as { query?: unknown; cursor?: unknown; limit?: unknown };
        const limit = input.limit ?? PAGE_DEFAULT;
        const cursor = input.cursor ?? null;
        if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw new BadRequest();
        if (cursor !== null && (typeof cursor !== "string" || cursor.length > 200)) throw new BadRequest();
        const query = queryOf(input.query, route === "search");
        const me = viewerOf(req.headers.get("cookie"));
        if (!me) return json(401, '{"error":"unauthorized"}');
        const data = route === "recommendations" ? recommendations(me, query, cursor, limit) : search(me, query!, cursor, limit);
        return json(200, JSON.stringify({ result: { data } }));
      } catch (error) {
        if (error instanceof BadRequest || error instanceof SyntaxError) return json(400, '{"error":"bad request"}');
        throw error;
      }
    },
    close,
    statements,
  };
}

if (import.meta.main) serveBare("bare friends", createBareFriends);
