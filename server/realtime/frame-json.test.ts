import { describe, expect, spyOn, test } from "bun:test";
import type { ChatMessage } from "../../shared/chats.ts";
import type { ServerEvent } from "../../shared/events.ts";
import { frameJson } from "./frame-json.ts";

const message = {
  id: 7,
  chatId: "global",
  clientId: "0mhxq3k2a-9f8e7d6c",
  kind: "text",
  body: 'quotes " and \\ and \u2028 and <b>',
  author: { id: "a".repeat(24), username: "olena", firstName: "Олена", lastName: "Коваль", avatarId: null },
  images: [],
  reactions: [],
  createdAt: 1_765_000_000_000,
} as unknown as ChatMessage;

describe("frame JSON", () => {
  test("a chat message's topic frame and its sender's ack parse back to exactly the frames given", () => {
    const frames: ServerEvent[] = [
      { type: "chat.message", message },
      { type: "chat.ack", clientId: "0mhxq3k2a-9f8e7d6c", message },
    ];
    for (const frame of frames) expect(JSON.parse(frameJson(frame))).toEqual(JSON.parse(JSON.stringify(frame)));
  });

  test("the message is serialised once for both frames that carry it", () => {
    const fresh = { ...message, id: 8 } as ChatMessage;
    const stringify = spyOn(JSON, "stringify");
    try {
      frameJson({ type: "chat.message", message: fresh });
      frameJson({ type: "chat.ack", clientId: "0mhxq3k2a-9f8e7d6c", message: fresh });
      const ofMessage = stringify.mock.calls.filter(([value]) => value === fresh);
      expect(ofMessage).toHaveLength(1);
    } finally {
      stringify.mockRestore();
    }
  });

  test("frames of other kinds, or with fields these two do not have, are serialised whole", () => {
    const other: ServerEvent = { type: "pong", at: 3 };
    expect(frameJson(other)).toBe(JSON.stringify(other));
    const withMore = { type: "chat.message", message, extra: 1 } as unknown as ServerEvent;
    expect(JSON.parse(frameJson(withMore))).toEqual({ type: "chat.message", message: JSON.parse(JSON.stringify(message)), extra: 1 });
  });
});
