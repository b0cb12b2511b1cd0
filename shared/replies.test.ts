/** Issue 13's contract pieces in shared/chats.ts: a forward carries no content of its own; a tombstone keeps no quote. */
import { describe, expect, test } from "bun:test";
import { newClientId, sendMessageInput, toTombstone, type ChatMessage } from "./chats.ts";

const base = { chatId: "global", clientId: newClientId() };

describe("replies and forwards in the send contract", () => {
  test("a forward is valid only without text or images of its own", () => {
    const forward = { chatId: "a".repeat(24), messageId: 7 };
    expect(sendMessageInput.safeParse({ ...base, forward }).success).toBe(true);
    expect(sendMessageInput.safeParse({ ...base, forward, body: "і ще" }).success).toBe(false);
    expect(sendMessageInput.safeParse({ ...base, forward, imageIds: ["b".repeat(24)] }).success).toBe(false);
    // Without a forward an empty message is still refused.
    expect(sendMessageInput.safeParse({ ...base }).success).toBe(false);
  });

  test("a reply names a positive message id", () => {
    expect(sendMessageInput.safeParse({ ...base, body: "так", replyToId: 3 }).success).toBe(true);
    expect(sendMessageInput.safeParse({ ...base, body: "так", replyToId: 0 }).success).toBe(false);
    expect(sendMessageInput.safeParse({ ...base, body: "так", replyToId: 1.5 }).success).toBe(false);
  });

  test("a tombstone shows neither its quote nor whom it was forwarded from", () => {
    const m: ChatMessage = {
      id: 9,
      chatId: "global",
      author: { id: "u", username: "u", firstName: "U", lastName: "", avatarId: null },
      body: "текст",
      images: [],
      createdAt: 1,
      clientId: base.clientId,
      replyTo: { id: 8, authorId: "v", authorName: "V", text: "питання", imageCount: 0 },
      forwardedFrom: { userId: "w", name: "W" },
    };
    const t = toTombstone(m);
    expect(t).toMatchObject({ id: 9, deleted: true, body: "" });
    expect(t).not.toHaveProperty("replyTo");
    expect(t).not.toHaveProperty("forwardedFrom");
  });
});
