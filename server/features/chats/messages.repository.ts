/** All SQL of messages and their images. First argument: db or trx. */
import { PostgresAdapter, sql } from "kysely";
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { MessageRow, PersonRow } from "./chats.mappers.ts";
import type { Ms } from "../../db/schema.ts";
import type { Q } from "./chats.repository.ts";
import { markRepliesChanged } from "./replies.repository.ts";

export interface NewMessageRow {
  chat_id: string;
  author_id: string;
  client_id: string;
  body: string;
  image_count: number;
  created_at: number;
  /** Issue 13: the message of the same chat it replies to; who wrote the original of a forward. */
  reply_to_id: number | null;
  forwarded_from_user_id: string | null;
}

/** What the send path inserts and returns (a new message is never deleted, edited or a system line). */
const messageColumns = ["id", "chat_id", "author_id", "client_id", "body", "image_count", "created_at", "reply_to_id", "forwarded_from_user_id"] as const;
/** A stored message as every other reader needs it: also whether it is deleted or edited, and its kind. */
const storedColumns = [...messageColumns, "deleted_at", "edited_at", "kind"] as const;

/**
 * Postgres: lock the chats' rows (in id order, so two batches never deadlock) before new ids are
 * drawn. A later batch for the same chat then draws its ids after an earlier one committed, so a
 * reader never sees id n+1 before id n (what `history({ after })` relies on). SQLite has one
 * writer at a time: nothing to do.
 */
export async function lockChats(trx: Q, chatIds: string[]): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await trx.selectFrom("chats").select("id").where("id", "in", [...chatIds].sort()).orderBy("id").forUpdate().execute();
}

/** Stored messages among these authors and client ids (superset; the caller matches pairs). */
export const findByClientIds = (db: Q, authorIds: string[], clientIds: string[]) =>
  // A retry of a message deleted or edited since is acked as it is now.
  db.selectFrom("messages").select(storedColumns).where("author_id", "in", authorIds).where("client_id", "in", clientIds).execute();

const messageColumnList = messageColumns.join(", ");
/**
 * Inserts in the given order (ids increase in that order); rows that already exist are skipped.
 * Hand-written SQL: it runs once per message batch (server/db/hot-sql.ts).
 */
export const insertMessages = (db: Q, rows: NewMessageRow[]) =>
  runSql<MessageRow>(
    db,
    `insert into messages (chat_id, author_id, client_id, body, image_count, created_at, reply_to_id, forwarded_from_user_id) values ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
     on conflict (author_id, client_id) do nothing returning ${messageColumnList}`,
    rows.flatMap((r) => [r.chat_id, r.author_id, r.client_id, r.body, r.image_count, r.created_at, r.reply_to_id, r.forwarded_from_user_id]),
  );

export const insertImages = (db: Q, rows: Array<{ message_id: number; position: number; media_id: string }>) =>
  rows.length ? db.insertInto("message_images").values(rows).execute() : null;

/**
 * Every chat of the batch in one statement: last_message_id = the largest id this batch gave it.
 * That is the chat's largest id: the batch holds the chat (lockChats on Postgres, the single
 * writer on SQLite), so no id drawn before it can be larger. Hand-written SQL: once per batch.
 */
export function bumpChats(db: Q, lastIds: Map<string, number>, at: number) {
  const chatIds = [...lastIds.keys()];
  const cases = chatIds.map(() => "when ? then cast(? as bigint)").join(" ");
  return runSql(
    db,
    `update chats set last_message_id = case id ${cases} end, last_activity_at = ? where id in (${placeholders(chatIds.length)})`,
    [...chatIds.flatMap((id) => [id, lastIds.get(id)]), at, ...chatIds],
  );
}

/** A chat's stored messages with their authors' names and avatars: what history and changes pages read. */
const pageRowsOf = (db: Q, chatId: string) =>
  db
    .selectFrom("messages as m")
    .innerJoin("users as u", "u.id", "m.author_id")
    .select(storedColumns.map((c) => `m.${c}` as const))
    .select(["u.username", "u.first_name", "u.last_name", "u.avatar_media_id"])
    // Issue 13: whom it mentions, comma-separated (ids are hex): a subquery, not a query per page.
    .select((eb) => eb.selectFrom("message_mentions as mm").select(sql<string>`string_agg(mm.user_id, ',')`.as("v")).whereRef("mm.message_id", "=", "m.id").as("mention_ids"))
    .where("m.chat_id", "=", chatId);

/**
 * One history page by keyset: `after` ascending, `before` (or neither: the latest) descending.
 * Returns up to limit + 1 rows so the caller knows whether there are more.
 */
export function historyPage(db: Q, chatId: string, page: { before?: number; after?: number; limit: number }) {
  let q = pageRowsOf(db, chatId);
  if (page.after !== undefined) q = q.where("m.id", ">", page.after).orderBy("m.id", "asc");
  else {
    if (page.before !== undefined) q = q.where("m.id", "<", page.before);
    q = q.orderBy("m.id", "desc");
  }
  return q.limit(page.limit + 1).execute();
}

/**
 * The messages of a chat changed after `since` (or at it, with an id above `afterId`), oldest
 * change first; up to limit + 1 rows so the caller knows whether there are more. The same columns
 * as a history page, plus changed_at for the next cursor.
 */
export function changedSince(db: Q, chatId: string, cursor: { since: number; afterId: number }, limit: number) {
  return pageRowsOf(db, chatId)
    .select("m.changed_at")
    // Spelled out so both databases use the partial index (migration 0012).
    .where("m.changed_at", "is not", null)
    .where((eb) => eb.or([eb("m.changed_at", ">", cursor.since), eb.and([eb("m.changed_at", "=", cursor.since), eb("m.id", ">", cursor.afterId)])]))
    .orderBy("m.changed_at")
    .orderBy("m.id")
    .limit(limit + 1)
    .execute();
}

export const lastMessageId = async (db: Q, chatId: string): Promise<number | null> => {
  const row = await db.selectFrom("chats").select("last_message_id").where("id", "=", chatId).executeTakeFirst();
  return row?.last_message_id == null ? null : Number(row.last_message_id);
};

/** The images of messages, in order. Hand-written SQL: a forward's send, a sent image and every history page with images run it. */
export const imagesOf = async (db: Q, messageIds: number[]) =>
  messageIds.length
    ? runSql<{ message_id: Ms; position: number; media_id: string }>(
        db,
        `select message_id, position, media_id from message_images where message_id in (${placeholders(messageIds.length)}) order by message_id, position`,
        messageIds,
      )
    : [];

/** Authors of messages. Hand-written SQL: once per message batch. */
export const peopleByIds = async (db: Q, ids: string[]): Promise<PersonRow[]> =>
  ids.length ? runSql<PersonRow>(db, `select id, username, first_name, last_name, avatar_media_id from users where id in (${placeholders(ids.length)})`, ids) : [];

// ── changing a stored message: deleting (a tombstone: the row stays) or editing ─
/** A message of this chat as stored (who wrote it, its kind, whether deleted or edited); undefined when not in this chat. */
export const findInChat = (db: Q, chatId: string, messageId: number) =>
  db
    .selectFrom("messages")
    .select(storedColumns)
    .where("id", "=", messageId)
    .where("chat_id", "=", chatId)
    .executeTakeFirst();

/**
 * Turns the message into a tombstone if it is this author's and not deleted yet: deleted_at set,
 * body emptied, no images. One conditional update, so two deletes at once change it once.
 * Returns whether this call deleted it.
 */
export async function tombstone(db: Q, chatId: string, messageId: number, authorId: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable("messages")
    .set({ deleted_at: at, body: "", image_count: 0, changed_at: at })
    .where("id", "=", messageId)
    .where("chat_id", "=", chatId)
    .where("author_id", "=", authorId)
    .where("deleted_at", "is", null)
    // A system message ("Olena added Taras") is a record of the group, not its author's words.
    .where("kind", "=", "text")
    .executeTakeFirst();
  // Its replies' quotes now say "deleted": they count as changed for chats.changes (issue 13).
  if (r.numUpdatedRows > 0n) await markRepliesChanged(db, chatId, messageId, at);
  return r.numUpdatedRows > 0n;
}

/**
 * Replaces the text of this author's message if it is a text message, not deleted, its text
 * really changes, and (when the new text is empty) it has images: one conditional update, so an
 * edit racing a delete never brings a tombstone back. Returns the updated row, or undefined when
 * nothing changed (the caller finds out why).
 */
export function editBody(db: Q, chatId: string, messageId: number, authorId: string, body: string, at: number, needsImages: boolean) {
  let q = db
    .updateTable("messages")
    .set({ body, edited_at: at, changed_at: at })
    .where("id", "=", messageId)
    .where("chat_id", "=", chatId)
    .where("author_id", "=", authorId)
    .where("deleted_at", "is", null)
    .where("kind", "=", "text")
    .where("body", "!=", body);
  if (needsImages) q = q.where("image_count", ">", 0);
  return q.returning(storedColumns).executeTakeFirst();
}

/** Deletes a message's image rows; returns the media ids they showed. */
export async function deleteImagesOf(db: Q, messageId: number): Promise<string[]> {
  const rows = await db.deleteFrom("message_images").where("message_id", "=", messageId).returning("media_id").execute();
  return [...new Set(rows.map((r) => r.media_id))];
}

// ── reactions (never on the send path: a new message has none) ─────────────────
/**
 * The message for a reaction: its kind and whether it is deleted; undefined when not in this chat.
 * On Postgres its row is locked until commit, so reactions to one message (and its deletion) take
 * turns: each transaction reads the list the one before it committed, and the frames it
 * publishes after commit follow one another.
 */
export function lockForReaction(trx: Q, chatId: string, messageId: number) {
  let q = trx.selectFrom("messages").select(["id", "kind", "deleted_at"]).where("id", "=", messageId).where("chat_id", "=", chatId);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Marks the message changed now (its reactions did): chats.changes finds it. */
export const touchChanged = (db: Q, messageId: number, at: number) => db.updateTable("messages").set({ changed_at: at }).where("id", "=", messageId).execute();

/** Puts a reaction on; returns false when it was on already (the primary key). */
export async function addReaction(db: Q, row: { message_id: number; user_id: string; emoji: string; created_at: number }): Promise<boolean> {
  const r = await db.insertInto("message_reactions").values(row).onConflict((oc) => oc.doNothing()).returning("message_id").executeTakeFirst();
  return r !== undefined;
}

/** Takes a reaction off; returns false when it was not on. */
export async function removeReaction(db: Q, messageId: number, userId: string, emoji: string): Promise<boolean> {
  const r = await db.deleteFrom("message_reactions").where("message_id", "=", messageId).where("user_id", "=", userId).where("emoji", "=", emoji).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/**
 * How many distinct emoji the message has, and whether this one is among them (issue 13's cap;
 * read under the message's lock, so concurrent reactions cannot both pass it).
 */
export async function reactionEmojiCount(db: Q, messageId: number, emoji: string): Promise<{ distinct: number; has: boolean }> {
  const r = await db
    .selectFrom("message_reactions")
    .select(sql<number>`count(distinct emoji)`.as("distinct"))
    .select(sql<number>`count(case when emoji = ${emoji} then 1 end)`.as("same"))
    .where("message_id", "=", messageId)
    .executeTakeFirstOrThrow();
  return { distinct: Number(r.distinct), has: Number(r.same) > 0 };
}

/** A tombstone shows no reactions: they go with its content. */
export const deleteReactionsOf = (db: Q, messageId: number) => db.deleteFrom("message_reactions").where("message_id", "=", messageId).execute();

/**
 * The reactions of many messages in ONE query (a history page): per (message, emoji) the first
 * `listed` people, oldest first, each row with the total `n` for its emoji. A window function
 * (SQLite ≥ 3.25 and Postgres alike) keeps a popular message in the public chat from sending
 * thousands of rows.
 */
export function reactionsOf(db: Q, messageIds: number[], listed: number) {
  if (!messageIds.length) return Promise.resolve([]);
  const ranked = db
    .selectFrom("message_reactions")
    .select(["message_id", "user_id", "emoji"])
    .select(sql<number>`row_number() over (partition by message_id, emoji order by created_at, user_id)`.as("rn"))
    .select(sql<number>`count(*) over (partition by message_id, emoji)`.as("n"))
    .select(sql<number>`min(created_at) over (partition by message_id, emoji)`.as("first"))
    .where("message_id", "in", messageIds);
  return db.selectFrom(ranked.as("r")).selectAll().where("rn", "<=", listed).orderBy("message_id").orderBy("rn").execute();
}

// ── system messages (group changes; written by groups.service, never on the send path) ─
/**
 * Stores a system message in the caller's transaction (which holds the chat's row lock on
 * Postgres, or created the chat: ids are drawn and committed in order) and makes it the chat's
 * last message. Its client id is the server's, unique like any other per (author, client id).
 */
export async function insertSystemMessage(db: Q, row: { chat_id: string; author_id: string; client_id: string; body: string; created_at: number }): Promise<MessageRow> {
  const stored = await db
    .insertInto("messages")
    .values({ ...row, image_count: 0, kind: "system" })
    .returning([...messageColumns, "kind"])
    .executeTakeFirstOrThrow();
  await bumpChats(db, new Map([[row.chat_id, Number(stored.id)]]), row.created_at);
  return stored;
}
