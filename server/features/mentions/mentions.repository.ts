/** All SQL of mentions and mute (issue 13). First argument: db or trx. */
import type { Q } from "../chats/chats.repository.ts";

/** Users with these usernames (stored lower-case) among these ids: the candidates a batch may mention. */
export const usersNamed = (db: Q, names: string[], ids: string[]) =>
  names.length && ids.length
    ? db.selectFrom("users").select(["id", "username"]).where("username", "in", names).where("id", "in", ids).execute()
    : Promise.resolve([]);

export const insertMentions = (db: Q, rows: Array<{ message_id: number; user_id: string; chat_id: string }>) =>
  rows.length ? db.insertInto("message_mentions").values(rows).onConflict((oc) => oc.doNothing()).execute() : null;

export const deleteMentionsOf = (db: Q, messageId: number) => db.deleteFrom("message_mentions").where("message_id", "=", messageId).execute();

/** The mentioned ids of many messages in one query. */
export async function mentionsOf(db: Q, messageIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!messageIds.length) return out;
  const rows = await db.selectFrom("message_mentions").select(["message_id", "user_id"]).where("message_id", "in", messageIds).orderBy("message_id").orderBy("user_id").execute();
  for (const r of rows) {
    const id = Number(r.message_id);
    out.set(id, [...(out.get(id) ?? []), r.user_id]);
  }
  return out;
}

/** Sets (or clears, null) my mute of a chat; false when I am not its member. */
export async function setMute(db: Q, chatId: string, userId: string, until: number | null): Promise<boolean> {
  const r = await db.updateTable("chat_members").set({ muted_until: until }).where("chat_id", "=", chatId).where("user_id", "=", userId).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

