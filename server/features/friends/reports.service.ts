/**
 * Reports of a person, a post, a comment or a message, kept for moderators with a snapshot of
 * what was reported as it was then (it may be edited or deleted later). One report per person per
 * thing (a unique key): a second one is a CONFLICT that changes nothing.
 */
import type { Kysely } from "kysely";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import type { ReportReason, ReportTarget } from "../../../shared/friends.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import { friendErrors } from "./friends.errors.ts";
import { friendsLimits } from "./friends.limits.ts";
import type { Q } from "./relations.repository.ts";

interface Snapshot {
  key: string;
  ownerId: string | null;
  content: Record<string, unknown>;
}

async function snapshotOf(db: Q, reporterId: string, target: ReportTarget): Promise<Snapshot | null> {
  switch (target.kind) {
    case "user": {
      const u = await db
        .selectFrom("users")
        .select(["id", "username", "first_name", "last_name", "bio", "avatar_media_id"])
        .where("id", "=", target.id)
        .where("email_verified_at", "is not", null)
        .executeTakeFirst();
      return u ? { key: u.id, ownerId: u.id, content: u } : null;
    }
    case "post": {
      const p = await db.selectFrom("posts").select(["id", "author_id", "title", "topic", "body", "links", "created_at", "edited_at"]).where("id", "=", target.id).executeTakeFirst();
      if (!p) return null;
      const tags = await db.selectFrom("post_tags").select("tag").where("post_id", "=", target.id).execute();
      return { key: String(target.id), ownerId: p.author_id, content: { ...p, id: Number(p.id), tags: tags.map((t) => t.tag) } };
    }
    case "comment": {
      const c = await db.selectFrom("comments").select(["id", "post_id", "author_id", "body", "created_at"]).where("id", "=", target.id).executeTakeFirst();
      return c ? { key: String(target.id), ownerId: c.author_id, content: { ...c, id: Number(c.id), post_id: Number(c.post_id) } } : null;
    }
    case "message": {
      // Only a message the reporter can read (the public chat, or a chat they are in).
      if (target.chatId !== GLOBAL_CHAT_ID) {
        const member = await db.selectFrom("chat_members").select("user_id").where("chat_id", "=", target.chatId).where("user_id", "=", reporterId).executeTakeFirst();
        if (!member) return null;
      }
      const m = await db
        .selectFrom("messages")
        .select(["id", "chat_id", "author_id", "body", "kind", "created_at", "deleted_at"])
        .where("chat_id", "=", target.chatId)
        .where("id", "=", target.id)
        .executeTakeFirst();
      if (!m || m.deleted_at != null || m.kind === "system") return null;
      return { key: `${target.chatId}:${target.id}`, ownerId: m.author_id, content: { ...m, id: Number(m.id) } };
    }
    case "chat": {
      // A group's name or avatar, reported by one of its members.
      const c = await db
        .selectFrom("chats as c")
        .innerJoin("chat_members as m", (j) => j.onRef("m.chat_id", "=", "c.id").on("m.user_id", "=", reporterId))
        .select(["c.id", "c.kind", "c.name", "c.avatar_media_id", "c.admin_id"])
        .where("c.id", "=", target.chatId)
        .executeTakeFirst();
      if (!c || c.kind !== "group") return null;
      // Its admin answers for its name and avatar; a report by the admin is not refused.
      return { key: c.id, ownerId: c.admin_id === reporterId ? null : c.admin_id, content: c };
    }
  }
}

export function createReportsService(deps: { db: Kysely<Database>; clock: Clock; limiter: RateLimiter }) {
  const { db, clock, limiter } = deps;
  return {
    async create(reporterId: string, input: { target: ReportTarget; reason: ReportReason; text?: string }): Promise<{ id: number }> {
      await enforce(limiter, friendsLimits.report, reporterId);
      const snap = await snapshotOf(db, reporterId, input.target);
      if (!snap) throw friendErrors.reportTargetNotFound();
      // Nobody reports themselves or their own words.
      if (snap.ownerId === reporterId) throw friendErrors.reportTargetNotFound();
      const row = await db
        .insertInto("reports")
        .values({
          reporter_id: reporterId,
          target_kind: input.target.kind,
          target_key: snap.key,
          target_owner_id: snap.ownerId,
          snapshot: JSON.stringify(snap.content),
          reason: input.reason,
          text: input.text ?? "",
          created_at: clock(),
        })
        .onConflict((oc) => oc.columns(["reporter_id", "target_kind", "target_key"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) throw friendErrors.alreadyReported();
      return { id: Number(row.id) };
    },
  };
}
