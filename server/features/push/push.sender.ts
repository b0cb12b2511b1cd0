/**
 * Delivery to push services (RFC 8030): one POST per device, encrypted for it (RFC 8291) and
 * signed for the service's origin (VAPID). Never on a request's path: `send` only queues. At most
 * `concurrency` requests run at once, each cut off after `timeoutMs`; a queue longer than
 * `maxQueue` drops the newest (logged) rather than grow without bound. 404/410: the device is gone
 * and `gone(id)` forgets it; other failures are logged and not retried (the next event sends again).
 */
import { createHash } from "node:crypto";
import type { PushPayload } from "../../../shared/push.ts";
import type { Logger } from "../../lib/log.ts";
import { b64u, encryptPayload, vapidAuthorization, type VapidKeys } from "./push.crypto.ts";

export interface PushTarget {
  id: string | number | bigint;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  /** Seconds the push service keeps an undelivered message (RFC 8030 TTL). */
  ttl: number;
  urgency: "very-low" | "low" | "normal" | "high";
  /** Messages with one topic replace each other while undelivered (one per chat). */
  topic?: string;
}

export function createPushSender(deps: {
  log: Logger;
  clock: () => number;
  keys: () => Promise<VapidKeys>;
  subject: string;
  gone: (id: PushTarget["id"]) => Promise<void>;
  sent?: (id: PushTarget["id"]) => Promise<void>;
  concurrency?: number;
  timeoutMs?: number;
  maxQueue?: number;
}) {
  const concurrency = deps.concurrency ?? 4;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const maxQueue = deps.maxQueue ?? 5_000;
  const queue: Array<() => Promise<void>> = [];
  let running = 0;
  let stopped = false;
  let dropped = 0;
  const idleWaiters: Array<() => void> = [];
  const inFlight = new Set<AbortController>();

  function pump() {
    while (!stopped && running < concurrency && queue.length) {
      const job = queue.shift()!;
      running++;
      job()
        .catch((error) => deps.log.warn("push not sent", { error }))
        .finally(() => {
          running--;
          pump();
        });
    }
    if (running === 0 && queue.length === 0) for (const w of idleWaiters.splice(0)) w();
  }

  /** RFC 8030 Topic: at most 32 characters of the base64url alphabet. */
  const topicHeader = (topic: string) => b64u.encode(createHash("sha256").update(topic).digest()).slice(0, 32);

  async function deliver(target: PushTarget, payload: PushPayload, opts: PushOptions) {
    const keys = await deps.keys();
    const body = encryptPayload(Buffer.from(JSON.stringify(payload)), { p256dh: b64u.decode(target.p256dh), auth: b64u.decode(target.auth) });
    const abort = new AbortController();
    inFlight.add(abort);
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const res = await fetch(target.endpoint, {
        method: "POST",
        headers: {
          authorization: vapidAuthorization(keys, target.endpoint, deps.subject, deps.clock()),
          "content-encoding": "aes128gcm",
          "content-type": "application/octet-stream",
          ttl: String(opts.ttl),
          urgency: opts.urgency,
          ...(opts.topic && { topic: topicHeader(opts.topic) }),
        },
        body: new Uint8Array(body),
        signal: abort.signal,
        redirect: "manual",
      });
      await res.body?.cancel().catch(() => {});
      if (res.status === 404 || res.status === 410) await deps.gone(target.id);
      else if (res.ok) await deps.sent?.(target.id);
      else deps.log.warn("push service refused a message", { status: res.status, origin: new URL(target.endpoint).origin });
    } finally {
      clearTimeout(timer);
      inFlight.delete(abort);
    }
  }

  return {
    send(target: PushTarget, payload: PushPayload, opts: PushOptions) {
      if (stopped) return;
      if (queue.length >= maxQueue) {
        if (dropped++ % 1000 === 0) deps.log.warn("push queue full: messages dropped", { dropped });
        return;
      }
      queue.push(() => deliver(target, payload, opts));
      pump();
    },
    /** Resolves once nothing is queued or in flight (tests, shutdown). */
    idle(): Promise<void> {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    /** At shutdown: what is queued is dropped, what is in flight is aborted. */
    stop() {
      stopped = true;
      queue.length = 0;
      for (const a of inFlight) a.abort();
      for (const w of idleWaiters.splice(0)) w();
    },
  };
}
export type PushSender = ReturnType<typeof createPushSender>;
