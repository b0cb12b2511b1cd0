/**
 * Moderation: the reports queue, actions on content and people, roles, the audit log. Every
 * action: validated input (router, shared/moderation.ts) → role check (roles.ts) → one
 * transaction that does it, resolves the reports it answers and appends to the audit log →
 * commit → its live effect (frames, closed sockets) through the hub.
 */
import type { Kysely } from "kysely";
import type { ChatPerson } from "../../../shared/chats.ts";
import type { ReportReason } from "../../../shared/friends.ts";
import {
  hasRole,
  outranks,
  RESOLUTIONS_FOR,
  SUSPENDED_FOREVER,
  type ContentTarget,
  type LogEntry,
  type ModerationAction,
  type ReportGroup,
  type ReportQueuePage,
  type ReportTargetKind,
  type Resolution,
  type Role,
  type TargetLink,
  type TeamMember,
} from "../../../shared/moderation.ts";
import type { Database } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { BadRequestError, ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import * as authRepo from "../auth/auth.repository.ts";
import * as commentsRepo from "../posts/comments.repository.ts";
import * as postsRepo from "../posts/posts.repository.ts";
import type { Q } from "../posts/posts.repository.ts";
import * as repo from "./moderation.repository.ts";
import { asRole, requireRole } from "./roles.ts";
import { isSuspended } from "./visibility.ts";

/** An action's live effect, run after its transaction commits. */
export type AfterCommit = () => void | Promise<void>;

export interface DeletedMessage {
  authorId: string;
  after: AfterCommit | null;
}

/** What moderation needs of the messenger (server/features/chats/chats.moderation.ts). */
export interface ModerationChats {
  /**
   * Tombstones any text message of the chat (any author). Null when the chat has no such message
   * (or it is a system line); `after` null when it was deleted already (nothing changes).
   */
  deleteMessage(trx: Q, chatId: string, messageId: number): Promise<DeletedMessage | null>;
  /** Clears a group chat's name or avatar; null when there was nothing to clear. NOT_FOUND for a chat that is not a group. */
  clearGroup(trx: Q, chatId: string, what: "name" | "avatar", actorId: string): Promise<AfterCommit | null>;
  /** Sets the public chat's slow mode (0: off); `before`: the value it replaced. */
  setSlowMode(trx: Q, seconds: number): Promise<{ before: number; after: AfterCommit }>;
}

export interface ModerationDeps {
  db: Kysely<Database>;
  clock: Clock;
  hub: Hub;
  chats: ModerationChats;
}

const person = (r: { id: string; username: string; first_name: string; last_name: string; avatar_media_id: string | null }): ChatPerson => ({
  id: r.id,
  username: r.username,
  firstName: r.first_name,
  lastName: r.last_name,
  avatarId: r.avatar_media_id,
});

const parseJson = (text: string): Record<string, unknown> => {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** Times (`*_at`, `suspended_until`) as ms numbers: Postgres gives bigints as strings, in rows and in stored snapshots. */
const timesAsNumbers = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, (k.endsWith("_at") || k === "suspended_until") && v != null && /^\d+$/.test(String(v)) ? Number(v) : v]),
  );

/** A message's key is "<chatId>:<messageId>"; every other kind's is its id. */
function splitMessageKey(key: string): { chatId: string; messageId: number } | null {
  const m = /^(global|[a-f0-9]{24}):(\d{1,18})$/.exec(key);
  return m ? { chatId: m[1]!, messageId: Number(m[2]) } : null;
}

export function createModerationService(deps: ModerationDeps) {
  const { db, clock, hub, chats } = deps;

  const log = (trx: Q, actorId: string, action: ModerationAction, target: { kind: string; key: string; ownerId: string | null }, reason: string, details: Record<string, unknown> = {}) =>
    repo.appendLog(trx, {
      actor_id: actorId,
      action,
      target_kind: target.kind,
      target_key: target.key,
      target_owner_id: target.ownerId,
      reason,
      details,
      created_at: clock(),
    });

  /** Someone a moderator may act on: not themselves, and of a lower role. */
  async function actionable(trx: Q, actorRole: Role, actorId: string, userId: string) {
    const target = await repo.findPerson(trx, userId);
    if (!target) throw new NotFoundError("moderation.personNotFound");
    if (userId === actorId) throw new ForbiddenError("moderation.notYourself");
    if (!outranks(actorRole, asRole(target.role))) throw new ForbiddenError("moderation.higherRole");
    return target;
  }

  // ── content ────────────────────────────────────────────────────────────────
  async function hideInTrx(trx: Q, actorId: string, target: ContentTarget, reason: string, hide: boolean): Promise<{ ownerId: string; after: AfterCommit | null }> {
    const now = clock();
    if (target.kind === "post") {
      const post = await postsRepo.postOwner(trx, target.id);
      if (!post) throw new NotFoundError("posts.notFound");
      const changed = await postsRepo.setPostHidden(trx, target.id, hide ? { at: now, reason } : null);
      if (!changed) return { ownerId: post.author_id, after: null };
      await log(trx, actorId, hide ? "post.hide" : "post.restore", { kind: "post", key: String(target.id), ownerId: post.author_id }, reason);
      const after: AfterCommit | null = hide
        ? () => {
            // Everyone's open feeds and post pages drop it (the author's reload shows it marked hidden).
            const frame = { type: "post.deleted" as const, postId: target.id };
            hub.publish(topics.post(target.id), frame);
            hub.publish(topics.feed, frame);
          }
        : null;
      return { ownerId: post.author_id, after };
    }
    const comment = await commentsRepo.commentById(trx, target.id);
    if (!comment) throw new NotFoundError("comments.notFound");
    const postId = Number(comment.post_id);
    const changed = await commentsRepo.setCommentHidden(trx, target.id, hide ? { at: now, reason } : null);
    if (!changed) return { ownerId: comment.author_id, after: null };
    // The post's count leaves out hidden comments, in the same transaction.
    await postsRepo.bump(trx, postId, "comments_count", hide ? -1 : 1);
    await log(trx, actorId, hide ? "comment.hide" : "comment.restore", { kind: "comment", key: String(target.id), ownerId: comment.author_id }, reason, { postId });
    const comments = Number((await postsRepo.countersOf(trx, postId))?.comments_count ?? 0);
    const after: AfterCommit | null = hide
      ? () => hub.publish(topics.post(postId), { type: "comment.deleted", postId, commentId: target.id, comments })
      : null;
    return { ownerId: comment.author_id, after };
  }

  async function suspendInTrx(trx: Q, actorId: string, actorRole: Role, userId: string, days: number | null, reason: string): Promise<AfterCommit> {
    await actionable(trx, actorRole, actorId, userId);
    const now = clock();
    const until = days === null ? SUSPENDED_FOREVER : now + days * 86_400_000;
    await repo.setSuspendedUntil(trx, userId, until);
    await authRepo.deleteUserSessions(trx, userId);
    await log(trx, actorId, "user.suspend", { kind: "user", key: userId, ownerId: userId }, reason, { until: days === null ? null : until, days });
    // Every instance closes the person's sockets.
    return () => hub.control({ kind: "user.sessions.revoked", userId, exceptSessionId: null });
  }

  /** Deletes a message as a moderator and logs it (not when it was deleted already); NOT_FOUND when there is no such message. */
  async function deleteMessageInTrx(trx: Q, actorId: string, chatId: string, messageId: number, reason: string): Promise<AfterCommit | null> {
    const done = await chats.deleteMessage(trx, chatId, messageId);
    if (!done) throw new NotFoundError("chats.messageNotFound");
    if (done.after) await log(trx, actorId, "message.delete", { kind: "message", key: `${chatId}:${messageId}`, ownerId: done.authorId }, reason);
    return done.after;
  }

  /** Clears a group's name or avatar and logs it (not when there was nothing to clear). */
  async function clearChatInTrx(trx: Q, actorId: string, chatId: string, what: "name" | "avatar", ownerId: string | null, reason: string): Promise<AfterCommit | null> {
    const done = await chats.clearGroup(trx, chatId, what, actorId);
    if (done) await log(trx, actorId, what === "name" ? "chat.clear_name" : "chat.clear_avatar", { kind: "chat", key: chatId, ownerId }, reason);
    return done;
  }

  async function run(fn: (trx: Q) => Promise<AfterCommit | null | Array<AfterCommit | null>>): Promise<void> {
    const after = await db.transaction().execute(fn);
    for (const a of [after].flat()) if (a) await a();
  }

  // ── the queue ──────────────────────────────────────────────────────────────
  async function currentOf(groups: repo.GroupRow[]) {
    const keys = (kind: ReportTargetKind) => groups.filter((g) => g.target_kind === kind).map((g) => g.target_key);
    const messageKeys = keys("message").map(splitMessageKey).filter((k) => k !== null);
    const [users, posts, comments, messages, chatRows] = await Promise.all([
      repo.usersNow(db, keys("user")),
      repo.postsNow(db, keys("post").map(Number)),
      repo.commentsNow(db, keys("comment").map(Number)),
      repo.messagesNow(db, messageKeys.map((k) => k.messageId)),
      repo.chatsNow(db, keys("chat")),
    ]);
    const now = new Map<string, Record<string, unknown>>();
    for (const u of users) now.set(`user|${u.id}`, { ...u, suspended_until: u.suspended_until == null ? null : toMs(u.suspended_until) });
    for (const p of posts) now.set(`post|${Number(p.id)}`, { ...p, id: Number(p.id) });
    for (const c of comments) now.set(`comment|${Number(c.id)}`, { ...c, id: Number(c.id), post_id: Number(c.post_id) });
    for (const m of messages) if (m.deleted_at == null) now.set(`message|${m.chat_id}:${Number(m.id)}`, { ...m, id: Number(m.id) });
    for (const c of chatRows) now.set(`chat|${c.id}`, c);
    return now;
  }

  function linkOf(kind: string, key: string, snapshot: Record<string, unknown>, owner: { username: string } | null): TargetLink {
    switch (kind) {
      case "user":
        return { userId: key, username: owner?.username };
      case "post":
        return { postId: Number(key) };
      case "comment": {
        // A report's snapshot has the post as post_id, a log entry's details as postId.
        const postId = snapshot.post_id ?? snapshot.postId;
        return { commentId: Number(key), postId: postId == null ? undefined : Number(postId) };
      }
      case "message": {
        const m = splitMessageKey(key);
        return m ? { chatId: m.chatId, messageId: m.messageId } : {};
      }
      case "chat":
        return { chatId: key };
      default:
        return {};
    }
  }

  return {
    /** The reports queue: reported things with their reports, as reported and as now. */
    async queue(actorId: string, input: { status: "open" | "resolved"; sort: "newest" | "most"; kind?: ReportTargetKind | null; cursor?: string | null; limit: number }): Promise<ReportQueuePage> {
      await requireRole(db, actorId, "moderator");
      const [n, lastId] = input.cursor?.includes("-") ? input.cursor.split("-").map(Number) : [0, Number(input.cursor ?? 0)];
      const after = input.cursor ? { n: n!, lastId: lastId! } : null;
      const groups = await repo.reportGroups(db, { status: input.status, sort: input.sort, kind: input.kind, after, limit: input.limit + 1 });
      const page = groups.slice(0, input.limit);
      const targets = page.map((g) => ({ kind: g.target_kind, key: g.target_key }));
      const [reports, current, open] = await Promise.all([repo.reportsOf(db, input.status, targets), currentOf(page), repo.openTargets(db)]);
      const peopleIds = new Set<string>();
      for (const r of reports) {
        if (r.target_owner_id) peopleIds.add(r.target_owner_id);
        if (r.resolved_by) peopleIds.add(r.resolved_by);
      }
      const people = new Map((await repo.peopleByIds(db, [...peopleIds])).map((p) => [p.id, p]));
      const nowMs = clock();
      const items: ReportGroup[] = page.map((g) => {
        const mine = reports.filter((r) => r.target_kind === g.target_kind && r.target_key === g.target_key);
        const first = mine[0];
        const last = mine.at(-1);
        const reported = first ? timesAsNumbers(parseJson(first.snapshot)) : {};
        const ownerRow = first?.target_owner_id ? people.get(first.target_owner_id) : undefined;
        const asNow = current.get(`${g.target_kind}|${g.target_key}`);
        const cur = asNow ? timesAsNumbers(asNow) : null;
        const reasons: Partial<Record<ReportReason, number>> = {};
        for (const r of mine) reasons[r.reason as ReportReason] = (reasons[r.reason as ReportReason] ?? 0) + 1;
        const resolver = last?.resolved_by ? people.get(last.resolved_by) : undefined;
        return {
          targetKind: g.target_kind as ReportTargetKind,
          targetKey: g.target_key,
          link: linkOf(g.target_kind, g.target_key, reported, ownerRow ?? null),
          owner: ownerRow ? person(ownerRow) : null,
          ownerSuspendedUntil: ownerRow && isSuspended(ownerRow.suspended_until, nowMs) ? toMs(ownerRow.suspended_until!) : null,
          reported,
          current: cur,
          hidden: cur && cur.hidden_at != null ? { reason: String(cur.hidden_reason ?? ""), at: toMs(cur.hidden_at as number) } : null,
          count: Number(g.n),
          reasons,
          firstAt: toMs(g.first_at),
          lastAt: toMs(g.last_at),
          reports: mine
            .slice(-20)
            .reverse()
            .map((r) => ({ id: Number(r.id), reporter: person({ ...r, id: r.reporter_id }), reason: r.reason as ReportReason, text: r.text, at: toMs(r.created_at) })),
          resolution:
            input.status === "resolved" && last?.resolved_at != null
              ? { by: resolver ? person(resolver) : null, at: toMs(last.resolved_at), resolution: (last.resolution ?? "none") as Resolution, note: last.resolution_note ?? "" }
              : null,
        };
      });
      const end = page.at(-1);
      const nextCursor = groups.length > input.limit && end ? (input.sort === "most" ? `${Number(end.n)}-${Number(end.last_id)}` : String(Number(end.last_id))) : null;
      return { items, nextCursor, open };
    },

    async openCount(actorId: string): Promise<{ open: number }> {
      await requireRole(db, actorId, "moderator");
      return { open: await repo.openTargets(db) };
    },

    /** Resolves every open report of a thing, with an action or none; one transaction. */
    async resolve(actorId: string, input: { targetKind: ReportTargetKind; targetKey: string; resolution: Resolution; reason: string; suspendDays?: number | null }): Promise<{ resolved: number }> {
      const actorRole = await requireRole(db, actorId, "moderator");
      if (!RESOLUTIONS_FOR[input.targetKind].includes(input.resolution)) throw new BadRequestError("moderation.resolutionNotFit");
      if (input.resolution === "suspend" && input.suspendDays === undefined) throw new BadRequestError("moderation.suspendDaysRequired");
      let resolved = 0;
      await run(async (trx) => {
        const open = await repo.reportsOf(trx, "open", [{ kind: input.targetKind, key: input.targetKey }]);
        if (open.length === 0) throw new NotFoundError("moderation.reportNotFound");
        const ownerId = open[0]!.target_owner_id;
        const after: Array<AfterCommit | null> = [];
        if (input.resolution === "hide") {
          if (input.targetKind === "message") {
            const m = splitMessageKey(input.targetKey);
            if (!m) throw new NotFoundError("moderation.reportNotFound");
            after.push(await deleteMessageInTrx(trx, actorId, m.chatId, m.messageId, input.reason));
          } else {
            const hidden = await hideInTrx(trx, actorId, { kind: input.targetKind as "post" | "comment", id: Number(input.targetKey) }, input.reason, true);
            after.push(hidden.after);
          }
        } else if (input.resolution === "suspend") {
          if (!ownerId) throw new NotFoundError("moderation.personNotFound");
          after.push(await suspendInTrx(trx, actorId, actorRole, ownerId, input.suspendDays ?? null, input.reason));
        } else if (input.resolution === "clear_chat_name" || input.resolution === "clear_chat_avatar") {
          const what = input.resolution === "clear_chat_name" ? "name" : "avatar";
          after.push(await clearChatInTrx(trx, actorId, input.targetKey, what, ownerId, input.reason));
        }
        const ids = await repo.resolveReports(trx, { kind: input.targetKind, key: input.targetKey }, { actorId, at: clock(), resolution: input.resolution, note: input.reason });
        resolved = ids.length;
        await log(trx, actorId, "report.resolve", { kind: input.targetKind, key: input.targetKey, ownerId }, input.reason, { resolution: input.resolution, reports: ids });
        return after;
      });
      return { resolved };
    },

    async hide(actorId: string, input: { target: ContentTarget; reason: string }): Promise<void> {
      await requireRole(db, actorId, "moderator");
      await run(async (trx) => (await hideInTrx(trx, actorId, input.target, input.reason, true)).after);
    },

    async restore(actorId: string, input: { target: ContentTarget; reason: string }): Promise<void> {
      await requireRole(db, actorId, "moderator");
      await run(async (trx) => (await hideInTrx(trx, actorId, input.target, input.reason, false)).after);
    },

    /** A moderator deletes any message of the public chat (or of a reported message, from the queue). */
    async deleteMessage(actorId: string, input: { chatId: string; messageId: number; reason: string }): Promise<void> {
      await requireRole(db, actorId, "moderator");
      if (input.chatId !== "global") throw new ForbiddenError("moderation.onlyPublicChat");
      await run((trx) => deleteMessageInTrx(trx, actorId, input.chatId, input.messageId, input.reason));
    },

    async suspend(actorId: string, input: { userId: string; days: number | null; reason: string }): Promise<void> {
      const actorRole = await requireRole(db, actorId, "moderator");
      await run((trx) => suspendInTrx(trx, actorId, actorRole, input.userId, input.days, input.reason));
    },

    async unsuspend(actorId: string, input: { userId: string; reason: string }): Promise<void> {
      const actorRole = await requireRole(db, actorId, "moderator");
      await run(async (trx) => {
        const target = await actionable(trx, actorRole, actorId, input.userId);
        if (!isSuspended(target.suspended_until, clock())) throw new BadRequestError("moderation.notSuspended");
        await repo.setSuspendedUntil(trx, input.userId, null);
        await log(trx, actorId, "user.unsuspend", { kind: "user", key: input.userId, ownerId: input.userId }, input.reason);
        return null;
      });
    },

    async clearChat(actorId: string, input: { chatId: string; what: "name" | "avatar"; reason: string }): Promise<void> {
      await requireRole(db, actorId, "moderator");
      await run((trx) => clearChatInTrx(trx, actorId, input.chatId, input.what, null, input.reason));
    },

    /** The public chat's slow mode: one message per `seconds` per person (moderators exempt); 0 turns it off. */
    async setSlowMode(actorId: string, input: { seconds: number }): Promise<{ seconds: number }> {
      await requireRole(db, actorId, "moderator");
      await run(async (trx) => {
        const { before, after } = await chats.setSlowMode(trx, input.seconds);
        if (before === input.seconds) return null;
        await log(trx, actorId, "chat.slow_mode", { kind: "chat", key: "global", ownerId: null }, "", { seconds: input.seconds, before });
        return after;
      });
      return { seconds: input.seconds };
    },

    /** Admins make members moderators and back; nobody changes an admin's role here (the CLI does). */
    async setRole(actorId: string, input: { userId: string; role: "member" | "moderator"; reason: string }): Promise<void> {
      await requireRole(db, actorId, "admin");
      await run(async (trx) => {
        const target = await repo.findPerson(trx, input.userId);
        if (!target) throw new NotFoundError("moderation.personNotFound");
        const before = asRole(target.role);
        if (before === "admin") throw new ForbiddenError("moderation.higherRole");
        if (before === input.role) return null;
        await repo.setRole(trx, input.userId, input.role);
        await log(trx, actorId, input.role === "moderator" ? "role.grant" : "role.revoke", { kind: "user", key: input.userId, ownerId: input.userId }, input.reason, { from: before, to: input.role });
        return null;
      });
    },

    async team(actorId: string): Promise<TeamMember[]> {
      await requireRole(db, actorId, "moderator");
      return (await repo.team(db)).map((r) => ({ person: person(r), role: asRole(r.role) }));
    },

    /** The audit log, newest first; read-only (no procedure changes it, and the database refuses to). */
    async log(actorId: string, input: { cursor?: string | null; limit: number; action?: ModerationAction | null; actorId?: string | null; targetKind?: string | null }): Promise<{ items: LogEntry[]; nextCursor: string | null }> {
      await requireRole(db, actorId, "moderator");
      const rows = await repo.logPage(db, {
        beforeId: input.cursor ? Number(input.cursor) : null,
        limit: input.limit + 1,
        action: input.action,
        actorId: input.actorId,
        targetKind: input.targetKind,
      });
      const page = rows.slice(0, input.limit);
      const ids = new Set<string>();
      for (const r of page) {
        ids.add(r.actor_id);
        if (r.target_owner_id) ids.add(r.target_owner_id);
      }
      const people = new Map((await repo.peopleByIds(db, [...ids])).map((p) => [p.id, p]));
      const items = page.map((r): LogEntry => {
        const details = parseJson(r.details);
        const owner = r.target_owner_id ? people.get(r.target_owner_id) : undefined;
        const actor = people.get(r.actor_id);
        return {
          id: Number(r.id),
          actor: actor ? person(actor) : null,
          action: r.action as ModerationAction,
          targetKind: r.target_kind,
          targetKey: r.target_key,
          link: linkOf(r.target_kind, r.target_key, details, owner ?? null),
          owner: owner ? person(owner) : null,
          reason: r.reason,
          details,
          at: toMs(r.created_at),
        };
      });
      return { items, nextCursor: rows.length > input.limit ? String(page.at(-1)!.id) : null };
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;

/**
 * The command line's role changes (`bun run admin grant <email>`, `world-it admin …`): the only
 * way to make an admin. Logged with the actor "cli".
 */
export async function setRoleFromCli(db: Kysely<Database>, clock: Clock, email: string, role: Role): Promise<{ username: string; before: Role } | null> {
  return db.transaction().execute(async (trx) => {
    const target = await repo.findByEmail(trx, email.trim().toLowerCase());
    if (!target) return null;
    const before = asRole(target.role);
    if (before !== role) {
      await repo.setRole(trx, target.id, role);
      await repo.appendLog(trx, {
        actor_id: "cli",
        action: hasRole(role, before) ? "role.grant" : "role.revoke",
        target_kind: "user",
        target_key: target.id,
        target_owner_id: target.id,
        reason: "command line",
        details: { from: before, to: role },
        created_at: clock(),
      });
    }
    return { username: target.username, before };
  });
}

export const listTeam = async (db: Kysely<Database>) => (await repo.team(db)).map((r) => ({ email: r.email, username: r.username, role: asRole(r.role) }));
