/**
 * Which message frames bring a message this tab has not heard of yet. The same message can arrive
 * twice — as chat.message and chat.activity on two sockets of mine, or published again by the
 * instance that took over from one that crashed after storing it — and the tab's tone
 * (tab-notify.tsx) must ring once. Per chat it keeps the highest message id heard: ids grow
 * within a chat, so anything at or below it was heard already (or, arriving out of order from
 * another instance, came with the newer message that rang a moment before: one tone for both).
 */
import type { ServerEvent } from "../../../../shared/events.ts";

export function createHeardMessages() {
  const highest = new Map<string, number>();
  /** True the first time a chat.message or chat.activity names its message; false for any other frame. */
  return function firstHearing(event: ServerEvent): boolean {
    if (event.type !== "chat.message" && event.type !== "chat.activity") return false;
    const chatId = event.type === "chat.message" ? event.message.chatId : event.chatId;
    const id = event.message.id;
    if (id <= (highest.get(chatId) ?? 0)) return false;
    highest.set(chatId, id);
    return true;
  };
}
