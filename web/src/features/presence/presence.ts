/**
 * Presence in this tab (issue 13): which people are on screen (`presence.watch`, debounced, sent
 * again after every reconnect), their states as the server reports them (a `presence` frame; a
 * complete one drops the people left out: a block), and this tab's own away/online
 * (`presence.set`: hidden, or no input for PRESENCE_LIMITS.awayAfterMs).
 */
import { createSignal } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { PresenceEntry } from "../../../../shared/presence.ts";
import { PRESENCE_LIMITS } from "../../../../shared/presence-rules.ts";
import { onServerEvent, sendEvent } from "../../lib/socket.ts";

const DEBOUNCE_MS = 250;
const watched = new Map<string, number>();
let lastSent = "";
let timer: ReturnType<typeof setTimeout> | undefined;
const [states, setStates] = createStore<Record<string, PresenceEntry | undefined>>({});
/** Ticks twice a minute, so "5 min ago" moves on. */
const [now, setNow] = createSignal(Date.now());
setInterval(() => setNow(Date.now()), 30_000);
export { now as presenceNow };

function flush(force = false): void {
  clearTimeout(timer);
  timer = undefined;
  const userIds = [...watched.keys()].slice(0, PRESENCE_LIMITS.watchMax);
  const key = userIds.join(",");
  if (!force && key === lastSent) return;
  if (sendEvent({ type: "presence.watch", userIds })) lastSent = key;
}

/** A person is shown: their presence is wanted. Returns the function to call when they go. */
export function watchPerson(userId: string): () => void {
  watched.set(userId, (watched.get(userId) ?? 0) + 1);
  if (timer === undefined) timer = setTimeout(() => flush(), DEBOUNCE_MS);
  return () => {
    const n = (watched.get(userId) ?? 1) - 1;
    if (n > 0) watched.set(userId, n);
    else watched.delete(userId);
    if (timer === undefined) timer = setTimeout(() => flush(), DEBOUNCE_MS);
  };
}

/** The presence of someone watched (undefined until the server answered, or when not shown to me). */
export const presenceOf = (userId: string): PresenceEntry | undefined => states[userId];

// ── this tab: away when hidden or idle ─────────────────────────────────────
let mine: "online" | "away" = "online";
let idleTimer: ReturnType<typeof setTimeout> | undefined;
function report(next: "online" | "away", force = false): void {
  if (!force && next === mine) return;
  mine = next;
  sendEvent({ type: "presence.set", state: next });
}
function activity(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => report("away"), PRESENCE_LIMITS.awayAfterMs);
  if (document.visibilityState === "visible") report("online");
}
if (typeof document !== "undefined") {
  document.addEventListener("visibilitychange", () => (document.visibilityState === "hidden" ? report("away") : activity()));
  for (const type of ["pointerdown", "keydown", "wheel", "touchstart"] as const) {
    addEventListener(type, activity, { passive: true, capture: true });
  }
  activity();
}

onServerEvent((event) => {
  if (event.type === "hello") {
    // A new socket starts with nothing: watch again and say if this tab is away.
    lastSent = "";
    if (watched.size) flush(true);
    if (mine === "away") report("away", true);
    return;
  }
  if (event.type !== "presence") return;
  if (event.complete) {
    const next: Record<string, PresenceEntry | undefined> = {};
    for (const id of Object.keys(states)) next[id] = watched.has(id) ? undefined : states[id];
    for (const p of event.people) next[p.userId] = p;
    setStates(reconcile(next));
  } else {
    for (const p of event.people) setStates(p.userId, p);
  }
});
