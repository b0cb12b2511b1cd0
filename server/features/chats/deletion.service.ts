/**
 * Deleting my own message "for everyone" (never a system message: FORBIDDEN "chats.systemMessageStays"). A soft delete: the row stays as a tombstone (deleted_at
 * set, body emptied, images gone) so message ids, keyset history and resume keep working and
 * clients show a placeholder in its place. validate (router) → authorise → transaction → commit →
 * publish `chat.message.deleted` → remove the images nothing else shows.
 */
import type { Kysely } from "kysely";
import { GLOBAL_CHAT_ID } from "../../../shared/chats.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/log.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { chatErrors } from "./chats.errors.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { memberIdsOf } from "./chats.repository.ts";
import * as repo from "./messages.repository.ts";
import { removeOrphanedMedia } from "./orphaned-media.ts";

export interface DeletionDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  hub: Hub;
  limiter: RateLimiter;
  media: ChatsMedia;
}

/** Generous for a person tidying up, but each delete may remove files: not unbounded. */
const DELETE_LIMIT = { name: "chat:delete", max: 60, windowMs: 60_000 };

export function createDeletionService(deps: DeletionDeps) {
  const { db, clock, hub } = deps;

  return {
    /**
     * Deletes my message: NOT_FOUND for a chat I cannot see ("chats.notFound") or a message not in
     * it ("chats.messageNotFound"), FORBIDDEN for someone else's ("chats.notYourMessage"); an
     * already deleted message of mine is fine and changes nothing (no second frame).
     */
    async deleteMessage(userId: string, chatId: string, messageId: number): Promise<void> {
      await enforce(deps.limiter, DELETE_LIMIT, userId);
      // No chat row lock (unlike a send batch): no message id is drawn here, and the conditional
      // update below is atomic, so the send path never waits for a delete.
      const done = await db.transaction().execute(async (trx) => {
        // Inside the transaction: the members read here are the ones told after commit.
        const members = chatId === GLOBAL_CHAT_ID ? [] : ((await memberIdsOf(trx, [chatId])).get(chatId) ?? []);
        if (chatId !== GLOBAL_CHAT_ID && !members.includes(userId)) throw chatErrors.notFound();
        if (!(await repo.tombstone(trx, chatId, messageId, userId, clock()))) {
          const row = await repo.findInChat(trx, chatId, messageId);
          if (!row) throw chatErrors.messageNotFound();
          if (row.kind === "system") throw chatErrors.systemMessage();
          if (row.author_id !== userId) throw chatErrors.notYourMessage();
          return null; // Deleted before: nothing changes, nobody is told again.
        }
        return { members, mediaIds: await repo.deleteImagesOf(trx, messageId) };
      });
      if (!done) return;
      // Sockets that opened the chat replace the message by its tombstone; members' other sockets
      // get the same frame for their chat lists (the preview and unread count may change).
      hub.publish(topics.chat(chatId), { type: "chat.message.deleted", chatId, messageId });
      if (done.members.length) hub.control({ kind: "chat.message.deleted", chatId, messageId, members: done.members });
      await removeOrphanedMedia(deps, done.mediaIds, { what: "deleted message", chatId, messageId });
    },
  };
}
