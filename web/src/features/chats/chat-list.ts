/**
 * My chats (`chats.list`) as a store shared by the chat list, the chat header and the header's
 * unread badge. Fetched whenever the socket says hello as a signed-in person (so after every
 * reconnect) and then kept live by frames on my user topic: chat.activity (last message, unread),
 * chat.read, chat.updated (name, avatar, members; or I was added) and chat.removed. For a chat
 * this tab has open the server sends no chat.activity: its chat.message frames count instead.
 * A deleted message (chat.message.deleted) may change the preview and the unread count, which
 * only the server knows exactly: that one chat is fetched again. An edited message
 * (chat.message.edited) only changes the preview, if it is the chat's last message.
 *
 * Paged: the first page comes with hello, the next ones as the list scrolls (`loadMoreChats`,
 * keyset on the last chat of the last page read). Until the last page is in, the header's total
 * needs the unread messages of the chats not read yet: `outside`, which only the server can count
 * (total minus the chats here). It is asked again whenever an unread count changes in a chat that
 * is not here, or a chat comes or goes, and an answer is used only if no unread count moved
 * while it was on its way. A chat that arrives out of turn (a message, or opened by its link)
 * is kept but listed only once the pages reach it, so the list never has a gap.
 */
import { createStore, produce, reconcile } from "solid-js/store";
import { GLOBAL_CHAT_ID, toPreview } from "../../../../shared/chat-preview.ts";
import type { ChatInfo, ChatSummary, MessagePreview } from "../../../../shared/chats.ts";
import type { ServerEvent } from "../../../../shared/events.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { countedUnread } from "../mentions/unread.ts";
import { keepChatList, savedChatList } from "../offline/offline-chats.ts";

interface ListState {
  status: "idle" | "loading" | "ready" | "failed";
  failure: AppError | null;
  /** Every chat known here, most recent activity first (some may be past `cursor`). */
  chats: ChatSummary[];
  /** The last chat of the last page read, while older pages remain; null once all are in. */
  cursor: { lastActivityAt: number; id: string } | null;
  loadingMore: boolean;
  /** The last loadMoreChats failed: the list stops loading by itself until asked again. */
  moreFailed: boolean;
  /** Unread messages in my chats that are not here (0 once every page is in). */
  outside: number;
}

const initial = (): ListState => ({ status: "idle", failure: null, chats: [], cursor: null, loadingMore: false, moreFailed: false, outside: 0 });
const [state, setState] = createStore<ListState>(initial());
let generation = 0;
const fetching = new Set<string>();
/** Per chat, bumped by every frame that changes it: a refetch answered after one is stale. */
const touched = new Map<string, number>();
const touch = (chatId: string) => touched.set(chatId, (touched.get(chatId) ?? 0) + 1);
/** Who this socket is signed in as (from hello). */
let myId: string | null = null;

/** The server's order: latest activity first, then the larger id. */
const byActivity = (a: ChatSummary, b: ChatSummary) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
type Cursor = NonNullable<ListState["cursor"]>;
/** Whether pages read up to `cursor` reach this chat (it is not older than the cursor). */
const reachedBy = (cursor: Cursor | null, c: ChatSummary) =>
  !cursor || c.lastActivityAt > cursor.lastActivityAt || (c.lastActivityAt === cursor.lastActivityAt && c.id >= cursor.id);
const reached = (c: ChatSummary) => reachedBy(state.cursor, c);
const cursorOf = (page: ChatSummary[], hasMore: boolean) => {
  const last = page[page.length - 1];
  return hasMore && last ? { lastActivityAt: last.lastActivityAt, id: last.id } : null;
};
/** Issue 13: a muted chat counts only its unread mentions (mentions/unread.ts), like the server's totalUnread. */
const unreadHere = () => state.chats.reduce((n, c) => n + countedUnread(c), 0);
/** Bumped by every frame that may change an unread count: an `outside` answer from before it is stale. */
let unreadFrames = 0;

export const chatList = {
  status: () => state.status,
  failure: () => state.failure,
  /** Most recent activity first, as far as the pages read so far reach. */
  chats: () => state.chats.filter(reached),
  byId: (id: string) => state.chats.find((c) => c.id === id),
  /** Whether older chats remain to be read (loadMoreChats). */
  hasMore: () => state.cursor !== null,
  loadingMore: () => state.loadingMore,
  moreFailed: () => state.moreFailed,
};

/** Messages by others I have not read, over all my chats. */
export function totalUnread(): number {
  return unreadHere() + state.outside;
}

export async function loadChatList(): Promise<void> {
  const mine = ++generation;
  if (state.status !== "ready") setState({ status: "loading", failure: null });
  const frames = unreadFrames;
  try {
    const list = await trpc.chats.list.query();
    if (mine !== generation) return;
    const cursor = cursorOf(list.chats, list.hasMore);
    // Again after a reconnect: chats older than the new first page stay (an open chat may be one
    // of them) until the pages reach them again and bring them fresh; one the first page should
    // have had but did not is gone.
    const onPage = new Set(list.chats.map((c) => c.id));
    const kept = state.chats.filter((c) => !onPage.has(c.id) && !reachedBy(cursor, c));
    setState({ status: "ready", failure: null, cursor, loadingMore: false, moreFailed: false });
    setState("chats", reconcile([...list.chats, ...kept].sort(byActivity), { key: "id" }));
    setState("outside", Math.max(0, list.totalUnread - unreadHere()));
    if (frames !== unreadFrames) refreshOutside();
  } catch (error) {
    if (mine !== generation) return;
    // Issue 15: offline, the list saved on this device (features/offline); the next hello reads it afresh.
    const saved = await savedChatList(error);
    if (mine !== generation) return;
    if (saved) setState({ status: "ready", failure: null, chats: saved, cursor: null, loadingMore: false, moreFailed: false, outside: 0 });
    else setState({ status: "failed", failure: readError(error) });
  }
}

/** The next page of older chats (the list calls it as its end scrolls into view). */
export async function loadMoreChats(): Promise<void> {
  const cursor = state.cursor;
  if (state.status !== "ready" || !cursor || state.loadingMore) return;
  const mine = generation;
  const frames = unreadFrames;
  const seen = new Map(state.chats.map((c) => [c.id, touched.get(c.id) ?? 0]));
  setState({ loadingMore: true, moreFailed: false });
  try {
    const page = await trpc.chats.list.query({ before: cursor });
    if (mine !== generation) return;
    setState(
      "chats",
      produce((list) => {
        for (const chat of page.chats) {
          const i = list.findIndex((c) => c.id === chat.id);
          if (i < 0) list.push(chat);
          // Here already (it came out of turn, or was kept over a reconnect): the page's copy is
          // newer unless a frame changed the chat while the page was on its way.
          else if ((touched.get(chat.id) ?? 0) === seen.get(chat.id)) list[i] = chat;
        }
        list.sort(byActivity);
      }),
    );
    setState({ cursor: cursorOf(page.chats, page.hasMore), loadingMore: false });
    setState("outside", state.cursor ? Math.max(0, page.totalUnread - unreadHere()) : 0);
    if (frames !== unreadFrames) refreshOutside();
  } catch {
    // The list's end shows a retry button; it does not hammer the server by itself.
    if (mine === generation) setState({ loadingMore: false, moreFailed: true });
  }
}

let outsidePending = false;
/**
 * Asks the server for the total again and keeps what is not here as `outside` (see the top).
 * Calls while one is on its way are folded into it.
 */
function refreshOutside(attempts = 3): void {
  if (state.status !== "ready" || !state.cursor || outsidePending) return;
  outsidePending = true;
  const mine = generation;
  const frames = unreadFrames;
  trpc.chats.list
    .query({ limit: 1 })
    .then((list) => {
      outsidePending = false;
      if (mine !== generation) return;
      if (frames !== unreadFrames) return attempts > 1 && refreshOutside(attempts - 1);
      setState("outside", state.cursor ? Math.max(0, list.totalUnread - unreadHere()) : 0);
    })
    .catch(() => {
      outsidePending = false;
    });
}

function clear(): void {
  generation++;
  fetching.clear();
  outsidePending = false;
  setState(initial());
}

/** Puts a chat the server just answered with (opened, created, changed) into the list. */
export function upsertChat(chat: ChatSummary): void {
  const known = state.chats.some((c) => c.id === chat.id);
  setState(
    "chats",
    produce((list) => {
      const i = list.findIndex((c) => c.id === chat.id);
      if (i >= 0) list[i] = chat;
      else list.push(chat);
      list.sort(byActivity);
    }),
  );
  // Its unread count may have been counted outside until now.
  if (!known) refreshOutside();
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

/** A new last message: preview, activity time, unread (and whether it mentions me); once per message id. */
function activity(chatId: string, message: MessagePreview, unreadDelta: number, mentioned = false): void {
  const known = updateChat(chatId, (c) => {
    // Already counted (the list was fetched after this message, or it came twice): apply it once only.
    if (c.lastMessage && c.lastMessage.id >= message.id) return;
    c.lastMessage = message;
    c.lastActivityAt = Math.max(c.lastActivityAt, message.createdAt);
    c.unread += unreadDelta;
    if (mentioned) {
      c.mentioned = true;
      c.unreadMentions = (c.unreadMentions ?? 0) + 1;
    }
  });
  if (known) setState("chats", produce((list) => list.sort(byActivity)));
  else if (chatId !== GLOBAL_CHAT_ID) fetchOne(chatId);
}

/** A frame that may change unread counts, for a chat not here: only the server can say by how much. */
function elsewhere(chatId: string): void {
  if (!state.chats.some((c) => c.id === chatId)) refreshOutside();
}

function onEvent(event: ServerEvent): void {
  if (
    event.type === "chat.activity" ||
    (event.type === "chat.message" && event.message.chatId !== GLOBAL_CHAT_ID) ||
    event.type === "chat.read" ||
    event.type === "chat.removed" ||
    event.type === "chat.message.deleted" ||
    event.type === "chat.muted"
  ) {
    unreadFrames++;
  }
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
      return activity(event.chatId, event.message, event.unreadDelta, event.mentioned === true);
    case "chat.message":
      // Only chats this tab has open (public room included, which is not in the list).
      // A system message ("Olena added Taras") moves the chat up but is not unread (like the server's count).
      if (myId) {
        const others = event.message.author.id !== myId && event.message.kind !== "system";
        activity(event.message.chatId, toPreview(event.message), others ? 1 : 0, others && !!event.message.mentions?.includes(myId));
      }
      return;
    case "chat.read":
      if (
        !updateChat(event.chatId, (c) => {
          c.unread = event.unread;
          c.lastReadId = Math.max(c.lastReadId, event.lastReadId);
          // Issue 13: absent means no unread message there mentions me any more.
          c.unreadMentions = event.mentions ?? 0;
          c.mentioned = c.unreadMentions > 0;
        })
      ) {
        elsewhere(event.chatId);
      }
      return;
    case "chat.updated":
      if (!updateChat(event.chat.id, (c) => applyInfo(c, event.chat))) fetchOne(event.chat.id);
      return;
    case "chat.removed":
      elsewhere(event.chatId);
      setState("chats", (list) => list.filter((c) => c.id !== event.chatId));
      return;
    case "chat.message.deleted":
      elsewhere(event.chatId);
      return refetchOne(event.chatId);
    case "chat.muted":
      // Issue 13: muted or unmuted on some tab of mine.
      if (!setMuted(event.chatId, event.mutedUntil)) elsewhere(event.chatId);
      return;
    case "chat.message.edited":
      // The new text in the preview; unread and order stay (an edit is nothing new to read).
      updateChat(event.chatId, (c) => {
        if (c.lastMessage?.id === event.message.id) c.lastMessage = toPreview(event.message);
      });
      return;
  }
}

onServerEvent(onEvent);
// Issue 15: the list as it changes is saved on this device for reading offline (features/offline).
keepChatList(() => (state.status === "ready" ? state.chats : null));

/** After markRead answered: the count right away (the chat.read frame confirms it). */
export function setRead(chatId: string, lastReadId: number, unread: number, mentions = 0): void {
  updateChat(chatId, (c) => {
    c.unread = unread;
    c.lastReadId = Math.max(c.lastReadId, lastReadId);
    c.unreadMentions = mentions;
    c.mentioned = mentions > 0;
  });
}

/** Issue 13: a chat muted until a time, or unmuted (null), right away (the chat.muted frame confirms it). */
export function setMuted(chatId: string, mutedUntil: number | null): boolean {
  return updateChat(chatId, (c) => {
    c.mutedUntil = mutedUntil;
  });
}
