/**
 * "Compact" screens (issue 15): a phone or any screen without hover, or narrower than 721px. There a
 * message's actions live in an action sheet (a tap or long-press on the message) instead of beside
 * it. The same query is in compact-messages.css and action-sheet.css; keep them equal.
 */
import { mediaMatches } from "../../lib/media-query.ts";

export const COMPACT_QUERY = "(max-width: 720px), (hover: none)";

/** Whether message actions go in the action sheet (live: follows rotation and resizing). */
export const isCompact = mediaMatches(COMPACT_QUERY);
