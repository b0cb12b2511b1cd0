/**
 * The online count on the `global` topic: how many people are connected, published when it
 * changes, at most once per `debounceMs`. Alone, an instance counts its own sockets. With Redis,
 * each instance writes its count into one hash (field = instance, value = "count:expiresAt") and
 * a Lua script sums the live fields atomically; a heartbeat refreshes the field and re-publishes
 * when the sum moved, so a crashed instance drops out within `ttlMs`. A person connected to two
 * instances at once counts twice (rare behind a sticky balancer; accepted).
 */
import type { RedisClient } from "bun";
import { randomId } from "../lib/crypto.ts";
import type { Logger } from "../lib/log.ts";
import type { Hub } from "./hub.ts";
import { topics } from "./topics.ts";

const SUM_SCRIPT = `
local now = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ':' .. (now + tonumber(ARGV[4])))
local all = redis.call('HGETALL', KEYS[1])
local sum = 0
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sep = string.find(v, ':')
  if sep and tonumber(string.sub(v, sep + 1)) > now then
    sum = sum + tonumber(string.sub(v, 1, sep - 1))
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) * 2)
return sum`;

export interface OnlineCounter {
  /** Call whenever a socket opens or closes; publishes (debounced) if the total moved. */
  changed(): void;
  /** The last total known here (sent to a socket when it opens). */
  current(): number;
  close(): Promise<void>;
}

export function createOnlineCounter(opts: {
  /** People connected to this instance. */
  local: () => number;
  hub: Hub;
  redis: RedisClient | null;
  redisPrefix: string;
  log: Logger;
  debounceMs?: number;
  heartbeatMs?: number;
}): OnlineCounter {
  const debounceMs = opts.debounceMs ?? 500;
  const heartbeatMs = opts.heartbeatMs ?? 5_000;
  const ttlMs = heartbeatMs * 3;
  const key = `${opts.redisPrefix}online`;
  const instance = randomId();
  let published = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  async function total(): Promise<number> {
    const mine = opts.local();
    if (!opts.redis) return mine;
    // Liveness uses the real clock: it is about processes, not app time.
    const sum = await opts.redis.send("EVAL", [SUM_SCRIPT, "1", key, instance, String(Date.now()), String(mine), String(ttlMs)]);
    return Number(sum);
  }

  async function flush() {
    timer = null;
    if (closed) return;
    try {
      const n = await total();
      if (n !== published && !closed) {
        published = n;
        opts.hub.publish(topics.global, { type: "online", count: n });
      }
    } catch (error) {
      opts.log.warn("online count failed", { error });
    }
  }

  const heartbeat = opts.redis ? setInterval(flush, heartbeatMs) : null;
  heartbeat?.unref?.();

  return {
    changed() {
      if (closed || timer) return;
      timer = setTimeout(flush, debounceMs);
    },
    current: () => Math.max(published, opts.local()),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      await opts.redis?.send("HDEL", [key, instance]).catch(() => {});
    },
  };
}
