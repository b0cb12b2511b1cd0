/** Recently picked emoji (issue 13): newest first, kept in this browser's localStorage. */
import { isOneEmoji } from "../../../../shared/emoji.ts";

const KEY = "world-it.emoji.recent";
export const RECENT_MAX = 24;

export function recentEmoji(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter((e): e is string => typeof e === "string" && isOneEmoji(e)).slice(0, RECENT_MAX) : [];
  } catch {
    return []; // Storage off or a broken value: no recent emoji, nothing else changes.
  }
}

export function rememberEmoji(emoji: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify([emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, RECENT_MAX)));
  } catch {
    // Private mode or full storage: the pick still works, it is just not remembered.
  }
}
