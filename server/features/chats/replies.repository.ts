/**
 * All SQL of replies, forwards and pins (issue 13). First argument: db or trx. None of it runs for
 * a batch or page without replies or forwards.
 */
import { placeholders, runSql } from "../../db/hot-sql.ts";
import type { MessageKind, Ms } from "../../db/schema.ts";
import type { Q } from "./chats.repository.ts";

/** A message some draft or stored message refers to, with its author's name. */
export interface ReferencedRow {
  id: Ms;
  chat_id: string;
  author_id: string;
  body: string;
  image_count: number;
  deleted_at: Ms | null;
  kind: MessageKind;
  forwarded_from_user_id: string | null;
  first_name: string;
  last_name: string;
}

/**
 * The messages some drafts refer to (the originals of replies, the sources of forwards), with
 * their authors' names: ONE query, hand-written (a reply's send and every read of a reply run it:
 * hot-sql.ts). Missing ids are simply not in the answer.
 */
export const referencedMessages = async (db: Q, ids: number[]): Promise<ReferencedRow[]> =>
  ids.length
    ? runSql<ReferencedRow>(
        db,
        `select m.id, m.chat_id, m.author_id, m.body, m.image_count, m.deleted_at, m.kind, m.forwarded_from_user_id, u.first_name, u.last_name
         from messages m inner join users u on u.id = m.author_id where m.id in (${placeholders(ids.length)})`,
        ids,
      )
    : [];

/** Which of these (chat, user) pairs are memberships: "chatId\0userId" (one query, hand-written: a forward's send runs it). */
export async function membershipsAmong(db: Q, chatIds: string[], userIds: string[]): Promise<Set<string>> {
  if (!chatIds.length || !userIds.length) return new Set();
  const rows = await runSql<{ chat_id: string; user_id: string }>(
    db,
    `select chat_id, user_id from chat_members where chat_id in (${placeholders(chatIds.length)}) and user_id in (${placeholders(userIds.length)})`,
    [...chatIds, ...userIds],
  );
  return new Set(rows.map((r) => `${r.chat_id}\u0000${r.user_id}`));
}

/** Names of the people forwarded messages quote (one query, hand-written: every read of a forward runs it). */
export const namesOf = async (db: Q, ids: string[]) =>
  ids.length ? runSql<{ id: string; first_name: string; last_name: string }>(db, `select id, first_name, last_name from users where id in (${placeholders(ids.length)})`, ids) : [];

/**
 * A message was deleted: its replies count as changed now, so a client catching up with
 * chats.changes gets them again with their quote saying "deleted" (the partial index of 0021).
 */
export const markRepliesChanged = (db: Q, chatId: string, messageId: number, at: number) =>
  db.updateTable("messages").set({ changed_at: at }).where("reply_to_id", "=", messageId).where("chat_id", "=", chatId).execute();

// ── pins ─────────────────────────────────────────────────────────────────────
/** The chat's pinned message as it is now (undefined when none, or when it was deleted since). */
export const pinnedOf = (db: Q, chatId: string) =>
  db
    .selectFrom("chats as c")
    .innerJoin("messages as m", (j) => j.onRef("m.id", "=", "c.pinned_message_id").onRef("m.chat_id", "=", "c.id"))
    .innerJoin("users as u", "u.id", "m.author_id")
    .select(["m.id", "m.chat_id", "m.author_id", "m.body", "m.image_count", "m.deleted_at", "m.kind", "m.forwarded_from_user_id", "u.first_name", "u.last_name"])
    .select(["c.pinned_by", "c.pinned_at"])
    .where("c.id", "=", chatId)
    .where("m.deleted_at", "is", null)
    .executeTakeFirst();

/**
 * Sets (or, with null, clears) the chat's pin unless it already is that; returns whether it
 * changed. One conditional update, so two pins at once end with one of them, each told once.
 */
export async function setPin(db: Q, chatId: string, pin: { messageId: number; by: string; at: number } | null): Promise<boolean> {
  let q = db
    .updateTable("chats")
    .set(pin ? { pinned_message_id: pin.messageId, pinned_by: pin.by, pinned_at: pin.at } : { pinned_message_id: null, pinned_by: null, pinned_at: null })
    .where("id", "=", chatId);
  q = pin
    ? q.where((eb) => eb.or([eb("pinned_message_id", "is", null), eb("pinned_message_id", "!=", pin.messageId)]))
    : q.where("pinned_message_id", "is not", null);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
