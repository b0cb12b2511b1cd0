/**
 * Who has no open socket anywhere (they get pushes; the others see the event in their tabs).
 * This instance knows its own sockets; with Redis, the others' are in the per-instance sets that
 * realtime/online.ts keeps (`<prefix>online:users:<instance>`, live instances listed in the hash
 * `<prefix>online` with an expiry): one script answers which of the people are in any live set.
 * If Redis does not answer, everyone not connected here counts as away: a push too many is
 * better than none, and the service worker shows nothing while a tab of the app has focus.
 */
import type { RedisClient } from "bun";
import type { Logger } from "../../lib/log.ts";

// KEYS[1] = the instances hash; ARGV = now, users-set prefix, then the user ids. Answers those connected.
const CONNECTED_SCRIPT = `
local now = tonumber(ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
local sets = {}
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sep = string.find(v, ':')
  if sep and tonumber(string.sub(v, sep + 1)) > now then sets[#sets + 1] = ARGV[2] .. all[i] end
end
local out = {}
for j = 3, #ARGV do
  for _, s in ipairs(sets) do
    if redis.call('SISMEMBER', s, ARGV[j]) == 1 then out[#out + 1] = ARGV[j]; break end
  end
end
return out`;

export interface PushPresence {
  /** Of `userIds`, those with no socket on any instance. */
  away(userIds: string[]): Promise<string[]>;
}

export function createPushPresence(opts: {
  connectedHere: (userId: string) => boolean;
  redis: RedisClient | null;
  redisPrefix: string;
  log: Logger;
}): PushPresence {
  return {
    async away(userIds) {
      const notHere = userIds.filter((id) => !opts.connectedHere(id));
      if (!opts.redis || notHere.length === 0) return notHere;
      try {
        const connected = (await opts.redis.send("EVAL", [
          CONNECTED_SCRIPT,
          "1",
          `${opts.redisPrefix}online`,
          String(Date.now()),
          `${opts.redisPrefix}online:users:`,
          ...notHere,
        ])) as string[] | null;
        const set = new Set(connected ?? []);
        return notHere.filter((id) => !set.has(id));
      } catch (error) {
        if (opts.redis.connected) opts.log.warn("push presence check failed", { error });
        return notHere;
      }
    },
  };
}
