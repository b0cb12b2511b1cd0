/**
 * The messenger: who may read and write which chat, the chat list, read markers, personal
 * chats and notices. Group administration is in groups.service.ts, sending and history in
 * messages.service.ts, deleting and editing a message in message-changes.service.ts; this
 * factory wires them into one service. Rule of thumb for errors: a chat you are not in looks
 * exactly like one that does not exist (NOT_FOUND "chats.notFound").
 */
import type { Kysely } from "kysely";
import {
  CHAT_LIMITS,
  GLOBAL_CHAT_ID,
  type ChangesInput,
  type ChangesPage,
  type ChatList,
  type ChatListInput,
  type ChatSummary,
  type HistoryInput,
  type HistoryPage,
  type PinnedMessage,
  previewText,
  type ReadState,
  type SendMessageInput,
} from "../../../shared/chats.ts";
import type { Me } from "../../../shared/auth.ts";
import type { Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomId } from "../../lib/crypto.ts";
import type { Logger } from "../../lib/log.ts";
import { enforce, type RateLimiter } from "../../lib/rate-limit.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import { chatErrors } from "./chats.errors.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { groupMembers, pairKey, systemFields, toChatInfo, type MemberRow } from "./chats.mappers.ts";
import * as repo from "./chats.repository.ts";
import { createGroupsService } from "./groups.service.ts";
import { createMessageChangesService } from "./message-changes.service.ts";
import { createMessagesService, type MessagesDeps } from "./messages.service.ts";
import { createPinsService } from "./pins.service.ts";
import { createSendLimits } from "./send-limits.ts";
import { enforceNewAccountLimit } from "../moderation/new-accounts.ts";
import { canMessage } from "../friends/social-policy.ts";
import { sharesReceipts } from "../presence/presence.repository.ts";
import { createMuteService, mutedUntilOf, totalUnread } from "../mentions/mentions.service.ts";

export interface ChatsDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  hub: Hub;
  limiter: RateLimiter;
  media: ChatsMedia;
  batch?: MessagesDeps["batch"];
}

const NOTICE_LIMIT = { name: "chat:notice", max: 1, windowMs: CHAT_LIMITS.noticeEverySeconds * 1000 };
/** In addition, while the account is new (first 24 h: moderation/new-accounts.ts): 2 an hour. */
const NEW_ACCOUNT_NOTICE_LIMIT = { name: "chat:notice:new", max: CHAT_LIMITS.newAccountNotices, windowMs: CHAT_LIMITS.newAccountNoticeWindowSeconds * 1000 };

export function createChatsService(deps: ChatsDeps) {
  const { db, clock, hub, media } = deps;
  const messages = createMessagesService(deps);
  const sendLimits = createSendLimits(deps);

  // A chat image is visible to the members of a chat that shows it (everyone for the public
  // chat). The media service always lets the owner see it, so one not sent yet is theirs alone.
  media.registerAccessPolicy("chat_image", (mediaId, viewerId) => repo.chatImageVisibleTo(db, mediaId, viewerId));

  /** Throws NOT_FOUND unless the viewer may read the chat (the public one: everyone). */
  async function authoriseRead(chatId: string, viewerId: string | null): Promise<void> {
    if (chatId === GLOBAL_CHAT_ID) return;
    if (!viewerId || !(await repo.findMembership(db, chatId, viewerId))) throw chatErrors.notFound();
  }

  /**
   * Summaries of my chats (one, or a page), in a constant number of queries, and the unread
   * counts they were made with: of that one chat, or of all my chats (a page's total covers the
   * pages not read yet too).
   */
  async function summaries(userId: string, scope: repo.ChatsScope): Promise<{ chats: ChatSummary[]; unreadOf: Map<string, number>; totalUnread: number }> {
    const one = "chatId" in scope ? scope.chatId : undefined;
    const now = clock();
    const [rows, unread] = await Promise.all([repo.listChatsOf(db, userId, scope), repo.unreadCounts(db, userId, one)]);
    // Only the listed chats' members: a page never reads the members of every chat I am in.
    const members = rows.length ? await repo.membersOf(db, { ids: rows.map((c) => c.id) }, one ? null : CHAT_LIMITS.membersPreview) : [];
    const avatarIds = rows.flatMap((c) => (c.avatar_media_id ? [c.avatar_media_id] : []));
    const avatars = avatarIds.length ? await media.infoMany(avatarIds) : new Map();
    const unreadOf = new Map(unread.map((u) => [u.chat_id, Number(u.n)]));
    const mentionsOf = new Map(unread.map((u) => [u.chat_id, Number(u.mentions)]));
    const membersByChat = groupMembers(members as MemberRow[]);
    const chats = rows.map((c) => ({
      ...toChatInfo(c, membersByChat.get(c.id), avatars),
      lastMessage:
        c.m_id == null
          ? null
          : {
              id: Number(c.m_id),
              authorId: c.m_author_id!,
              authorName: `${c.m_author_name ?? ""} ${c.m_author_last_name ?? ""}`.trim(),
              text: previewText(c.m_body ?? ""),
              imageCount: Number(c.m_image_count ?? 0),
              createdAt: Number(c.m_created_at),
              ...(c.m_deleted_at != null && { deleted: true }),
              ...(c.m_kind === "system" && { text: "", system: systemFields(c.m_body ?? "").event }),
            },
      unread: unreadOf.get(c.id) ?? 0,
      lastReadId: Number(c.last_read_id),
      othersReadId: Number(c.others_read_id ?? 0),
      lastActivityAt: Number(c.last_activity_at),
      // Issue 13 (mentions feature).
      mentioned: (mentionsOf.get(c.id) ?? 0) > 0,
      unreadMentions: mentionsOf.get(c.id) ?? 0,
      mutedUntil: mutedUntilOf(c.muted_until, now),
    }));
    return { chats, unreadOf, totalUnread: totalUnread(unread, now) };
  }

  async function summary(userId: string, chatId: string): Promise<ChatSummary> {
    const [one] = (await summaries(userId, { chatId })).chats;
    if (!one) throw chatErrors.notFound();
    return one;
  }

  const groups = createGroupsService({ ...deps, summary, messages });
  const messageChanges = createMessageChangesService({ ...deps, messages });
  const pins = createPinsService(deps);

  return {
    ...groups,
    ...messageChanges,
    pin: pins.pin,
    unpin: pins.unpin,
    ...createMuteService(deps),

    /** A page of my chats (chatListInput), with the unread total over all of them. */
    async list(userId: string, input?: ChatListInput): Promise<ChatList> {
      const limit = input?.limit ?? CHAT_LIMITS.listPage;
      // One more than asked: whether there is a next page.
      const { chats, totalUnread } = await summaries(userId, { limit: limit + 1, before: input?.before });
      return { chats: chats.slice(0, limit), totalUnread, hasMore: chats.length > limit };
    },

    byId: summary,

    /** Get or create the one personal chat of this pair. */
    async openPersonal(userId: string, otherId: string): Promise<ChatSummary> {
      if (otherId === userId) throw chatErrors.chatWithSelf();
      const key = pairKey(userId, otherId);
      if (!(await repo.findChatByPair(db, key))) {
        if (!(await repo.activeUsers(db, [otherId])).length) throw chatErrors.userNotFound([otherId]);
        // A chat that exists stays readable; starting one is up to the social policy.
        if (!(await canMessage(db, userId, otherId))) throw chatErrors.personalClosed();
        const now = clock();
        await db.transaction().execute(async (trx) => {
          const id = randomId();
          await repo.insertChat(trx, { id, kind: "personal", name: null, avatar_media_id: null, admin_id: null, pair_key: key, created_at: now });
          // Two first opens at once: the other one created it (unique pair key).
          if ((await repo.findChatByPair(trx, key))?.id !== id) return;
          await repo.insertMembers(trx, [userId, otherId].map((user_id) => ({ chat_id: id, user_id, joined_at: now, last_read_id: 0 })));
        });
      }
      const chat = await repo.findChatByPair(db, key);
      return summary(userId, chat!.id);
    },

    /**
     * Moves my read marker forward (to at most the chat's last message) and tells my other tabs
     * (chat.read on my user topic) and, when it really moved, the chat (chat.seen on chat:<id>:
     * read receipts for the authors). validate (router) → authorise → transaction → commit → publish.
     */
    async markRead(userId: string, chatId: string, messageId: number): Promise<ReadState> {
      if (chatId === GLOBAL_CHAT_ID) return { chatId, lastReadId: messageId, unread: 0 };
      const { lastReadId, moved } = await db.transaction().execute(async (trx) => {
        const chat = await repo.findMembership(trx, chatId, userId);
        if (!chat) throw chatErrors.notFound();
        const upTo = Math.min(messageId, Number(chat.last_message_id ?? 0));
        return repo.advanceReadMarker(trx, chatId, userId, upTo);
      });
      const [row] = await repo.unreadCounts(db, userId, chatId);
      const mentions = Number(row?.mentions ?? 0);
      // Issue 13: `mentions` only when some unread message still mentions me (absent: none).
      const state = { chatId, lastReadId, unread: Number(row?.n ?? 0), ...(mentions > 0 && { mentions }) };
      hub.publish(topics.user(userId), { type: "chat.read", ...state });
      // Only a marker that moved: a repeated or older markRead must not re-announce anything.
      // Read receipts (issue 13): only of a person who shares them, only to sockets whose person does (chat:<id>:seen).
      if (moved && (await sharesReceipts(db, userId))) hub.publish(topics.chatSeen(chatId), { type: "chat.seen", chatId, userId, lastReadId });
      return state;
    },

    async history(viewerId: string | null, input: HistoryInput): Promise<HistoryPage> {
      await authoriseRead(input.chatId, viewerId);
      return messages.history(input);
    },

    /**
     * For chat.open: authorises, and tells the last message id so the client knows what it
     * missed, and the time (its next resume asks for the changes since).
     */
    async open(viewerId: string | null, chatId: string): Promise<{ lastMessageId: number | null; at: number; slowModeSeconds?: number; pinned: PinnedMessage | null }> {
      await authoriseRead(chatId, viewerId);
      const at = clock();
      // Issue 13: the pinned message as it is now (later changes come as chat.pinned frames).
      const [lastMessageId, pinned] = await Promise.all([messages.lastMessageId(chatId), pins.pinned(chatId)]);
      // The public chat's slow mode, for its composer (later changes come as chat.slowmode frames).
      if (chatId === GLOBAL_CHAT_ID) return { lastMessageId, at, slowModeSeconds: await sendLimits.slowModeSeconds(), pinned };
      return { lastMessageId, at, pinned };
    },

    /** Messages changed since a time (a resume catching up), for whoever may read the chat. */
    async changes(viewerId: string | null, input: ChangesInput): Promise<ChangesPage> {
      await authoriseRead(input.chatId, viewerId);
      return messages.changes(input);
    },

    /** Slow mode and repeats first (send-limits.ts), then the batch. */
    async send(authorId: string | null, input: SendMessageInput) {
      if (!authorId) throw chatErrors.signInToWrite();
      await sendLimits.check(authorId, input);
      const message = await messages.send(authorId, input);
      sendLimits.stored(authorId, input.clientId);
      return message;
    },

    /** "Notify everyone": a notice frame to every connected socket, at most once per 30 s per person. */
    async notifyEveryone(user: Pick<Me, "id" | "username" | "firstName" | "lastName" | "avatarId">, text: string) {
      await enforce(deps.limiter, NOTICE_LIMIT, user.id);
      await enforceNewAccountLimit(deps, NEW_ACCOUNT_NOTICE_LIMIT, user.id);
      const { id, username, firstName, lastName, avatarId } = user;
      hub.publish(topics.global, { type: "notice", text, from: { id, username, firstName, lastName, avatarId }, at: clock() });
    },

    drain: () => messages.drain(),
  };
}

export type ChatsService = ReturnType<typeof createChatsService>;
