/** All SQL of chats and their members. First argument: db or trx. */
import { sql, type Kysely, type NotNull, type Selectable, type Transaction } from "kysely";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { ChatsTable, Database, MessageKind } from "../../db/schema.ts";

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

/** A member row of membersOf: the person, their chat, when they joined, their rank and the chat's member count. */
export interface MemberOfRow {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
  chat_id: string;
  joined_at: number;
  rn: number | string | bigint;
  member_count: number | string | bigint;
}

/**
 * Members of these chats, longest-standing first, with each chat's member count; `perChat` caps
 * how many come back per chat (null: all). One query (window functions). Hand-written (ADR 0025):
 * it runs on every chat-list page, where building it with Kysely cost more than running it.
 */
export function membersOf(db: Q, chats: { ids: string[] }, perChat: number | null) {
  const ids = chats.ids.length ? chats.ids : [""];
  const text =
    'select * from (select "u"."id", "u"."username", "u"."first_name", "u"."last_name", "u"."avatar_media_id", "cm"."chat_id", "cm"."joined_at", ' +
    'row_number() over(partition by "cm"."chat_id" order by "cm"."joined_at", "cm"."user_id") as "rn", count(*) over(partition by "cm"."chat_id") as "member_count" ' +
    `from "chat_members" as "cm" inner join "users" as "u" on "u"."id" = "cm"."user_id" where "cm"."chat_id" in (${placeholders(ids.length)})) as "t" ` +
    (perChat === null ? "" : 'where "t"."rn" <= ? ') +
    'order by "t"."chat_id", "t"."rn"';
  return runSql<MemberOfRow>(db, text, perChat === null ? ids : [...ids, perChat]);
}

/** Users that exist and confirmed their email, of these ids. */
export const activeUsers = (db: Q, ids: string[]) =>
  ids.length
    ? db.selectFrom("users as u").select(personColumns).where("u.id", "in", ids).where("u.email_verified_at", "is not", null).execute()
    : Promise.resolve([]);

// ── the chat list (a constant number of queries, whatever the number of chats) ─
/** Which of my chats listChatsOf reads: one, or a keyset page (`limit` rows after `before`). */
export type ChatsScope = { chatId: string } | { limit: number; before?: { lastActivityAt: number; id: string } };

/** A row of listChatsOf: the chat, my membership, its last message and author, how far the others read. */
export type ChatListRow = Selectable<ChatsTable> & {
  last_read_id: number;
  muted_until: number | null;
  m_id: number | null;
  m_author_id: string | null;
  m_body: string | null;
  m_image_count: number | null;
  m_created_at: number | null;
  m_deleted_at: number | null;
  m_kind: MessageKind | null;
  m_author_name: string | null;
  m_author_last_name: string | null;
  others_read_id: number | string | bigint | null;
};

const LIST_CHATS_HEAD =
  'select "c".*, "me"."last_read_id", "me"."muted_until", "m"."id" as "m_id", "m"."author_id" as "m_author_id", "m"."body" as "m_body", ' +
  '"m"."image_count" as "m_image_count", "m"."created_at" as "m_created_at", "m"."deleted_at" as "m_deleted_at", "m"."kind" as "m_kind", ' +
  '"a"."first_name" as "m_author_name", "a"."last_name" as "m_author_last_name", ' +
  // Read receipts: how far the others have read. A subquery per row (primary key range on
  // chat_id) rather than another query, so the list stays a constant number of queries.
  // Read-receipt privacy (issue 13): only members who share theirs, and only if I share mine.
  '(select coalesce(max("o"."last_read_id"), 0) as "v" from "chat_members" as "o" where "o"."chat_id" = "me"."chat_id" and "o"."user_id" != "me"."user_id" ' +
  'and exists (select "ou"."id" from "users" as "ou" where "ou"."id" = "o"."user_id" and "ou"."read_receipts" = 1) ' +
  'and exists (select "mu"."id" from "users" as "mu" where "mu"."id" = "me"."user_id" and "mu"."read_receipts" = 1)) as "others_read_id" ' +
  'from "chat_members" as "me" inner join "chats" as "c" on "c"."id" = "me"."chat_id" left join "messages" as "m" on "m"."id" = "c"."last_message_id" ' +
  'left join "users" as "a" on "a"."id" = "m"."author_id" where "me"."user_id" = ?';
const LIST_ORDER = ' order by "c"."last_activity_at" desc, "c"."id" desc';
const LIST_ONE = `${LIST_CHATS_HEAD} and "me"."chat_id" = ?${LIST_ORDER}`;
const LIST_FIRST_PAGE = `${LIST_CHATS_HEAD}${LIST_ORDER} limit ?`;
const LIST_NEXT_PAGE = `${LIST_CHATS_HEAD} and ("c"."last_activity_at" < ? or ("c"."last_activity_at" = ? and "c"."id" < ?))${LIST_ORDER} limit ?`;

/**
 * My chats (one of them, or a page) with their last message and its author, most recent activity
 * first. Hand-written (ADR 0025): every chat-list page runs it.
 */
export function listChatsOf(db: Q, userId: string, scope: ChatsScope): Promise<ChatListRow[]> {
  if ("chatId" in scope) return runSql<ChatListRow>(db, LIST_ONE, [userId, scope.chatId]);
  const { before, limit } = scope;
  return before
    ? runSql<ChatListRow>(db, LIST_NEXT_PAGE, [userId, before.lastActivityAt, before.lastActivityAt, before.id, limit])
    : runSql<ChatListRow>(db, LIST_FIRST_PAGE, [userId, limit]);
}

const UNREAD_HEAD =
  'select "me"."chat_id", "me"."muted_until", count(*) as "n", count("mm"."user_id") as "mentions" from "chat_members" as "me" ' +
  'inner join "messages" as "m" on "m"."chat_id" = "me"."chat_id" and "m"."id" > "me"."last_read_id" ' +
  // At most one row per message (the primary key): the count stays the count of messages.
  'left join "message_mentions" as "mm" on "mm"."message_id" = "m"."id" and "mm"."user_id" = "me"."user_id" ' +
  // A deleted message is nothing to read; "Olena added Taras" moves the chat up the list but is nothing to read.
  'where "me"."user_id" = ? and "m"."author_id" != "me"."user_id" and "m"."deleted_at" is null and "m"."kind" != \'system\'';
const UNREAD_GROUP = ' group by "me"."chat_id", "me"."muted_until"';
const UNREAD_ALL = UNREAD_HEAD + UNREAD_GROUP;
const UNREAD_ONE = `${UNREAD_HEAD} and "me"."chat_id" = ?${UNREAD_GROUP}`;

/**
 * Unread messages (by others, after my last read id, not deleted, not system) per chat; chats with
 * none are absent. Issue 13: with each, how many of them mention me (`mentions`) and my mute
 * (`muted_until`), so the list's total needs no other query. Hand-written (ADR 0025).
 */
export const unreadCounts = (db: Q, userId: string, chatId?: string) =>
  runSql<{ chat_id: string; muted_until: number | null; n: number | string | bigint; mentions: number | string | bigint }>(
    db,
    chatId ? UNREAD_ONE : UNREAD_ALL,
    chatId ? [userId, chatId] : [userId],
  );

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
