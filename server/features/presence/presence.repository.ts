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

/** People per statement: the texts stay few (one per chunk length up to this), the statements few. */
const LAST_SEEN_CHUNK = 100;
/** Each person's own time, for up to LAST_SEEN_CHUNK people in one statement (SQLite and Postgres alike). */
const lastSeenSql = (count: number) =>
  `with "v"("id", "at") as (values ${Array.from({ length: count }, () => "(?, cast(? as bigint))").join(", ")}) ` +
  `update "users" set "last_seen_at" = (select "at" from "v" where "v"."id" = "users"."id") where "id" in (select "id" from "v")`;

/**
 * Last-seen times, each person's own value, in one transaction: one statement per LAST_SEEN_CHUNK
 * people (after a reconnect wave this is thousands of people at once), plain SQL (db/hot-sql.ts).
 */
export async function writeLastSeen(db: Kysely<Database>, rows: ReadonlyArray<{ userId: string; at: number }>) {
  const latest = [...new Map(rows.map((r) => [r.userId, r.at])).entries()];
  if (!latest.length) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < latest.length; i += LAST_SEEN_CHUNK) {
      const chunk = latest.slice(i, i + LAST_SEEN_CHUNK);
      await runSql(trx, lastSeenSql(chunk.length), chunk.flat());
    }
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
