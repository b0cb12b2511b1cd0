/**
 * After a commit that changed a chat (name, avatar, admin, members): the chat as everyone sees it,
 * in a `chat.updated` frame to every member's user topic. Used by group changes (groups.service)
 * and by moderation (chats.moderation).
 */
import type { Kysely } from "kysely";
import { CHAT_LIMITS } from "../../../shared/chats.ts";
import type { Database } from "../../db/schema.ts";
import type { Hub } from "../../realtime/hub.ts";
import { topics } from "../../realtime/topics.ts";
import type { ChatsMedia } from "./chats.media.ts";
import { groupMembers, toChatInfo, type MemberRow } from "./chats.mappers.ts";
import * as repo from "./chats.repository.ts";

export async function publishChatUpdated(deps: { db: Kysely<Database>; hub: Hub; media: ChatsMedia }, chatId: string): Promise<void> {
  const chat = await repo.findChat(deps.db, chatId);
  if (!chat) return;
  const rows = (await repo.membersOf(deps.db, { ids: [chatId] }, null)) as MemberRow[];
  const avatars = chat.avatar_media_id ? await deps.media.infoMany([chat.avatar_media_id]) : new Map();
  const all = groupMembers(rows).get(chatId);
  const info = toChatInfo(chat, all && { count: all.count, members: all.members.slice(0, CHAT_LIMITS.membersPreview) }, avatars);
  for (const r of rows) deps.hub.publish(topics.user(r.id), { type: "chat.updated", chat: info });
}
