/**
 * Web push (issue 15, BENCHMARKS.md "HTTP"). Devices subscribe (push.subscribe, tied to the session: signing
 * out deletes them by cascade); after commit, new chat messages (the `chat.activity` control
 * event) and the bell's friend requests and comments are pushed, fire-and-forget, to the
 * devices of people with no open socket anywhere, unless they muted the chat or hid the kind.
 * Nothing here runs on the path of the request that caused it: hooks only schedule work.
 */
import type { Kysely } from "kysely";
import { PUSH_LIMITS, type PushDevice, type PushPayload, type PushSubscribeInput } from "../../../shared/push.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { BadRequestError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { ControlEvent } from "../../realtime/hub.ts";
import { generateVapidKeys, type VapidKeys } from "./push.crypto.ts";
import type { PushPresence } from "./push.presence.ts";
import * as repo from "./push.repository.ts";
import { createPushSender, type PushOptions } from "./push.sender.ts";
import { pushWords } from "./push.words.ts";

export interface PushDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  /** MAIL_FROM: its address is the VAPID subject when PUBLIC_URL is not https. */
  mailFrom: string;
  /** PUSH_LOCAL_ENDPOINTS: also accept http://127.0.0.1 and http://localhost endpoints (tests, development). */
  allowLocalEndpoints: boolean;
}

/** A bell event a push is sent for, as notifications' record.add got it. */
export interface BellEvent {
  userId: string;
  kind: string;
  subjectKey: string;
  actorId: string;
  ref?: string;
}
const PUSHED_KINDS = new Set(["friend_request", "comment"]);
/** A bell event not (yet) visible when its person's `changed` came is kept this long for the next one. */
const PENDING_MS = 10_000;
const PENDING_PEOPLE = 10_000;
const DAY_S = 86_400;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[.*\])$/;

export function createPushService(deps: PushDeps) {
  const db = repo.pushDb(deps.db);
  const { clock, log } = deps;
  const subject = deps.publicUrl.startsWith("https:")
    ? deps.publicUrl
    : `mailto:${/<([^>]+)>/.exec(deps.mailFrom)?.[1] ?? deps.mailFrom.trim()}`;

  // ── VAPID keys: made once, kept in the database (every instance reads the same pair) ──
  let keysPromise: Promise<VapidKeys> | null = null;
  const keys = () =>
    (keysPromise ??= (async () => {
      const stored = await repo.keyPair(db, "vapid");
      if (stored) return { publicKey: stored.public_key, privateKey: stored.private_key };
      const fresh = generateVapidKeys();
      await repo.insertKeyPairOnce(db, "vapid", fresh.publicKey, fresh.privateKey, clock());
      const kept = (await repo.keyPair(db, "vapid"))!;
      log.info("web push: VAPID keys generated and stored in push_keys");
      return { publicKey: kept.public_key, privateKey: kept.private_key };
    })().catch((error) => {
      keysPromise = null;
      throw error;
    }));

  const sender = createPushSender({
    log,
    clock,
    keys,
    subject,
    gone: (id) => repo.removeById(db, id as number),
    sent: (id) => repo.markSent(db, id as number, clock()),
  });

  let presence: PushPresence = { away: async (ids) => ids };
  /**
   * Whether any device is subscribed at all (an installation without push: none), re-read at most
   * every 10 s, so the chat hook costs no query per batch there. A subscribe here sets it at once.
   */
  let anyDevices = { value: false, until: 0 };
  async function hasDevices(): Promise<boolean> {
    if (Date.now() < anyDevices.until) return anyDevices.value;
    const row = await db.selectFrom("push_subscriptions").select("id").limit(1).executeTakeFirst();
    anyDevices = { value: !!row, until: Date.now() + 10_000 };
    return anyDevices.value;
  }

  function checkEndpoint(endpoint: string) {
    const url = new URL(endpoint);
    const local = LOCAL_HOSTS.has(url.hostname);
    const ok =
      !url.username &&
      !url.password &&
      (local ? deps.allowLocalEndpoints : url.protocol === "https:" && !IP_LITERAL.test(url.hostname) && url.hostname.includes("."));
    if (!ok) throw new BadRequestError("push.badEndpoint");
  }

  const send = (subs: repo.SubscriptionRow[], payload: (s: repo.SubscriptionRow) => PushPayload, opts: PushOptions) => {
    for (const s of subs) sender.send(s, payload(s), opts);
  };
  const clip = (text: string) => (text.length > PUSH_LIMITS.textChars ? `${text.slice(0, PUSH_LIMITS.textChars - 1)}…` : text);
  /** Work after commit (deciding who gets what), never awaited by the request that scheduled it. */
  const working = new Set<Promise<void>>();
  const background = (what: string, work: () => Promise<void>) => {
    const job = work()
      .catch((error) => log.error(`web push: ${what} failed`, { error }))
      .finally(() => working.delete(job));
    working.add(job);
  };

  // ── chat messages ──
  async function chatActivity(event: Extract<ControlEvent, { kind: "chat.activity" }>) {
    const m = event.message;
    if (m.system || m.deleted || !(await hasDevices())) return;
    const recipients = event.members.filter((id) => id !== m.authorId);
    const subs = await repo.ofUsers(db, recipients);
    if (!subs.length) return;
    const people = [...new Set(subs.map((s) => s.user_id))];
    const muted = await repo.mutedAmong(db, event.chatId, people, clock());
    const away = new Set(await presence.away(people.filter((id) => !muted.has(id))));
    if (!away.size) return;
    const chat = await repo.chatTitle(db, event.chatId);
    const group = chat?.kind === "group";
    send(
      subs.filter((s) => away.has(s.user_id)),
      (s) => {
        const w = pushWords(s.lang);
        const text = s.show_text ? clip(m.text || (m.imageCount ? w.photo : "")) || w.newMessage : w.newMessage;
        return {
          title: group ? (chat?.name ?? m.authorName) : m.authorName,
          body: group ? `${m.authorName}: ${text}` : text,
          url: `/chats/${event.chatId}`,
          tag: `chat:${event.chatId}`,
        };
      },
      { ttl: DAY_S, urgency: group ? "normal" : "high", topic: `chat:${event.chatId}` },
    );
  }

  // ── the bell's friend requests and comments ──
  const pending = new Map<string, Array<{ e: BellEvent; at: number }>>();
  async function flushBell(userId: string) {
    const list = pending.get(userId);
    pending.delete(userId);
    if (!list?.length) return;
    const subs = await repo.ofUsers(db, [userId]);
    if (!subs.length || !(await presence.away([userId])).length) return;
    const hidden = await repo.hiddenKinds(db, userId);
    for (const { e, at } of list) {
      if (hidden.includes(e.kind)) continue;
      const found = await repo.notificationEvent(db, e);
      if (!found) {
        // Not committed yet (another change of this person's was told first) or taken back.
        if (Date.now() - at < PENDING_MS) stash(e, at);
        continue;
      }
      const name = `${found.first_name} ${found.last_name}`.trim();
      if (e.kind === "friend_request") {
        send(subs, (s) => ({ title: pushWords(s.lang).friendRequestTitle, body: pushWords(s.lang).friendRequest(name), url: "/friends/requests", tag: "friends" }), {
          ttl: 7 * DAY_S,
          urgency: "normal",
        });
      } else if (e.kind === "comment") {
        const comment = e.ref ? await repo.commentOf(db, Number(e.ref)) : undefined;
        if (!comment) continue;
        const postId = Number(comment.post_id);
        send(
          subs,
          (s) => ({
            title: pushWords(s.lang).commentTitle,
            body: s.show_text ? `${name}: ${clip(comment.body)}` : pushWords(s.lang).comment(name),
            url: `/posts/${postId}`,
            tag: `post:${postId}`,
          }),
          { ttl: DAY_S, urgency: "low", topic: `post:${postId}` },
        );
      }
    }
  }
  function stash(e: BellEvent, at = Date.now()) {
    const list = pending.get(e.userId);
    if (list) list.push({ e, at });
    else if (pending.size < PENDING_PEOPLE) pending.set(e.userId, [{ e, at }]);
  }

  return {
    async publicKey(): Promise<{ publicKey: string }> {
      return { publicKey: (await keys()).publicKey };
    },

    /** This device (endpoint) gets my notifications; tied to my session. */
    async subscribe(auth: { userId: string; sessionId: string | null }, input: PushSubscribeInput): Promise<PushDevice> {
      checkEndpoint(input.endpoint);
      await db.transaction().execute(async (trx) => {
        await repo.upsert(trx, { ...auth, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, showText: input.showText, lang: input.lang }, clock());
        await repo.trim(trx, auth.userId, PUSH_LIMITS.devicesPerPerson);
      });
      anyDevices = { value: true, until: Date.now() + 10_000 };
      return { subscribed: true, showText: input.showText };
    },

    /** This device stops getting my notifications (only my own devices can be named). */
    async unsubscribe(userId: string, endpoint: string): Promise<{ removed: boolean }> {
      return { removed: await repo.removeEndpoint(db, userId, endpoint) };
    },

    async device(userId: string, endpoint: string): Promise<PushDevice> {
      const row = await repo.ofEndpoint(db, userId, endpoint);
      return { subscribed: !!row, showText: !!row?.show_text };
    },

    /** Set by main once the socket layer exists: who has no open socket anywhere. */
    usePresence(p: PushPresence) {
      presence = p;
    },

    /** After commit (the hub's chat.activity, on the instance that stored the messages). */
    chatActivity(event: Extract<ControlEvent, { kind: "chat.activity" }>) {
      background("chat message", () => chatActivity(event));
    },
    /** Inside the bell's transaction: remembered, checked and sent on `bellChanged` after commit. */
    bellAdded(e: BellEvent) {
      if (PUSHED_KINDS.has(e.kind)) stash(e);
    },
    bellChanged(userIds: Iterable<string | null | undefined>) {
      for (const id of userIds) if (id && pending.has(id)) background("bell event", () => flushBell(id));
    },

    /** Of these people, those with no open socket anywhere (who would get a push now). */
    away: (userIds: string[]) => presence.away(userIds),
    /** Resolves once everything scheduled so far is decided and its pushes sent or dropped (tests). */
    async idle(): Promise<void> {
      while (working.size) await Promise.all([...working]);
      await sender.idle();
    },
    stop: () => sender.stop(),
  };
}

export type PushService = ReturnType<typeof createPushService>;
