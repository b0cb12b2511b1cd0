/**
 * Offline reading and the offline send queue (issue 15), the messenger's side: the chat list, the
 * last page of each recently opened chat and every send still waiting for its ack are saved in
 * IndexedDB (idb.ts; bounds in offline-model.ts) as they change, for the person signed in
 * (offline-session.ts `owner`). When the network is gone, chat-list.ts and chat-client.ts show
 * the saved copies instead of failing; at start, chat-client.ts takes the saved queue back as
 * pending sends, which its resend path sends with their clientIds once the socket says hello
 * (the server stores a clientId once: nothing is duplicated). A sign-out clears it all.
 */
import { createEffect, createRoot, on } from "solid-js";
import type { ChatMessage, ChatSummary, HistoryPage } from "../../../../shared/chats.ts";
import { me } from "../../lib/session.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { idb } from "./idb.ts";
import { lastPage, OFFLINE_LIMITS, toRestore, touchRecent, type SavedPage, type SavedSend } from "./offline-model.ts";
import { isNetworkFailure, owner, storeGeneration } from "./offline-session.ts";

const LIST_KEY = "chats";
const RECENT_KEY = "recent";
const QUEUE_KEY = "queue";
const pageKey = (chatId: string) => `chat:${chatId}`;
/** Page and list writes wait this long for more changes (a burst of frames is one write). */
const SAVE_DELAY_MS = 400;

interface Owned<T> {
  owner: string;
  value: T;
}

async function readOwned<T>(key: string): Promise<T | undefined> {
  const who = owner();
  if (!who) return undefined;
  const record = await idb.get<Owned<T>>(key);
  return record && record.owner === who ? record.value : undefined;
}

/** Writes run one after another; each only if the same person is still known and nothing was cleared since it was asked. */
let writes: Promise<unknown> = Promise.resolve();
function writeOwned(key: string, value: unknown | undefined, who = owner(), generation = storeGeneration()): Promise<unknown> {
  writes = writes.then(() => {
    if (!who || owner() !== who || storeGeneration() !== generation) return;
    return value === undefined ? idb.del(key) : idb.set(key, { owner: who, value });
  });
  return writes;
}

// ── the chat list ────────────────────────────────────────────────────────────

/** The saved chat list when `error` means "offline" (null otherwise, or when nothing is saved). */
export async function savedChatList(error: unknown): Promise<ChatSummary[] | null> {
  if (!isNetworkFailure(error)) return null;
  return (await readOwned<ChatSummary[]>(LIST_KEY)) ?? null;
}

/** Saves the list whenever it changes (`source` gives null while it is not loaded). */
export function keepChatList(source: () => readonly ChatSummary[] | null): void {
  createRoot(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // JSON.stringify reads every field, so any change to a chat (unread, last message) saves again.
    createEffect(
      on(
        () => {
          const list = source();
          return list ? JSON.stringify(list.slice(0, OFFLINE_LIMITS.list)) : null;
        },
        (json) => {
          clearTimeout(timer);
          if (json === null) return;
          const who = owner();
          const generation = storeGeneration();
          timer = setTimeout(() => void writeOwned(LIST_KEY, JSON.parse(json) as ChatSummary[], who, generation), SAVE_DELAY_MS);
        },
      ),
    );
  });
}

// ── a chat's last page ───────────────────────────────────────────────────────

/**
 * A chat's latest page: from `fetch`, or, when that fails because the network is gone, the page
 * saved on this device (hasMore: older messages exist). Any other failure is rethrown.
 */
export async function pageOrSaved(chatId: string, fetch: () => Promise<HistoryPage>): Promise<HistoryPage> {
  try {
    return await fetch();
  } catch (error) {
    const saved = isNetworkFailure(error) ? await readOwned<SavedPage>(pageKey(chatId)) : undefined;
    if (!saved) throw error;
    return { messages: saved.messages, hasMore: saved.hasOlder };
  }
}

let recent: string[] | undefined;
const pageTimers = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Saves the chat's last page soon (`snapshot` is read then: null when the chat holds no latest
 * page, e.g. it shows an older window). The chat becomes the most recent; the one opened longest
 * ago past the limit is deleted.
 */
export function keepChat(chatId: string, snapshot: () => { messages: readonly ChatMessage[]; hasOlder: boolean } | null): void {
  if (!owner() || pageTimers.has(chatId)) return;
  pageTimers.set(
    chatId,
    setTimeout(async () => {
      pageTimers.delete(chatId);
      const now = snapshot();
      const who = owner();
      if (!now || !who || now.messages.length === 0) return;
      const generation = storeGeneration();
      recent ??= (await readOwned<string[]>(RECENT_KEY)) ?? [];
      const touched = touchRecent(recent, chatId);
      recent = touched.recent;
      void writeOwned(pageKey(chatId), lastPage(now.messages, now.hasOlder), who, generation);
      void writeOwned(RECENT_KEY, touched.recent, who, generation);
      for (const id of touched.evicted) void writeOwned(pageKey(id), undefined, who, generation);
    }, SAVE_DELAY_MS),
  );
}

// A chat I was removed from (or left on another tab): its saved page goes at once.
onServerEvent((event) => {
  if (event.type === "chat.removed") void writeOwned(pageKey(event.chatId), undefined);
});

// ── the send queue ───────────────────────────────────────────────────────────

/** Whose saved queue has been taken in (until then the live queue is not the whole queue: nothing is written). */
let restoredFor: string | null = null;
let queueScheduled = false;
let lastQueue = "";
let queueSource: (() => SavedSend[]) | undefined;

/** Saves the queue (at once: a reload right after writing must keep it), once per burst of changes. */
export function keepQueue(source: () => SavedSend[]): void {
  queueSource = source;
  if (queueScheduled) return;
  queueScheduled = true;
  queueMicrotask(() => {
    queueScheduled = false;
    const who = owner();
    if (!who || restoredFor !== who || !queueSource) return;
    const json = JSON.stringify(queueSource());
    if (json === lastQueue) return;
    lastQueue = json;
    void writeOwned(QUEUE_KEY, JSON.parse(json) as SavedSend[], who);
  });
}

/**
 * Once per signed-in person (at start, and after someone else signs in on this tab): the saved
 * queue is handed to `take` (sends not pending here already, oldest first), then saving it resumes.
 */
export function restoreQueue(pendingHere: () => ReadonlySet<string>, take: (sends: SavedSend[]) => void): void {
  createRoot(() => {
    createEffect(
      on(
        () => me()?.id,
        async (id) => {
          if (!id) restoredFor = null;
          if (!id || restoredFor === id) return;
          restoredFor = null;
          lastQueue = "";
          recent = undefined;
          // owner() is set before `me` resolves (offline-session.ts); read the queue as that person.
          const saved = owner() === id ? ((await readOwned<SavedSend[]>(QUEUE_KEY)) ?? []) : [];
          if (me()?.id !== id) return;
          const sends = toRestore(saved, pendingHere());
          restoredFor = id;
          if (sends.length) take(sends);
          if (queueSource) keepQueue(queueSource);
        },
      ),
    );
  });
}
