/**
 * Group chats: one admin, who adds and removes members, renames, sets the avatar (a chat_image
 * they uploaded) and hands the role over; members may leave, and when the admin leaves the role
 * passes to the longest-standing member; when the last member leaves, the group is deleted with
 * its messages and the images nothing else shows. Every change: lock the chat row → check rules
 * inside the transaction → commit → `chat.updated` to every member; a removed member's sockets
 * are unsubscribed at once on every instance (hub control event).
 *
 * Every change also leaves a system message in the conversation ("Olena added Taras"): a
 * `messages` row of kind 'system' whose author is who did it and whose body is the JSON event,
 * stored in the same transaction as the change and published after commit like any message
 * (messages.service publishStored). A removed member is unsubscribed before it is published, so
 * they never receive the message about their own removal. When the admin leaves, a second line
 * ("Taras is now the admin") follows the "left" one, in the same transaction.
 */
import type { Kysely } from "kysely";
import { CHAT_LIMITS, type ChatSummary, type SystemEvent, type SystemPerson } from "../../../shared/chats.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomId } from "../../lib/crypto.ts";
import { DomainError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { Hub } from "../../realtime/hub.ts";
import { chatErrors } from "./chats.errors.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { publishChatUpdated } from "./chat-updated.ts";
import type { MessageRow, PersonRow } from "./chats.mappers.ts";
import * as repo from "./chats.repository.ts";
import { insertSystemMessage, lockChats, peopleByIds } from "./messages.repository.ts";
import type { MessagesService } from "./messages.service.ts";
import { removeOrphanedMedia } from "./orphaned-media.ts";

export interface GroupsDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  hub: Hub;
  media: ChatsMedia;
  /** The caller's view of one chat (from chats.service). */
  summary(userId: string, chatId: string): Promise<ChatSummary>;
  /** Publishes the system messages after commit, the way sent messages are published. */
  messages: Pick<MessagesService, "publishStored">;
}

/** System messages a transaction stored, and the members it left (who is told after commit). */
interface Recorded {
  rows: MessageRow[];
  members: string[];
}

/** A person's name as system events keep it: shown even after they left (or renamed themselves). */
const asSystemPerson = (p: PersonRow): SystemPerson => ({ id: p.id, name: `${p.first_name} ${p.last_name}`.trim() });

const isNotFound = (e: unknown) => e instanceof DomainError && e.code === "NOT_FOUND";

export function createGroupsService(deps: GroupsDeps) {
  const { db, clock, hub, media } = deps;

  async function requireOwnedImage(userId: string, mediaId: string) {
    await media.getOwned(userId, mediaId, "chat_image").catch((e) => Promise.reject(isNotFound(e) ? chatErrors.imageNotFound([mediaId]) : e));
  }

  /** The people, in the order asked for; NOT_FOUND naming those who do not exist (or are unconfirmed). */
  async function requireActiveUsers(ids: string[]): Promise<PersonRow[]> {
    const found = new Map((await repo.activeUsers(db, ids)).map((u) => [u.id, u]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw chatErrors.userNotFound(missing);
    return ids.map((id) => found.get(id)!);
  }

  /**
   * Inside the change's transaction (after it): stores one system message per event, authored by
   * the actor, and reads the members the change left: they are the ones told after commit.
   */
  async function recordTx(trx: repo.Q, chatId: string, actorId: string, events: SystemEvent[], now: number): Promise<Recorded> {
    const rows: MessageRow[] = [];
    for (const event of events) {
      // A server-made client id: unique per (author, client id) like a sent message's, and not a uuid.
      const client_id = `sys-${randomId()}`;
      rows.push(await insertSystemMessage(trx, { chat_id: chatId, author_id: actorId, client_id, body: JSON.stringify(event), created_at: now }));
    }
    const members = rows.length ? ((await repo.memberIdsOf(trx, [chatId])).get(chatId) ?? []) : [];
    return { rows, members };
  }

  /** After commit: the system messages on chat:<id> and as list activity to the members left. */
  async function publishRecorded(recorded: Recorded | null) {
    if (!recorded?.rows.length) return;
    await deps.messages.publishStored(recorded.rows.map((row) => ({ row, members: recorded.members })));
  }

  /** Of a member (for an event about them), read in the transaction: they may be gone after it. */
  async function personTx(trx: repo.Q, userId: string): Promise<SystemPerson> {
    const [p] = await peopleByIds(trx, [userId]);
    return p ? asSystemPerson(p) : { id: userId, name: "" };
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
  const publishUpdated = (chatId: string) => publishChatUpdated(deps, chatId);

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
      const recorded = await db.transaction().execute(async (trx) => {
        await repo.insertChat(trx, { id, kind: "group", name: input.name, avatar_media_id: input.avatarId, admin_id: userId, pair_key: null, created_at: now });
        await addMembersTx(trx, id, [userId, ...others], 0, now);
        // Nobody else can write to a chat this transaction has not committed: no lock needed.
        return recordTx(trx, id, userId, [{ event: "created", name: input.name }], now);
      });
      await publishUpdated(id);
      await publishRecorded(recorded);
      return deps.summary(userId, id);
    },

    async updateGroup(userId: string, input: { chatId: string; name?: string; avatarId?: string | null }): Promise<ChatSummary> {
      if (input.avatarId) await requireOwnedImage(userId, input.avatarId);
      const recorded = await inGroup(userId, input.chatId, true, async (trx, chat) => {
        await repo.updateChat(trx, input.chatId, {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.avatarId !== undefined && { avatar_media_id: input.avatarId }),
        });
        // Only what really changed is worth a line in the conversation.
        const events: SystemEvent[] = [];
        if (input.name !== undefined && input.name !== chat.name) events.push({ event: "renamed", name: input.name });
        if (input.avatarId !== undefined && input.avatarId !== chat.avatar_media_id) events.push({ event: "avatarChanged", removed: input.avatarId === null });
        return recordTx(trx, input.chatId, userId, events, clock());
      });
      await publishUpdated(input.chatId);
      await publishRecorded(recorded);
      return deps.summary(userId, input.chatId);
    },

    async addMembers(userId: string, input: { chatId: string; userIds: string[] }): Promise<ChatSummary> {
      const people = await requireActiveUsers(input.userIds);
      const recorded = await inGroup(userId, input.chatId, true, async (trx, chat) => {
        const now = clock();
        // Those who already were members are not added again (nor announced).
        const before = new Set((await repo.memberIdsOf(trx, [input.chatId])).get(input.chatId) ?? []);
        await addMembersTx(trx, input.chatId, input.userIds, Number(chat.last_message_id ?? 0), now);
        const added = people.filter((p) => !before.has(p.id)).map(asSystemPerson);
        return recordTx(trx, input.chatId, userId, added.length ? [{ event: "added", users: added }] : [], now);
      });
      await publishUpdated(input.chatId);
      await publishRecorded(recorded);
      return deps.summary(userId, input.chatId);
    },

    async removeMember(userId: string, input: { chatId: string; userId: string }): Promise<ChatSummary> {
      const recorded = await inGroup(userId, input.chatId, true, async (trx) => {
        if (input.userId === userId) throw chatErrors.notYourself();
        const removed = await personTx(trx, input.userId);
        if (!(await repo.deleteMember(trx, input.chatId, input.userId))) throw chatErrors.notAMember();
        return recordTx(trx, input.chatId, userId, [{ event: "removed", user: removed }], clock());
      });
      // Unsubscribed first (this control event travels ahead of the message, on every instance):
      // the removed person does not get the line about their removal; the members left do.
      hub.control({ kind: "chat.member.removed", chatId: input.chatId, userId: input.userId, reason: "removed" });
      await publishUpdated(input.chatId);
      await publishRecorded(recorded);
      return deps.summary(userId, input.chatId);
    },

    async transferAdmin(userId: string, input: { chatId: string; userId: string }): Promise<ChatSummary> {
      const recorded = await inGroup(userId, input.chatId, true, async (trx) => {
        if (input.userId === userId) throw chatErrors.notYourself();
        if (!(await repo.findMembership(trx, input.chatId, input.userId))) throw chatErrors.notAMember();
        await repo.updateChat(trx, input.chatId, { admin_id: input.userId });
        return recordTx(trx, input.chatId, userId, [{ event: "adminTransferred", user: await personTx(trx, input.userId) }], clock());
      });
      await publishUpdated(input.chatId);
      await publishRecorded(recorded);
      return deps.summary(userId, input.chatId);
    },

    /**
     * Leaves a group; an admin's role passes to the longest-standing member. The last member
     * leaving deletes the group: nobody could ever see it again.
     */
    async leave(userId: string, chatId: string): Promise<void> {
      const outcome = await inGroup(userId, chatId, false, async (trx, chat) => {
        await repo.deleteMember(trx, chatId, userId);
        if ((await repo.countMembers(trx, chatId)) === 0) {
          // Read before the delete: the cascade takes the message images with it.
          const mediaIds = await repo.mediaUsedBy(trx, chatId);
          await repo.deleteGroup(trx, chatId);
          return { mediaIds, recorded: null };
        }
        const events: SystemEvent[] = [{ event: "left" }];
        if (chat.admin_id === userId) {
          const next = await repo.longestStandingMember(trx, chatId, userId);
          await repo.updateChat(trx, chatId, { admin_id: next?.user_id ?? null });
          // Says who runs the group now, right after the "left" line (same author: who left).
          if (next) events.push({ event: "adminAssigned", user: await personTx(trx, next.user_id) });
        }
        return { mediaIds: null, recorded: await recordTx(trx, chatId, userId, events, clock()) };
      });
      // Unsubscribed before the "left" line goes out: the members left get it, the leaver does not.
      hub.control({ kind: "chat.member.removed", chatId, userId, reason: "left" });
      // A deleted group has nobody left to tell; its media are checked after commit, when no
      // message of it references them any more.
      if (outcome.mediaIds) await removeOrphanedMedia(deps, outcome.mediaIds, { what: "deleted group", chatId });
      else {
        await publishUpdated(chatId);
        await publishRecorded(outcome.recorded);
      }
    },
  };
}
