/**
 * Group chats: one admin, who adds and removes members, renames, sets the avatar (a chat_image
 * they uploaded) and hands the role over; members may leave, and when the admin leaves the role
 * passes to the longest-standing member; when the last member leaves, the group is deleted with
 * its messages and the images nothing else shows. Every change: lock the chat row → check rules
 * inside the transaction → commit → `chat.updated` to every member; a removed member's sockets
 * are unsubscribed at once on every instance (hub control event).
 */
import type { Kysely } from "kysely";
import { CHAT_LIMITS, type ChatSummary } from "../../../shared/chats.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomId } from "../../lib/crypto.ts";
import { DomainError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { chatErrors } from "./chats.errors.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { groupMembers, toChatInfo, type MemberRow } from "./chats.mappers.ts";
import * as repo from "./chats.repository.ts";
import { lockChats } from "./messages.repository.ts";
import { removeOrphanedMedia } from "./orphaned-media.ts";

export interface GroupsDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  hub: Hub;
  media: ChatsMedia;
  /** The caller's view of one chat (from chats.service). */
  summary(userId: string, chatId: string): Promise<ChatSummary>;
}

const isNotFound = (e: unknown) => e instanceof DomainError && e.code === "NOT_FOUND";

export function createGroupsService(deps: GroupsDeps) {
  const { db, clock, hub, media } = deps;

  async function requireOwnedImage(userId: string, mediaId: string) {
    await media.getOwned(userId, mediaId, "chat_image").catch((e) => Promise.reject(isNotFound(e) ? chatErrors.imageNotFound([mediaId]) : e));
  }

  async function requireActiveUsers(ids: string[]) {
    const found = new Set((await repo.activeUsers(db, ids)).map((u) => u.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw chatErrors.userNotFound(missing);
  }

  /**
   * Runs `change` in a transaction holding the chat's row lock, after checking that the user is a
   * member of this group (and its admin when `adminOnly`).
   */
  function inGroup<T>(userId: string, chatId: string, adminOnly: boolean, change: (trx: repo.Q, chat: NonNullable<Awaited<ReturnType<typeof repo.findMembership>>>) => Promise<T>) {
    return db.transaction().execute(async (trx) => {
      await lockChats(trx, [chatId]);
      const chat = await repo.findMembership(trx, chatId, userId);
      if (!chat) throw chatErrors.notFound();
      if (chat.kind !== "group") throw chatErrors.notAGroup();
      if (adminOnly && chat.admin_id !== userId) throw chatErrors.adminOnly();
      return change(trx, chat);
    });
  }

  /** After commit: the chat as everyone sees it, to every member's user topic. */
  async function publishUpdated(chatId: string) {
    const chat = await repo.findChat(db, chatId);
    if (!chat) return;
    const rows = (await repo.membersOf(db, { ids: [chatId] }, null)) as MemberRow[];
    const avatars = chat.avatar_media_id ? await media.infoMany([chat.avatar_media_id]) : new Map();
    const all = groupMembers(rows).get(chatId);
    const info = toChatInfo(chat, all && { count: all.count, members: all.members.slice(0, CHAT_LIMITS.membersPreview) }, avatars);
    for (const r of rows) hub.publish(topics.user(r.id), { type: "chat.updated", chat: info });
  }

  async function addMembersTx(trx: repo.Q, chatId: string, userIds: string[], lastMessageId: number, now: number) {
    // New members start with everything before they joined marked read.
    await repo.insertMembers(trx, userIds.map((user_id) => ({ chat_id: chatId, user_id, joined_at: now, last_read_id: lastMessageId })));
    if ((await repo.countMembers(trx, chatId)) > CHAT_LIMITS.groupMembersMax) throw chatErrors.groupFull(CHAT_LIMITS.groupMembersMax);
  }

  return {
    async createGroup(userId: string, input: { name: string; memberIds: string[]; avatarId: string | null }): Promise<ChatSummary> {
      const others = input.memberIds.filter((id) => id !== userId);
      await requireActiveUsers(others);
      if (input.avatarId) await requireOwnedImage(userId, input.avatarId);
      const id = randomId();
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await repo.insertChat(trx, { id, kind: "group", name: input.name, avatar_media_id: input.avatarId, admin_id: userId, pair_key: null, created_at: now });
        await addMembersTx(trx, id, [userId, ...others], 0, now);
      });
      await publishUpdated(id);
      return deps.summary(userId, id);
    },

    async updateGroup(userId: string, input: { chatId: string; name?: string; avatarId?: string | null }): Promise<ChatSummary> {
      if (input.avatarId) await requireOwnedImage(userId, input.avatarId);
      await inGroup(userId, input.chatId, true, (trx) =>
        repo.updateChat(trx, input.chatId, {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.avatarId !== undefined && { avatar_media_id: input.avatarId }),
        }),
      );
      await publishUpdated(input.chatId);
      return deps.summary(userId, input.chatId);
    },

    async addMembers(userId: string, input: { chatId: string; userIds: string[] }): Promise<ChatSummary> {
      await requireActiveUsers(input.userIds);
      await inGroup(userId, input.chatId, true, (trx, chat) =>
        addMembersTx(trx, input.chatId, input.userIds, Number(chat.last_message_id ?? 0), clock()),
      );
      await publishUpdated(input.chatId);
      return deps.summary(userId, input.chatId);
    },

    async removeMember(userId: string, input: { chatId: string; userId: string }): Promise<ChatSummary> {
      await inGroup(userId, input.chatId, true, async (trx) => {
        if (input.userId === userId) throw chatErrors.notYourself();
        if (!(await repo.deleteMember(trx, input.chatId, input.userId))) throw chatErrors.notAMember();
      });
      hub.control({ kind: "chat.member.removed", chatId: input.chatId, userId: input.userId, reason: "removed" });
      await publishUpdated(input.chatId);
      return deps.summary(userId, input.chatId);
    },

    async transferAdmin(userId: string, input: { chatId: string; userId: string }): Promise<ChatSummary> {
      await inGroup(userId, input.chatId, true, async (trx) => {
        if (input.userId === userId) throw chatErrors.notYourself();
        if (!(await repo.findMembership(trx, input.chatId, input.userId))) throw chatErrors.notAMember();
        await repo.updateChat(trx, input.chatId, { admin_id: input.userId });
      });
      await publishUpdated(input.chatId);
      return deps.summary(userId, input.chatId);
    },

    /**
     * Leaves a group; an admin's role passes to the longest-standing member. The last member
     * leaving deletes the group: nobody could ever see it again.
     */
    async leave(userId: string, chatId: string): Promise<void> {
      const deleted = await inGroup(userId, chatId, false, async (trx, chat) => {
        await repo.deleteMember(trx, chatId, userId);
        if ((await repo.countMembers(trx, chatId)) === 0) {
          // Read before the delete: the cascade takes the message images with it.
          const mediaIds = await repo.mediaUsedBy(trx, chatId);
          await repo.deleteGroup(trx, chatId);
          return { mediaIds };
        }
        if (chat.admin_id === userId) {
          const next = await repo.longestStandingMember(trx, chatId, userId);
          await repo.updateChat(trx, chatId, { admin_id: next?.user_id ?? null });
        }
        return null;
      });
      hub.control({ kind: "chat.member.removed", chatId, userId, reason: "left" });
      // A deleted group has nobody left to tell; its media are checked after commit, when no
      // message of it references them any more.
      if (deleted) await removeOrphanedMedia(deps, deleted.mediaIds, { what: "deleted group", chatId });
      else await publishUpdated(chatId);
    },
  };
}
