/**
 * What a chat adds to the header's total (and the tab title): all its unread messages, or, while
 * it is muted, only those that mention me — the same rule as the server's totalUnread
 * (shared/chats.ts ChatList). `now` ticks every 30 s so a mute that ends shows without a reload.
 */
import { createRoot, createSignal } from "solid-js";
import type { ChatSummary } from "../../../../shared/chats.ts";
// From the zod-free module: this file is in the first load (the header's unread count).
import { isMuted } from "../../../../shared/chat-preview.ts";

const [now, setNow] = createRoot(() => createSignal(Date.now()));
if (typeof window !== "undefined") setInterval(() => setNow(Date.now()), 30_000);
export { now };

export const chatMuted = (c: Pick<ChatSummary, "mutedUntil">) => isMuted(c.mutedUntil, now());

export const countedUnread = (c: Pick<ChatSummary, "unread" | "unreadMentions" | "mutedUntil">) =>
  chatMuted(c) ? Math.min(c.unread, c.unreadMentions ?? 0) : c.unread;
