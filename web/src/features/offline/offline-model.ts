/**
 * What the offline store keeps, as pure functions (unit-tested in offline-model.test.ts; the
 * IndexedDB side is offline-chats.ts). Bounded: the chat list's first LIST_MAX chats, the last
 * PAGE_MAX messages of the CHATS_MAX chats opened most recently, and every send still waiting for
 * its ack (the queue is never trimmed: dropping one would lose a message the person wrote).
 */
import type { ChatMessage } from "../../../../shared/chats.ts";
import type { MediaInfo } from "../../../../shared/media.ts";

export const OFFLINE_LIMITS = { chats: 20, messages: 50, list: 100 } as const;

/** A send waiting for its ack, as saved: enough to show it as pending and send it again with its clientId. */
export interface SavedSend {
  chatId: string;
  clientId: string;
  body: string;
  imageIds: string[];
  images: MediaInfo[];
  replyToId?: number;
  createdAt: number;
  status: "sending" | "failed";
  reason?: string;
}

/** A chat's last page as saved. */
export interface SavedPage {
  messages: ChatMessage[];
  /** Older messages exist on the server (scrolling up loads them once online). */
  hasOlder: boolean;
}

/** The recently opened chats, most recent first, with `chatId` moved to the front; `evicted`: the ones that fell off. */
export function touchRecent(recent: readonly string[], chatId: string, max: number = OFFLINE_LIMITS.chats): { recent: string[]; evicted: string[] } {
  const next = [chatId, ...recent.filter((id) => id !== chatId)];
  return { recent: next.slice(0, max), evicted: next.slice(max) };
}

/** The newest `max` messages (ascending by id, as held); older ones held beyond them count as "older exist". */
export function lastPage(messages: readonly ChatMessage[], hasOlder: boolean, max: number = OFFLINE_LIMITS.messages): SavedPage {
  const kept = messages.slice(-max);
  return { messages: kept, hasOlder: hasOlder || kept.length < messages.length };
}

/** The saved sends to take in: those of this person not already pending here, oldest first. */
export function toRestore(saved: readonly SavedSend[], pendingHere: ReadonlySet<string>): SavedSend[] {
  return saved.filter((s) => !pendingHere.has(s.clientId)).sort((a, b) => a.createdAt - b.createdAt);
}
