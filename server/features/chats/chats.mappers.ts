/** Rows (snake_case, int8 possibly as strings on Postgres) → the shapes in shared/chats.ts. */
import { REACTION_EMOJI, systemEventSchema, type ChatInfo, type ChatKind, type ChatMember, type ChatMessage, type ChatPerson, type MessagePreview, type MessageReaction } from "../../../shared/chats.ts";
import type { MediaInfo } from "../../../shared/media.ts";
import { toMs } from "../../db/schema.ts";

type Num = number | string | bigint;

export interface PersonRow {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}

export interface MessageRow {
  id: Num;
  chat_id: string;
  author_id: string;
  client_id: string;
  body: string;
  image_count: number;
  created_at: Num;
  /** Read by history (absent on the rows the send path inserts: those are never deleted). */
  deleted_at?: Num | null;
  /** Read by history and the edit (absent on the rows the send path inserts: never edited yet). */
  edited_at?: Num | null;
  /** 'text' or 'system' (absent on the rows the send path inserts: those are always 'text'). */
  kind?: string;
}

export interface ChatRow {
  id: string;
  kind: string;
  name: string | null;
  avatar_media_id: string | null;
  admin_id: string | null;
}

export interface MemberRow extends PersonRow {
  chat_id: string;
  joined_at: Num;
  member_count: Num;
}

export const toPerson = (r: PersonRow): ChatPerson => ({
  id: r.id,
  username: r.username,
  firstName: r.first_name,
  lastName: r.last_name,
  avatarId: r.avatar_media_id,
});

export function toMessage(r: MessageRow, author: ChatPerson, images: MediaInfo[]): ChatMessage {
  const message: ChatMessage = {
    id: Number(r.id),
    chatId: r.chat_id,
    author,
    body: r.body,
    images,
    createdAt: toMs(r.created_at),
    clientId: r.client_id,
  };
  // Only tombstones carry the flag: a live message (every frame of the send path) is unchanged.
  if (r.deleted_at != null) message.deleted = true;
  // Likewise only edited messages carry editedAt (a tombstone shows no content, edited or not).
  else if (r.edited_at != null) message.editedAt = toMs(r.edited_at);
  if (r.kind === "system") Object.assign(message, systemFields(r.body));
  return message;
}

export interface ReactionRow {
  message_id: Num;
  user_id: string;
  emoji: string;
  /** All the reactions with this emoji on the message (the rows are capped, this is not). */
  n: Num;
  /** When this emoji was first put on the message (its oldest reaction still on). */
  first: Num;
}

/**
 * Reaction rows (ordered by message, then oldest first) as each message's list: the quick ones in
 * REACTION_EMOJI order, then any other emoji by first use (ties by emoji text, so every reader
 * gets the same list).
 */
export function groupReactions(rows: ReactionRow[]): Map<number, MessageReaction[]> {
  const out = new Map<number, MessageReaction[]>();
  const firstUse = new Map<MessageReaction, number>();
  for (const r of rows) {
    const id = Number(r.message_id);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    let entry = list.find((x) => x.emoji === r.emoji);
    if (!entry) {
      list.push((entry = { emoji: r.emoji, count: Number(r.n), userIds: [] }));
      firstUse.set(entry, Number(r.first));
    }
    entry.userIds.push(r.user_id);
  }
  const quick = (emoji: string) => {
    const i = (REACTION_EMOJI as readonly string[]).indexOf(emoji);
    return i < 0 ? REACTION_EMOJI.length : i;
  };
  const byOrder = (a: MessageReaction, b: MessageReaction) =>
    quick(a.emoji) - quick(b.emoji) || firstUse.get(a)! - firstUse.get(b)! || (a.emoji < b.emoji ? -1 : a.emoji > b.emoji ? 1 : 0);
  for (const list of out.values()) list.sort(byOrder);
  return out;
}

/**
 * A system message's stored body (JSON written by groups.service) as the fields clients get. The
 * server wrote it, so a body that does not parse is a bug: it fails loudly rather than showing
 * the raw JSON as someone's words.
 */
export const systemFields = (body: string) => ({ kind: "system" as const, event: systemEventSchema.parse(JSON.parse(body)), body: "" });

export const toMember = (r: MemberRow): ChatMember => ({ ...toPerson(r), joinedAt: toMs(r.joined_at) });

/** Groups membersOf() rows by chat id. */
export function groupMembers(rows: MemberRow[]): Map<string, { members: ChatMember[]; count: number }> {
  const out = new Map<string, { members: ChatMember[]; count: number }>();
  for (const r of rows) {
    let entry = out.get(r.chat_id);
    if (!entry) out.set(r.chat_id, (entry = { members: [], count: Number(r.member_count) }));
    entry.members.push(toMember(r));
  }
  return out;
}

export const toChatInfo = (
  c: ChatRow,
  members: { members: ChatMember[]; count: number } | undefined,
  avatars: Map<string, MediaInfo>,
): ChatInfo => ({
  id: c.id,
  kind: c.kind as ChatKind,
  name: c.name,
  avatar: c.avatar_media_id ? (avatars.get(c.avatar_media_id) ?? null) : null,
  adminId: c.admin_id,
  memberCount: members?.count ?? 0,
  members: members?.members ?? [],
});

/** "<smaller id>:<larger id>": the unique key of a personal chat. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);
