/**
 * What moderation (server/features/moderation) does to chats, inside its transaction: delete any
 * message, clear a group's name or avatar, set the public chat's slow mode. Each returns the live
 * effect to run after commit, the same frames the chat's own paths send.
 */
import type { Kysely } from "kysely";
import { GLOBAL_CHAT_ID, type SystemEvent } from "../../../shared/chats.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomId } from "../../lib/crypto.ts";
import type { Logger } from "../../lib/log.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import type { AfterCommit, DeletedMessage, ModerationChats } from "../moderation/moderation.service.ts";
import { publishChatUpdated } from "./chat-updated.ts";
import { chatErrors } from "./chats.errors.ts";
import { toMessage, toPerson } from "./chats.mappers.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { findChat, memberIdsOf, setSlowMode, slowModeOf, updateChat, type Q } from "./chats.repository.ts";
import * as repo from "./messages.repository.ts";
import { publishMessages } from "./messages.service.ts";
import { removeOrphanedMedia } from "./orphaned-media.ts";

export function createChatsModeration(deps: { db: Kysely<Database>; clock: Clock; log: Logger; hub: Hub; media: ChatsMedia }): ModerationChats {
  const { db, clock, hub } = deps;
  return {
    async deleteMessage(trx: Q, chatId: string, messageId: number): Promise<DeletedMessage | null> {
      const row = await repo.findInChat(trx, chatId, messageId);
      if (!row || row.kind === "system") return null;
      const authorId = row.author_id;
      if (row.deleted_at != null || !(await repo.tombstone(trx, chatId, messageId, authorId, clock()))) return { authorId, after: null };
      await repo.deleteReactionsOf(trx, messageId);
      const mediaIds = await repo.deleteImagesOf(trx, messageId);
      const members = chatId === GLOBAL_CHAT_ID ? [] : ((await memberIdsOf(trx, [chatId])).get(chatId) ?? []);
      const after = async () => {
        const frame = { type: "chat.message.deleted" as const, chatId, messageId };
        hub.publish(topics.chat(chatId), frame);
        if (members.length) hub.control({ kind: "chat.message.changed", chatId, members, frame });
        await removeOrphanedMedia(deps, mediaIds, { what: "moderated message", chatId, messageId });
      };
      return { authorId, after };
    },

    /**
     * A cleared name becomes null (clients show the members' names, or "Group"); a cleared avatar
     * null (initials). The group's admin may set either again as usual. The conversation gets a
     * system line by the moderator ("A moderator removed the group's name"), stored here and
     * published after commit with `chat.updated` to every member, like a group change.
     */
    async clearGroup(trx: Q, chatId: string, what: "name" | "avatar", actorId: string): Promise<AfterCommit | null> {
      await repo.lockChats(trx, [chatId]);
      const chat = await findChat(trx, chatId);
      if (!chat || chat.kind !== "group") throw chatErrors.notFound();
      const mediaId = chat.avatar_media_id;
      if (what === "name" ? chat.name === null : mediaId === null) return null;
      await updateChat(trx, chatId, what === "name" ? { name: null } : { avatar_media_id: null });
      const event: SystemEvent = { event: "moderated", what };
      const row = await repo.insertSystemMessage(trx, { chat_id: chatId, author_id: actorId, client_id: `sys-${randomId()}`, body: JSON.stringify(event), created_at: clock() });
      const members = (await memberIdsOf(trx, [chatId])).get(chatId) ?? [];
      const [actor] = await repo.peopleByIds(trx, [actorId]);
      return async () => {
        await publishChatUpdated(deps, chatId);
        if (actor) publishMessages(hub, [{ message: toMessage(row, toPerson(actor), []), members }]);
        if (what === "avatar" && mediaId) await removeOrphanedMedia(deps, [mediaId], { what: "moderated group avatar", chatId });
      };
    },

    /**
     * The public chat's slow mode. After commit every instance's send path takes the new value
     * (hub control, chats/send-limits.ts) and open public-chat views hear it (`chat.slowmode` on `global`).
     */
    async setSlowMode(trx: Q, seconds: number): Promise<{ before: number; after: AfterCommit }> {
      const before = (await slowModeOf(trx, GLOBAL_CHAT_ID)) ?? 0;
      await setSlowMode(trx, GLOBAL_CHAT_ID, seconds);
      return {
        before,
        after: () => {
          hub.control({ kind: "chat.slowmode", seconds });
          hub.publish(topics.global, { type: "chat.slowmode", chatId: GLOBAL_CHAT_ID, seconds });
        },
      };
    },
  };
}
