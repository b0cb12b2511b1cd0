/**
 * The SQL of account deletion (#17, ADR 0017) apart from the chats (deletion.chats.ts). Every
 * function runs inside the one transaction that deletes a person; first argument: that trx.
 * What the foreign keys cascade (sessions, codes, relations, blocks, albums, …) is left to them;
 * these functions keep what cascades would leave wrong: other people's counters and notification
 * groups, reports, and registrations (which have no user id).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { DELETED_ACCOUNT_ID } from "../../../shared/account-deletion.ts";
import type { Database } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;

/** Everyone whose grace period is over (at most `limit`). */
export const dueIds = async (db: Q, now: number, limit: number) =>
  (
    await db
      .selectFrom("users")
      .select("id")
      .where("deletion_due_at", "is not", null)
      .where("deletion_due_at", "<=", now)
      .where("id", "!=", DELETED_ACCOUNT_ID)
      .orderBy("deletion_due_at")
      .limit(limit)
      .execute()
  ).map((r) => r.id);

/** Whether the person's deletion is (still) due: a read before the work outside the transaction. */
export async function isDue(db: Q, userId: string, now: number): Promise<boolean> {
  const row = await db.selectFrom("users").select("deletion_due_at").where("id", "=", userId).executeTakeFirst();
  return row?.deletion_due_at != null && Number(row.deletion_due_at) <= now;
}

/**
 * Takes the person's row (a row lock on Postgres; SQLite writes one at a time) if their deletion
 * is still due: a sign-in that cancelled it a moment ago wins. Returns the row, or undefined.
 */
export async function claimDue(trx: Q, userId: string, now: number) {
  const r = await trx
    .updateTable("users")
    .set((eb) => ({ deletion_due_at: eb.ref("deletion_due_at") }))
    .where("id", "=", userId)
    .where("deletion_due_at", "is not", null)
    .where("deletion_due_at", "<=", now)
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) return undefined;
  return trx.selectFrom("users").select(["id", "email", "username"]).where("id", "=", userId).executeTakeFirstOrThrow();
}

/**
 * The person's media, handed to the "deleted account" row so the user delete does not cascade
 * them away before their files are removed (after commit, by the media service). Returns the ids.
 */
export async function handOverMedia(trx: Q, userId: string): Promise<string[]> {
  const rows = await trx.updateTable("media").set({ owner_id: DELETED_ACCOUNT_ID }).where("owner_id", "=", userId).returning("id").execute();
  return rows.map((r) => r.id);
}

/** Media left with the "deleted account" row (a crash between a deletion's commit and its file removal). */
export const strandedMedia = async (db: Q) =>
  (await db.selectFrom("media").select("id").where("owner_id", "=", DELETED_ACCOUNT_ID).execute()).map((r) => r.id);

// ── posts ────────────────────────────────────────────────────────────────────
/**
 * The person's likes, views and comments on other people's posts: gone, and those posts'
 * counters lowered by exactly what went (a hidden comment was never counted). Returns the
 * comments' notification subjects.
 */
export async function removeActivityOnOthersPosts(trx: Q, userId: string): Promise<string[]> {
  for (const [table, column] of [
    ["post_likes", "likes_count"],
    ["post_views", "views_count"],
  ] as const) {
    await sql`update posts set ${sql.ref(column)} = ${sql.ref(column)} - (select count(*) from ${sql.table(table)} x where x.post_id = posts.id and x.user_id = ${userId})
      where author_id <> ${userId} and id in (select post_id from ${sql.table(table)} where user_id = ${userId})`.execute(trx);
    await trx.deleteFrom(table).where("user_id", "=", userId).execute();
  }
  await sql`update posts set comments_count = comments_count - (select count(*) from comments c where c.post_id = posts.id and c.author_id = ${userId} and c.hidden_at is null)
    where author_id <> ${userId} and id in (select post_id from comments where author_id = ${userId} and hidden_at is null)`.execute(trx);
  const gone = await trx.deleteFrom("comments").where("author_id", "=", userId).returning("id").execute();
  return gone.map((c) => `comment:${c.id}`);
}

/** The person's posts (their tags, images, likes, views and comments cascade); returns their and their comments' notification subjects. */
export async function removePosts(trx: Q, userId: string): Promise<string[]> {
  const posts = await trx.selectFrom("posts").select("id").where("author_id", "=", userId).execute();
  if (!posts.length) return [];
  const ids = posts.map((p) => p.id);
  const comments = await trx.selectFrom("comments").select("id").where("post_id", "in", ids).execute();
  await trx.deleteFrom("posts").where("author_id", "=", userId).execute();
  return [...ids.map((id) => `post:${id}`), ...comments.map((c) => `comment:${c.id}`)];
}

// ── notifications ────────────────────────────────────────────────────────────
/**
 * What the person caused in other people's notifications: their events gone, each group touched
 * recounted (and placed by its newest remaining event), emptied groups gone; groups about the
 * subjects that are gone (their posts and comments) gone. Returns whose groups changed.
 */
export async function removeNotificationsCausedBy(trx: Q, userId: string, subjects: string[]): Promise<string[]> {
  const touched = await trx
    .selectFrom("notification_events as e")
    .innerJoin("notification_groups as g", "g.id", "e.group_id")
    .select(["g.id", "g.user_id"])
    .where("e.actor_id", "=", userId)
    .where("g.user_id", "!=", userId)
    .distinct()
    .execute();
  const owners = new Set(touched.map((t) => t.user_id));
  await trx.deleteFrom("notification_events").where("actor_id", "=", userId).execute();
  if (touched.length) {
    const ids = touched.map((t) => Number(t.id));
    await sql`update notification_groups
      set events_count = (select count(*) from notification_events e where e.group_id = notification_groups.id),
        latest_event_id = coalesce((select max(e.id) from notification_events e where e.group_id = notification_groups.id), 0),
        updated_at = coalesce((select max(e.created_at) from notification_events e where e.group_id = notification_groups.id), updated_at)
      where id in (${sql.join(ids)})`.execute(trx);
    await trx.deleteFrom("notification_groups").where("id", "in", ids).where("events_count", "<=", 0).execute();
  }
  for (let i = 0; i < subjects.length; i += 500) {
    const rows = await trx.deleteFrom("notification_groups").where("subject_key", "in", subjects.slice(i, i + 500)).returning("user_id").execute();
    for (const r of rows) owners.add(r.user_id);
  }
  owners.delete(userId);
  return [...owners];
}

// ── reports, registrations ───────────────────────────────────────────────────
/**
 * Reports they filed and reports about them or their content go (their content is gone, and the
 * snapshots hold their words and names; the moderation log keeps what was decided). A report
 * they resolved as a moderator stays, resolved by "deleted account".
 */
export async function removeReports(trx: Q, userId: string): Promise<void> {
  await trx
    .deleteFrom("reports")
    .where((eb) =>
      eb.or([
        eb("reporter_id", "=", userId),
        eb("target_owner_id", "=", userId),
        eb.and([eb("target_kind", "=", "user"), eb("target_key", "=", userId)]),
      ]),
    )
    .execute();
  await trx.updateTable("reports").set({ resolved_by: DELETED_ACCOUNT_ID }).where("resolved_by", "=", userId).execute();
}

/** Registrations have no user id: those with the person's address or username go. */
export const removeRegistrations = (trx: Q, person: { email: string; username: string }) =>
  trx
    .deleteFrom("registrations")
    .where((eb) => eb.or([eb("email", "=", person.email), eb("username", "=", person.username)]))
    .execute();

/** The row itself; everything else keyed by it cascades (sessions, codes, relations, blocks, albums, …). */
export const removeUser = (trx: Q, userId: string) => trx.deleteFrom("users").where("id", "=", userId).execute();
