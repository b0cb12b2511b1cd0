/**
 * Changing a stored message of mine "for everyone": deleting it or editing its text. Both go
 * validate (router) → authorise → one conditional update in a transaction → commit → publish the
 * change on chat:<id>, plus one hub control event carrying the members whose chat lists it
 * changes (their sockets that have not opened the chat get the same frame). System messages are
 * the group's record, nobody's words: neither deleted nor edited (FORBIDDEN "chats.systemMessageStays").
 * - Deleting is a soft delete: the row stays as a tombstone (deleted_at set, body emptied, images
 *   gone) so message ids, keyset history and resume keep working; afterwards the images nothing
 *   else shows are removed.
 * - Editing replaces the body (same rules as sending; images stay) and sets edited_at; the frame
 *   carries the whole message (reactions included), so clients replace it by id.
 * - Reacting is anyone's who reads the chat (members; in the public chat, anyone signed in), on
 *   people's live messages only. After a change, chat:<id> gets the message's whole new list of
 *   reactions (`chat.reactions`); no list frames: the chat list shows no reactions.
 */
import { CHAT_LIMITS, GLOBAL_CHAT_ID, hasText, type ChatMessage, type MessageReaction, type ReactionEmoji } from "../../../shared/chats.ts";
import { enforce } from "../../lib/rate-limit.ts";
import type { Hub, MessageChangeFrame } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { chatErrors } from "./chats.errors.ts";
import type { ChatsDeps } from "./chats.service.ts";
import { groupReactions } from "./chats.mappers.ts";
import { memberIdsOf, type Q } from "./chats.repository.ts";
import type { MessagesService } from "./messages.service.ts";
import * as repo from "./messages.repository.ts";
import { removeOrphanedMedia } from "./orphaned-media.ts";
import { replaceMentions } from "../mentions/mentions.service.ts";

/** What the chats service has (less its send-path tuning), plus the messages service's hydrate. */
export interface MessageChangesDeps extends Omit<ChatsDeps, "batch"> {
  messages: Pick<MessagesService, "hydrate">;
}

/** Per person, for deleting, editing and reacting (tests read them to reach the limit). */
export const CHANGE_LIMITS = {
  /** Generous for a person tidying up, but each delete may remove files: not unbounded. */
  delete: { name: "chat:delete", max: 60, windowMs: 60_000 },
  /** The same for fixing typos: each edit is a frame to everyone who has the chat open. */
  edit: { name: "chat:edit", max: 60, windowMs: 60_000 },
  /** Reactions are quick taps (on, off, another one), but each change is a frame to the open chat. */
  react: { name: "chat:react", max: 120, windowMs: 60_000 },
} as const;
const { delete: DELETE_LIMIT, edit: EDIT_LIMIT, react: REACT_LIMIT } = CHANGE_LIMITS;

type StoredMessage = NonNullable<Awaited<ReturnType<typeof repo.findInChat>>>;

export function createMessageChangesService(deps: MessageChangesDeps) {
  const { db, clock, hub } = deps;

  /**
   * The chat's members if I am one ([] for the public chat, which has no list to update); read
   * inside the change's transaction, so they are the ones told after commit. NOT_FOUND otherwise.
   */
  async function membersFor(trx: Q, chatId: string, userId: string): Promise<string[]> {
    if (chatId === GLOBAL_CHAT_ID) return [];
    const members = (await memberIdsOf(trx, [chatId])).get(chatId) ?? [];
    if (!members.includes(userId)) throw chatErrors.notFound();
    return members;
  }

  /**
   * Why a conditional update changed nothing, for the reasons deleting and editing share: not in
   * this chat, a system message, someone else's. Returns the message when it is mine to change.
   */
  function mine(row: StoredMessage | undefined, userId: string): StoredMessage {
    if (!row) throw chatErrors.messageNotFound();
    if (row.kind === "system") throw chatErrors.systemMessage();
    if (row.author_id !== userId) throw chatErrors.notYourMessage();
    return row;
  }

  /** After commit: the chat's open sockets get the frame; members' other sockets (their lists) too. */
  function announce(chatId: string, listMembers: string[], frame: MessageChangeFrame): void {
    hub.publish(topics.chat(chatId), frame);
    if (listMembers.length) hub.control({ kind: "chat.message.changed", chatId, members: listMembers, frame });
  }

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
        const members = await membersFor(trx, chatId, userId);
        if (!(await repo.tombstone(trx, chatId, messageId, userId, clock()))) {
          mine(await repo.findInChat(trx, chatId, messageId), userId);
          return null; // Deleted before: nothing changes, nobody is told again.
        }
        // A tombstone shows nothing of its content: its reactions go too.
        await repo.deleteReactionsOf(trx, messageId);
        return { members, mediaIds: await repo.deleteImagesOf(trx, messageId) };
      });
      if (!done) return;
      // Any member's list may change (the preview if it was the last message, the unread count).
      announce(chatId, done.members, { type: "chat.message.deleted", chatId, messageId });
      await removeOrphanedMedia(deps, done.mediaIds, { what: "deleted message", chatId, messageId });
    },

    /**
     * Replaces the text of my message and returns it as stored. The same NOT_FOUND / FORBIDDEN
     * answers as deleting, plus NOT_FOUND "chats.messageDeleted" for a deleted one and BAD_REQUEST
     * "chats.emptyMessage" for no text on a message without images. The same text again changes
     * nothing and tells nobody.
     */
    async editMessage(userId: string, chatId: string, messageId: number, body: string): Promise<ChatMessage> {
      await enforce(deps.limiter, EDIT_LIMIT, userId);
      const needsImages = !hasText(body);
      // No chat row lock either: one conditional update, no id drawn.
      const done = await db.transaction().execute(async (trx) => {
        const members = await membersFor(trx, chatId, userId);
        const row = await repo.editBody(trx, chatId, messageId, userId, body, clock(), needsImages);
        if (row) {
          // Issue 13: the new text's mentions replace the old ones (hydrate reads them after commit).
          await replaceMentions(trx, { messageId, chatId, authorId: userId, body }, members);
          // Only the lists that show it as the chat's last message change.
          const last = members.length > 0 && (await repo.lastMessageId(trx, chatId)) === messageId;
          return { row, changed: true, listMembers: last ? members : [] };
        }
        const held = mine(await repo.findInChat(trx, chatId, messageId), userId);
        if (held.deleted_at != null) throw chatErrors.messageDeleted();
        if (held.body !== body && needsImages && held.image_count === 0) throw chatErrors.emptyMessage();
        // The same text (or another edit won a race): nothing changes, nobody is told.
        return { row: held, changed: false, listMembers: [] };
      });
      const [message] = await deps.messages.hydrate([done.row]);
      if (done.changed) announce(chatId, done.listMembers, { type: "chat.message.edited", chatId, message: message! });
      return message!;
    },

    /**
     * Puts my reaction with this emoji on a message (on) or takes it off, and returns the
     * message's reactions as they are now. NOT_FOUND for a chat I cannot read ("chats.notFound")
     * or a message not in it ("chats.messageNotFound") or deleted ("chats.messageDeleted"),
     * FORBIDDEN on a system message ("chats.systemMessageNoReactions"). Putting on a reaction
     * that is on (or taking off one that is not) changes nothing and tells nobody. A new emoji
     * beyond CHAT_LIMITS.reactionEmojiMax distinct ones is CONFLICT ("emoji.tooManyReactions").
     */
    async react(userId: string, chatId: string, messageId: number, emoji: ReactionEmoji, on: boolean): Promise<MessageReaction[]> {
      await enforce(deps.limiter, REACT_LIMIT, userId);
      const done = await db.transaction().execute(async (trx) => {
        await membersFor(trx, chatId, userId);
        // Locked (Postgres) before the change: reactions to this message take turns, so the list
        // read below is the complete one, and a deletion racing this waits or wins cleanly.
        const row = await repo.lockForReaction(trx, chatId, messageId);
        if (!row) throw chatErrors.messageNotFound();
        if (row.kind === "system") throw chatErrors.systemMessageNoReactions();
        if (row.deleted_at != null) throw chatErrors.messageDeleted();
        if (on) {
          // Issue 13: at most reactionEmojiMax distinct emoji; checked under the lock above.
          const held = await repo.reactionEmojiCount(trx, messageId, emoji);
          if (!held.has && held.distinct >= CHAT_LIMITS.reactionEmojiMax) throw chatErrors.tooManyReactions(CHAT_LIMITS.reactionEmojiMax);
        }
        const now = clock();
        const changed = on
          ? await repo.addReaction(trx, { message_id: messageId, user_id: userId, emoji, created_at: now })
          : await repo.removeReaction(trx, messageId, userId, emoji);
        if (changed) await repo.touchChanged(trx, messageId, now);
        const reactions = groupReactions(await repo.reactionsOf(trx, [messageId], CHAT_LIMITS.reactorsListed)).get(messageId) ?? [];
        return { changed, reactions };
      });
      // Only the chat's open sockets: the chat list shows no reactions.
      if (done.changed) hub.publish(topics.chat(chatId), { type: "chat.reactions", chatId, messageId, reactions: done.reactions });
      return done.reactions;
    },
  };
}
