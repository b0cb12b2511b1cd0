/**
 * Fixed-window rate limits that start at the first hit ("N per window from the first try").
 * In memory for one instance; in Redis (atomic Lua, app clock) when instances must share them.
 */
import type { RedisClient } from "bun";
import type { Clock } from "./clock.ts";
import { RateLimitedError } from "./errors.ts";

export interface Limit {
  /** Bucket family, e.g. "signin:ip". */
  name: string;
  max: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one hit; returns how long to wait when over the limit (0 = allowed). */
  hit(limit: Limit, key: string): Promise<number>;
  /** How long to wait if the limit is already used up, without counting a hit (0 = allowed). */
  peek(limit: Limit, key: string): Promise<number>;
  close(): void;
}

/** Counts a hit and throws TOO_MANY_REQUESTS (with retry-after) when over the limit. */
export async function enforce(limiter: RateLimiter, limit: Limit, key: string): Promise<void> {
  const waitMs = await limiter.hit(limit, key);
  if (waitMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
}

/** Expired windows dropped at each hit, at most (the rest go at the next hits or the minute's pass). */
const EXPIRE_PER_HIT = 4;

/**
 * In memory, for one instance. Each limit family (`name`) has its own map of open windows, kept in
 * order of expiry: a family's window length is fixed, so a window that opens later closes later,
 * and one that starts over is moved to the end. Expired windows are dropped from the front — a few
 * at each hit, and all of them once a minute — so that work depends on how many expired, never on
 * how many are open. (A full sweep of every window once a minute held the event loop ~130 ms for
 * 600,000 open windows, which the chats' repeat check keeps at 1,000 new messages/s: one per text
 * for 10 minutes.) A family whose windows ever differ in length is swept in full instead.
 */
export function createMemoryRateLimiter(clock: Clock): RateLimiter & { openWindows(): number } {
  interface Family {
    windowMs: number;
    /** Windows of different lengths were seen: not in order of expiry. */
    mixed: boolean;
    open: Map<string, { count: number; resetAt: number }>;
  }
  const families = new Map<string, Family>();
  const expire = (family: Family, now: number, most: number) => {
    let dropped = 0;
    for (const [key, w] of family.open) {
      if (w.resetAt > now) {
        if (family.mixed) continue;
        break;
      }
      if (dropped++ >= most) break;
      family.open.delete(key);
    }
  };
  const sweep = setInterval(() => {
    const now = clock();
    for (const family of families.values()) expire(family, now, Infinity);
  }, 60_000);
  sweep.unref?.();
  return {
    async hit(limit, key) {
      const now = clock();
      let family = families.get(limit.name);
      if (!family) families.set(limit.name, (family = { windowMs: limit.windowMs, mixed: false, open: new Map() }));
      else if (family.windowMs !== limit.windowMs) family.mixed = true;
      if (!family.mixed) expire(family, now, EXPIRE_PER_HIT);
      let w = family.open.get(key);
      if (!w || w.resetAt <= now) {
        // A new window goes to the end, where the latest expiry is.
        if (w) family.open.delete(key);
        w = { count: 0, resetAt: now + limit.windowMs };
        family.open.set(key, w);
      }
      w.count += 1;
      return w.count > limit.max ? w.resetAt - now : 0;
    },
    async peek(limit, key) {
      const now = clock();
      const w = families.get(limit.name)?.open.get(key);
      return w && w.resetAt > now && w.count >= limit.max ? w.resetAt - now : 0;
    },
    close() {
      clearInterval(sweep);
    },
    /** Windows held now, expired ones not yet dropped included (tests, diagnostics). */
    openWindows() {
      let n = 0;
      for (const family of families.values()) n += family.open.size;
      return n;
    },
  };
}

const HIT_SCRIPT = `
local v = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[1])
local count, reset = 0, now + tonumber(ARGV[2])
if v then
  local sep = string.find(v, ':')
  local c, r = tonumber(string.sub(v, 1, sep - 1)), tonumber(string.sub(v, sep + 1))
  if r > now then count, reset = c, r end
end
count = count + 1
redis.call('SET', KEYS[1], count .. ':' .. reset, 'PX', math.max(1, reset - now))
if count > tonumber(ARGV[3]) then return reset - now end
return 0`;

/** A Redis command that has not answered by then counts as failed (the limit falls back to memory). */
const REDIS_LIMIT_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("redis rate limit timed out")), REDIS_LIMIT_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Shared limits in Redis. While Redis cannot answer (down, or slower than 2 s), each instance
 * counts in its own memory instead (ADR 0019): the limits stay, per instance, and no request
 * waits on Redis or fails because of it. The outage itself is logged once (lib/redis.ts).
 */
export function createRedisRateLimiter(redis: RedisClient, clock: Clock, prefix: string): RateLimiter {
  const memory = createMemoryRateLimiter(clock);
  const shared = createSharedRateLimiter(redis, clock, prefix);
  return {
    hit: (limit, key) => withTimeout(shared.hit(limit, key)).catch(() => memory.hit(limit, key)),
    peek: (limit, key) => withTimeout(shared.peek(limit, key)).catch(() => memory.peek(limit, key)),
    close: () => memory.close(),
  };
}

function createSharedRateLimiter(redis: RedisClient, clock: Clock, prefix: string): RateLimiter {
  return {
    async hit(limit, key) {
      const result = await redis.send("EVAL", [
        HIT_SCRIPT,
        "1",
        `${prefix}${limit.name}:${key}`,
        String(clock()),
        String(limit.windowMs),
        String(limit.max),
      ]);
      return Number(result);
    },
    async peek(limit, key) {
      const value = await redis.get(`${prefix}${limit.name}:${key}`);
      if (!value) return 0;
      const [count, reset] = value.split(":").map(Number);
      const now = clock();
      return count! >= limit.max && reset! > now ? reset! - now : 0;
    },
    close() {},
  };
}
