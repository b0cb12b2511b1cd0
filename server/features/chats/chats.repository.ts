/** All SQL of chats and their members. First argument: db or trx. */
import { sql, type Kysely, type NotNull, type Transaction } from "kysely";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { Database } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;

const personColumns = ["u.id", "u.username", "u.first_name", "u.last_name", "u.avatar_media_id"] as const;

// ── chats ────────────────────────────────────────────────────────────────────
export const findChat = (db: Q, id: string) => db.selectFrom("chats").selectAll().where("id", "=", id).executeTakeFirst();

/** The chat with the viewer's membership row (undefined when either is missing). */
export const findMembership = (db: Q, chatId: string, userId: string) =>
  db
    .selectFrom("chat_members as cm")
    .innerJoin("chats as c", "c.id", "cm.chat_id")
    .selectAll("c")
    .select(["cm.last_read_id", "cm.joined_at"])
    .where("cm.chat_id", "=", chatId)
    .where("cm.user_id", "=", userId)
    .executeTakeFirst();

/** Which of these chats are personal. */
export async function personalAmong(db: Q, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom("chats").select("id").where("id", "in", ids).where("kind", "=", "personal").execute();
  return new Set(rows.map((r) => r.id));
}

export const findChatByPair = (db: Q, pairKey: string) =>
  db.selectFrom("chats").selectAll().where("pair_key", "=", pairKey).executeTakeFirst();

export const insertChat = (
  db: Q,
  row: { id: string; kind: string; name: string | null; avatar_media_id: string | null; admin_id: string | null; pair_key: string | null; created_at: number },
) =>
  db
    .insertInto("chats")
    .values({ ...row, last_message_id: null, last_activity_at: row.created_at })
    .onConflict((oc) => oc.column("pair_key").doNothing())
    .executeTakeFirst();

export async function updateChat(db: Q, id: string, fields: { name?: string | null; avatar_media_id?: string | null; admin_id?: string | null }): Promise<void> {
  // Nothing to change (chats.updateGroup with neither a name nor an avatar): an UPDATE without SET is a syntax error.
  if (!Object.values(fields).some((v) => v !== undefined)) return;
  await db.updateTable("chats").set(fields).where("id", "=", id).execute();
}

/** A chat's slow mode in seconds (0: off; only the public chat has one); null when there is no such chat. */
export async function slowModeOf(db: Q, chatId: string): Promise<number | null> {
  const row = await db.selectFrom("chats").select("slow_mode_seconds").where("id", "=", chatId).executeTakeFirst();
  return row ? Number(row.slow_mode_seconds) : null;
}

export const setSlowMode = (db: Q, chatId: string, seconds: number) =>
  db.updateTable("chats").set({ slow_mode_seconds: seconds }).where("id", "=", chatId).execute();

/**
 * Deletes a group (never a personal or the public chat); its members, messages and message images
 * go with it (ON DELETE CASCADE). Returns whether a row was deleted.
 */
export async function deleteGroup(db: Q, id: string): Promise<boolean> {
  const r = await db.deleteFrom("chats").where("id", "=", id).where("kind", "=", "group").executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Every media id the chat uses: the images of its messages and its avatar (each once). */
export async function mediaUsedBy(db: Q, chatId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("message_images as mi")
    .innerJoin("messages as m", "m.id", "mi.message_id")
    .select("mi.media_id")
    .where("m.chat_id", "=", chatId)
    .union(
      db.selectFrom("chats").select("avatar_media_id as media_id").where("id", "=", chatId).where("avatar_media_id", "is not", null).$narrowType<{ media_id: NotNull }>(),
    )
    .execute();
  return rows.map((r) => r.media_id);
}

/**
 * Of these media ids, the ones some message or chat still shows (in a message image or as a chat
 * avatar). Both lookups use an index on media_id.
 */
export async function mediaInUse(db: Q, mediaIds: string[]): Promise<Set<string>> {
  if (!mediaIds.length) return new Set();
  const rows = await db
    .selectFrom("message_images")
    .select("media_id")
    .where("media_id", "in", mediaIds)
    .union(db.selectFrom("chats").select("avatar_media_id as media_id").where("avatar_media_id", "in", mediaIds).$narrowType<{ media_id: NotNull }>())
    .execute();
  return new Set(rows.map((r) => r.media_id));
}

// ── members ──────────────────────────────────────────────────────────────────
export const insertMembers = (db: Q, rows: Array<{ chat_id: string; user_id: string; joined_at: number; last_read_id: number }>) =>
  rows.length ? db.insertInto("chat_members").values(rows).onConflict((oc) => oc.columns(["chat_id", "user_id"]).doNothing()).execute() : null;

export async function deleteMember(db: Q, chatId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom("chat_members").where("chat_id", "=", chatId).where("user_id", "=", userId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function countMembers(db: Q, chatId: string): Promise<number> {
  const r = await db.selectFrom("chat_members").select((eb) => eb.fn.countAll().as("n")).where("chat_id", "=", chatId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Members of these chats, one row per chat with its user ids comma-separated (ids are hex): the
 * send path reads it once per message batch, and one row per chat instead of one per member
 * spares it most of the result objects. Hand-written SQL; string_agg exists in both SQLite
 * (3.44+) and Postgres.
 */
export async function memberIdsOf(db: Q, chatIds: string[]): Promise<Map<string, string[]>> {
  const rows = chatIds.length
    ? await runSql<{ chat_id: string; user_ids: string }>(
        db,
        `select chat_id, string_agg(user_id, ',') as user_ids from chat_members where chat_id in (${placeholders(chatIds.length)}) group by chat_id`,
        chatIds,
      )
    : [];
  return new Map(rows.map((r) => [r.chat_id, r.user_ids.split(",")]));
}

/** The member who joined first (ties: smaller id), other than `exceptUserId`. */
export const longestStandingMember = (db: Q, chatId: string, exceptUserId: string) =>
  db
    .selectFrom("chat_members")
    .select("user_id")
    .where("chat_id", "=", chatId)
    .where("user_id", "!=", exceptUserId)
    .orderBy("joined_at")
    .orderBy("user_id")
    .limit(1)
    .executeTakeFirst();

/**
 * Members of several chats, longest-standing first, with each chat's member count; `perChat`
 * caps how many come back per chat (null: all). One query (window functions).
 */
export function membersOf(db: Q, chats: { ids: string[] } | { ofUser: string }, perChat: number | null) {
  const ranked = db
    .selectFrom("chat_members as cm")
    .innerJoin("users as u", "u.id", "cm.user_id")
    .select([...personColumns, "cm.chat_id", "cm.joined_at"])
    .select((eb) => [
      eb.fn.agg<number>("row_number").over((ob) => ob.partitionBy("cm.chat_id").orderBy("cm.joined_at").orderBy("cm.user_id")).as("rn"),
      eb.fn.countAll().over((ob) => ob.partitionBy("cm.chat_id")).as("member_count"),
    ])
    .where("cm.chat_id", "in", (eb) =>
      "ids" in chats
        ? eb.selectFrom("chats").select("id").where("id", "in", chats.ids.length ? chats.ids : [""])
        : eb.selectFrom("chat_members").select("chat_id").where("user_id", "=", chats.ofUser),
    );
  let q = db.selectFrom(ranked.as("t")).selectAll();
  if (perChat !== null) q = q.where("t.rn", "<=", perChat);
  return q.orderBy("t.chat_id").orderBy("t.rn").execute();
}

/** Users that exist and confirmed their email, of these ids. */
export const activeUsers = (db: Q, ids: string[]) =>
  ids.length
    ? db.selectFrom("users as u").select(personColumns).where("u.id", "in", ids).where("u.email_verified_at", "is not", null).execute()
    : Promise.resolve([]);

// ── the chat list (a constant number of queries, whatever the number of chats) ─
/** Which of my chats listChatsOf reads: one, or a keyset page (`limit` rows after `before`). */
export type ChatsScope = { chatId: string } | { limit: number; before?: { lastActivityAt: number; id: string } };

/** My chats (one of them, or a page) with their last message and its author, most recent activity first. */
export function listChatsOf(db: Q, userId: string, scope: ChatsScope) {
  let q = db
    .selectFrom("chat_members as me")
    .innerJoin("chats as c", "c.id", "me.chat_id")
    .leftJoin("messages as m", "m.id", "c.last_message_id")
    .leftJoin("users as a", "a.id", "m.author_id")
    .selectAll("c")
    .select([
      "me.last_read_id",
      "me.muted_until",
      "m.id as m_id",
      "m.author_id as m_author_id",
      "m.body as m_body",
      "m.image_count as m_image_count",
      "m.created_at as m_created_at",
      "m.deleted_at as m_deleted_at",
      "m.kind as m_kind",
      "a.first_name as m_author_name",
      "a.last_name as m_author_last_name",
    ])
    // Read receipts: how far the others have read. A subquery per row (primary key range on
    // chat_id) rather than another query, so the list stays a constant number of queries.
    .select((eb) =>
      eb
        .selectFrom("chat_members as o")
        .select((o) => o.fn.coalesce(o.fn.max("o.last_read_id"), o.lit(0)).as("v"))
        .whereRef("o.chat_id", "=", "me.chat_id")
        .whereRef("o.user_id", "!=", "me.user_id")
        // Read-receipt privacy (issue 13): only members who share theirs, and only if I share mine.
        .where((o) =>
          o.exists(o.selectFrom("users as ou").select("ou.id").whereRef("ou.id", "=", "o.user_id").where("ou.read_receipts", "=", 1)),
        )
        .where((o) =>
          o.exists(o.selectFrom("users as mu").select("mu.id").whereRef("mu.id", "=", "me.user_id").where("mu.read_receipts", "=", 1)),
        )
        .as("others_read_id"),
    )
    .where("me.user_id", "=", userId);
  if ("chatId" in scope) q = q.where("me.chat_id", "=", scope.chatId);
  else {
    const { before } = scope;
    if (before) {
      q = q.where((eb) =>
        eb.or([
          eb("c.last_activity_at", "<", before.lastActivityAt),
          eb.and([eb("c.last_activity_at", "=", before.lastActivityAt), eb("c.id", "<", before.id)]),
        ]),
      );
    }
    q = q.limit(scope.limit);
  }
  return q.orderBy("c.last_activity_at", "desc").orderBy("c.id", "desc").execute();
}

/**
 * Unread messages (by others, after my last read id, not deleted, not system) per chat; chats with
 * none are absent. Issue 13: with each, how many of them mention me (`mentions`) and my mute
 * (`muted_until`), so the list's total needs no other query.
 */
export const unreadCounts = (db: Q, userId: string, chatId?: string) => {
  let q = db
    .selectFrom("chat_members as me")
    .innerJoin("messages as m", (j) => j.onRef("m.chat_id", "=", "me.chat_id").onRef("m.id", ">", "me.last_read_id"))
    // At most one row per message (the primary key): the count stays the count of messages.
    .leftJoin("message_mentions as mm", (j) => j.onRef("mm.message_id", "=", "m.id").onRef("mm.user_id", "=", "me.user_id"))
    .select(["me.chat_id", "me.muted_until", (eb) => eb.fn.countAll().as("n"), (eb) => eb.fn.count("mm.user_id").as("mentions")])
    .where("me.user_id", "=", userId)
    .whereRef("m.author_id", "!=", "me.user_id")
    // A deleted message is nothing to read.
    .where("m.deleted_at", "is", null)
    // "Olena added Taras" moves the chat up the list but is nothing to read.
    .where("m.kind", "!=", "system");
  if (chatId) q = q.where("me.chat_id", "=", chatId);
  return q.groupBy(["me.chat_id", "me.muted_until"]).execute();
};

/**
 * Moves my read marker forward (never back); returns the marker now stored and whether this call
 * moved it (only then is anyone told: a repeated or older markRead changes nothing).
 */
export async function advanceReadMarker(db: Q, chatId: string, userId: string, messageId: number): Promise<{ lastReadId: number; moved: boolean }> {
  const r = await db
    .updateTable("chat_members")
    .set({ last_read_id: messageId })
    .where("chat_id", "=", chatId)
    .where("user_id", "=", userId)
    .where("last_read_id", "<", messageId)
    .executeTakeFirst();
  const row = await db.selectFrom("chat_members").select("last_read_id").where("chat_id", "=", chatId).where("user_id", "=", userId).executeTakeFirst();
  return { lastReadId: Number(row?.last_read_id ?? 0), moved: r.numUpdatedRows > 0n };
}

// ── the chat_image access policy ─────────────────────────────────────────────
/** True when the image is in a message of the public chat or of a chat the viewer is in, or is the avatar of one. */
export async function chatImageVisibleTo(db: Q, mediaId: string, viewerId: string | null): Promise<boolean> {
  const viewer = viewerId ?? "";
  const inMessage = await db
    .selectFrom("message_images as mi")
    .innerJoin("messages as m", "m.id", "mi.message_id")
    .leftJoin("chat_members as cm", (j) => j.onRef("cm.chat_id", "=", "m.chat_id").on("cm.user_id", "=", viewer))
    .select(sql<number>`1`.as("one"))
    .where("mi.media_id", "=", mediaId)
    .where((eb) => eb.or([eb("m.chat_id", "=", GLOBAL_CHAT_ID), eb("cm.user_id", "is not", null)]))
    .limit(1)
    .executeTakeFirst();
  if (inMessage) return true;
  if (!viewerId) return false;
  const asAvatar = await db
    .selectFrom("chats as c")
    .innerJoin("chat_members as cm", "cm.chat_id", "c.id")
    .select(sql<number>`1`.as("one"))
    .where("c.avatar_media_id", "=", mediaId)
    .where("cm.user_id", "=", viewerId)
    .limit(1)
    .executeTakeFirst();
  return Boolean(asAvatar);
}
