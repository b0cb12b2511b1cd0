/**
 * People I may know, in a bounded number of queries whatever the graph's size: friends of my
 * friends counted by mutual friends (one query), my most used tags and their most prolific
 * authors (two, over person_tags), recently active people (one), how many of my tags each
 * candidate shares (one), then the cards (three). Each source excludes in SQL me, anyone I have a
 * relation row with (friends, requests either way, following), blocks either way and the people
 * I dismissed. Ranked by mutual friends, then shared tags, then recent activity; pages are slices
 * of that ranking (an offset cursor: the ranking moves as the graph does, and is recomputed).
 */
import { sql } from "kysely";
import { FRIENDS_LIMITS, type PeoplePage } from "../../../shared/friends.ts";
import { friendErrors } from "./friends.errors.ts";
import type { FriendsService } from "./friends.service.ts";
import { matches, normalise } from "./people-search.ts";
import { eligibleStranger, peopleByIds, type Q } from "./relations.repository.ts";

/** The tags I used most in my posts (at most this many count). */
const MY_TAGS = 10;
/** Authors considered per tag of mine (its most prolific ones). */
const TAG_AUTHORS = 30;
/** How many recent sessions "recently active" looks at. */
const RECENT_SESSIONS = 400;

interface Candidate {
  id: string;
  mutual: number;
  sharedTags: number;
  activeAt: number;
}

async function friendsOfFriends(db: Q, me: string, limit: number) {
  const { rows } = await sql<{ id: string; n: number | string }>`
    with mine(f) as (
      select user_b from relations where user_a = ${me} and status = 'friends'
      union all
      select user_a from relations where user_b = ${me} and status = 'friends'),
    fof(id) as (
      select r.user_b from mine join relations r on r.user_a = mine.f and r.status = 'friends'
      union all
      select r.user_a from mine join relations r on r.user_b = mine.f and r.status = 'friends')
    select x.id, x.n from (select fof.id as id, count(*) as n from fof group by fof.id) x
    where ${eligibleStranger("x.id", me)}
    order by x.n desc, x.id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, n: Number(r.n) }));
}

/** The tags I used most in my posts (person_tags, an index range). */
async function myTags(db: Q, me: string): Promise<string[]> {
  const rows = await db.selectFrom("person_tags").select("tag").where("user_id", "=", me).orderBy("posts", "desc").orderBy("tag").limit(MY_TAGS).execute();
  return rows.map((r) => r.tag);
}

/**
 * People who write about my tags: each tag's most prolific authors (one index range per tag,
 * TAG_AUTHORS each), the eligible ones counted by how many of my tags they are among.
 */
async function tagAuthors(db: Q, me: string, tags: string[]) {
  if (!tags.length) return [];
  const arms = tags.map(
    (tag, i) => sql`select user_id from (select user_id from person_tags where tag = ${tag} order by posts desc, user_id limit ${TAG_AUTHORS}) as ${sql.raw(`t${i}`)}`,
  );
  const { rows } = await sql<{ id: string }>`
    select x.user_id as id from (${sql.join(arms, sql` union all `)}) as x
    where ${eligibleStranger("x.user_id", me)}
    group by x.user_id`.execute(db);
  return rows.map((r) => r.id);
}

/** How many of my tags each candidate used (exact; one statement over the primary key). */
async function sharedTagCounts(db: Q, tags: string[], ids: string[]): Promise<Map<string, number>> {
  if (!tags.length || !ids.length) return new Map();
  const rows = await db
    .selectFrom("person_tags")
    .select((eb) => ["user_id", eb.fn.countAll<number | string>().as("n")])
    .where("user_id", "in", ids)
    .where("tag", "in", tags)
    .groupBy("user_id")
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/** Recently active people (their newest session), most recent first. */
async function recentlyActive(db: Q, me: string, limit: number) {
  const { rows } = await sql<{ id: string; at: number | string }>`
    select s.user_id as id, max(s.last_active_at) as at
    from (select user_id, last_active_at from sessions order by last_active_at desc limit ${RECENT_SESSIONS}) s
    where ${eligibleStranger("s.user_id", me)}
    group by s.user_id
    order by max(s.last_active_at) desc
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, at: Number(r.at) }));
}

export function createRecommendations(deps: { db: Q; friends: Pick<FriendsService, "cards"> }) {
  const { db, friends } = deps;

  async function ranked(me: string): Promise<Candidate[]> {
    const max = FRIENDS_LIMITS.recommendationsMax;
    const [fof, tags, recent] = await Promise.all([friendsOfFriends(db, me, max), myTags(db, me), recentlyActive(db, me, max)]);
    const byId = new Map<string, Candidate>();
    const entry = (id: string) => byId.get(id) ?? byId.set(id, { id, mutual: 0, sharedTags: 0, activeAt: 0 }).get(id)!;
    for (const f of fof) entry(f.id).mutual = f.n;
    for (const r of recent) entry(r.id).activeAt = r.at;
    for (const id of await tagAuthors(db, me, tags)) entry(id);
    for (const [id, n] of await sharedTagCounts(db, tags, [...byId.keys()])) entry(id).sharedTags = n;
    return [...byId.values()].sort((a, b) => b.mutual - a.mutual || b.sharedTags - a.sharedTags || b.activeAt - a.activeAt || (a.id < b.id ? -1 : 1));
  }

  return {
    async list(me: string, input: { query?: string; cursor?: string | null; limit: number }): Promise<PeoplePage> {
      const offset = input.cursor ? Number(input.cursor) : 0;
      if (!Number.isSafeInteger(offset) || offset < 0 || String(offset) !== (input.cursor ?? "0")) throw friendErrors.badCursor();
      const candidates = await ranked(me);
      const q = input.query ? normalise(input.query) : "";
      // The ranking's people in slices (all of them with a name filter), until the page and one
      // more are known: usually one statement for the page alone.
      const want = q ? Infinity : offset + input.limit + 1;
      const people = new Map<string, Awaited<ReturnType<typeof peopleByIds>>[number]>();
      const listed: Candidate[] = [];
      for (let at = 0; at < candidates.length && listed.length < want; ) {
        const chunk = candidates.slice(at, q ? candidates.length : at + Math.max(want - listed.length, 8));
        at += chunk.length;
        for (const p of await peopleByIds(db, chunk.map((c) => c.id))) people.set(p.id, p);
        for (const c of chunk) if (people.has(c.id) && (!q || matches(people.get(c.id)!, q))) listed.push(c);
      }
      const slice = listed.slice(offset, offset + input.limit);
      const extra = new Map(slice.map((c) => [c.id, { sharedTags: c.sharedTags }]));
      const items = await friends.cards(me, slice.map((c) => people.get(c.id)!), extra);
      return { items, nextCursor: offset + input.limit < listed.length ? String(offset + input.limit) : null };
    },
  };
}
