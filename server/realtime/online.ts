/**
 * The online count on the `global` topic: how many people are connected — each signed-in person
 * once however many tabs and instances they use, each guest connection once — published when it
 * changes, at most once per `debounceMs`. Alone, an instance counts its own sockets.
 *
 * With Redis, each instance keeps
 * - a field in one hash (field = instance, value = "guests:expiresAt"), and
 * - a set of the signed-in people connected to it (`<prefix>online:users:<instance>`), updated
 *   when someone's first socket here opens or their last one closes, and rewritten whole on every
 *   heartbeat (so it heals after a lost command or a Redis restart).
 * A Lua script drops instances whose field expired (a crashed instance leaves within `ttlMs`),
 * and answers the guests of the live instances plus the size of the union of their people. The
 * script reads the per-instance sets by name, which is fine on one Redis server (not a cluster).
 */
import type { RedisClient } from "bun";
import { randomId } from "../lib/crypto.ts";
import type { Logger } from "../lib/log.ts";
import type { Hub } from "./hub.ts";
import { topics } from "./topics.ts";

// KEYS[1] = the hash; ARGV = instance, now, my guests, ttl ms, users-set prefix.
const COUNT_SCRIPT = `
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ':' .. (now + ttl))
local all = redis.call('HGETALL', KEYS[1])
local guests = 0
local sets = {}
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sep = string.find(v, ':')
  if sep and tonumber(string.sub(v, sep + 1)) > now then
    guests = guests + tonumber(string.sub(v, 1, sep - 1))
    sets[#sets + 1] = ARGV[5] .. all[i]
  else
    redis.call('HDEL', KEYS[1], all[i])
    redis.call('DEL', ARGV[5] .. all[i])
  end
end
redis.call('PEXPIRE', KEYS[1], ttl * 2)
local people = 0
if #sets > 0 then people = #redis.call('SUNION', unpack(sets)) end
return guests + people`;

export interface OnlineCounter {
  /** Call whenever a socket opens or closes; publishes (debounced) if the total moved. */
  changed(): void;
  /** Someone's first socket on this instance opened. */
  personArrived(userId: string): void;
  /** Someone's last socket on this instance closed. */
  personLeft(userId: string): void;
  /** The last total known here (sent to a socket when it opens). */
  current(): number;
  close(): Promise<void>;
}

export function createOnlineCounter(opts: {
  /** Signed-in people connected to this instance. */
  people: () => Iterable<string>;
  /** How many people that is. */
  peopleCount: () => number;
  /** Guest connections to this instance. */
  guests: () => number;
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
  const usersPrefix = `${opts.redisPrefix}online:users:`;
  const instance = randomId();
  const myUsers = `${usersPrefix}${instance}`;
  let published = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const local = () => opts.peopleCount() + opts.guests();
  // While Redis is down every command fails at once: the outage is logged once (lib/redis.ts),
  // the count stays at its last value, and the next heartbeat after it rewrites this instance's set.
  const fail = (error: unknown) => {
    if (opts.redis?.connected !== false) opts.log.warn("online count failed", { error });
  };

  async function total(): Promise<number> {
    if (!opts.redis) return local();
    // Liveness uses the real clock: it is about processes, not app time.
    const sum = await opts.redis.send("EVAL", [COUNT_SCRIPT, "1", key, instance, String(Date.now()), String(opts.guests()), String(ttlMs), usersPrefix]);
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
      fail(error);
    }
  }

  /** This instance's set of people, rewritten whole (built aside, then renamed over: never seen half-done). */
  async function resync() {
    const redis = opts.redis;
    if (!redis || closed) return;
    const people = [...opts.people()];
    if (people.length === 0) await redis.send("DEL", [myUsers]);
    else {
      const building = `${myUsers}:next`;
      await redis.send("DEL", [building]);
      for (let i = 0; i < people.length; i += 1000) await redis.send("SADD", [building, ...people.slice(i, i + 1000)]);
      await redis.send("RENAME", [building, myUsers]);
      await redis.send("PEXPIRE", [myUsers, String(ttlMs * 2)]);
    }
  }

  const heartbeat = opts.redis
    ? setInterval(() => {
        resync()
          .then(flush)
          .catch(fail);
      }, heartbeatMs)
    : null;
  heartbeat?.unref?.();
  void resync().catch(fail);

  return {
    changed() {
      if (closed || timer) return;
      timer = setTimeout(flush, debounceMs);
    },
    personArrived(userId) {
      opts.redis?.send("SADD", [myUsers, userId]).then(() => opts.redis?.send("PEXPIRE", [myUsers, String(ttlMs * 2)]), fail);
    },
    personLeft(userId) {
      opts.redis?.send("SREM", [myUsers, userId]).catch(fail);
    },
    current: () => Math.max(published, local()),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      await opts.redis?.send("HDEL", [key, instance]).catch(() => {});
      await opts.redis?.send("DEL", [myUsers]).catch(() => {});
    },
  };
}
