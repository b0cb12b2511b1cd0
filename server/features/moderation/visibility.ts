/**
 * Who sees moderated content, for a single row (the feed's and comments' SQL say the same in
 * their WHERE clauses: posts.repository.ts VISIBLE_POST, comments.repository.ts):
 * - a post or comment a moderator hid is seen by its author only (marked hidden, with the reason);
 * - everything of a person suspended now is seen by nobody (they cannot sign in to see it).
 */
import { toMs, type Ms } from "../../db/schema.ts";

export const isSuspended = (until: Ms | null | undefined, now: number) => until != null && toMs(until) > now;

export function contentVisible(
  row: { author_id: string; hidden_at: Ms | null; suspended_until?: Ms | null },
  viewerId: string | null,
  now: number,
): boolean {
  if (row.hidden_at != null && row.author_id !== viewerId) return false;
  return !isSuspended(row.suspended_until, now);
}
