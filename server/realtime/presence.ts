/**
 * Presence (issue 13, BENCHMARKS.md "HTTP"): online / away / offline with last seen, several tabs and
 * instances counted as one person, and who may see it.
 *
 * - A person's state on this instance: online if any of their sockets here is in use, away if
 *   all of them reported `presence.set away`, none without sockets. It changes on socket open and
 *   close and on presence.set.
 * - Across instances (Redis): a hash per person (`<prefix>pres:u:<id>`, field = instance, value =
 *   "state:expiresAt"), a set of the people each instance holds (`pres:i:<instance>`) and a sorted
 *   set of live instances (`pres:inst`, score = expiry). Every heartbeat rewrites this instance's
 *   fields; a Lua script folds a hash into one state, pruning expired fields. An instance that
 *   stops beating (crashed) is swept by the first live instance whose heartbeat finds it expired:
 *   its people lose its fields and whoever is now offline is announced (lastSeenAt = its last beat).
 * - Announcements are coalesced (`coalesceMs`) into one `presence.changed` control event per
 *   instance, delivered by every instance to its watching sockets: one `presence` frame per socket
 *   and event, however many people changed.
 * - Watching: a socket sends the ids on its screen (presence.watch). Blocked either way: nothing.
 *   Both sharing their last seen (or watching oneself): the exact state, streamed. Otherwise a
 *   one-time "recently". A settings change or a block (`presence.recheck`) re-evaluates.
 * - Last seen is written to users.last_seen_at on every change of a person's state, at most once
 *   per `lastSeenWriteMs` per person per instance (a later one waits for its turn; the newest wins).
 * - Read receipts: whether this socket's person shares them (`sharesReceipts`, read by chat-frames
 *   to subscribe chat:<id>:seen), kept fresh by `presence.recheck`.
 */
import type { Kysely } from "kysely";
import type { RedisClient } from "bun";
import type { ClientEvent } from "../../shared/events.ts";
import type { PresenceEntry, PresenceState } from "../../shared/presence.ts";
import type { Database } from "../db/schema.ts";
import { blocksWith } from "../features/friends/relations.repository.ts";
import * as repo from "../features/presence/presence.repository.ts";
import type { Clock } from "../lib/clock.ts";
import { randomId } from "../lib/crypto.ts";
import type { Logger } from "../lib/log.ts";
import { errorFrame, sendFrame } from "./chat-frames.ts";
import type { Connections, Socket } from "./connections.ts";
import type { ControlEvent, Hub } from "./hub.ts";
import { topics } from "./topics.ts";

type Live = "online" | "away";
type Known = Live | "offline";

/** Folds a person's hash (KEYS[i]) into one state, dropping expired fields. */
const AGG = `
local function agg(key, now)
  local all = redis.call('HGETALL', key)
  local best = 'offline'
  for i = 1, #all, 2 do
    local v = all[i + 1]
    local sep = string.find(v, ':')
    if sep and tonumber(string.sub(v, sep + 1)) > now then
      if string.sub(v, 1, sep - 1) == 'online' then best = 'online' elseif best == 'offline' then best = 'away' end
    else
      redis.call('HDEL', key, all[i])
    end
  end
  return best
end
`;
// KEYS: person hash, instance set. ARGV: instance, state ('' = gone from here), now, ttl, person id.
const SET_SCRIPT = `${AGG}
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[2], ARGV[5])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. (now + ttl))
  redis.call('PEXPIRE', KEYS[1], ttl * 2)
  redis.call('SADD', KEYS[2], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ttl * 2)
end
return agg(KEYS[1], now)`;
// KEYS: person hashes. ARGV: now. Answers their states, in order.
const READ_SCRIPT = `${AGG}
local out = {}
for i = 1, #KEYS do out[i] = agg(KEYS[i], tonumber(ARGV[1])) end
return out`;
// KEYS: instance set, live-instance zset. ARGV: instance, now, ttl, hash prefix, then person/state pairs.
// Rewrites this instance's fields; answers [person, state] for those whose field had gone (healed).
const BEAT_SCRIPT = `${AGG}
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl * 4)
local healed = {}
for i = 5, #ARGV, 2 do
  local key = ARGV[4] .. ARGV[i]
  local had = redis.call('HEXISTS', key, ARGV[1])
  redis.call('HSET', key, ARGV[1], ARGV[i + 1] .. ':' .. (now + ttl))
  redis.call('PEXPIRE', key, ttl * 2)
  redis.call('SADD', KEYS[1], ARGV[i])
  if had == 0 then
    healed[#healed + 1] = ARGV[i]
    healed[#healed + 1] = agg(key, now)
  end
end
if #ARGV > 4 then redis.call('PEXPIRE', KEYS[1], ttl * 2) end
return healed`;
// KEYS: live-instance zset. ARGV: now, ttl, hash prefix, instance-set prefix.
// Removes expired instances; answers [person, state, last beat] for each of their people.
const SWEEP_SCRIPT = `${AGG}
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local out = {}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES')
for i = 1, #dead, 2 do
  local inst = dead[i]
  redis.call('ZREM', KEYS[1], inst)
  local setKey = ARGV[4] .. inst
  local people = redis.call('SMEMBERS', setKey)
  for _, p in ipairs(people) do
    local key = ARGV[3] .. p
    redis.call('HDEL', key, inst)
    out[#out + 1] = p
    out[#out + 1] = agg(key, now)
    out[#out + 1] = tostring(tonumber(dead[i + 1]) - ttl)
  end
  redis.call('DEL', setKey)
end
return out`;

/** Whether this socket's person shares read receipts (read by chat-frames.ts when it subscribes a chat). */
const receipts = new WeakMap<Socket, boolean>();
export const sharesReceipts = (ws: Socket) => receipts.get(ws) ?? false;

export interface PresenceOptions {
  /** How often this instance rewrites its presence in Redis; an instance silent for 3× this is gone. */
  heartbeatMs?: number;
  /** Changes within this window leave as one event (and one frame per watching socket). */
  coalesceMs?: number;
  /** At most one last-seen write per person per this interval (per instance). */
  lastSeenWriteMs?: number;
}

interface Settings {
  lastSeenVisible: boolean;
  readReceipts: boolean;
}
interface Watch {
  ids: string[];
  seq: number;
  /** The watched people this socket gets live, exact frames for. */
  full: Set<string>;
}

export function createPresence(deps: {
  db: Kysely<Database>;
  clock: Clock;
  hub: Hub;
  conns: Connections;
  redis: RedisClient | null;
  redisPrefix: string;
  log: Logger;
  options?: PresenceOptions;
}) {
  const { db, clock, hub, conns, redis, log } = deps;
  const heartbeatMs = deps.options?.heartbeatMs ?? 15_000;
  const ttlMs = heartbeatMs * 3;
  const coalesceMs = deps.options?.coalesceMs ?? 1_000;
  const lastSeenWriteMs = deps.options?.lastSeenWriteMs ?? 60_000;
  const instance = randomId();
  const hashPrefix = `${deps.redisPrefix}pres:u:`;
  const setPrefix = `${deps.redisPrefix}pres:i:`;
  const mySet = `${setPrefix}${instance}`;
  const liveKey = `${deps.redisPrefix}pres:inst`;

  const away = new WeakSet<Socket>();
  /** This instance's view of its own people (what it last wrote to Redis). */
  const local = new Map<string, Live>();
  /** Settings of the people with sockets here (loaded at the upgrade). */
  const settings = new Map<string, Settings>();
  const watching = new WeakMap<Socket, Watch>();
  const watchers = new Map<string, Set<Socket>>();
  /** Every socket that asked for a person, whatever it may see (re-evaluated when a setting or a block changes). */
  const interested = new Map<string, Set<Socket>>();
  /** Last-seen times announced by any instance (newer than the database may be). */
  const lastSeenCache = new Map<string, number>();
  const outbox = new Map<string, PresenceEntry>();
  let outTimer: ReturnType<typeof setTimeout> | null = null;
  const pendingLastSeen = new Map<string, number>();
  const lastWritten = new Map<string, number>();
  const inflight = new Set<Promise<unknown>>();
  let closed = false;
  const fail = (error: unknown) => {
    if (redis?.connected !== false) log.warn("presence update failed", { error });
  };
  const track = <T>(p: Promise<T>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => {});
    return p;
  };

  // ── this instance's people ────────────────────────────────────────────────
  function localState(userId: string): Live | null {
    const sockets = conns.ofUser(userId);
    if (!sockets.length) return null;
    for (const ws of sockets) if (!away.has(ws)) return "online";
    return "away";
  }

  function localChanged(userId: string) {
    const next = localState(userId);
    if ((local.get(userId) ?? null) === next) return;
    if (next) local.set(userId, next);
    else local.delete(userId);
    const at = clock();
    if (!redis) return announce(userId, next ?? "offline", at);
    track(
      redis
        .send("EVAL", [SET_SCRIPT, "2", hashPrefix + userId, mySet, instance, next ?? "", String(Date.now()), String(ttlMs), userId])
        .then((state) => announce(userId, state as Known, at), fail),
    );
  }

  function announce(userId: string, state: Known, at: number) {
    outbox.set(userId, { userId, state, lastSeenAt: state === "offline" ? at : null });
    pendingLastSeen.set(userId, at);
    if (!outTimer && !closed) outTimer = setTimeout(flushOutbox, coalesceMs);
  }

  function flushOutbox() {
    outTimer = null;
    if (!outbox.size) return;
    const people = [...outbox.values()];
    outbox.clear();
    hub.control({ kind: "presence.changed", people });
  }

  async function flushLastSeen(all = false) {
    const now = Date.now();
    const due: Array<{ userId: string; at: number }> = [];
    for (const [userId, at] of pendingLastSeen) {
      if (!all && now - (lastWritten.get(userId) ?? 0) < lastSeenWriteMs) continue;
      due.push({ userId, at });
      pendingLastSeen.delete(userId);
      lastWritten.set(userId, now);
    }
    for (const [userId, written] of lastWritten) if (now - written >= lastSeenWriteMs) lastWritten.delete(userId);
    try {
      await repo.writeLastSeen(db, due);
    } catch (error) {
      log.warn("last seen write failed", { error });
    }
  }

  // ── Redis heartbeat and the sweep of crashed instances ──────────────────
  async function beat() {
    if (!redis || closed) return;
    const pairs = [...local];
    const now = String(Date.now());
    const healed: string[] = [];
    for (let i = 0; i === 0 || i < pairs.length; i += 500) {
      const args = pairs.slice(i, i + 500).flat();
      const out = (await redis.send("EVAL", [BEAT_SCRIPT, "2", mySet, liveKey, instance, now, String(ttlMs), hashPrefix, ...args])) as string[];
      healed.push(...out);
    }
    for (let i = 0; i < healed.length; i += 2) announce(healed[i]!, healed[i + 1] as Known, clock());
    const swept = (await redis.send("EVAL", [SWEEP_SCRIPT, "1", liveKey, String(Date.now()), String(ttlMs), hashPrefix, setPrefix])) as string[];
    for (let i = 0; i < swept.length; i += 3) {
      const lastBeat = Number(swept[i + 2]);
      announce(swept[i]!, swept[i + 1] as Known, clock() - Math.max(0, Date.now() - lastBeat));
    }
  }
  const heartbeat = redis ? setInterval(() => void beat().catch(fail), heartbeatMs) : null;
  heartbeat?.unref?.();
  if (redis) void track(beat().catch(fail));
  const lastSeenTimer = setInterval(() => void flushLastSeen(), Math.min(1_000, lastSeenWriteMs));
  lastSeenTimer.unref?.();

  /** Current states of these people, across instances. */
  async function statesOf(ids: string[]): Promise<Known[]> {
    if (!ids.length) return [];
    if (!redis) return ids.map((id) => localState(id) ?? "offline");
    return (await redis.send("EVAL", [READ_SCRIPT, String(ids.length), ...ids.map((id) => hashPrefix + id), String(Date.now())])) as Known[];
  }

  // ── settings and read receipts ──────────────────────────────────────────
  async function load(userId: string): Promise<Settings> {
    const row = await repo.settingsOf(db, userId);
    const s = { lastSeenVisible: Number(row?.last_seen_visible ?? 1) === 1, readReceipts: Number(row?.read_receipts ?? 1) === 1 };
    settings.set(userId, s);
    return s;
  }
  const settingsOf = async (userId: string) => settings.get(userId) ?? (await load(userId));

  function applyReceipts(ws: Socket, on: boolean) {
    receipts.set(ws, on);
    for (const chatId of ws.data.openChats ?? []) {
      if (on) ws.subscribe(topics.chatSeen(chatId));
      else ws.unsubscribe(topics.chatSeen(chatId));
    }
  }

  // ── watching ─────────────────────────────────────────────────────────────
  function setInterest(ws: Socket, before: readonly string[], after: readonly string[]) {
    const keep = new Set(after);
    for (const id of before) {
      if (keep.has(id)) continue;
      const set = interested.get(id);
      set?.delete(ws);
      if (set?.size === 0) interested.delete(id);
    }
    for (const id of after) {
      let set = interested.get(id);
      if (!set) interested.set(id, (set = new Set()));
      set.add(ws);
    }
  }

  function setFull(ws: Socket, next: Set<string>) {
    const w = watching.get(ws);
    for (const id of w?.full ?? []) {
      if (next.has(id)) continue;
      const set = watchers.get(id);
      set?.delete(ws);
      if (set?.size === 0) watchers.delete(id);
    }
    for (const id of next) {
      let set = watchers.get(id);
      if (!set) watchers.set(id, (set = new Set()));
      set.add(ws);
    }
    if (w) w.full = next;
  }

  async function evaluate(ws: Socket, seq: number) {
    const me = ws.data.userId!;
    const w = watching.get(ws)!;
    const ids = w.ids;
    const [targets, blocks, mine] = await Promise.all([repo.watchTargets(db, ids), blocksWith(db, me, ids), settingsOf(me)]);
    if (ws.readyState !== WebSocket.OPEN || watching.get(ws)?.seq !== seq) return;
    const full = new Set<string>();
    const coarse: string[] = [];
    const dbLastSeen = new Map<string, number>();
    for (const t of targets) {
      const b = blocks.get(t.id);
      if (b?.byMe || b?.byThem) continue;
      if (t.last_seen_at !== null) dbLastSeen.set(t.id, Number(t.last_seen_at));
      if (t.id === me || (mine.lastSeenVisible && Number(t.last_seen_visible) === 1)) full.add(t.id);
      else coarse.push(t.id);
    }
    // Subscribed before the states are read: a change from now on reaches this socket.
    setFull(ws, full);
    const fullIds = [...full];
    const states = await statesOf(fullIds);
    if (ws.readyState !== WebSocket.OPEN || watching.get(ws)?.seq !== seq) return;
    const people: PresenceEntry[] = fullIds.map((userId, i) => {
      const state = states[i] ?? "offline";
      const seen = Math.max(dbLastSeen.get(userId) ?? 0, lastSeenCache.get(userId) ?? 0);
      return { userId, state, lastSeenAt: state === "offline" && seen > 0 ? seen : null };
    });
    for (const userId of coarse) people.push({ userId, state: "recently" satisfies PresenceState, lastSeenAt: null });
    sendFrame(ws, { type: "presence", people, complete: true });
  }

  function rewatch(ws: Socket) {
    const w = watching.get(ws);
    if (!w) return;
    const seq = ++w.seq;
    evaluate(ws, seq).catch((error) => sendFrame(ws, errorFrame(error, {}, log)));
  }

  function watch(ws: Socket, frame: Extract<ClientEvent, { type: "presence.watch" }>) {
    if (!ws.data.userId) {
      return sendFrame(ws, { type: "error", code: "UNAUTHORIZED", message: "Sign in to see presence", reason: "auth.signInRequired" });
    }
    const w = watching.get(ws);
    const ids = [...new Set(frame.userIds)];
    setInterest(ws, w?.ids ?? [], ids);
    if (w) w.ids = ids;
    else watching.set(ws, { ids, seq: 0, full: new Set() });
    rewatch(ws);
  }

  function set(ws: Socket, frame: Extract<ClientEvent, { type: "presence.set" }>) {
    if (!ws.data.userId) return;
    if (frame.state === "away") away.add(ws);
    else away.delete(ws);
    localChanged(ws.data.userId);
  }

  // ── control events from every instance ──────────────────────────────────
  function changed(people: PresenceEntry[]) {
    if (lastSeenCache.size > 50_000) lastSeenCache.clear();
    const perSocket = new Map<Socket, PresenceEntry[]>();
    for (const entry of people) {
      if (entry.state === "offline" && entry.lastSeenAt !== null) lastSeenCache.set(entry.userId, entry.lastSeenAt);
      for (const ws of watchers.get(entry.userId) ?? []) {
        let list = perSocket.get(ws);
        if (!list) perSocket.set(ws, (list = []));
        list.push(entry);
      }
    }
    for (const [ws, list] of perSocket) sendFrame(ws, { type: "presence", people: list });
  }

  function recheck(userIds: string[]) {
    const sockets = new Set<Socket>();
    for (const userId of userIds) {
      for (const ws of interested.get(userId) ?? []) sockets.add(ws);
      const own = conns.ofUser(userId);
      if (!own.length) continue;
      load(userId).then(
        (s) => {
          for (const ws of conns.ofUser(userId)) {
            applyReceipts(ws, s.readReceipts);
            rewatch(ws);
          }
        },
        (error) => log.warn("presence settings reload failed", { error }),
      );
    }
    for (const ws of sockets) if (!userIds.includes(ws.data.userId ?? "")) rewatch(ws);
  }

  return {
    /** At the upgrade, before the socket opens: the person's settings (needs the database). */
    load: (userId: string) => load(userId).then(() => undefined),
    opened(ws: Socket) {
      const userId = ws.data.userId;
      if (!userId) return;
      const s = settings.get(userId);
      if (s) receipts.set(ws, s.readReceipts);
      else load(userId).then((l) => receipts.set(ws, l.readReceipts), fail);
      localChanged(userId);
    },
    closed(ws: Socket) {
      const w = watching.get(ws);
      if (w) {
        setFull(ws, new Set());
        setInterest(ws, w.ids, []);
        watching.delete(ws);
      }
      const userId = ws.data.userId;
      if (!userId) return;
      if (!conns.ofUser(userId).length) settings.delete(userId);
      localChanged(userId);
    },
    watch,
    set,
    onControl(event: ControlEvent) {
      if (event.kind === "presence.changed") changed(event.people);
      else if (event.kind === "presence.recheck") recheck(event.userIds);
    },
    async close() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      clearInterval(lastSeenTimer);
      await Promise.allSettled([...inflight]);
      if (outTimer) clearTimeout(outTimer);
      flushOutbox();
      if (redis) {
        // Leaving cleanly: the others need not wait for the sweep (whoever is still here was announced on close).
        await redis.send("ZREM", [liveKey, instance]).catch(() => {});
        await redis.send("DEL", [mySet]).catch(() => {});
      }
      await flushLastSeen(true);
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;
