/**
 * The bell. Other features record what happened to someone inside their own transaction
 * (`record.add` / `remove`: never lost, never for something that did not commit) and call
 * `changed` after commit; this service answers the list, the unseen count and the settings, and
 * sends each person a `notification` frame with their unseen count — coalesced, so a burst (a
 * viral post) costs a person's tabs about one frame per NOTIFICATION_LIMITS.frameIntervalMs.
 */
import type { Kysely } from "kysely";
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_LIMITS,
  type Notification,
  type NotificationKind,
  type NotificationSettings,
  type NotificationsPage,
} from "../../../shared/notifications.ts";
import type { Database } from "../../db/schema.ts";
import type { Logger } from "../../lib/log.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { toPerson } from "../chats/chats.mappers.ts";
import { canInteract } from "../friends/social-policy.ts";
import * as repo from "./notifications.repository.ts";

export type { EventKey } from "./notifications.repository.ts";

/** `@username` in text (a username: a letter, then letters, digits, `_` or `.`), not inside an email address. */
const MENTION = /(?<![\p{L}\p{N}_.@])@([a-z][a-z0-9_.]{2,29})/giu;
export function mentionedUsernames(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!.toLowerCase().replace(/\.+$/, "")))].slice(0, 20);
}

const EXCERPT = 120;
const parseHidden = (json: string | undefined): NotificationKind[] => {
  try {
    const list = JSON.parse(json ?? "[]");
    return Array.isArray(list) ? list.filter((k): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k)) : [];
  } catch {
    return [];
  }
};

export function createNotificationsService(deps: {
  db: Kysely<Database>;
  clock: () => number;
  hub: Hub;
  log: Logger;
  /** At most one frame per person per this long (env NOTIFICATION_FRAME_INTERVAL_MS); 0: no interval (bench:bell's baseline). */
  frameIntervalMs?: number;
}) {
  const { db, clock, hub, log } = deps;
  const frameIntervalMs = deps.frameIntervalMs ?? NOTIFICATION_LIMITS.frameIntervalMs;

  async function unseen(userId: string): Promise<number> {
    const state = await repo.stateOf(db, userId);
    return repo.unseenCount(db, userId, parseHidden(state?.hidden_kinds), Number(state?.seen_up_to ?? 0));
  }

  // ── coalesced frames ───────────────────────────────────────────────────────
  const lastSent = new Map<string, number>();
  const scheduled = new Map<string, ReturnType<typeof setTimeout>>();
  let stopped = false;
  function sendSoon(userId: string) {
    if (stopped || scheduled.has(userId)) return;
    const now = Date.now();
    const wait = Math.max(0, (lastSent.get(userId) ?? 0) + frameIntervalMs - now);
    const timer = setTimeout(async () => {
      scheduled.delete(userId);
      lastSent.set(userId, Date.now());
      if (lastSent.size > 10_000) {
        const old = Date.now() - frameIntervalMs;
        for (const [id, at] of lastSent) if (at < old) lastSent.delete(id);
      }
      try {
        hub.publish(topics.user(userId), { type: "notification", unseen: await unseen(userId) });
      } catch (error) {
        log.error("notification frame not sent", { userId, error });
      }
    }, wait);
    scheduled.set(userId, timer);
  }

  /** What other features call: inside their transaction, then `changed` after commit. */
  const record = {
    /** Adds an event unless it is about myself or a block stands between the two. Returns whom to tell. */
    async add(trx: repo.Q, e: repo.EventKey): Promise<string | null> {
      if (e.userId === e.actorId) return null;
      if (!(await canInteract(trx, e.actorId, e.userId))) return null;
      return (await repo.addEvent(trx, e, clock())) ? e.userId : null;
    },
    async remove(trx: repo.Q, e: repo.EventKey): Promise<string | null> {
      return (await repo.removeEvent(trx, e)) ? e.userId : null;
    },
    /** A deleted post or comment: its notifications go, for everyone. Returns whom to tell. */
    removeSubjects: (trx: repo.Q, subjectKeys: string[]) => repo.removeSubject(trx, subjectKeys),
    /** A block: what either caused the other is forgotten. */
    removeBetween: (trx: repo.Q, a: string, b: string) => repo.removeBetween(trx, a, b),
    /** Mentions of `@username` in a comment (people who exist; never myself, nor those in `except`). */
    async mentions(trx: repo.Q, text: string, e: Omit<repo.EventKey, "userId">, except: string[] = []): Promise<string[]> {
      const names = mentionedUsernames(text);
      if (!names.length) return [];
      const people = await trx.selectFrom("users").select("id").where("username", "in", names).where("email_verified_at", "is not", null).execute();
      const told: string[] = [];
      for (const p of people) {
        if (except.includes(p.id)) continue;
        const who = await record.add(trx, { ...e, userId: p.id });
        if (who) told.push(who);
      }
      return told;
    },
  };

  return {
    record,

    /** At shutdown: pending frames are dropped (clients ask for the count when they reconnect). */
    stop() {
      stopped = true;
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
    },

    /** After commit: these people's bells changed. */
    changed(userIds: Iterable<string | null | undefined>) {
      for (const id of userIds) if (id) sendSoon(id);
    },

    unseenCount: unseen,

    async list(userId: string, input: { cursor?: string | null; limit: number }): Promise<NotificationsPage> {
      const state = await repo.stateOf(db, userId);
      const hidden = parseHidden(state?.hidden_kinds);
      const seenUpTo = Number(state?.seen_up_to ?? 0);
      const rows = await repo.groupsPage(db, userId, hidden, input.cursor ? Number(input.cursor) : null, input.limit + 1);
      const page = rows.slice(0, input.limit);
      const subject = (r: repo.GroupRow) => {
        const [type, id] = r.subject_key.split(":");
        return { type, id: Number(id) };
      };
      const postIds = page.filter((r) => subject(r).type === "post").map((r) => subject(r).id);
      const commentIds = page.filter((r) => subject(r).type === "comment").map((r) => subject(r).id);
      const [actors, comments, count] = await Promise.all([
        repo.actorsOf(db, page.map((r) => Number(r.id)), NOTIFICATION_LIMITS.actorsShown),
        repo.commentsByIds(db, commentIds),
        repo.unseenCount(db, userId, hidden, seenUpTo),
      ]);
      const commentById = new Map(comments.map((c) => [Number(c.id), c]));
      const titles = new Map(
        (await repo.postTitles(db, [...postIds, ...comments.map((c) => Number(c.post_id))])).map((p) => [Number(p.id), p.title]),
      );
      const actorsBy = new Map<number, { people: number; list: ReturnType<typeof toPerson>[] }>();
      for (const a of actors) {
        const key = Number(a.group_id);
        const entry = actorsBy.get(key) ?? actorsBy.set(key, { people: Number(a.people), list: [] }).get(key)!;
        entry.list.push(toPerson(a));
      }
      const items: Notification[] = page.map((r) => {
        const s = subject(r);
        const comment = s.type === "comment" ? commentById.get(s.id) : undefined;
        const postId = s.type === "post" ? s.id : comment ? Number(comment.post_id) : null;
        const a = actorsBy.get(Number(r.id));
        return {
          id: Number(r.latest_event_id),
          kind: r.kind as NotificationKind,
          actors: a?.list ?? [],
          count: r.kind === "comment" ? Number(r.events_count) : (a?.people ?? 0),
          people: a?.people ?? 0,
          at: Number(r.updated_at),
          seen: Number(r.latest_event_id) <= seenUpTo,
          postId,
          title: postId !== null ? (titles.get(postId) ?? null) : null,
          commentId: comment ? Number(comment.id) : null,
          excerpt: comment ? comment.body.slice(0, EXCERPT) : null,
        };
      });
      return { items, nextCursor: rows.length > input.limit ? String(page.at(-1)!.latest_event_id) : null, unseen: count };
    },

    /** Marks everything up to `upTo` (default: all) as seen; my tabs get the new count. */
    async markSeen(userId: string, upTo?: number): Promise<{ unseen: number }> {
      // Never past my newest entry: what comes later (with a larger id) must still be unseen.
      const latest = await repo.latestEventId(db, userId);
      const to = upTo === undefined ? latest : Math.min(upTo, latest);
      // The frame below says it all: a pending coalesced one would only repeat it, or say less.
      // Cleared before counting, so a change committed later schedules a frame of its own.
      const pending = scheduled.get(userId);
      if (pending) clearTimeout(pending);
      scheduled.delete(userId);
      await repo.advanceSeen(db, userId, to);
      const n = await unseen(userId);
      hub.publish(topics.user(userId), { type: "notification", unseen: n });
      return { unseen: n };
    },

    async settings(userId: string): Promise<NotificationSettings> {
      return { hidden: parseHidden((await repo.stateOf(db, userId))?.hidden_kinds) };
    },

    async updateSettings(userId: string, input: NotificationSettings): Promise<NotificationSettings> {
      const hidden = [...new Set(input.hidden)];
      await repo.saveState(db, userId, { hidden_kinds: JSON.stringify(hidden) });
      sendSoon(userId);
      return { hidden };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
/** What features that cause notifications need: record inside their transaction, `changed` after commit. */
export type Notify = Pick<NotificationsService, "record" | "changed">;
