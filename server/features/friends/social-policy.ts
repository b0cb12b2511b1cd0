/**
 * Who may do what given the social graph — the ONE place these rules live. Albums (and the media
 * of their photos), personal chats, comments and friends lists ask here; none of them reads the
 * relations or blocks tables itself.
 */
import { sql } from "kysely";
import { runSql } from "../../db/hot-sql.ts";
import type { Audience, FriendStatus, Relation } from "../../../shared/friends.ts";
import { blocksWith, findRelation, pairOf, type Q, type RelationRow } from "./relations.repository.ts";

export interface Between {
  row: RelationRow | undefined;
  blockedByMe: boolean;
  blockedByThem: boolean;
}

export async function between(db: Q, me: string, other: string): Promise<Between> {
  const [row, blocks] = await Promise.all([findRelation(db, me, other), blocksWith(db, me, [other])]);
  const b = blocks.get(other);
  return { row, blockedByMe: !!b?.byMe, blockedByThem: !!b?.byThem };
}

/** `me`'s side of a relation row (and blocks, which win over it). */
export function statusOf(me: string, row: RelationRow | undefined, blocked: boolean): FriendStatus {
  if (blocked) return "blocked";
  if (!row) return "none";
  if (row.status === "friends") return "friends";
  if (row.status === "pending") return row.requested_by === me ? "requested" : "incoming";
  return row.requested_by === me ? "following" : "follower";
}

const isFriends = (b: Between) => b.row?.status === "friends" && !b.blockedByMe && !b.blockedByThem;

/** Friends-only content of `ownerId` (albums marked "friends", their photos): the owner and their friends. */
export async function canSeeFriendsContent(db: Q, viewerId: string | null, ownerId: string): Promise<boolean> {
  if (viewerId === null) return false;
  if (viewerId === ownerId) return true;
  return isFriends(await between(db, viewerId, ownerId));
}

/** Anyone may comment on a post unless a block stands between them and its author. */
export async function canInteract(db: Q, viewerId: string, ownerId: string): Promise<boolean> {
  if (viewerId === ownerId) return true;
  const b = await between(db, viewerId, ownerId);
  return !b.blockedByMe && !b.blockedByThem;
}

async function audienceOf(db: Q, userId: string): Promise<Audiences | undefined> {
  return (await runSql<Audiences>(db, 'select "chat_from", "friends_list_visible_to" from "users" where "id" = ?', [userId]))[0];
}
type Audiences = { chat_from: string; friends_list_visible_to: string };

const admits = (audience: string | undefined, friends: boolean) => (audience as Audience | undefined) !== "friends" || friends;
const blocked = (b: Between) => b.blockedByMe || b.blockedByThem;
/** From what `between` and the owner's settings say: may I start or write in a personal chat with them? */
const messageAllowed = (b: Between, owner: Audiences | undefined) => !blocked(b) && admits(owner?.chat_from, isFriends(b));
/** …and may I see their friends list? */
const friendsListAllowed = (b: Between, owner: Audiences | undefined) => !blocked(b) && admits(owner?.friends_list_visible_to, isFriends(b));

/** May `fromId` start (or write in) a personal chat with `toId`? No block either way, and `toId`'s "chat from" setting. */
export async function canMessage(db: Q, fromId: string, toId: string): Promise<boolean> {
  const [b, settings] = await Promise.all([between(db, fromId, toId), audienceOf(db, toId)]);
  return messageAllowed(b, settings);
}

/** May `viewerId` see `ownerId`'s friends list? The owner always; a blocked person never. */
export async function canSeeFriendsList(db: Q, viewerId: string | null, ownerId: string): Promise<boolean> {
  if (viewerId === ownerId) return true;
  const settings = await audienceOf(db, ownerId);
  if (viewerId === null) return admits(settings?.friends_list_visible_to, false);
  return friendsListAllowed(await between(db, viewerId, ownerId), settings);
}

/** Everything a profile or a personal chat shows between me and someone, read once (three statements). */
export async function relationOf(db: Q, me: string, otherId: string): Promise<Relation> {
  if (otherId === me) return { status: "none", blockedByMe: false, canMessage: false, canSeeFriends: true };
  const [b, settings] = await Promise.all([between(db, me, otherId), audienceOf(db, otherId)]);
  return {
    status: statusOf(me, b.row, blocked(b)),
    blockedByMe: b.blockedByMe,
    canMessage: messageAllowed(b, settings),
    canSeeFriends: friendsListAllowed(b, settings),
  };
}

/**
 * The send path's check for personal chats, for a whole batch in one query: which (chat, author)
 * pairs may not write because a block stands between the two members, or the other member takes
 * personal messages from friends only and they are not friends. Returns "chatId\0authorId" keys.
 */
export async function closedPersonalSends(db: Q, sends: ReadonlyArray<{ chatId: string; authorId: string; otherId: string }>): Promise<Set<string>> {
  if (!sends.length) return new Set();
  const values = sql.join(sends.map((s) => sql`(${s.chatId}, ${s.authorId}, ${s.otherId}, ${pairOf(s.authorId, s.otherId)[0]}, ${pairOf(s.authorId, s.otherId)[1]})`));
  const { rows } = await sql<{ chat_id: string; author_id: string }>`
    with s(chat_id, author_id, other_id, pa, pb) as (values ${values})
    select s.chat_id, s.author_id from s
    where exists (select 1 from blocks b where (b.blocker_id = s.author_id and b.blocked_id = s.other_id) or (b.blocker_id = s.other_id and b.blocked_id = s.author_id))
       or (exists (select 1 from users u where u.id = s.other_id and u.chat_from = 'friends')
           and not exists (select 1 from relations r where r.user_a = s.pa and r.user_b = s.pb and r.status = 'friends'))`.execute(db);
  return new Set(rows.map((r) => `${r.chat_id}\u0000${r.author_id}`));
}
