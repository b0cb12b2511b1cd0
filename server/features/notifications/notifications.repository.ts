/** All SQL of notifications (migration 0016). First argument: db or trx. */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;

export interface EventKey {
  userId: string;
  kind: string;
  subjectKey: string;
  actorId: string;
  ref?: string;
}

const groupId = async (db: Q, e: EventKey) =>
  (
    await db
      .selectFrom("notification_groups")
      .select("id")
      .where("user_id", "=", e.userId)
      .where("kind", "=", e.kind)
      .where("subject_key", "=", e.subjectKey)
      .executeTakeFirst()
  )?.id;

/**
 * Takes the group's row (a row lock on Postgres, held to commit; SQLite writes one at a time
 * anyway) before its events are touched, by adds and undos alike: otherwise an add's event insert
 * (a key-share lock on the group through the foreign key) and an undo deleting the emptied group
 * wait for each other — a deadlock. False when the group is gone.
 */
async function lockGroup(db: Q, id: number): Promise<boolean> {
  const r = await db
    .updateTable("notification_groups")
    .set((eb) => ({ events_count: eb.ref("events_count") }))
    .where("id", "=", id)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Adds an event to its group (made if missing); false when that event was there already. */
export async function addEvent(db: Q, e: EventKey, at: number): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await db
      .insertInto("notification_groups")
      .values({ user_id: e.userId, kind: e.kind, subject_key: e.subjectKey, latest_event_id: 0, events_count: 0, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(["user_id", "kind", "subject_key"]).doNothing())
      .execute();
    const id = await groupId(db, e);
    // Gone (its last event taken back in between, before or while we waited for its lock): make it again.
    if (id === undefined || !(await lockGroup(db, id))) continue;
    const event = await db
      .insertInto("notification_events")
      .values({ group_id: id, actor_id: e.actorId, ref: e.ref ?? "", created_at: at })
      .onConflict((oc) => oc.columns(["group_id", "actor_id", "ref"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!event) return false;
    await sql`update notification_groups
      set events_count = events_count + 1, updated_at = ${at},
          latest_event_id = case when latest_event_id < ${event.id} then ${event.id} else latest_event_id end
      where id = ${id}`.execute(db);
    return true;
  }
  return false;
}

/** SET clause: a group's position and time are those of its newest remaining event (a group with none is deleted next). */
const latestOfEvents = sql`
  latest_event_id = coalesce((select max(e.id) from notification_events e where e.group_id = notification_groups.id), 0),
  updated_at = coalesce((select max(e.created_at) from notification_events e where e.group_id = notification_groups.id), updated_at)`;

/** Takes an event back; its group goes with its last event. */
export async function removeEvent(db: Q, e: EventKey): Promise<boolean> {
  const id = await groupId(db, e);
  if (id === undefined) return false;
  // The group's row first (see lockGroup): the recount below then sees every other event of it.
  if (!(await lockGroup(db, id))) return false;
  const gone = await db
    .deleteFrom("notification_events")
    .where("group_id", "=", id)
    .where("actor_id", "=", e.actorId)
    .where("ref", "=", e.ref ?? "")
    .executeTakeFirst();
  if (gone.numDeletedRows === 0n) return false;
  // Undoing the newest event puts the entry back where it was (and seen again if it had been).
  await sql`update notification_groups set events_count = events_count - 1, ${latestOfEvents}
    where id = ${id}`.execute(db);
  await db.deleteFrom("notification_groups").where("id", "=", id).where("events_count", "<=", 0).execute();
  return true;
}

/** Everyone's groups about a subject that is gone (a deleted post or comment); whose they were. */
export async function removeSubject(db: Q, subjectKeys: string[]): Promise<string[]> {
  if (!subjectKeys.length) return [];
  const rows = await db.deleteFrom("notification_groups").where("subject_key", "in", subjectKeys).returning("user_id").execute();
  return [...new Set(rows.map((r) => r.user_id))];
}

/** Events each of two people caused for the other (a block): gone, and the groups they leave empty. */
export async function removeBetween(db: Q, a: string, b: string): Promise<void> {
  for (const [owner, actor] of [
    [a, b],
    [b, a],
  ] as const) {
    await sql`delete from notification_events
      where actor_id = ${actor} and group_id in (select id from notification_groups where user_id = ${owner})`.execute(db);
    await sql`update notification_groups
      set events_count = (select count(*) from notification_events e where e.group_id = notification_groups.id), ${latestOfEvents}
      where user_id = ${owner}`.execute(db);
    await db.deleteFrom("notification_groups").where("user_id", "=", owner).where("events_count", "<=", 0).execute();
  }
}

export interface GroupRow {
  id: number | string;
  kind: string;
  subject_key: string;
  latest_event_id: number | string;
  events_count: number;
  updated_at: number | string;
}

export interface StateRow {
  seen_up_to: number | string;
  hidden_kinds: string;
}

export const stateOf = (db: Q, userId: string) =>
  db.selectFrom("notification_state").select(["seen_up_to", "hidden_kinds"]).where("user_id", "=", userId).executeTakeFirst();

export async function saveState(db: Q, userId: string, fields: { seen_up_to?: number; hidden_kinds?: string }): Promise<void> {
  await db
    .insertInto("notification_state")
    .values({ user_id: userId, seen_up_to: fields.seen_up_to ?? 0, hidden_kinds: fields.hidden_kinds ?? "[]" })
    .onConflict((oc) => (Object.keys(fields).length ? oc.column("user_id").doUpdateSet(fields) : oc.column("user_id").doNothing()))
    .execute();
}

/** Moves the seen marker forward only. */
export async function advanceSeen(db: Q, userId: string, upTo: number): Promise<void> {
  await saveState(db, userId, {});
  await sql`update notification_state set seen_up_to = ${upTo} where user_id = ${userId} and seen_up_to < ${upTo}`.execute(db);
}

const shownKinds = (hidden: string[]) => (hidden.length ? sql`and kind not in (${sql.join(hidden)})` : sql``);

export async function groupsPage(db: Q, userId: string, hidden: string[], before: number | null, limit: number): Promise<GroupRow[]> {
  const { rows } = await sql<GroupRow>`
    select id, kind, subject_key, latest_event_id, events_count, updated_at from notification_groups
    where user_id = ${userId} ${shownKinds(hidden)} ${before !== null ? sql`and latest_event_id < ${before}` : sql``}
    order by latest_event_id desc limit ${limit}`.execute(db);
  return rows;
}

export async function latestEventId(db: Q, userId: string): Promise<number> {
  const { rows } = await sql<{ m: number | string | null }>`select max(latest_event_id) as m from notification_groups where user_id = ${userId}`.execute(db);
  return Number(rows[0]?.m ?? 0);
}

export async function unseenCount(db: Q, userId: string, hidden: string[], seenUpTo: number): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from notification_groups
    where user_id = ${userId} and latest_event_id > ${seenUpTo} ${shownKinds(hidden)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface ActorRow {
  group_id: number | string;
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
  people: number | string;
}

/** The newest `shown` distinct people of each group, and how many people each group has: one statement. */
export async function actorsOf(db: Q, groupIds: number[], shown: number): Promise<ActorRow[]> {
  if (!groupIds.length) return [];
  const { rows } = await sql<ActorRow>`
    select x.group_id, u.id, u.username, u.first_name, u.last_name, u.avatar_media_id, x.people from (
      select group_id, actor_id, row_number() over (partition by group_id order by last_id desc) as rn,
             count(*) over (partition by group_id) as people
      from (select group_id, actor_id, max(id) as last_id from notification_events where group_id in (${sql.join(groupIds)}) group by group_id, actor_id) a
    ) x join users u on u.id = x.actor_id
    where x.rn <= ${shown}
    order by x.group_id, x.rn`.execute(db);
  return rows;
}

export const postTitles = (db: Q, ids: number[]) =>
  ids.length ? db.selectFrom("posts").select(["id", "title"]).where("id", "in", ids).execute() : Promise.resolve([]);

export const commentsByIds = (db: Q, ids: number[]) =>
  ids.length ? db.selectFrom("comments").select(["id", "post_id", "body"]).where("id", "in", ids).execute() : Promise.resolve([]);
