/** All SQL of web push (migration 0025). First argument: db or trx. */
import type { Kysely, Transaction } from "kysely";
import type { Database, Ms } from "../../db/schema.ts";

/** Migration 0025's tables (kept here, beside the only code that reads them). */
export interface PushTables {
  push_keys: { name: string; public_key: string; private_key: string; created_at: Ms };
  push_subscriptions: {
    id: import("kysely").Generated<Ms>;
    user_id: string;
    session_id: string | null;
    endpoint: string;
    p256dh: string;
    auth: string;
    show_text: number;
    lang: string;
    created_at: Ms;
    last_sent_at: Ms | null;
  };
}
export type PushDb = Kysely<Database & PushTables>;
type Q = PushDb | Transaction<Database & PushTables>;
export const pushDb = (db: Kysely<Database>): PushDb => db as unknown as PushDb;

export async function keyPair(db: Q, name: string) {
  return db.selectFrom("push_keys").select(["public_key", "private_key"]).where("name", "=", name).executeTakeFirst();
}

/** Stores a pair unless one is there already (another instance was first): read it back after. */
export async function insertKeyPairOnce(db: Q, name: string, publicKey: string, privateKey: string, at: number) {
  await db
    .insertInto("push_keys")
    .values({ name, public_key: publicKey, private_key: privateKey, created_at: at })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

export interface SubscriptionRow {
  id: Ms;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  show_text: number;
  lang: string;
}

/** A device subscribes (again): the endpoint is the device, so it moves to whoever subscribes it now. */
export async function upsert(
  db: Q,
  s: { userId: string; sessionId: string | null; endpoint: string; p256dh: string; auth: string; showText: boolean; lang: string },
  at: number,
) {
  const values = { user_id: s.userId, session_id: s.sessionId, p256dh: s.p256dh, auth: s.auth, show_text: s.showText ? 1 : 0, lang: s.lang };
  await db
    .insertInto("push_subscriptions")
    .values({ ...values, endpoint: s.endpoint, created_at: at })
    .onConflict((oc) => oc.column("endpoint").doUpdateSet(values))
    .execute();
}

/** Forgets all but the newest `keep` devices of a person. */
export async function trim(db: Q, userId: string, keep: number) {
  const old = await db.selectFrom("push_subscriptions").select("id").where("user_id", "=", userId).orderBy("id", "desc").offset(keep).limit(1000).execute();
  if (old.length) await db.deleteFrom("push_subscriptions").where("id", "in", old.map((r) => r.id)).execute();
}

export async function ofEndpoint(db: Q, userId: string, endpoint: string) {
  return db.selectFrom("push_subscriptions").select(["id", "show_text"]).where("user_id", "=", userId).where("endpoint", "=", endpoint).executeTakeFirst();
}

export async function removeEndpoint(db: Q, userId: string, endpoint: string): Promise<boolean> {
  const r = await db.deleteFrom("push_subscriptions").where("user_id", "=", userId).where("endpoint", "=", endpoint).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** The push service says the subscription is gone (404/410). */
export async function removeById(db: Q, id: Ms) {
  await db.deleteFrom("push_subscriptions").where("id", "=", id).execute();
}

export async function ofUsers(db: Q, userIds: string[]): Promise<SubscriptionRow[]> {
  if (!userIds.length) return [];
  return db
    .selectFrom("push_subscriptions")
    .select(["id", "user_id", "endpoint", "p256dh", "auth", "show_text", "lang"])
    .where("user_id", "in", userIds)
    .execute();
}

export async function markSent(db: Q, id: Ms, at: number) {
  await db.updateTable("push_subscriptions").set({ last_sent_at: at }).where("id", "=", id).execute();
}

/**
 * ISSUE 13's mute, for pushes: of `userIds`, those who muted `chatId` at `now`
 * (chat_members.muted_until in the future; null or past: not muted).
 */
export async function mutedAmong(db: Q, chatId: string, userIds: string[], now: number): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom("chat_members")
    .select("user_id")
    .where("chat_id", "=", chatId)
    .where("user_id", "in", userIds)
    .where("muted_until", ">", now)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** The chat a message is in: its title for group chats (null for personal ones). */
export async function chatTitle(db: Q, chatId: string): Promise<{ kind: string; name: string | null } | undefined> {
  return db.selectFrom("chats").select(["kind", "name"]).where("id", "=", chatId).executeTakeFirst();
}

/** Whether an event of the bell is still there (committed, not taken back) and who caused it. */
export async function notificationEvent(db: Q, e: { userId: string; kind: string; subjectKey: string; actorId: string; ref?: string }) {
  return db
    .selectFrom("notification_events as e")
    .innerJoin("notification_groups as g", "g.id", "e.group_id")
    .innerJoin("users as a", "a.id", "e.actor_id")
    .select(["e.id", "a.first_name", "a.last_name"])
    .where("g.user_id", "=", e.userId)
    .where("g.kind", "=", e.kind)
    .where("g.subject_key", "=", e.subjectKey)
    .where("e.actor_id", "=", e.actorId)
    .where("e.ref", "=", e.ref ?? "")
    .executeTakeFirst();
}

export async function commentOf(db: Q, commentId: number) {
  return db.selectFrom("comments").select(["id", "post_id", "body"]).where("id", "=", commentId).executeTakeFirst();
}

/** ISSUE 13's mute for one person: whether `userId` muted `chatId` at `now` (see mutedAmong). */
export async function isChatMuted(db: Q, chatId: string, userId: string, now: number): Promise<boolean> {
  return (await mutedAmong(db, chatId, [userId], now)).has(userId);
}

/** The kinds a person hid from their bell (notification settings): not pushed either. */
export async function hiddenKinds(db: Q, userId: string): Promise<string[]> {
  const row = await db.selectFrom("notification_state").select("hidden_kinds").where("user_id", "=", userId).executeTakeFirst();
  try {
    const list = JSON.parse(row?.hidden_kinds ?? "[]");
    return Array.isArray(list) ? list.filter((k): k is string => typeof k === "string") : [];
  } catch {
    return [];
  }
}
