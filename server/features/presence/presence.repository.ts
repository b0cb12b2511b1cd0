/** All SQL of presence and read-receipt privacy (issue 13). First argument: db or trx. */
import type { Kysely, Selectable, Transaction } from "kysely";
import { runSql } from "../../db/hot-sql.ts";
import type { Database, UsersTable } from "../../db/schema.ts";

export type Q = Kysely<Database> | Transaction<Database>;

/** Read once per signed-in socket at the upgrade: plain SQL (db/hot-sql.ts), no query tree built per socket. */
const SETTINGS_SQL = 'select "last_seen_visible", "read_receipts" from "users" where "id" = ?';
export const settingsOf = async (db: Q, userId: string) =>
  (await runSql<Pick<Selectable<UsersTable>, "last_seen_visible" | "read_receipts">>(db, SETTINGS_SQL, [userId]))[0];

export async function setSettings(db: Q, userId: string, fields: { last_seen_visible: number; read_receipts: number; updated_at: number }) {
  await db.updateTable("users").set(fields).where("id", "=", userId).execute();
}

/** Does this person share read receipts? (A missing person does not.) */
export async function sharesReceipts(db: Q, userId: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("read_receipts").where("id", "=", userId).executeTakeFirst();
  return Number(row?.read_receipts ?? 0) === 1;
}

/** What a watcher needs of the watched: whether they share last seen, and when that was. Verified accounts only. */
export const watchTargets = (db: Q, ids: readonly string[]) =>
  ids.length
    ? db
        .selectFrom("users")
        .select(["id", "last_seen_visible", "last_seen_at"])
        .where("id", "in", ids)
        .where("email_verified_at", "is not", null)
        .execute()
    : Promise.resolve([]);

const LAST_SEEN_SQL = 'update "users" set "last_seen_at" = ? where "id" = ?';

/** Last-seen times, each person's own value (one statement per person, in one transaction). */
export async function writeLastSeen(db: Kysely<Database>, rows: ReadonlyArray<{ userId: string; at: number }>) {
  if (!rows.length) return;
  await db.transaction().execute(async (trx) => {
    // Plain SQL (db/hot-sql.ts): after a reconnect wave this is one statement per person, thousands at once.
    for (const r of rows) await runSql(trx, LAST_SEEN_SQL, [r.at, r.userId]);
  });
}

/** The message, if it is in the chat and I am a member (its author for "Seen by"). */
export const messageInMyChat = (db: Q, chatId: string, messageId: number, userId: string) =>
  db
    .selectFrom("messages as m")
    .innerJoin("chat_members as cm", (j) => j.onRef("cm.chat_id", "=", "m.chat_id").on("cm.user_id", "=", userId))
    .select(["m.author_id"])
    .where("m.chat_id", "=", chatId)
    .where("m.id", "=", messageId)
    .executeTakeFirst();

/** Members (not the author) whose read marker reached the message and who share receipts; longest-standing first. */
const seenByQuery = (db: Q, chatId: string, messageId: number, authorId: string) =>
  db
    .selectFrom("chat_members as cm")
    .innerJoin("users as u", "u.id", "cm.user_id")
    .where("cm.chat_id", "=", chatId)
    .where("cm.last_read_id", ">=", messageId)
    .where("cm.user_id", "!=", authorId)
    .where("u.read_receipts", "=", 1);

export async function seenBy(db: Q, chatId: string, messageId: number, authorId: string, limit: number) {
  const [count, people] = await Promise.all([
    seenByQuery(db, chatId, messageId, authorId)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirst(),
    seenByQuery(db, chatId, messageId, authorId)
      .select(["u.id", "u.username", "u.first_name", "u.last_name", "u.avatar_media_id"])
      .orderBy("cm.joined_at")
      .orderBy("u.id")
      .limit(limit)
      .execute(),
  ]);
  return { count: Number(count?.n ?? 0), people };
}
