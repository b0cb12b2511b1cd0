/**
 * The only way the app publishes realtime events. Two kinds of traffic:
 * - `publish(topic, event)`: a frame for every websocket subscribed to the topic;
 * - `control(event)`: an instruction to every instance's socket layer (e.g. close the sockets
 *   of revoked sessions), since a server cannot filter what Bun's topic fan-out delivers.
 * Locally both go straight to this process. With Redis, both also go out on a Redis channel and
 * what other instances send comes in; an instance skips its own echo.
 *
 * Redis outages (ADR 0019): local delivery never waits for Redis. What crosses instances during
 * a gap is lost on the channel, so the gap is turned into a resume: once the subscriber is back
 * (resubscribed), this instance runs the local control `hub.resync` (the socket layer closes its
 * sockets with WS_CLOSE.resync; clients reconnect and resume from the database); and an instance
 * that failed to relay an event tells every other instance to do the same once it can publish.
 */
import type { RedisClient, Server } from "bun";
import type { MessagePreview } from "../../shared/chats.ts";
import type { ServerEvent } from "../../shared/events.ts";
import type { PresenceEntry } from "../../shared/presence.ts";
import { frameJson } from "./frame-json.ts";
import type { Logger } from "../lib/log.ts";
import type { RedisLinks } from "../lib/redis.ts";

export type ControlEvent =
  | { kind: "sessions.revoked"; userId: string; sessionIds: string[] }
  | { kind: "user.sessions.revoked"; userId: string; exceptSessionId: string | null }
  /** Unsubscribe the user's sockets from chat:<id> and tell them (removed by the admin, or left). */
  | { kind: "chat.member.removed"; chatId: string; userId: string; reason: "removed" | "left" }
  /**
   * New messages in a private chat, for its members' chat lists: a `chat.activity` frame to each
   * member's socket that has not opened the chat (one that has gets chat.message instead). One
   * event per chat and batch, however many members: the unread delta is worked out per member
   * from `authorIds`, the authors of the messages that count as unread (system messages do not).
   */
  | { kind: "chat.activity"; chatId: string; members: readonly string[]; authorIds: string[]; message: MessagePreview; /** Issue 13: members the messages mention. */ mentionIds?: string[] }
  /**
   * A message was deleted or edited: its frame (`chat.message.deleted`, `chat.message.edited`) to
   * each member's socket that has not opened the chat (for its chat list); one that has got the
   * same frame on chat:<id>.
   */
  | { kind: "chat.message.changed"; chatId: string; members: string[]; frame: MessageChangeFrame }
  /** The public chat's slow mode changed: every instance's send path takes the new value (chats/send-limits.ts). */
  | { kind: "chat.slowmode"; seconds: number }
  /**
   * Cross-instance events may have been lost (a Redis outage): every socket must resume. Run
   * locally when this instance's subscription comes back; relayed by an instance whose publishes
   * failed during the gap.
   */
  | { kind: "hub.resync" }
  /** Presence changes announced by one instance (coalesced), for every instance's watching sockets (realtime/presence.ts). */
  | { kind: "presence.changed"; people: PresenceEntry[] }
  /** Someone's presence or receipt settings, or a block, changed: re-check what these people see and who sees them. */
  | { kind: "presence.recheck"; userIds: string[] };

/** What a change to a stored message (message-changes.service.ts) tells the chat. */
export type MessageChangeFrame = Extract<ServerEvent, { type: "chat.message.deleted" | "chat.message.edited" }>;

export interface Hub {
  publish(topic: string, event: ServerEvent): void;
  control(event: ControlEvent): void;
  onControl(handler: (event: ControlEvent) => void): void;
  /**
   * Resolves once everything published so far has reached Redis (or failed to: then the others
   * are told to resync). A chat ack waits for it, so a message acknowledged to its sender is already
   * on its way to every instance even if this one dies the next moment. At once without Redis.
   */
  relayed(): Promise<void>;
  /** Called by main once Bun.serve is up. */
  attach(server: Server<unknown>): void;
  /**
   * Local delivery of the topics starting with `prefix` without Bun's topic tree: `deliver` gets
   * the rest of the name and the serialised frame (realtime/socket.ts routes `user:<id>` to the
   * person's sockets, so an idle socket holds no topic of its own; BENCHMARKS.md, memory).
   */
  route(prefix: string, deliver: (rest: string, payload: string) => void): void;
  close(): Promise<void>;
}

const noop = () => {};
/** The longest a chat ack waits for its message to reach Redis. */
const RELAY_WAIT_MS = 1_000;
const settled = Promise.resolve();

type Envelope =
  | { from: string; t: "pub"; topic: string; payload: string }
  | { from: string; t: "ctl"; event: ControlEvent };

export async function createHub(opts: { redis?: RedisLinks | null; redisPrefix?: string; log: Logger }): Promise<Hub> {
  // Web Crypto, not lib/crypto.ts: node:crypto (and the streams it loads) would cost every start
  // ~10 ms of CPU before the server listens (ADR 0029).
  const instance = crypto.randomUUID();
  let server: Server<unknown> | null = null;
  const handlers: Array<(e: ControlEvent) => void> = [];
  const routes: Array<readonly [string, (rest: string, payload: string) => void]> = [];
  const deliver = (topic: string, payload: string) => {
    for (const [prefix, fn] of routes) if (topic.startsWith(prefix)) return fn(topic.slice(prefix.length), payload);
    server?.publish(topic, payload);
  };
  const runControl = (event: ControlEvent) => {
    for (const h of handlers) {
      try {
        h(event);
      } catch (error) {
        opts.log.error("control handler failed", { error });
      }
    }
  };

  let out: RedisClient | null = null;
  const channel = `${opts.redisPrefix ?? "wit:"}hub`;
  /** Events this instance failed to relay since it last told the others to resync. */
  let dropped = 0;
  const onMessage = (message: string) => {
    let env: Envelope;
    try {
      env = JSON.parse(message) as Envelope;
    } catch {
      return;
    }
    if (env.from === instance) return;
    if (env.t === "pub") deliver(env.topic, env.payload);
    else runControl(env.event);
  };
  /** Others missed what this instance could not relay: they resume (sent once publishing works again). */
  const tellOthersToResync = async (client: RedisClient) => {
    if (dropped === 0) return;
    const had = dropped;
    await client.publish(channel, JSON.stringify({ from: instance, t: "ctl", event: { kind: "hub.resync" } } satisfies Envelope));
    dropped -= had;
  };
  if (opts.redis) {
    out = await opts.redis.open("hub-out", { reconnected: tellOthersToResync });
    const sub = await opts.redis.open("hub-sub", {
      async reconnected(client) {
        // Bun does not restore subscriptions on a new connection. The same listener: never twice.
        await client.subscribe(channel, onMessage);
        runControl({ kind: "hub.resync" });
      },
    });
    await sub.subscribe(channel, onMessage);
  }
  let cap: Promise<void> | null = null;
  const waitCap = () =>
    (cap ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        cap = null;
        resolve();
      }, RELAY_WAIT_MS).unref(),
    ));
  /** The newest relay: one connection answers in order, so it settles after every earlier one. */
  let lastRelay: Promise<void> | null = null;
  const relay = (env: Envelope) => {
    lastRelay = out!.publish(channel, JSON.stringify(env)).then(noop, (error) => {
      dropped += 1;
      // While Redis is down every publish fails: the outage is logged once (lib/redis.ts), and
      // the others are told to resync when the reconnect is done. Connected: tell them now.
      if (!out!.connected) return;
      opts.log.error("redis publish failed", { error });
      void tellOthersToResync(out!).catch(() => {});
    });
  };
  const relaying = () => out !== null;

  return {
    publish(topic, event) {
      const payload = frameJson(event);
      deliver(topic, payload);
      // Every chat message passes here: build no envelope when there is no Redis to send it to.
      if (relaying()) relay({ from: instance, t: "pub", topic, payload });
    },
    control(event) {
      runControl(event);
      if (relaying()) relay({ from: instance, t: "ctl", event });
    },
    onControl(handler) {
      handlers.push(handler);
    },
    // A Redis that hangs without closing must not hold acks: they wait at most about a second
    // (one shared timer), and what did not get through is resynced when the link is back.
    relayed: () => (lastRelay ? Promise.race([lastRelay, waitCap()]) : settled),
    attach(s) {
      server = s;
    },
    route(prefix, fn) {
      routes.push([prefix, fn]);
    },
    async close() {
      server = null;
      // The clients are closed with the rest of the instance's Redis connections (main.ts).
    },
  };
}
