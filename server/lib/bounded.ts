/**
 * Keeps an insertion-ordered Map or Set (the oldest first) within `max` entries: once over, the
 * oldest go until 90 % are left, so a busy instance trims every few thousand additions instead
 * of at each one.
 */
export function trimOldest(kept: Map<unknown, unknown> | Set<unknown>, max: number): void {
  if (kept.size <= max) return;
  for (const key of kept.keys()) {
    kept.delete(key);
    if (kept.size <= max * 0.9) return;
  }
}
