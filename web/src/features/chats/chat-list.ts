/**
 * My chats (`chats.list`) as a store shared by the chat list, the chat header and the header's
 * unread badge. Fetched whenever the socket says hello as a signed-in person (so after every
 * reconnect) and then kept live by frames on my user topic: chat.activity (last message, unread),
 * chat.read, chat.updated (name, avatar, members; or I was added) and chat.removed. For a chat
 * this tab has open the server sends no chat.activity: its chat.message frames count instead.
 * A deleted message (chat.message.deleted) may change the preview and the unread count, which
 * only the server knows exactly: that one chat is fetched again. An edited message
 * (chat.message.edited) only changes the preview, if it is the chat's last message.
 */
import { createStore, produce, reconcile } from "solid-js/store";
import { GLOBAL_CHAT_ID, toPreview, type ChatInfo, type ChatSummary, type MessagePreview } from "../../../../shared/chats.ts";
import type { ServerEvent } from "../../../../shared/events.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";

interface ListState {
  status: "idle" | "loading" | "ready" | "failed";
  failure: AppError | null;
  chats: ChatSummary[];
}

const [state, setState] = createStore<ListState>({ status: "idle", failure: null, chats: [] });
let generation = 0;
const fetching = new Set<string>();
/** Per chat, bumped by every frame that changes it: a refetch answered after one is stale. */
const touched = new Map<string, number>();
const touch = (chatId: string) => touched.set(chatId, (touched.get(chatId) ?? 0) + 1);
/** Who this socket is signed in as (from hello). */
let myId: string | null = null;

const byActivity = (a: ChatSummary, b: ChatSummary) => b.lastActivityAt - a.lastActivityAt;

export const chatList = {
  status: () => state.status,
  failure: () => state.failure,
  /** Most recent activity first. */
  chats: () => state.chats,
  byId: (id: string) => state.chats.find((c) => c.id === id),
};

/** Messages by others I have not read, over all my chats. */
export function totalUnread(): number {
  let n = 0;
  for (const c of state.chats) n += c.unread;
  return n;
}

export async function loadChatList(): Promise<void> {
  const mine = ++generation;
  if (state.status !== "ready") setState({ status: "loading", failure: null });
  try {
    const list = await trpc.chats.list.query();
    if (mine !== generation) return;
    setState({ status: "ready", failure: null });
    setState("chats", reconcile([...list.chats].sort(byActivity), { key: "id" }));
  } catch (error) {
    if (mine !== generation) return;
    setState({ status: "failed", failure: readError(error) });
  }
}

function clear(): void {
  generation++;
  fetching.clear();
  setState({ status: "idle", failure: null, chats: [] });
}

/** Puts a chat the server just answered with (opened, created, changed) into the list. */
export function upsertChat(chat: ChatSummary): void {
  setState(
    "chats",
    produce((list) => {
      const i = list.findIndex((c) => c.id === chat.id);
      if (i >= 0) list[i] = chat;
      else list.push(chat);
      list.sort(byActivity);
    }),
  );
}

function updateChat(chatId: string, change: (c: ChatSummary) => void): boolean {
  const i = state.chats.findIndex((c) => c.id === chatId);
  if (i < 0) return false;
  setState("chats", i, produce(change));
  return true;
}

/** A chat the list does not know yet (someone wrote to me first, or added me): fetch just that one. */
function fetchOne(chatId: string): void {
  if (state.status !== "ready" || fetching.has(chatId)) return;
  fetching.add(chatId);
  const mine = generation;
  trpc.chats.byId
    .query({ chatId })
    .then((chat) => mine === generation && upsertChat(chat))
    .catch(() => {})
    .finally(() => fetching.delete(chatId));
}

/**
 * A chat in the list fetched again (after a deletion). Its answer is used only if no other frame
 * changed the chat meanwhile — one may have been read before that change — otherwise it asks again.
 */
function refetchOne(chatId: string, attempts = 3): void {
  if (state.status !== "ready" || !state.chats.some((c) => c.id === chatId)) return;
  const mine = generation;
  const seen = touched.get(chatId) ?? 0;
  trpc.chats.byId
    .query({ chatId })
    .then((chat) => {
      if (mine !== generation) return;
      if ((touched.get(chatId) ?? 0) !== seen && attempts > 1) return refetchOne(chatId, attempts - 1);
      if (state.chats.some((c) => c.id === chatId)) upsertChat(chat);
    })
    .catch(() => {});
}

function applyInfo(target: ChatSummary, info: ChatInfo): void {
  target.kind = info.kind;
  target.name = info.name;
  target.avatar = info.avatar;
  target.adminId = info.adminId;
  target.memberCount = info.memberCount;
  target.members = info.members;
}

/** A new last message: preview, activity time, unread; once per message id. */
function activity(chatId: string, message: MessagePreview, unreadDelta: number): void {
  const known = updateChat(chatId, (c) => {
    // Already counted (the list was fetched after this message, or it came twice): apply it once only.
    if (c.lastMessage && c.lastMessage.id >= message.id) return;
    c.lastMessage = message;
    c.lastActivityAt = Math.max(c.lastActivityAt, message.createdAt);
    c.unread += unreadDelta;
  });
  if (known) setState("chats", produce((list) => list.sort(byActivity)));
  else if (chatId !== GLOBAL_CHAT_ID) fetchOne(chatId);
}

function onEvent(event: ServerEvent): void {
  if ("chatId" in event && event.chatId) touch(event.chatId);
  else if (event.type === "chat.message") touch(event.message.chatId);
  else if (event.type === "chat.updated") touch(event.chat.id);
  switch (event.type) {
    case "hello":
      myId = event.userId;
      if (event.userId) void loadChatList();
      else clear();
      return;
    case "chat.activity":
      return activity(event.chatId, event.message, event.unreadDelta);
    case "chat.message":
      // Only chats this tab has open (public room included, which is not in the list).
      // A system message ("Olena added Taras") moves the chat up but is not unread (like the server's count).
      if (myId) activity(event.message.chatId, toPreview(event.message), event.message.author.id === myId || event.message.kind === "system" ? 0 : 1);
      return;
    case "chat.read":
      updateChat(event.chatId, (c) => {
        c.unread = event.unread;
        c.lastReadId = Math.max(c.lastReadId, event.lastReadId);
      });
      return;
    case "chat.updated":
      if (!updateChat(event.chat.id, (c) => applyInfo(c, event.chat))) fetchOne(event.chat.id);
      return;
    case "chat.removed":
      setState("chats", (list) => list.filter((c) => c.id !== event.chatId));
      return;
    case "chat.message.deleted":
      return refetchOne(event.chatId);
    case "chat.message.edited":
      // The new text in the preview; unread and order stay (an edit is nothing new to read).
      updateChat(event.chatId, (c) => {
        if (c.lastMessage?.id === event.message.id) c.lastMessage = toPreview(event.message);
      });
      return;
  }
}

onServerEvent(onEvent);

/** After markRead answered: the count right away (the chat.read frame confirms it). */
export function setRead(chatId: string, lastReadId: number, unread: number): void {
  updateChat(chatId, (c) => {
    c.unread = unread;
    c.lastReadId = Math.max(c.lastReadId, lastReadId);
  });
}
