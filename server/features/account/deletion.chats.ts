/**
 * What deleting a person does to the chats (#17, ADR 0017), inside the deletion's transaction, and
 * what is told after commit. Telegram's way: the conversation stays for everyone else.
 * - Their messages everywhere stay, authored by the "deleted account" row; their images go with
 *   their media (a message that was only images becomes a deleted message), their reactions go.
 *   Changed messages get changed_at, so open chats pick the change up from the change feed (ADR 0010).
 * - Groups (and the public chat): they leave; an admin's role passes to the longest-standing
 *   member as when an admin leaves (groups.service), and the group hears "Deleted account left";
 *   a group they were the last member of is deleted with its messages.
 * - Personal chats: kept for the other person, with "deleted account" as the other member
 *   (nobody can write to it: it takes messages from friends only); a personal chat whose other
 *   side was deleted already is deleted.
 * - System lines that name them ("Olena added Taras") name "deleted account" instead.
 * Membership changes write chat_members, so the send path's caches (ADR 0009) are emptied by
 * their triggers in this very transaction.
 */
import { sql } from "kysely";
import { DELETED_ACCOUNT_ID } from "../../../shared/account-deletion.ts";
import type { ChatMessage, SystemEvent, SystemPerson } from "../../../shared/chats.ts";
import { toMessage, toPerson, type MessageRow } from "../chats/chats.mappers.ts";
import * as chatsRepo from "../chats/chats.repository.ts";
import { insertSystemMessage, lockChats, peopleByIds } from "../chats/messages.repository.ts";
import { randomId } from "../../lib/crypto.ts";
import type { Q } from "./deletion.repository.ts";

export interface ChatsOutcome {
  /** Groups they left (their sockets are unsubscribed; the members left get chat.updated). */
  leftGroups: string[];
  /** Chats whose look changed for their members (kept personal chats, groups whose avatar was theirs). */
  updated: string[];
  /** System lines to publish, with the members that heard them. */
  lines: Array<{ row: MessageRow; members: string[] }>;
  /** Media of chats deleted with them (others' images): removed after commit if nothing else shows them. */
  orphanCandidates: string[];
}

const anonymous: SystemPerson = { id: DELETED_ACCOUNT_ID, name: "" };

export async function removeFromChats(trx: Q, userId: string, now: number): Promise<ChatsOutcome> {
  const out: ChatsOutcome = { leftGroups: [], updated: [], lines: [], orphanCandidates: [] };
  const memberships = await trx
    .selectFrom("chat_members as cm")
    .innerJoin("chats as c", "c.id", "cm.chat_id")
    .select(["c.id", "c.kind", "c.admin_id"])
    .where("cm.user_id", "=", userId)
    .orderBy("c.id")
    .execute();
  if (memberships.length) await lockChats(trx, memberships.map((m) => m.id));

  for (const chat of memberships) {
    if (chat.kind === "personal") {
      const other = await trx.selectFrom("chat_members").select("user_id").where("chat_id", "=", chat.id).where("user_id", "!=", userId).executeTakeFirst();
      if (!other || other.user_id === DELETED_ACCOUNT_ID) {
        // Nobody is left to read it.
        out.orphanCandidates.push(...(await chatsRepo.mediaUsedBy(trx, chat.id)));
        await trx.deleteFrom("chats").where("id", "=", chat.id).execute();
        continue;
      }
      await trx.updateTable("chat_members").set({ user_id: DELETED_ACCOUNT_ID }).where("chat_id", "=", chat.id).where("user_id", "=", userId).execute();
      // The pair key named them; nobody can open a new chat with "deleted account" anyway.
      await trx.updateTable("chats").set({ pair_key: null }).where("id", "=", chat.id).execute();
      out.updated.push(chat.id);
      continue;
    }
    await chatsRepo.deleteMember(trx, chat.id, userId);
    if (chat.kind !== "group") continue;
    if ((await chatsRepo.countMembers(trx, chat.id)) === 0) {
      out.orphanCandidates.push(...(await chatsRepo.mediaUsedBy(trx, chat.id)));
      await chatsRepo.deleteGroup(trx, chat.id);
      continue;
    }
    const events: SystemEvent[] = [{ event: "left" }];
    if (chat.admin_id === userId) {
      const next = await chatsRepo.longestStandingMember(trx, chat.id, userId);
      await chatsRepo.updateChat(trx, chat.id, { admin_id: next?.user_id ?? null });
      if (next) {
        const [p] = await peopleByIds(trx, [next.user_id]);
        events.push({ event: "adminAssigned", user: { id: next.user_id, name: p ? `${p.first_name} ${p.last_name}`.trim() : "" } });
      }
    }
    const members = (await chatsRepo.memberIdsOf(trx, [chat.id])).get(chat.id) ?? [];
    for (const event of events) {
      const row = await insertSystemMessage(trx, { chat_id: chat.id, author_id: DELETED_ACCOUNT_ID, client_id: `sys-${randomId()}`, body: JSON.stringify(event), created_at: now });
      out.lines.push({ row, members });
    }
    out.leftGroups.push(chat.id);
  }
  return out;
}

/**
 * Their messages and reactions (after `removeFromChats`): images whose media were theirs go, a
 * message left with neither text nor images becomes a deleted one, reactions go, and every
 * message they wrote is re-authored by "deleted account" (with a client id of its own: client
 * ids are unique per author). Chats whose avatar was their image lose it.
 */
export async function anonymiseMessages(trx: Q, userId: string, mediaIds: string[], now: number, out: ChatsOutcome): Promise<void> {
  const own = trx.selectFrom("messages").select("id").where("author_id", "=", userId);
  const touched = new Set<number>();
  for (const r of await trx.deleteFrom("message_images").where("message_id", "in", own).returning("message_id").execute()) touched.add(Number(r.message_id));
  for (let i = 0; i < mediaIds.length; i += 500) {
    const chunk = mediaIds.slice(i, i + 500);
    for (const r of await trx.deleteFrom("message_images").where("media_id", "in", chunk).returning("message_id").execute()) touched.add(Number(r.message_id));
    const chats = await trx.updateTable("chats").set({ avatar_media_id: null }).where("avatar_media_id", "in", chunk).returning("id").execute();
    out.updated.push(...chats.map((c) => c.id));
  }
  const ids = [...touched];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await sql`update messages set image_count = (select count(*) from message_images mi where mi.message_id = messages.id), changed_at = ${now}
      where id in (${sql.join(chunk)})`.execute(trx);
    await trx
      .updateTable("messages")
      .set({ deleted_at: now, body: "", edited_at: null })
      .where("id", "in", chunk)
      .where("image_count", "=", 0)
      .where("body", "=", "")
      .where("kind", "=", "text")
      .where("deleted_at", "is", null)
      .execute();
  }
  const reacted = await trx.deleteFrom("message_reactions").where("user_id", "=", userId).returning("message_id").execute();
  const reactedIds = [...new Set(reacted.map((r) => Number(r.message_id)))];
  for (let i = 0; i < reactedIds.length; i += 500) {
    await trx.updateTable("messages").set({ changed_at: now }).where("id", "in", reactedIds.slice(i, i + 500)).execute();
  }
  await sql`update messages set author_id = ${DELETED_ACCOUNT_ID}, client_id = ${"del-"} || cast(id as text), changed_at = ${now}
    where author_id = ${userId}`.execute(trx);
  await renameInSystemLines(trx, userId, now);
}

/** System lines that name them (added, removed, admin changes) name "deleted account" instead. */
async function renameInSystemLines(trx: Q, userId: string, now: number): Promise<void> {
  const rows = await trx
    .selectFrom("messages")
    .select(["id", "body"])
    .where("kind", "=", "system")
    .where("body", "like", `%"${userId}"%`)
    .execute();
  const swap = (p: SystemPerson) => (p.id === userId ? anonymous : p);
  for (const r of rows) {
    const event = JSON.parse(r.body) as SystemEvent;
    const next: SystemEvent =
      event.event === "added" ? { ...event, users: event.users.map(swap) } : "user" in event ? { ...event, user: swap(event.user) } : event;
    await trx.updateTable("messages").set({ body: JSON.stringify(next), changed_at: now }).where("id", "=", r.id).execute();
  }
}

/** The system lines as published messages (after commit), authored by "deleted account". */
export async function hydrateLines(db: Q, lines: ChatsOutcome["lines"]): Promise<Array<{ message: ChatMessage; members: string[] }>> {
  if (!lines.length) return [];
  const [author] = await peopleByIds(db, [DELETED_ACCOUNT_ID]);
  const person = author ? toPerson(author) : { id: DELETED_ACCOUNT_ID, username: "", firstName: "", lastName: "", avatarId: null };
  return lines.map((l) => ({ message: toMessage(l.row, person, []), members: l.members }));
}
