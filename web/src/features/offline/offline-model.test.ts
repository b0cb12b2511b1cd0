import { describe, expect, test } from "bun:test";
import type { ChatMessage } from "../../../../shared/chats.ts";
import { lastPage, toRestore, touchRecent, type SavedSend } from "./offline-model.ts";

const message = (id: number) => ({ id, chatId: "c", body: `m${id}` }) as unknown as ChatMessage;
const send = (clientId: string, createdAt: number, chatId = "c"): SavedSend => ({
  chatId,
  clientId,
  body: clientId,
  imageIds: [],
  images: [],
  createdAt,
  status: "sending",
});

describe("the offline store's bounds", () => {
  test("a chat opened again moves to the front of the recent chats without appearing twice", () => {
    expect(touchRecent(["a", "b", "c"], "c").recent).toEqual(["c", "a", "b"]);
    expect(touchRecent([], "a")).toEqual({ recent: ["a"], evicted: [] });
  });

  test("a chat opened past the limit pushes out the one opened longest ago, which is reported for deletion", () => {
    expect(touchRecent(["a", "b", "c"], "d", 3)).toEqual({ recent: ["d", "a", "b"], evicted: ["c"] });
  });

  test("only the newest messages of a chat are kept, and trimming says that older ones exist", () => {
    const held = [1, 2, 3, 4, 5].map(message);
    expect(lastPage(held, false, 3)).toEqual({ messages: [3, 4, 5].map(message), hasOlder: true });
    expect(lastPage(held, false, 10)).toEqual({ messages: held, hasOlder: false });
    expect(lastPage(held, true, 10).hasOlder).toBe(true);
  });
});

describe("restoring the send queue", () => {
  test("saved sends come back oldest first, whatever order they were saved in", () => {
    expect(toRestore([send("b", 2), send("a", 1), send("c", 3, "other")], new Set()).map((s) => s.clientId)).toEqual(["a", "b", "c"]);
  });

  test("a send already pending on this tab is not taken in a second time", () => {
    expect(toRestore([send("a", 1), send("b", 2)], new Set(["a"])).map((s) => s.clientId)).toEqual(["b"]);
  });
});
