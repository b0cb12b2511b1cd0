/**
 * What the global topic tells everyone, guests too: how many people are online (`online`
 * frames) and "notify everyone" notices, shown as toasts for 5 s (other features push theirs too).
 */
import { createSignal } from "solid-js";
import type { ChatPerson } from "../../../../shared/chats.ts";
import { onServerEvent } from "../../lib/socket.ts";

export interface Toast {
  id: number;
  text: string;
  from: ChatPerson;
  at: number;
  /** The line above the text (default: "{name} notifies"), e.g. "{name} commented on …". */
  heading?: string;
  /** Where the toast leads (its text becomes a link). */
  href?: string;
}

/** More than this many toasts at once: the oldest go first. */
const MAX_TOASTS = 4;

const [online, setOnline] = createSignal<number | null>(null);
const [toasts, setToasts] = createSignal<Toast[]>([]);
let nextId = 1;

/** People online now (null until the first `online` frame). */
export const onlineCount = online;
export const toastList = toasts;

/** Shows a toast of another feature (a comment on my post). */
export function pushToast(toast: Omit<Toast, "id">): void {
  setToasts((list) => [...list, { ...toast, id: nextId++ }].slice(-MAX_TOASTS));
}

export function dismissToast(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id));
}

onServerEvent((event) => {
  if (event.type === "online") setOnline(event.count);
  else if (event.type === "notice") {
    pushToast({ text: event.text, from: event.from, at: event.at });
  }
});
