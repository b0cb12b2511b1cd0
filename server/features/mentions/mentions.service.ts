/**
 * Mentions and mute (issue 13).
 * - Mentions are found here from a message's body when it is stored (send batch, edit) and kept in
 *   message_mentions in the same transaction: `@username` of a current member of the chat,
 *   case-insensitive, never the author, never in the public chat.
 * - Mute: validate (router) → authorise (member of a private chat) → update → commit → chat.muted
 *   on my user topic (my other tabs).
 */
import type { Kysely } from "kysely";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import { isMuted, mentionedNames, MUTE_FOREVER, MUTE_MS, type MuteInput } from "../../../shared/mentions.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { chatErrors } from "../chats/chats.errors.ts";
import type { Q } from "../chats/chats.repository.ts";
import * as repo from "./mentions.repository.ts";

export interface MentionDraft {
  chatId: string;
  authorId: string;
  body: string;
}

/**
 * Who each draft mentions (ids, in the order of the chat's members), given the chats' members as
 * the storing transaction sees them. One query for the whole batch, none when no body has an "@".
 */
export async function findMentions(trx: Q, drafts: MentionDraft[], membersOf: (chatId: string) => readonly string[] | undefined): Promise<string[][]> {
  const names = drafts.map((d) => (d.chatId === GLOBAL_CHAT_ID ? [] : mentionedNames(d.body)));
  const allNames = [...new Set(names.flat())];
  if (!allNames.length) return drafts.map(() => []);
  const candidates = [...new Set(drafts.flatMap((d, i) => (names[i]!.length ? (membersOf(d.chatId) ?? []) : [])))];
  const idOf = new Map((await repo.usersNamed(trx, allNames, candidates)).map((u) => [u.username.toLowerCase(), u.id]));
  return drafts.map((d, i) => {
    const members = membersOf(d.chatId) ?? [];
    const ids = new Set(names[i]!.flatMap((n) => (idOf.has(n) ? [idOf.get(n)!] : [])));
    return members.filter((m) => m !== d.authorId && ids.has(m));
  });
}

/** Stores the mentions of new messages (the send batch's transaction). */
export const storeMentions = (trx: Q, rows: Array<{ messageId: number; chatId: string; userIds: readonly string[] }>) =>
  repo.insertMentions(
    trx,
    rows.flatMap((r) => r.userIds.map((user_id) => ({ message_id: r.messageId, user_id, chat_id: r.chatId }))),
  );

/** An edited message's mentions, found again from its new body (the edit's transaction). */
export async function replaceMentions(trx: Q, m: { messageId: number; chatId: string; authorId: string; body: string }, members: readonly string[]): Promise<string[]> {
  await repo.deleteMentionsOf(trx, m.messageId);
  const [ids] = await findMentions(trx, [m], () => members);
  await storeMentions(trx, [{ messageId: m.messageId, chatId: m.chatId, userIds: ids! }]);
  return ids!;
}

export const mentionsOf = repo.mentionsOf;

/** A stored muted_until as the list shows it: null unless the chat is muted now. */
export const mutedUntilOf = (stored: number | string | bigint | null, now: number): number | null => (stored != null && isMuted(Number(stored), now) ? Number(stored) : null);

/**
 * totalUnread (ChatList), from the unread rows of all my chats (chats.repository unreadCounts):
 * unmuted chats count all their unread, muted ones only those that mention me.
 */
export function totalUnread(rows: Array<{ n: unknown; mentions: unknown; muted_until: number | string | bigint | null }>, now: number): number {
  let total = 0;
  for (const r of rows) total += mutedUntilOf(r.muted_until, now) !== null ? Number(r.mentions) : Number(r.n);
  return total;
}

export function createMuteService(deps: { db: Kysely<Database>; clock: Clock; hub: Hub }) {
  const { db, clock, hub } = deps;
  return {
    /** Mutes (or unmutes) a chat of mine for me; NOT_FOUND for a chat I am not in and the public chat. */
    async mute(userId: string, input: MuteInput): Promise<{ chatId: string; mutedUntil: number | null }> {
      const { chatId, duration } = input;
      if (chatId === GLOBAL_CHAT_ID) throw chatErrors.notFound();
      const mutedUntil = duration === "off" ? null : duration === "forever" ? MUTE_FOREVER : clock() + MUTE_MS[duration];
      if (!(await repo.setMute(db, chatId, userId, mutedUntil))) throw chatErrors.notFound();
      hub.publish(topics.user(userId), { type: "chat.muted", chatId, mutedUntil });
      return { chatId, mutedUntil };
    },
  };
}
