import { describe, expect, test } from "bun:test";
import { createChatSync, resumeChats } from "./chat-sync.ts";
import { toTombstone, type ChatMessage } from "./chats.ts";

const author = { id: "a".repeat(24), username: "olena", firstName: "Олена", lastName: "Коваль", avatarId: null };
const msg = (id: number, chatId = "c1", clientId = `client-${id}`): ChatMessage => ({
  id,
  chatId,
  author,
  body: `message ${id}`,
  images: [],
  createdAt: 1_700_000_000_000 + id,
  clientId,
});
const ids = (list: ChatMessage[]) => list.map((m) => m.id);

describe("chat sync", () => {
  test("a deletion replaces the held message by its tombstone in place; unknown ids change nothing", () => {
    const sync = createChatSync();
    sync.addPage([msg(1), msg(2), msg(3)]);
    const before = sync.messages("c1")[0];
    expect(sync.apply({ type: "chat.message.deleted", chatId: "c1", messageId: 2 })).toBe(true);
    expect(sync.messages("c1").map((m) => [m.id, m.body, m.deleted ?? false])).toEqual([
      [1, "message 1", false],
      [2, "", true],
      [3, "message 3", false],
    ]);
    expect(sync.messages("c1")[1]).toMatchObject({ author, createdAt: msg(2).createdAt, images: [] });
    // The other messages stay the same objects (views keep their elements).
    expect(sync.messages("c1")[0]).toBe(before!);
    expect(sync.apply({ type: "chat.message.deleted", chatId: "c1", messageId: 2 })).toBe(false);
    expect(sync.apply({ type: "chat.message.deleted", chatId: "c1", messageId: 99 })).toBe(false);
    expect(sync.apply({ type: "chat.message.deleted", chatId: "other", messageId: 1 })).toBe(false);
    expect(sync.messages("other")).toEqual([]);
    // A tombstone from a history page later is dropped by id like any duplicate.
    expect(sync.addPage([{ ...msg(2), body: "", deleted: true }])).toBe(0);
  });

  test("a deletion that arrives before its message (a page read before the delete) still wins", () => {
    const sync = createChatSync();
    sync.addPage([msg(1)]);
    expect(sync.apply({ type: "chat.message.deleted", chatId: "c1", messageId: 2 })).toBe(false);
    sync.addPage([msg(2), msg(3)]);
    expect(sync.messages("c1").map((m) => m.deleted ?? false)).toEqual([false, true, false]);
    expect(sync.messages("c1")[1]!.body).toBe("");
    // A tombstone in a page replaces a live copy held from before the delete.
    expect(sync.addPage([{ ...msg(3), body: "", images: [], deleted: true }])).toBe(1);
    expect(sync.messages("c1")[2]).toMatchObject({ id: 3, body: "", deleted: true });
  });

  test("an edit replaces the held message in place; an older or repeated version changes nothing", () => {
    const sync = createChatSync();
    sync.addPage([msg(1), msg(2), msg(3)]);
    const before = sync.messages("c1")[0];
    const edited = { ...msg(2), body: "fixed typo", editedAt: 1_800_000_000_000 };
    expect(sync.apply({ type: "chat.message.edited", chatId: "c1", message: edited })).toBe(true);
    expect(sync.messages("c1").map((m) => [m.id, m.body, m.editedAt ?? null])).toEqual([
      [1, "message 1", null],
      [2, "fixed typo", edited.editedAt],
      [3, "message 3", null],
    ]);
    expect(sync.messages("c1")[0]).toBe(before!);
    // The same frame again, or the edit arriving through another path: no change.
    expect(sync.apply({ type: "chat.message.edited", chatId: "c1", message: { ...edited } })).toBe(false);
    // A history page read before the edit brings the old version: the newer one stays.
    expect(sync.addPage([msg(2)])).toBe(0);
    expect(sync.messages("c1")[1]!.body).toBe("fixed typo");
    // An older edit arriving late loses too; a later edit wins.
    expect(sync.apply({ type: "chat.message.edited", chatId: "c1", message: { ...msg(2), body: "first try", editedAt: edited.editedAt - 1 } })).toBe(false);
    expect(sync.messages("c1")[1]!.body).toBe("fixed typo");
    expect(sync.addPage([{ ...msg(2), body: "second fix", editedAt: edited.editedAt + 1 }])).toBe(1);
    expect(sync.messages("c1")[1]!.body).toBe("second fix");
    // Of a chat not held: nothing.
    expect(sync.apply({ type: "chat.message.edited", chatId: "other", message: { ...msg(1, "other"), editedAt: 1 } })).toBe(false);
    expect(sync.messages("other")).toEqual([]);
  });

  test("an edit that arrives before its message (a page read before the edit) still wins, and a deletion beats an edit", () => {
    const sync = createChatSync();
    sync.addPage([msg(1)]);
    const edited = { ...msg(2), body: "edited early", editedAt: 1_800_000_000_000 };
    expect(sync.apply({ type: "chat.message.edited", chatId: "c1", message: edited })).toBe(false);
    sync.addPage([msg(2), msg(3)]);
    expect(sync.messages("c1").map((m) => m.body)).toEqual(["message 1", "edited early", "message 3"]);
    expect(sync.messages("c1")[1]!.editedAt).toBe(edited.editedAt);
    // Deleted after the edit: a tombstone without the edit; a late edit frame cannot bring it back.
    sync.apply({ type: "chat.message.deleted", chatId: "c1", messageId: 2 });
    expect(sync.messages("c1")[1]).toMatchObject({ id: 2, body: "", deleted: true });
    expect(sync.messages("c1")[1]).not.toHaveProperty("editedAt");
    expect(sync.apply({ type: "chat.message.edited", chatId: "c1", message: { ...edited, editedAt: edited.editedAt + 5 } })).toBe(false);
    expect(sync.messages("c1")[1]!.deleted).toBe(true);
  });

  test("reactions replace the held message's list in place; a frame wins over a page or an edit read before it", () => {
    const sync = createChatSync();
    const a = "a".repeat(24);
    const b = "b".repeat(24);
    sync.addPage([msg(1), msg(2)]);
    const first = sync.messages("c1")[0];
    const liked = [{ emoji: "👍", count: 1, userIds: [b] }];
    expect(sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 2, reactions: liked })).toBe(true);
    expect(sync.messages("c1")[1]).toEqual({ ...msg(2), reactions: liked });
    // The other messages stay the same objects.
    expect(sync.messages("c1")[0]).toBe(first!);
    const both = [
      { emoji: "👍", count: 2, userIds: [b, a] },
      { emoji: "🔥", count: 1, userIds: [a] },
    ];
    expect(sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 2, reactions: both })).toBe(true);
    expect(sync.messages("c1")[1]!.reactions).toEqual(both);
    // An edit whose message was read before the last reactions frame keeps the frame's list.
    const edited = { ...msg(2), body: "edited", editedAt: 1_800_000_000_000, reactions: liked };
    expect(sync.apply({ type: "chat.message.edited", chatId: "c1", message: edited })).toBe(true);
    expect(sync.messages("c1")[1]).toMatchObject({ body: "edited", reactions: both });
    // The last one taken off: no reactions field at all, like the server's messages.
    expect(sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 2, reactions: [] })).toBe(true);
    expect(sync.messages("c1")[1]).not.toHaveProperty("reactions");
    // A frame for a message not held yet: a page read before it brings the old list; the frame wins.
    expect(sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 3, reactions: both })).toBe(false);
    sync.addPage([{ ...msg(3), reactions: liked }]);
    expect(sync.messages("c1")[2]!.reactions).toEqual(both);
    // A tombstone shows none, and a late frame does not bring them back; a chat not held: nothing.
    sync.apply({ type: "chat.message.deleted", chatId: "c1", messageId: 3 });
    expect(sync.messages("c1")[2]).not.toHaveProperty("reactions");
    expect(sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 3, reactions: liked })).toBe(false);
    expect(sync.messages("c1")[2]).not.toHaveProperty("reactions");
    expect(sync.apply({ type: "chat.reactions", chatId: "other", messageId: 1, reactions: liked })).toBe(false);
    expect(sync.messages("other")).toEqual([]);
  });

  test("frames and pages in any order end up ascending by id, each message once", () => {
    const sync = createChatSync();
    sync.apply({ type: "chat.message", message: msg(5) });
    sync.addPage([msg(3), msg(4), msg(5), msg(6)]);
    sync.apply({ type: "chat.message", message: msg(2) });
    sync.apply({ type: "chat.message", message: msg(6) });
    sync.addPage([msg(1), msg(2)]);
    expect(ids(sync.messages("c1"))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sync.lastId("c1")).toBe(6);
    expect(sync.firstId("c1")).toBe(1);
    expect(sync.lastId("other")).toBe(0);
  });

  test("a pending message disappears when its ack or its own frame arrives, and fails on its error frame", () => {
    const sync = createChatSync();
    sync.addPending({ chatId: "c1", clientId: "aaaaaaaa-1", body: "hi", imageIds: [] });
    sync.addPending({ chatId: "c1", clientId: "aaaaaaaa-2", body: "there", imageIds: [] });
    sync.addPending({ chatId: "c1", clientId: "aaaaaaaa-3", body: "!", imageIds: [] });
    expect(sync.pending("c1").map((p) => p.clientId)).toEqual(["aaaaaaaa-1", "aaaaaaaa-2", "aaaaaaaa-3"]);

    sync.apply({ type: "chat.message", message: msg(10, "c1", "aaaaaaaa-1") });
    sync.apply({ type: "chat.ack", clientId: "aaaaaaaa-2", message: msg(11, "c1", "aaaaaaaa-2") });
    sync.apply({ type: "chat.ack", clientId: "aaaaaaaa-1", message: msg(10, "c1", "aaaaaaaa-1") });
    sync.apply({ type: "error", code: "NOT_FOUND", message: "x", reason: "chats.notFound", clientId: "aaaaaaaa-3", chatId: "c1" });

    expect(ids(sync.messages("c1"))).toEqual([10, 11]);
    expect(sync.pending("c1")).toEqual([
      { chatId: "c1", clientId: "aaaaaaaa-3", body: "!", imageIds: [], status: "failed", reason: "chats.notFound" },
    ]);
    expect(sync.retry("c1", "aaaaaaaa-3")?.status).toBe("sending");
  });

  test("a saved send whose message is held already (history read before the saved queue) counts as stored, not as pending", () => {
    const sync = createChatSync();
    sync.addPage([msg(10, "c1", "saved-send-1")]);
    expect(sync.isStored("c1", "saved-send-1")).toBe(true);
    expect(sync.isStored("c1", "saved-send-2")).toBe(false);
    expect(sync.isStored("c2", "saved-send-1")).toBe(false);
  });

  test("chat.removed forgets the chat", () => {
    const sync = createChatSync();
    sync.add(msg(1));
    expect(sync.apply({ type: "chat.removed", chatId: "c1", reason: "removed" })).toBe(true);
    expect(sync.messages("c1")).toEqual([]);
  });

  test("resume re-opens every chat before any history, pages from the resume anchor up to the latest page when more than a page was missed, then re-sends pending", async () => {
    const sync = createChatSync();
    sync.addPage([msg(1), msg(2)]);
    sync.addPending({ chatId: "c1", clientId: "pending-1", body: "again", imageIds: [] });
    const server = [msg(1), msg(2), msg(3), msg(4), msg(5), msg(6), msg(7)];
    const calls: string[] = [];
    const lost = await resumeChats(
      sync,
      ["c1", "gone"],
      {
        async open(chatId) {
          calls.push(`open ${chatId}`);
          await Bun.sleep(chatId === "gone" ? 5 : 1);
          if (chatId === "gone") throw new Error("NOT_FOUND");
        },
        history: serverHistory(server, calls),
        resend: (p) => calls.push(`resend ${p.clientId}`),
      },
      2,
    );
    expect(lost).toEqual(["gone"]);
    // The latest page [6, 7] does not reach the anchor (id 1: fewer than RESUME_OVERLAP held):
    // forward from 1 until a page reaches id 6.
    expect(calls).toEqual(["open c1", "open gone", "history c1 latest", "history c1 after 1", "history c1 after 3", "history c1 after 5", "resend pending-1"]);
    expect(ids(sync.messages("c1"))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test("a chat with nothing held resumes by paging from the start, without a latest page", async () => {
    const sync = createChatSync();
    const calls: string[] = [];
    await resumeChats(sync, ["c1"], { open: async () => {}, history: serverHistory([msg(1), msg(2), msg(3)], calls), resend: () => {} }, 2);
    expect(calls).toEqual(["history c1 after 0", "history c1 after 2"]);
    expect(ids(sync.messages("c1"))).toEqual([1, 2, 3]);
  });

  test("a resume shows what changed while disconnected: an edit, a deletion and new reactions replace the held messages in place, a new message is added in order, my pending message stays pending, in one request", async () => {
    const sync = createChatSync();
    const b = "b".repeat(24);
    const liked = [{ emoji: "👍", count: 1, userIds: [b] }];
    sync.addPage([msg(1), msg(2), msg(3), { ...msg(4), reactions: liked }, msg(5)]);
    const untouched = sync.messages("c1")[0]!;
    const pending = sync.addPending({ chatId: "c1", clientId: "mine-1", body: "not acked yet", imageIds: [] });
    const failed = sync.addPending({ chatId: "c1", clientId: "mine-2", body: "failed", imageIds: [] });
    sync.apply({ type: "error", code: "RATE_LIMITED", message: "x", reason: "ws.rateLimited", clientId: "mine-2", chatId: "c1" });

    // While disconnected: 2 edited, 3 deleted, 4's 👍 taken back and 🔥 put on 5, 6 is new.
    const fire = [{ emoji: "🔥", count: 1, userIds: [b] }];
    const server = [
      msg(1),
      { ...msg(2), body: "edited offline", editedAt: 1_800_000_000_000 },
      toTombstone(msg(3)),
      msg(4),
      { ...msg(5), reactions: fire },
      msg(6),
    ];
    const calls: string[] = [];
    const resent: string[] = [];
    const lost = await resumeChats(sync, ["c1"], { open: async () => {}, history: serverHistory(server, calls), resend: (p) => resent.push(p.clientId) }, 10);
    expect(lost).toEqual([]);
    expect(calls).toEqual(["history c1 latest"]);
    expect(sync.messages("c1")).toEqual(server);
    expect(sync.messages("c1")[1]).toMatchObject({ body: "edited offline", editedAt: 1_800_000_000_000 });
    expect(sync.messages("c1")[2]).toMatchObject({ body: "", images: [], deleted: true });
    expect(sync.messages("c1")[3]).not.toHaveProperty("reactions");
    expect(sync.messages("c1")[4]!.reactions).toEqual(fire);
    // What did not change stays the same object (views keep their elements).
    expect(sync.messages("c1")[0]).toBe(untouched);
    // My pending sends are kept as they were: the one still sending goes again, the failed one waits for a retry.
    expect(sync.pending("c1")).toEqual([pending, failed]);
    expect(sync.pending("c1")[0]).toBe(pending);
    expect(failed.status).toBe("failed");
    expect(resent).toEqual(["mine-1"]);
  });

  test("a send the resumed history shows stored is sent again all the same: its instance may have died before publishing it, and only a resend makes the server publish it", async () => {
    const sync = createChatSync();
    sync.addPage([msg(1)]);
    const stored = sync.addPending({ chatId: "c1", clientId: "mine-1", body: "stored, never acked", imageIds: [] });
    const waiting = sync.addPending({ chatId: "c1", clientId: "mine-2", body: "never stored", imageIds: [] });
    const resent: string[] = [];
    await resumeChats(sync, ["c1"], { open: async () => {}, history: serverHistory([msg(1), msg(2, "c1", "mine-1")], []), resend: (p) => resent.push(p.clientId) }, 10);
    // Shown once, as stored; the other stays pending; both went again.
    expect(ids(sync.messages("c1"))).toEqual([1, 2]);
    expect(sync.pending("c1")).toEqual([waiting]);
    expect(resent).toEqual([stored.clientId, waiting.clientId]);
    // The server's answer to the resend changes nothing shown.
    sync.apply({ type: "chat.ack", clientId: "mine-1", message: msg(2, "c1", "mine-1") });
    expect(ids(sync.messages("c1"))).toEqual([1, 2]);
  });

  test("a resume after more than a page was missed pages forward from the resume anchor until it meets the latest page: nothing is skipped, each message once, as it is now", async () => {
    const sync = createChatSync();
    sync.addPage([msg(1), msg(2)]);
    const server = [msg(1), msg(2), msg(3), { ...msg(4), body: "edited", editedAt: 1_800_000_000_000 }, msg(5), msg(6), toTombstone(msg(7))];
    const calls: string[] = [];
    await resumeChats(sync, ["c1"], { open: async () => {}, history: serverHistory(server, calls), resend: () => {} }, 2);
    // Latest page [6, 7]; forward from the anchor 1: [2, 3], [4, 5], [6, 7] reaches 6, so no more.
    expect(calls).toEqual(["history c1 latest", "history c1 after 1", "history c1 after 3", "history c1 after 5"]);
    expect(sync.messages("c1")).toEqual(server);
  });

  test("a message that arrived out of order (another instance's, a moment late) and was lost with the socket is read again by the resume", async () => {
    const sync = createChatSync();
    // 24 held, but 20 never arrived: 21 came through this instance before 20 crossed from another,
    // and the socket dropped in between. Then more than a page was sent while away.
    const held = Array.from({ length: 25 }, (_, i) => msg(i + 1)).filter((m) => m.id !== 20);
    sync.addPage(held);
    const server = Array.from({ length: 40 }, (_, i) => msg(i + 1));
    await resumeChats(sync, ["c1"], { open: async () => {}, history: serverHistory(server, []), resend: () => {} }, 5);
    expect(ids(sync.messages("c1"))).toEqual(ids(server));
  });

  test("reaction frames heard before the disconnect do not hide the reactions a resume reads; a frame heard after the re-open still wins", async () => {
    const sync = createChatSync();
    const a = "a".repeat(24);
    const b = "b".repeat(24);
    const liked = [{ emoji: "👍", count: 1, userIds: [b] }];
    const both = [{ emoji: "👍", count: 2, userIds: [b, a] }];
    sync.addPage([msg(1), msg(2)]);
    sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 1, reactions: liked });
    sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 2, reactions: liked });
    // While disconnected: 1's 👍 taken back. During the resume, after the re-open and before the
    // page's answer, a frame puts a second 👍 on 2 (the page was read before that).
    const server = [msg(1), { ...msg(2), reactions: liked }];
    await resumeChats(
      sync,
      ["c1"],
      {
        async open() {
          sync.apply({ type: "chat.reactions", chatId: "c1", messageId: 2, reactions: both });
        },
        history: serverHistory(server, []),
        resend: () => {},
      },
      10,
    );
    expect(sync.messages("c1")[0]).not.toHaveProperty("reactions");
    expect(sync.messages("c1")[1]!.reactions).toEqual(both);
  });
});

/** A fake server's history over `messages` (one chat, ascending): `after` forward, else the latest page. */
function serverHistory(messages: ChatMessage[], calls: string[]) {
  return async ({ chatId, after, limit }: { chatId: string; after?: number; limit: number }) => {
    calls.push(`history ${chatId} ${after === undefined ? "latest" : `after ${after}`}`);
    if (after === undefined) return { messages: messages.slice(-limit), hasMore: messages.length > limit };
    const rest = messages.filter((m) => m.id > after);
    return { messages: rest.slice(0, limit), hasMore: rest.length > limit };
  };
}
