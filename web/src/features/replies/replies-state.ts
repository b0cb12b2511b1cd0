/**
 * This tab's state for replies, forwards and pins (issue 13):
 * - per chat, the message the composer is replying to (the reply bar), taken by the next send;
 * - per chat, its pinned message: from every chat.opened (each open and resume carries the pin as
 *   it is then) and chat.pinned frames; a chat.message.deleted of the pinned message drops it;
 * - message ids known to be deleted (chat.message.deleted), so quotes of them say "deleted" at
 *   once without touching the held messages (history and resume read them so anyway);
 * - who may pin where (group admin, either person of a personal chat, moderators in the public one).
 */
import { createRoot, createSignal } from "solid-js";
import type { PinnedMessage } from "../../../../shared/chats.ts";
import { GLOBAL_CHAT_ID } from "../../../../shared/chat-rules.ts";
import { hasRole } from "../../../../shared/moderation-rules.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { chatList } from "../chats/chat-list.ts";

/** What the reply bar shows of the message being answered. */
export interface ReplyTarget {
  id: number;
  authorName: string;
  text: string;
  imageCount: number;
}

const { replying, setReplying, pins, setPins, deleted, setDeleted, edited, setEdited } = createRoot(() => {
  const [replying, setReplying] = createSignal<ReadonlyMap<string, ReplyTarget>>(new Map());
  const [pins, setPins] = createSignal<ReadonlyMap<string, PinnedMessage | null>>(new Map());
  const [deleted, setDeleted] = createSignal<ReadonlySet<number>>(new Set());
  const [edited, setEdited] = createSignal<ReadonlyMap<number, string>>(new Map());
  return { replying, setReplying, pins, setPins, deleted, setDeleted, edited, setEdited };
});

/** What a quote shows of a body: its first line (the server cuts it to the preview length too). */
export const firstLine = (body: string) => body.split("\n", 1)[0] ?? "";

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V | undefined) => {
  const next = new Map(map);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
};

export const replyingIn = (chatId: string) => replying().get(chatId);
export const startReply = (chatId: string, target: ReplyTarget) => setReplying((m) => withEntry(m, chatId, target));
export const cancelReply = (chatId: string) => setReplying((m) => withEntry(m, chatId, undefined));
/** The id the next send answers (and the bar closes). */
export function takeReply(chatId: string): number | undefined {
  const target = replyingIn(chatId);
  if (target) cancelReply(chatId);
  return target?.id;
}

/** The chat's pinned message (null: none; undefined: not known yet). */
export const pinnedIn = (chatId: string) => pins().get(chatId);
export const setPinned = (chatId: string, pinned: PinnedMessage | null) => setPins((m) => withEntry(m, chatId, pinned));
/** A message deleted while this tab watched: its quotes say "deleted". */
export const isDeletedHere = (messageId: number) => deleted().has(messageId);
/** A message edited while this tab watched: its quotes show the new first line (undefined: not edited here). */
export const editedHere = (messageId: number) => edited().get(messageId);

/** Whether I may pin and unpin in this chat (the server decides; this only hides the buttons). */
export function canPin(chatId: string): boolean {
  const user = me();
  if (!user) return false;
  if (chatId === GLOBAL_CHAT_ID) return hasRole(user.role, "moderator");
  const chat = chatList.byId(chatId);
  if (!chat) return false;
  return chat.kind === "personal" || (chat.kind === "group" && chat.adminId === user.id);
}

onServerEvent((event) => {
  if (event.type === "chat.opened" && event.pinned !== undefined) setPinned(event.chatId, event.pinned);
  else if (event.type === "chat.pinned") setPinned(event.chatId, event.pinned);
  else if (event.type === "chat.message.deleted") {
    setDeleted((s) => new Set(s).add(event.messageId));
    if (pinnedIn(event.chatId)?.id === event.messageId) setPinned(event.chatId, null);
    if (replyingIn(event.chatId)?.id === event.messageId) cancelReply(event.chatId);
  } else if (event.type === "chat.message.edited") {
    const { id, body } = event.message;
    setEdited((m) => withEntry(m, id, firstLine(body)));
    const pinned = pinnedIn(event.chatId);
    if (pinned?.id === id) setPinned(event.chatId, { ...pinned, text: firstLine(body) });
  }
});
