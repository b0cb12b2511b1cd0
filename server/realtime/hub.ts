/**
 * The only way the app publishes realtime events. Two kinds of traffic:
 * - `publish(topic, event)`: a frame for every websocket subscribed to the topic;
 * - `control(event)`: an instruction to every instance's socket layer (e.g. close the sockets
 *   of revoked sessions), since a server cannot filter what Bun's topic fan-out delivers.
 * Locally both go straight to this process. With Redis, both also go out on a Redis channel and
 * what other instances send comes in; an instance skips its own echo.
 */
import { RedisClient, type Server } from "bun";
import type { MessagePreview } from "../../shared/chats.ts";
import type { ServerEvent } from "../../shared/events.ts";
import { randomId } from "../lib/crypto.ts";
import type { Logger } from "../lib/log.ts";

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
  | { kind: "chat.activity"; chatId: string; members: readonly string[]; authorIds: string[]; message: MessagePreview }
  /**
   * A message was deleted or edited: its frame (`chat.message.deleted`, `chat.message.edited`) to
   * each member's socket that has not opened the chat (for its chat list); one that has got the
   * same frame on chat:<id>.
   */
  | { kind: "chat.message.changed"; chatId: string; members: string[]; frame: MessageChangeFrame }
  /** The public chat's slow mode changed: every instance's send path takes the new value (chats/send-limits.ts). */
  | { kind: "chat.slowmode"; seconds: number };

/** What a change to a stored message (message-changes.service.ts) tells the chat. */
export type MessageChangeFrame = Extract<ServerEvent, { type: "chat.message.deleted" | "chat.message.edited" }>;

export interface Hub {
  publish(topic: string, event: ServerEvent): void;
  control(event: ControlEvent): void;
  onControl(handler: (event: ControlEvent) => void): void;
  /** Called by main once Bun.serve is up. */
  attach(server: Server<unknown>): void;
  close(): Promise<void>;
}

type Envelope =
  | { from: string; t: "pub"; topic: string; payload: string }
  | { from: string; t: "ctl"; event: ControlEvent };

export async function createHub(opts: { redisUrl?: string; redisPrefix?: string; log: Logger }): Promise<Hub> {
  const instance = randomId();
  let server: Server<unknown> | null = null;
  const handlers: Array<(e: ControlEvent) => void> = [];
  const deliver = (topic: string, payload: string) => server?.publish(topic, payload);
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
  let sub: RedisClient | null = null;
  const channel = `${opts.redisPrefix ?? "wit:"}hub`;
  if (opts.redisUrl) {
    out = new RedisClient(opts.redisUrl);
    sub = new RedisClient(opts.redisUrl);
    await out.connect();
    await sub.connect();
    await sub.subscribe(channel, (message) => {
      let env: Envelope;
      try {
        env = JSON.parse(message) as Envelope;
      } catch {
        return;
      }
      if (env.from === instance) return;
      if (env.t === "pub") deliver(env.topic, env.payload);
      else runControl(env.event);
    });
  }
  const relay = (env: Envelope) => {
    out?.publish(channel, JSON.stringify(env)).catch((error) => opts.log.error("redis publish failed", { error }));
  };
  const relaying = () => out !== null;

  return {
    publish(topic, event) {
      const payload = JSON.stringify(event);
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
    attach(s) {
      server = s;
    },
    async close() {
      server = null;
      sub?.close();
      out?.close();
    },
  };
}
