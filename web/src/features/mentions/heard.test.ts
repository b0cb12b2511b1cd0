import { expect, test } from "bun:test";
import type { ServerEvent } from "../../../../shared/events.ts";
import { createHeardMessages } from "./heard.ts";

const author = { id: "a".repeat(24), username: "olena", firstName: "Олена", lastName: "Коваль", avatarId: null };
const message = (chatId: string, id: number): ServerEvent => ({
  type: "chat.message",
  message: { id, chatId, author, body: `m${id}`, images: [], createdAt: 1_700_000_000_000 + id, clientId: `c${id}` },
});
const activity = (chatId: string, id: number): ServerEvent => ({
  type: "chat.activity",
  chatId,
  unreadDelta: 1,
  message: { id, authorId: author.id, authorName: "Олена Коваль", text: `m${id}`, imageCount: 0, createdAt: 1_700_000_000_000 + id },
});

test("a message is heard once however often and in whichever frame it arrives; other chats and frames are apart", () => {
  const firstHearing = createHeardMessages();
  expect(firstHearing(message("c1", 5))).toBe(true);
  // Published again (a failover) or as the list's activity: not new.
  expect(firstHearing(message("c1", 5))).toBe(false);
  expect(firstHearing(activity("c1", 5))).toBe(false);
  // An older one arriving after a newer (from another instance, a moment late) came with the
  // newer one, which rang: one tone for both.
  expect(firstHearing(message("c1", 3))).toBe(false);
  expect(firstHearing(activity("c1", 6))).toBe(true);
  expect(firstHearing(message("c2", 1))).toBe(true);
  expect(firstHearing({ type: "chat.typing", chatId: "c1", userId: author.id } as ServerEvent)).toBe(false);
});
