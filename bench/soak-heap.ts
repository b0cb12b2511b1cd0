/**
 * Preloaded into the app by bench/soak.ts (`bun --preload bench/soak-heap.ts server/main.ts`):
 * every SOAK_HEAP_EVERY_MS it runs a full garbage collection and appends one JSON line to
 * SOAK_HEAP_FILE: `{ at, heapUsed, extra, statements, gcMs }` — the live heap, the part of it
 * that is native memory JS objects hold (`extraMemorySize`: above all SQLite's prepared
 * statements), how many prepared statements are alive, and how long the collection took. The
 * forced collection (tens of ms, four times a minute) is what makes the figure the live size
 * instead of wherever the collector happened to be. Nothing else in the app changes; without the
 * variable it does nothing.
 */
import { heapStats } from "bun:jsc";
import { appendFileSync } from "node:fs";

const file = process.env.SOAK_HEAP_FILE;
if (file) {
  const everyMs = Number(process.env.SOAK_HEAP_EVERY_MS ?? 15_000);
  setInterval(() => {
    const t = performance.now();
    Bun.gc(true);
    const gcMs = performance.now() - t;
    const h = heapStats();
    const line = { at: Date.now(), heapUsed: process.memoryUsage().heapUsed, extra: h.extraMemorySize, statements: h.objectTypeCounts.SQLStatement ?? 0, gcMs };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, everyMs).unref();
}
