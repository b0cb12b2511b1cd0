/**
 * "Олена друкує…": who is typing in a chat open on this tab. The composer announces my typing
 * (`chat.typing`, at most once per ANNOUNCE_EVERY_MS while I type); the server passes it on to the
 * chat's other open sockets. Someone counts as typing until SHOWN_FOR_MS after their last frame,
 * or until their message arrives. Never stored; personal and group chats only.
 */
import { createSignal } from "solid-js";
import type { ServerEvent } from "../../../../shared/events.ts";
import { onServerEvent, sendEvent } from "../../lib/socket.ts";

const ANNOUNCE_EVERY_MS = 3000;
const SHOWN_FOR_MS = 5000;

type Timer = ReturnType<typeof setTimeout>;
/** chatId → userId → the timer that ends their "typing" SHOWN_FOR_MS after their last frame. */
const [typing, setTyping] = createSignal(new Map<string, Map<string, Timer>>(), { equals: false });
const lastAnnounced = new Map<string, number>();

function stop(chatId: string, userId: string): void {
  const inChat = typing().get(chatId);
  const timer = inChat?.get(userId);
  if (!inChat || timer === undefined) return;
  clearTimeout(timer);
  inChat.delete(userId);
  if (!inChat.size) typing().delete(chatId);
  setTyping(typing());
}

function started(chatId: string, userId: string): void {
  const map = typing();
  const inChat = map.get(chatId) ?? new Map<string, Timer>();
  clearTimeout(inChat.get(userId));
  inChat.set(userId, setTimeout(() => stop(chatId, userId), SHOWN_FOR_MS));
  map.set(chatId, inChat);
  setTyping(map);
}

function onEvent(event: ServerEvent): void {
  if (event.type === "chat.typing") started(event.chatId, event.userId);
  else if (event.type === "chat.message") stop(event.message.chatId, event.message.author.id);
  else if (event.type === "hello") {
    // A new connection: whatever was shown belongs to the old one.
    for (const inChat of typing().values()) for (const timer of inChat.values()) clearTimeout(timer);
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
