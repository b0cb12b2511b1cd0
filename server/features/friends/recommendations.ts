/**
 * People I may know, in a bounded number of queries whatever the graph's size: friends of my
 * friends counted by mutual friends (one query), people who write about my tags (two), recently
 * active people (one), then the cards (three). Each source excludes in SQL me, anyone I have a
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
const MY_TAGS = 20;
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
    select fof.id, count(*) as n from fof
    where ${eligibleStranger("fof.id", me)}
    group by fof.id
    order by count(*) desc, fof.id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, n: Number(r.n) }));
}

async function myTags(db: Q, me: string): Promise<string[]> {
  const { rows } = await sql<{ tag: string }>`
    select t.tag from posts p join post_tags t on t.post_id = p.id
    where p.author_id = ${me}
    group by t.tag order by count(*) desc, t.tag limit ${MY_TAGS}`.execute(db);
  return rows.map((r) => r.tag);
}

/** People whose posts share my tags (`only`: count for these people; else find the top ones). */
async function tagSharers(db: Q, me: string, tags: string[], only: string[] | null, limit: number) {
  if (!tags.length || (only && !only.length)) return [];
  const { rows } = await sql<{ id: string; n: number | string }>`
    select p.author_id as id, count(distinct t.tag) as n
    from post_tags t join posts p on p.id = t.post_id
    where t.tag in (${sql.join(tags)})
      ${only ? sql`and p.author_id in (${sql.join(only)})` : sql`and ${eligibleStranger("p.author_id", me)}`}
    group by p.author_id
    order by count(distinct t.tag) desc, p.author_id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, n: Number(r.n) }));
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
    const sharers = await tagSharers(db, me, tags, null, max);
    for (const s of sharers) entry(s.id).sharedTags = s.n;
    // Shared tags of the friends-of-friends and active people the tag query did not rank.
    const unranked = [...byId.values()].filter((c) => c.sharedTags === 0).map((c) => c.id);
    for (const s of await tagSharers(db, me, tags, unranked, unranked.length)) entry(s.id).sharedTags = s.n;
    return [...byId.values()].sort((a, b) => b.mutual - a.mutual || b.sharedTags - a.sharedTags || b.activeAt - a.activeAt || (a.id < b.id ? -1 : 1));
  }

  return {
    async list(me: string, input: { query?: string; cursor?: string | null; limit: number }): Promise<PeoplePage> {
      const offset = input.cursor ? Number(input.cursor) : 0;
      if (!Number.isSafeInteger(offset) || offset < 0 || String(offset) !== (input.cursor ?? "0")) throw friendErrors.badCursor();
      const candidates = await ranked(me);
      const people = new Map((await peopleByIds(db, candidates.map((c) => c.id))).map((p) => [p.id, p]));
      const q = input.query ? normalise(input.query) : "";
      const listed = candidates.filter((c) => people.has(c.id) && (!q || matches(people.get(c.id)!, q)));
      const slice = listed.slice(offset, offset + input.limit);
      const extra = new Map(slice.map((c) => [c.id, { sharedTags: c.sharedTags }]));
      const items = await friends.cards(me, slice.map((c) => people.get(c.id)!), extra);
      return { items, nextCursor: offset + input.limit < listed.length ? String(offset + input.limit) : null };
    },
  };
}
