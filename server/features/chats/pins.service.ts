/**
 * Pinning a message (issue 13): one pinned message per chat, shown in a bar at the top of the chat.
 * Who may pin and unpin: in a group its admin, in a personal chat either person, in the public
 * chat moderators (and site admins) only — its thousands of readers must not fight over the bar.
 * validate (router) → authorise → one conditional update in a transaction → commit → publish
 * `chat.pinned` on chat:<id>. Every chat.opened carries the pin as it is then, so a socket that
 * missed the frame (closed, reconnecting) catches up when it opens the chat again. A pinned
 * message deleted later is no longer shown (pinnedOf reads live messages only; clients drop the
 * bar on its chat.message.deleted frame).
 */
import type { Kysely } from "kysely";
import { GLOBAL_CHAT_ID, type PinnedMessage } from "../../../shared/chats.ts";
import { hasRole } from "../../../shared/moderation.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { roleOf } from "../moderation/roles.ts";
import { chatErrors } from "./chats.errors.ts";
import * as chatsRepo from "./chats.repository.ts";
import type { Q } from "./chats.repository.ts";
import * as messagesRepo from "./messages.repository.ts";
import { repliesErrors, toQuote } from "./replies.ts";
import * as repo from "./replies.repository.ts";

export interface PinsDeps {
  db: Kysely<Database>;
  clock: Clock;
  hub: Hub;
}

export function createPinsService(deps: PinsDeps) {
  const { db, clock, hub } = deps;

  /** NOT_FOUND for a chat I cannot see; FORBIDDEN unless I may pin in it (see above). */
  async function authorisePin(trx: Q, userId: string, chatId: string): Promise<void> {
    if (chatId === GLOBAL_CHAT_ID) {
      if (!hasRole(await roleOf(trx, userId), "moderator")) throw repliesErrors.moderatorsPin();
      return;
    }
    const chat = await chatsRepo.findMembership(trx, chatId, userId);
    if (!chat) throw chatErrors.notFound();
    if (chat.kind === "group" && chat.admin_id !== userId) throw chatErrors.adminOnly();
  }

  /** The chat's pinned message now (null: none). */
  async function pinned(chatId: string): Promise<PinnedMessage | null> {
    const row = await repo.pinnedOf(db, chatId);
    if (!row) return null;
    return { ...toQuote(row, Number(row.id)), pinnedBy: row.pinned_by ?? "", pinnedAt: Number(row.pinned_at ?? 0) };
  }

  /** After commit: the chat's open sockets get the pin as it is now. */
  async function announce(chatId: string): Promise<PinnedMessage | null> {
    const now = await pinned(chatId);
    hub.publish(topics.chat(chatId), { type: "chat.pinned", chatId, pinned: now });
    return now;
  }

  return {
    pinned,

    /**
     * Pins a live message of the chat (replacing the pin before). NOT_FOUND "chats.messageNotFound"
     * for a message not in the chat, "chats.messageDeleted" for a deleted one; FORBIDDEN
     * "replies.systemMessage" for a system line. Pinning the pinned message again tells nobody.
     */
    async pin(userId: string, chatId: string, messageId: number): Promise<PinnedMessage | null> {
      const changed = await db.transaction().execute(async (trx) => {
        await authorisePin(trx, userId, chatId);
        const row = await messagesRepo.findInChat(trx, chatId, messageId);
        if (!row) throw chatErrors.messageNotFound();
        if (row.kind === "system") throw repliesErrors.systemMessage();
        if (row.deleted_at != null) throw chatErrors.messageDeleted();
        return repo.setPin(trx, chatId, { messageId, by: userId, at: clock() });
      });
      return changed ? announce(chatId) : pinned(chatId);
    },

    /** Unpins whatever is pinned (nothing pinned: fine, nobody is told). */
    async unpin(userId: string, chatId: string): Promise<void> {
      const changed = await db.transaction().execute(async (trx) => {
        await authorisePin(trx, userId, chatId);
        return repo.setPin(trx, chatId, null);
      });
      if (changed) await announce(chatId);
    },
  };
}
