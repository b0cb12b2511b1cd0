/**
 * The messenger on this tab: shared/chat-sync.ts (ordered, de-duplicated messages and pending
 * sends) wired to the tab's websocket and tRPC. A chat view calls showChat(); the chat is opened
 * on the socket (chat.open → chat.opened) BEFORE its history is read, so nothing falls in between.
 * After every (re)connect — the server's hello — the shown chats are resumed with resumeChats:
 * re-open first, then the latest page, reconciled (edits, deletions and reactions made while
 * offline replace the held versions), plus history `after` the last id when more than a page was
 * missed, then pending sends go again with the same clientIds. Solid signals make it all reactive; the sync itself stays framework-free.
 * Read receipts: per shown chat, how far the other members have read (chats.byId after each
 * open, then chat.seen frames of other people on the chat's topic).
 */
import { createEffect, createMemo, createRoot, createSignal, on, type Accessor, type Setter } from "solid-js";
import type { ChatMessage, ReactionEmoji } from "../../../../shared/chats.ts";
import { CHAT_LIMITS, GLOBAL_CHAT_ID, newClientId } from "../../../../shared/chat-rules.ts";
import { createChatSync, resumeChats, type PendingMessage, type ResumeTransport } from "../../../../shared/chat-sync.ts";
import type { ServerEvent } from "../../../../shared/events.ts";
import type { MediaInfo } from "../../../../shared/media.ts";
import { me, sessionKnown } from "../../lib/session.ts";
import { onServerEvent, sendEvent, socketStatus } from "../../lib/socket.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { OpenFailure, openOnSocket } from "./chat-open.ts";
import { keepChat, keepQueue, pageOrSaved, restoreQueue } from "../offline/offline-chats.ts";
import type { SavedSend } from "../offline/offline-model.ts";

const PAGE = CHAT_LIMITS.historyDefault;
/** A send with no ack (nor error) this long while connected is shown as failed. */
const ACK_TIMEOUT_MS = 15_000;

export type ChatLoad = "loading" | "ready" | "failed" | "missing";

interface ChatState {
  shown: number;
  loaded: boolean;
  version: [Accessor<number>, Setter<number>];
  load: [Accessor<ChatLoad>, Setter<ChatLoad>];
  failure: [Accessor<AppError | null>, Setter<AppError | null>];
  hasOlder: [Accessor<boolean>, Setter<boolean>];
  loadingOlder: [Accessor<boolean>, Setter<boolean>];
  /** Set when chat.removed arrives for a chat on screen. */
  removed: [Accessor<"removed" | "left" | null>, Setter<"removed" | "left" | null>];
  /** Read receipts: the largest read marker of the other members known (byId on open, then chat.seen). */
  othersRead: [Accessor<number>, Setter<number>];
  /** The message of mine the composer is editing (null: the composer writes a new one). */
  editing: [Accessor<ChatMessage | null>, Setter<ChatMessage | null>];
}

/** A pending send as the view shows it: stable per clientId, status as signals. */
export interface PendingView {
  clientId: string;
  chatId: string;
  body: string;
  images: MediaInfo[];
  createdAt: number;
  status: Accessor<"sending" | "failed">;
  reason: Accessor<string | undefined>;
}

const sync = createChatSync();
const states = new Map<string, ChatState>();
const pendingViews = new Map<string, PendingView & { set(p: PendingMessage): void }>();
const ackTimers = new Map<string, ReturnType<typeof setTimeout>>();

function chat(chatId: string): ChatState {
  let s = states.get(chatId);
  if (!s) {
    s = {
      shown: 0,
      loaded: false,
      version: createSignal(0),
      load: createSignal<ChatLoad>("loading"),
      failure: createSignal<AppError | null>(null),
      hasOlder: createSignal(false),
      loadingOlder: createSignal(false),
      removed: createSignal<"removed" | "left" | null>(null),
      othersRead: createSignal(0),
      editing: createSignal<ChatMessage | null>(null),
    };
    states.set(chatId, s);
  }
  return s;
}

/** Re-renders a chat: bumps its version and brings the pending views up to date. */
function refresh(chatId: string): void {
  const live = new Set<string>();
  for (const p of sync.pending(chatId)) {
    live.add(p.clientId);
    pendingViews.get(p.clientId)?.set(p);
  }
  for (const [clientId, view] of pendingViews) {
    if (view.chatId === chatId && !live.has(clientId)) {
      pendingViews.delete(clientId);
      clearTimeout(ackTimers.get(clientId));
      ackTimers.delete(clientId);
    }
  }
  chat(chatId).version[1]((n) => n + 1);
  // Issue 15: the chat's last page and the send queue are saved on this device (features/offline).
  if (chatId !== GLOBAL_CHAT_ID) keepChat(chatId, () => (chat(chatId).loaded && !windows.has(chatId) ? { messages: sync.messages(chatId), hasOlder: chat(chatId).hasOlder[0]() } : null));
  keepQueue(savedQueue);
}

/** Issue 15: every send still waiting for its ack, as the offline queue saves it. */
function savedQueue(): SavedSend[] {
  return sync.chats().flatMap((chatId) =>
    sync.pending(chatId).flatMap((p) => {
      const view = pendingViews.get(p.clientId);
      if (!view) return [];
      const { clientId, body, imageIds, replyToId, status, reason } = p;
      return [{ chatId, clientId, body, imageIds, images: view.images, createdAt: view.createdAt, status, ...(reason !== undefined && { reason }), ...(replyToId !== undefined && { replyToId }) }];
    }),
  );
}

// ── the socket side ──────────────────────────────────────────────────────────
function resend(p: PendingMessage): void {
  const sent = sendEvent({ type: "chat.send", chatId: p.chatId, clientId: p.clientId, body: p.body, imageIds: p.imageIds, ...(p.replyToId !== undefined && { replyToId: p.replyToId }) });
  clearTimeout(ackTimers.get(p.clientId));
  if (!sent) return; // Still "sending": the next resume sends it again.
  ackTimers.set(
    p.clientId,
    setTimeout(() => {
      ackTimers.delete(p.clientId);
      if (socketStatus() !== "open") return;
      const changed = sync.apply({ type: "error", code: "INTERNAL", message: "no ack", reason: "chats.noAck", clientId: p.clientId, chatId: p.chatId });
      if (changed) refresh(p.chatId);
    }, ACK_TIMEOUT_MS),
  );
}

/** Why each chat failed to re-open during a resume (only NOT_FOUND-like answers mean "gone"). */
const openFailures = new Map<string, string>();

const transport: ResumeTransport = {
  open: (chatId) =>
    openOnSocket(chatId).catch((e: unknown) => {
      openFailures.set(chatId, e instanceof OpenFailure ? e.code : "INTERNAL");
      throw e;
    }),
  async history(input) {
    const s = chat(input.chatId);
    if (!s.loaded) {
      // Nothing held yet: the latest page (not the whole history from the start); older pages on scroll.
      // Issue 15: offline, the page saved on this device (a resume after the next hello reconciles it).
      const page = await pageOrSaved(input.chatId, () => trpc.chats.history.query({ chatId: input.chatId, limit: PAGE }));
      s.loaded = true;
      s.hasOlder[1](page.hasMore);
      return { messages: page.messages, hasMore: false };
    }
    // `after` pages forward; without it, the latest page (a resume reconciles it with what is held).
    return trpc.chats.history.query(input);
  },
  changes: (input) => trpc.chats.changes.query(input),
  resend,
};

/** Markers only move forward: keep the largest one heard of. */
function seenUpTo(chatId: string, lastReadId: number): void {
  const [read, setRead] = chat(chatId).othersRead;
  if (lastReadId > read()) setRead(lastReadId);
}

/**
 * How far the others have read, asked after the chat is (re)opened on the socket: a chat.seen
 * after the subscription arrives live, one before it is in this answer (the same order as history).
 * Without it receipts just stay as they are; nothing else depends on it.
 */
function loadOthersRead(chatIds: string[]): void {
  const viewer = me()?.id;
  if (!viewer) return;
  for (const chatId of chatIds) {
    if (chatId === GLOBAL_CHAT_ID || chat(chatId).load[0]() === "missing") continue;
    trpc.chats.byId
      .query({ chatId })
      .then((info) => me()?.id === viewer && seenUpTo(chatId, info.othersReadId))
      .catch(() => {});
  }
}

/** Opens (when connected) and catches up the given chats; pending sends of other chats just go again. */
async function resume(chatIds: string[]): Promise<void> {
  for (const id of chatIds) openFailures.delete(id);
  const rejump = leaveWindows(chatIds);
  try {
    if (socketStatus() === "open") {
      const lost = await resumeChats(sync, chatIds, transport);
      for (const id of lost) {
        const code = openFailures.get(id);
        if (code === "NOT_FOUND" || code === "FORBIDDEN" || code === "UNAUTHORIZED") chat(id).load[1]("missing");
      }
    }
    // Not connected (or the open timed out): show the latest page now; the next hello resumes properly.
    const unloaded = chatIds.filter((id) => !chat(id).loaded && chat(id).load[0]() !== "missing");
    await Promise.all(unloaded.map((chatId) => transport.history({ chatId, after: 0, limit: PAGE }).then((p) => sync.addPage(p.messages))));
    for (const id of chatIds) {
      const s = chat(id);
      if (s.load[0]() !== "missing" && s.loaded) s.load[1]("ready");
      refresh(id);
    }
    loadOthersRead(chatIds);
    for (const [chatId, messageId] of rejump) void jumpToMessage(chatId, messageId);
  } catch (error) {
    const failure = readError(error);
    for (const id of chatIds) {
      const s = chat(id);
      if (s.loaded) continue;
      s.failure[1](failure);
      s.load[1](failure.code === "NOT_FOUND" ? "missing" : "failed");
    }
  }
}

function onEvent(event: ServerEvent): void {
  switch (event.type) {
    case "hello": {
      const shown = [...states].filter(([, s]) => s.shown > 0).map(([id]) => id);
      void resume(shown);
      // Pending sends of chats no longer on screen: the ack comes to this socket anyway.
      for (const id of sync.chats()) if (!shown.includes(id)) for (const p of sync.pending(id)) if (p.status === "sending") resend(p);
      return;
    }
    case "error":
      if (sync.apply(event) && event.chatId) refresh(event.chatId);
      return;
    case "chat.message":
    case "chat.ack":
      if (event.type === "chat.message" && heldBack(event.message)) return;
      if (sync.apply(event)) refresh(event.message.chatId);
      return;
    case "chat.message.deleted":
      // The message, if shown, becomes "Message deleted" in place.
      if (sync.apply(event)) refresh(event.chatId);
      stopEditingIf(event.chatId, event.messageId);
      return;
    // In place: an edited message shows its new text, marked "edited"; reactions their new list.
    case "chat.message.edited":
    case "chat.reactions":
      if (sync.apply(event)) refresh(event.chatId);
      return;
    case "chat.seen":
      // Someone else read up to here (my own marker says nothing about my messages being seen).
      if (event.userId !== me()?.id) seenUpTo(event.chatId, event.lastReadId);
      return;
    case "chat.removed": {
      sync.apply(event);
      const s = states.get(event.chatId);
      if (s) {
        s.loaded = false;
        s.removed[1](event.reason);
        refresh(event.chatId);
      }
      return;
    }
  }
}
onServerEvent(onEvent);

createRoot(() => {
  // Someone else signed in on this tab: nothing of the previous person's chats stays. The socket
  // reconnects for the new person (App.tsx) and its hello loads the shown chats again.
  const identity = createMemo(() => (sessionKnown() ? (me()?.id ?? "guest") : null));
  createEffect(
    on(identity, (id, previous) => {
      if (!id || !previous || id === previous) return;
      for (const chatId of sync.chats()) sync.forget(chatId);
      pendingViews.clear();
      for (const [chatId, s] of states) {
        s.loaded = false;
        s.editing[1](null);
        s.othersRead[1](0);
        s.hasOlder[1](false);
        if (s.shown > 0) s.load[1]("loading");
        refresh(chatId);
      }
    }),
  );
});

// ── what views use ───────────────────────────────────────────────────────────

/** Starts showing a chat (subscribe, load, keep live); returns the function that stops it. */
export function showChat(chatId: string): () => void {
  const s = chat(chatId);
  s.shown++;
  if (s.shown === 1) {
    s.removed[1](null);
    s.failure[1](null);
    if (!s.loaded) s.load[1]("loading");
    void resume([chatId]);
  }
  return () => {
    s.shown--;
    if (s.shown > 0) return;
    s.editing[1](null);
    sendEvent({ type: "chat.close", chatId });
    leaveWindows([chatId]);
    // Keep only what still waits for an ack; a later visit loads the latest page afresh.
    if (sync.pending(chatId).length === 0) {
      sync.forget(chatId);
      s.loaded = false;
      s.hasOlder[1](false);
    }
  };
}

export function retryLoad(chatId: string): void {
  const s = chat(chatId);
  s.failure[1](null);
  s.load[1]("loading");
  void resume([chatId]);
}

export const chatLoad = (chatId: string) => chat(chatId).load[0]();
export const chatFailure = (chatId: string) => chat(chatId).failure[0]();
export const hasOlder = (chatId: string) => chat(chatId).hasOlder[0]();
export const loadingOlder = (chatId: string) => chat(chatId).loadingOlder[0]();
export const removedFrom = (chatId: string) => chat(chatId).removed[0]();
/** Read receipts: my messages with an id up to this were seen by someone else in the chat. */
export const othersReadOf = (chatId: string) => chat(chatId).othersRead[0]();

/** Stored messages, ascending by id (the objects are stable, so lists keep their elements). */
export function messagesOf(chatId: string): ChatMessage[] {
  chat(chatId).version[0]();
  return sync.messages(chatId);
}

/** Sends not acknowledged yet, oldest first. */
export function pendingOf(chatId: string): PendingView[] {
  chat(chatId).version[0]();
  return sync.pending(chatId).flatMap((p) => {
    const view = pendingViews.get(p.clientId);
    return view ? [view] : [];
  });
}

/** Loads the page before the oldest message held (scrolling up). Resolves with how many were added. */
export async function loadOlder(chatId: string): Promise<number> {
  const s = chat(chatId);
  const before = sync.firstId(chatId);
  if (!s.hasOlder[0]() || s.loadingOlder[0]() || before === null) return 0;
  s.loadingOlder[1](true);
  try {
    const page = await trpc.chats.history.query({ chatId, before, limit: PAGE });
    const added = sync.addPage(page.messages);
    s.hasOlder[1](page.hasMore);
    refresh(chatId);
    return added;
  } catch {
    return 0;
  } finally {
    s.loadingOlder[1](false);
  }
}

/** Optimistic send: shown at once as pending; confirmed by its ack. */
export function sendMessage(chatId: string, body: string, images: MediaInfo[], replyToId?: number): void {
  if (windows.has(chatId)) void jumpToLatest(chatId);
  const clientId = newClientId();
  // Issue 13: a reply names the message it answers (replies/replies-state.ts takeReply).
  const p = sync.addPending({ chatId, clientId, body, imageIds: images.map((m) => m.id), ...(replyToId !== undefined && { replyToId }) });
  trackPending(p, images, Date.now());
  resend(p);
  refresh(chatId);
}

/** Shows a pending send (new, or taken back from the offline queue): its view, with the status as signals. */
function trackPending(p: PendingMessage, images: MediaInfo[], createdAt: number): void {
  const [status, setStatus] = createSignal<"sending" | "failed">(p.status);
  const [reason, setReason] = createSignal<string | undefined>(p.reason);
  pendingViews.set(p.clientId, {
    clientId: p.clientId,
    chatId: p.chatId,
    body: p.body,
    images,
    createdAt,
    status,
    reason,
    set(next) {
      setStatus(next.status);
      setReason(next.reason);
    },
  });
}

/*
 * Issue 15: the sends saved on this device (written offline, or not acked before a reload) are
 * pending again, in the order written; they go with their clientIds now when connected, else with
 * the next hello (the server stores a clientId once, so a send that had landed is only acked).
 */
restoreQueue(
  () => new Set(sync.chats().flatMap((chatId) => sync.pending(chatId).map((p) => p.clientId))),
  (sends) => {
    for (const s of sends) {
      // Landed before its ack was lost, and the history read since holds it: nothing to send or show twice.
      if (sync.isStored(s.chatId, s.clientId)) continue;
      const p = sync.addPending({ chatId: s.chatId, clientId: s.clientId, body: s.body, imageIds: s.imageIds, ...(s.replyToId !== undefined && { replyToId: s.replyToId }) });
      if (s.status === "failed") Object.assign(p, { status: "failed", ...(s.reason !== undefined && { reason: s.reason }) });
      trackPending(p, s.images, s.createdAt);
    }
    for (const chatId of new Set(sends.map((s) => s.chatId))) {
      refresh(chatId);
      if (socketStatus() === "open") for (const p of sync.pending(chatId)) if (p.status === "sending") resend(p);
    }
  },
);

/** "Not sent — retry": the same clientId again, so a send that did land is not duplicated. */
export function retrySend(chatId: string, clientId: string): void {
  const p = sync.retry(chatId, clientId);
  if (!p) return;
  refresh(chatId);
  resend(p);
}

/**
 * Deletes my message for everyone; throws the tRPC error (the confirm dialog shows it). The
 * tombstone is applied at once; the chat.message.deleted frame that follows changes nothing more.
 */
export async function deleteMessage(chatId: string, messageId: number): Promise<void> {
  await trpc.chats.deleteMessage.mutate({ chatId, messageId });
  if (sync.apply({ type: "chat.message.deleted", chatId, messageId })) refresh(chatId);
  stopEditingIf(chatId, messageId);
}

/**
 * A moderator deletes someone's message in the public chat, with a reason (moderation log);
 * throws the tRPC error (the dialog shows it). The tombstone is applied at once, as for my own.
 */
export async function deleteAsModerator(chatId: string, messageId: number, reason: string): Promise<void> {
  await trpc.moderation.deleteMessage.mutate({ chatId, messageId, reason });
  if (sync.apply({ type: "chat.message.deleted", chatId, messageId })) refresh(chatId);
}

/**
 * Replaces the text of my message for everyone; throws the tRPC error (the composer shows it).
 * The answer is applied at once; the chat.message.edited frame that follows changes nothing more.
 */
export async function editMessage(chatId: string, messageId: number, body: string): Promise<void> {
  const message = await trpc.chats.editMessage.mutate({ chatId, messageId, body });
  if (sync.apply({ type: "chat.message.edited", chatId, message })) refresh(chatId);
}

/**
 * Puts my reaction with this emoji on a message or takes it off; throws the tRPC error. The
 * answer (the message's reactions now) is applied at once, as its chat.reactions frame would be.
 */
export async function react(chatId: string, messageId: number, emoji: ReactionEmoji, on: boolean): Promise<void> {
  const { reactions } = await trpc.chats.react.mutate({ chatId, messageId, emoji, on });
  if (sync.apply({ type: "chat.reactions", chatId, messageId, reactions })) refresh(chatId);
}

/** Editing in the composer (like Telegram): which message of mine it is editing, if any. */
export const editingIn = (chatId: string) => chat(chatId).editing[0]();
export const startEditing = (chatId: string, message: ChatMessage) => chat(chatId).editing[1](message);
export const stopEditing = (chatId: string) => chat(chatId).editing[1](null);
/** A message deleted (here or elsewhere) while the composer edits it: nothing left to edit. */
function stopEditingIf(chatId: string, messageId: number): void {
  if (states.get(chatId)?.editing[0]()?.id === messageId) stopEditing(chatId);
}

/** Moves my read marker to `messageId` (the list's unread count follows from the answer). */
export async function markRead(chatId: string, messageId: number): Promise<{ lastReadId: number; unread: number; mentions?: number } | null> {
  try {
    return await trpc.chats.markRead.mutate({ chatId, messageId });
  } catch {
    return null;
  }
}

// ── opening a chat at a message (issue 13: message search, reply quotes, the pinned bar) ─────
/*
 * `/chats/<id>?m=<messageId>` shows the chat around that message: the page up to it and the page
 * after it, instead of the latest page. Held messages are always one run without gaps, so while
 * the run shown does not reach the newest message (a "window"), new live messages are held back
 * (not appended after a gap) and "Jump to latest" shows. Scrolling down pages forward; when a page
 * reaches the newest, the held-back messages join (the chat was open on the socket the whole time:
 * nothing falls between the page and them). Sending, or a reconnect, goes back to the latest page
 * first (a reconnect then opens the window again around the same message).
 */
interface HistoryWindow {
  anchor: number;
  heldBack: ChatMessage[];
  /** Its pages are in (until then what is held is still the previous run: nothing to page from). */
  ready: boolean;
}
const windows = new Map<string, HistoryWindow>();
const [windowed, setWindowed] = createSignal<ReadonlySet<string>>(new Set());
const [focus, setFocus] = createSignal<{ chatId: string; messageId: number; seq: number } | null>(null);
let focusSeq = 0;

function setWindow(chatId: string, w: HistoryWindow | null): void {
  if (w) windows.set(chatId, w);
  else windows.delete(chatId);
  setWindowed(new Set(windows.keys()));
}

/** A live message of a chat shown at an older window: kept aside until the window reaches the newest. */
function heldBack(m: ChatMessage): boolean {
  const w = windows.get(m.chatId);
  if (!w) return false;
  w.heldBack.push(m);
  return true;
}

/** Forgets the chat's stored messages but not its pending sends nor its last open time. */
function dropMessages(chatId: string): void {
  const at = sync.openedAt(chatId);
  const waiting = sync.pending(chatId);
  sync.forget(chatId);
  if (at !== undefined) sync.setOpenedAt(chatId, at);
  for (const p of waiting) Object.assign(sync.addPending(p), { status: p.status, ...(p.reason !== undefined && { reason: p.reason }) });
}

/** The held run reached the newest message: the held-back live messages join it. */
function closeWindow(chatId: string, w: HistoryWindow): void {
  if (windows.get(chatId) !== w) return;
  setWindow(chatId, null);
  sync.addPage(w.heldBack);
}

/** Before a resume (or closing the chat): windows are dropped; returns where they were. */
function leaveWindows(chatIds: string[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const chatId of chatIds) {
    const w = windows.get(chatId);
    if (!w) continue;
    setWindow(chatId, null);
    dropMessages(chatId);
    const s = chat(chatId);
    s.loaded = false;
    s.hasOlder[1](false);
    out.push([chatId, w.anchor]);
  }
  return out;
}

/** The message the view should scroll to and highlight (bumped by every jump). */
export const focusedMessage = focus;
/** The chat shows an older window: newer messages exist that are not held ("Jump to latest"). */
export const hasNewer = (chatId: string) => windowed().has(chatId);

/**
 * Shows the chat at `messageId`: scrolls to it when held, else loads the pages around it (call once
 * the chat is loaded, so it is open on the socket). Resolves with whether the message is there.
 */
export async function jumpToMessage(chatId: string, messageId: number): Promise<boolean> {
  const focusOn = () => setFocus({ chatId, messageId, seq: ++focusSeq });
  if (sync.messages(chatId).some((m) => m.id === messageId)) {
    focusOn();
    return true;
  }
  const previous = windows.get(chatId);
  const w: HistoryWindow = { anchor: messageId, heldBack: previous?.heldBack ?? [], ready: false };
  setWindow(chatId, w);
  try {
    const [upTo, after] = await Promise.all([
      trpc.chats.history.query({ chatId, before: messageId + 1, limit: PAGE }),
      trpc.chats.history.query({ chatId, after: messageId, limit: PAGE }),
    ]);
    if (windows.get(chatId) !== w) return false;
    dropMessages(chatId);
    w.ready = true;
    sync.addPage(upTo.messages);
    sync.addPage(after.messages);
    chat(chatId).hasOlder[1](upTo.hasMore);
    if (!after.hasMore) closeWindow(chatId, w);
    refresh(chatId);
    const found = upTo.messages.some((m) => m.id === messageId);
    if (found) focusOn();
    return found;
  } catch {
    // Nothing replaced: what is held is still the run it was (the latest: the held-back messages join it).
    if (previous) w.ready = previous.ready;
    else closeWindow(chatId, w);
    refresh(chatId);
    return false;
  }
}

/** Scrolling down an older window: the next page; at the newest the window closes. Resolves with how many were added. */
export async function loadNewer(chatId: string): Promise<number> {
  const w = windows.get(chatId);
  const s = chat(chatId);
  if (!w?.ready || s.loadingOlder[0]()) return 0;
  s.loadingOlder[1](true);
  try {
    const page = await trpc.chats.history.query({ chatId, after: sync.lastId(chatId), limit: PAGE });
    if (windows.get(chatId) !== w) return 0;
    const added = sync.addPage(page.messages);
    if (!page.hasMore) closeWindow(chatId, w);
    refresh(chatId);
    return added;
  } catch {
    return 0;
  } finally {
    s.loadingOlder[1](false);
  }
}

/** "Jump to latest": leaves the window for the latest page (live messages flow in again at once). */
export async function jumpToLatest(chatId: string): Promise<void> {
  if (!windows.has(chatId)) return;
  setWindow(chatId, null);
  dropMessages(chatId);
  const s = chat(chatId);
  s.hasOlder[1](false);
  refresh(chatId);
  try {
    const page = await trpc.chats.history.query({ chatId, limit: PAGE });
    sync.addPage(page.messages);
    s.hasOlder[1](page.hasMore);
    refresh(chatId);
  } catch {
    // Load it as a reconnect would.
    s.loaded = false;
    void resume([chatId]);
  }
}
