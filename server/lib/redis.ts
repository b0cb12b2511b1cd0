/**
 * The instance's Redis connections (rate limits and online count; the hub's publisher and
 * subscriber), and what happens when Redis goes away (ADR 0019).
 *
 * Bun's own reconnect is off: with it, a command sent while disconnected waits in an offline
 * queue (a sign-in would hang on its rate limit until Redis is back), `onclose` only runs once
 * Bun gives up (after `maxRetries`; it never tries again), and a subscriber comes back without
 * its subscriptions. Instead each client here fails its commands at once while down, and
 * reconnects on its own with capped exponential backoff and jitter, forever; `reconnected` runs
 * on the fresh connection before it counts as up again (the hub resubscribes there).
 *
 * One outage, one line: the instance logs when its first connection drops and when the last one
 * is back, whatever the number of clients and retries.
 */
import type { RedisClient } from "bun";
import type { Logger } from "./log.ts";

export const REDIS_BACKOFF = { baseMs: 100, maxMs: 5_000 } as const;

/** Capped exponential backoff with jitter (between half and all of the cap), for attempt n (0-based). */
export function redisBackoff(n: number): number {
  const cap = Math.min(REDIS_BACKOFF.maxMs, REDIS_BACKOFF.baseMs * 2 ** Math.min(n, 20));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

export interface RedisLinks {
  /**
   * Connects a new client (rejects if Redis is unreachable: an instance does not start without
   * it). After a drop it reconnects on its own; `reconnected` runs first on each new connection
   * (a failure there counts as a failed attempt).
   */
  open(name: string, opts?: { reconnected?: (client: RedisClient) => Promise<void> }): Promise<RedisClient>;
  /** Every client is connected. */
  up(): boolean;
  /** Stops reconnecting and closes every client. */
  close(): void;
}

export function createRedisLinks(url: string, log: Logger): RedisLinks {
  const down = new Set<string>();
  const clients = new Set<RedisClient>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let lostAt = 0;
  let closed = false;

  const markDown = (name: string) => {
    if (down.has(name)) return;
    if (down.size === 0) {
      lostAt = Date.now();
      log.warn("redis connection lost: cross-instance events paused, rate limits kept per instance; local clients keep being served");
    }
    down.add(name);
  };
  const markUp = (name: string) => {
    if (!down.delete(name) || down.size > 0) return;
    log.info(`redis connection restored after ${((Date.now() - lostAt) / 1000).toFixed(1)}s`);
  };

  return {
    async open(name, opts = {}) {
      // No offline queue: while down, a command fails at once and its caller decides.
      const client = new Bun.RedisClient(url, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 3_000 });
      clients.add(client);
      let attempt = 0;
      let reconnecting = false;
      const retry = () => {
        if (closed) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          void reconnect();
        }, redisBackoff(attempt++));
        timers.add(timer);
      };
      const reconnect = async () => {
        if (closed) return;
        try {
          await client.connect();
          await opts.reconnected?.(client);
        } catch {
          // A failed attempt also ran onclose, which ignores it while reconnecting.
          return retry();
        }
        if (closed) return;
        reconnecting = false;
        attempt = 0;
        markUp(name);
      };
      // Watched once connected: a failed first connect is the caller's error, not an outage.
      await client.connect();
      client.onclose = () => {
        if (closed || reconnecting) return;
        reconnecting = true;
        markDown(name);
        retry();
      };
      return client;
    },
    up: () => down.size === 0,
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const c of clients) c.close();
    },
  };
}
