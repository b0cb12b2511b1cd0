/**
 * "Олена друкує…": who is typing in a chat open on this tab. The composer announces my typing
 * (`chat.typing`, at most once per ANNOUNCE_EVERY_MS while I type); the server passes it on to the
 * chat's other open sockets. Someone counts as typing until SHOWN_FOR_MS after their last frame,
 * or until their message arrives. Never stored; personal and group chats only.
 */
import { createSignal } from "solid-js";
import type { ServerEvent } from "../../../../shared/events.ts";
import { onServerEvent, sendEvent } from "../../lib/socket.ts";

export const ANNOUNCE_EVERY_MS = 3000;
export const SHOWN_FOR_MS = 5000;

/** chatId → userId → when their typing stops showing (ms since the epoch). */
const [typing, setTyping] = createSignal(new Map<string, Map<string, number>>(), { equals: false });
const timers = new Map<string, ReturnType<typeof setTimeout>>();
const lastAnnounced = new Map<string, number>();

const key = (chatId: string, userId: string) => `${chatId}\u0000${userId}`;

function stop(chatId: string, userId: string): void {
  const inChat = typing().get(chatId);
  if (!inChat?.delete(userId)) return;
  if (!inChat.size) typing().delete(chatId);
  clearTimeout(timers.get(key(chatId, userId)));
  timers.delete(key(chatId, userId));
  setTyping(typing());
}

function started(chatId: string, userId: string): void {
  const map = typing();
  const inChat = map.get(chatId) ?? new Map<string, number>();
  inChat.set(userId, Date.now() + SHOWN_FOR_MS);
  map.set(chatId, inChat);
  const k = key(chatId, userId);
  clearTimeout(timers.get(k));
  timers.set(
    k,
    setTimeout(() => stop(chatId, userId), SHOWN_FOR_MS),
  );
  setTyping(map);
}

function onEvent(event: ServerEvent): void {
  if (event.type === "chat.typing") started(event.chatId, event.userId);
  else if (event.type === "chat.message") stop(event.message.chatId, event.message.author.id);
  else if (event.type === "hello") {
    // A new connection: whatever was shown belongs to the old one.
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    setTyping(new Map());
  }
}
onServerEvent(onEvent);

/** Ids of the people typing in the chat now, other than `myId`. */
export function typingIn(chatId: string, myId: string | undefined): string[] {
  return [...(typing().get(chatId)?.keys() ?? [])].filter((id) => id !== myId);
}

/** Called on every keystroke in the composer: tells the chat, at most once per ANNOUNCE_EVERY_MS. */
export function announceTyping(chatId: string): void {
  const now = Date.now();
  if (now - (lastAnnounced.get(chatId) ?? 0) < ANNOUNCE_EVERY_MS) return;
  lastAnnounced.set(chatId, now);
  sendEvent({ type: "chat.typing", chatId });
}

/** After I sent a message: the next keystroke announces again at once. */
export function typingSent(chatId: string): void {
  lastAnnounced.delete(chatId);
}
