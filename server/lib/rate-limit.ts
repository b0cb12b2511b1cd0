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

export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const buckets = new Map<string, { count: number; resetAt: number }>();
  const sweep = setInterval(() => {
    const now = clock();
    for (const [k, b] of buckets) if (b.resetAt <= now) buckets.delete(k);
  }, 60_000);
  sweep.unref?.();
  return {
    async hit(limit, key) {
      const now = clock();
      const id = `${limit.name}:${key}`;
      let b = buckets.get(id);
      if (!b || b.resetAt <= now) {
        b = { count: 0, resetAt: now + limit.windowMs };
        buckets.set(id, b);
      }
      b.count += 1;
      return b.count > limit.max ? b.resetAt - now : 0;
    },
    async peek(limit, key) {
      const now = clock();
      const b = buckets.get(`${limit.name}:${key}`);
      return b && b.resetAt > now && b.count >= limit.max ? b.resetAt - now : 0;
    },
    close() {
      clearInterval(sweep);
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
