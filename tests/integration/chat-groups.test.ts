import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makePng } from "../fixtures/images.ts";
import { storedFiles, upload } from "../fixtures/media-kit.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, expectNoFrame, expectValidFrames, is, openChat, person, send, sendOk } from "../helpers/chat.ts";
import { rejection, type TestClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

const unknownUserId = "0".repeat(24);

for (const backend of testBackends()) {
  describe(`group and personal chats (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const status = async (client: TestClient, path: string) => (await client.fetch(`${srv.url}${path}`)).status;
    const usedBytes = async (client: TestClient) => (await client.trpc.media.usage.query()).usedBytes;
    const countRows = async (table: "chats" | "messages", chatId: string) =>
      (await srv.deps.db.db.selectFrom(table).select("id").where(table === "chats" ? "id" : "chat_id", "=", chatId).execute()).length;

    test("only the admin adds, renames, removes and hands over; members are told of every change", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "  Книжковий клуб ", memberIds: [b.user.id, b.user.id] });
      // Its last message is the "created" system line, which is nobody's unread.
      expect(group).toMatchObject({
        kind: "group",
        name: "Книжковий клуб",
        adminId: a.user.id,
        memberCount: 2,
        unread: 0,
        lastMessage: { authorId: a.user.id, text: "", system: { event: "created", name: "Книжковий клуб" } },
      });
      expect(group.members.map((m) => m.id).sort()).toEqual([a.user.id, b.user.id].sort());
      expect(await b.sock.next(is("chat.updated", (e) => e.chat.id === group.id))).toMatchObject({ chat: { name: "Книжковий клуб" } });

      const chatId = group.id;
      const forbidden = await Promise.all([
        rejection(b.client.trpc.chats.addMembers.mutate({ chatId, userIds: [c.user.id] })),
        rejection(b.client.trpc.chats.updateGroup.mutate({ chatId, name: "Mine now" })),
        rejection(b.client.trpc.chats.removeMember.mutate({ chatId, userId: a.user.id })),
        rejection(b.client.trpc.chats.transferAdmin.mutate({ chatId, userId: b.user.id })),
      ]);
      for (const err of forbidden) expect(err.data).toMatchObject({ code: "FORBIDDEN", reason: "chats.adminOnly" });
      const outsider = await rejection(c.client.trpc.chats.updateGroup.mutate({ chatId, name: "Hi" }));
      expect(outsider.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });

      const added = await a.client.trpc.chats.addMembers.mutate({ chatId, userIds: [c.user.id] });
      expect(added.memberCount).toBe(3);
      expect(await c.sock.next(is("chat.updated", (e) => e.chat.id === chatId))).toMatchObject({ chat: { memberCount: 3, adminId: a.user.id } });
      const unknown = await rejection(a.client.trpc.chats.addMembers.mutate({ chatId, userIds: [unknownUserId] }));
      expect(unknown.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.userNotFound" });

      await a.client.trpc.chats.updateGroup.mutate({ chatId, name: "Клуб" });
      expect(await b.sock.next(is("chat.updated", (e) => e.chat.name === "Клуб"))).toBeTruthy();

      const self = await rejection(a.client.trpc.chats.removeMember.mutate({ chatId, userId: a.user.id }));
      expect(self.data).toMatchObject({ code: "BAD_REQUEST", reason: "chats.notYourself" });
      const handed = await a.client.trpc.chats.transferAdmin.mutate({ chatId, userId: c.user.id });
      expect(handed.adminId).toBe(c.user.id);
      expect((await rejection(a.client.trpc.chats.updateGroup.mutate({ chatId, name: "x" }))).data).toMatchObject({ reason: "chats.adminOnly" });
      const removed = await c.client.trpc.chats.removeMember.mutate({ chatId, userId: a.user.id });
      expect(removed.members.map((m) => m.id).sort()).toEqual([b.user.id, c.user.id].sort());
      const again = await rejection(c.client.trpc.chats.removeMember.mutate({ chatId, userId: a.user.id }));
      expect(again.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notAMember" });
      for (const p of [a, b, c]) expectValidFrames(p.sock);
    });

    test("a removed member's sockets stop receiving the chat at once and are told", async () => {
      const [admin, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const { id: chatId } = await admin.client.trpc.chats.createGroup.mutate({ name: "Trio", memberIds: [b.user.id, c.user.id] });
      const bSecondTab = await connect(srv, b.client);
      for (const s of [admin.sock, b.sock, c.sock]) await openChat(s, chatId);
      await sendOk(admin.sock, chatId, "before");
      await b.sock.next(is("chat.message", (e) => e.message.body === "before"));

      await admin.client.trpc.chats.removeMember.mutate({ chatId, userId: b.user.id });
      expect(await b.sock.next(is("chat.removed"))).toEqual({ type: "chat.removed", chatId, reason: "removed" });
      expect(await bSecondTab.next(is("chat.removed"))).toEqual({ type: "chat.removed", chatId, reason: "removed" });
      await sendOk(admin.sock, chatId, "after");
      await c.sock.next(is("chat.message", (e) => e.message.body === "after"));
      await expectNoFrame(b.sock, is("chat.message", (e) => e.message.body === "after"));
      await expectNoFrame(b.sock, is("chat.activity", (e) => e.message.text === "after"));

      expect(await openChat(b.sock, chatId)).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.notFound" });
      // Refused at once, although the send path had the chat's members in memory (send-path-cache.ts).
      expect(await send(b.sock, chatId, "still here?")).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.notFound" });
      expect((await rejection(b.client.trpc.chats.history.query({ chatId }))).data).toMatchObject({ code: "NOT_FOUND" });
      expect((await b.client.trpc.chats.list.query()).chats.map((ch) => ch.id)).not.toContain(chatId);
    });

    test("when the admin leaves, the longest-standing member becomes admin", async () => {
      const [a, b, c, d] = await Promise.all([person(srv), person(srv), person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Relay", memberIds: [c.user.id] });
      srv.clock.advance(1_000);
      await a.client.trpc.chats.addMembers.mutate({ chatId, userIds: [b.user.id] });
      srv.clock.advance(1_000);
      await a.client.trpc.chats.addMembers.mutate({ chatId, userIds: [d.user.id] });
      await openChat(a.sock, chatId);

      // A member leaving leaves the admin alone.
      await d.client.trpc.chats.leave.mutate({ chatId });
      expect((await a.client.trpc.chats.byId.query({ chatId })).adminId).toBe(a.user.id);

      await a.client.trpc.chats.leave.mutate({ chatId });
      expect(await a.sock.next(is("chat.removed"))).toEqual({ type: "chat.removed", chatId, reason: "left" });
      const afterA = await b.client.trpc.chats.byId.query({ chatId });
      expect(afterA).toMatchObject({ adminId: c.user.id, memberCount: 2 });
      expect(await b.sock.next(is("chat.updated", (e) => e.chat.adminId === c.user.id))).toBeTruthy();

      await c.client.trpc.chats.leave.mutate({ chatId });
      expect((await b.client.trpc.chats.byId.query({ chatId })).adminId).toBe(b.user.id);
      await b.client.trpc.chats.addMembers.mutate({ chatId, userIds: [a.user.id] });
    });

    test("a group with members left keeps existing when one member leaves", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Stays", memberIds: [b.user.id] });
      await openChat(a.sock, chatId);
      const img = await upload(srv, a.client, "chat_image", makePng(24, 24));
      await sendOk(a.sock, chatId, "mine", { imageIds: [img.id] });
      const aUsed = await usedBytes(a.client);

      await a.client.trpc.chats.leave.mutate({ chatId });
      expect(await b.sock.next(is("chat.updated", (e) => e.chat.id === chatId && e.chat.memberCount === 1))).toMatchObject({ chat: { adminId: b.user.id } });
      expect(await b.client.trpc.chats.byId.query({ chatId })).toMatchObject({ memberCount: 1, adminId: b.user.id });
      expect((await b.client.trpc.chats.history.query({ chatId })).messages.map((m) => m.event?.event ?? m.body)).toEqual(["created", "mine", "left", "adminAssigned"]);
      // The one who left still owns the image; the member who stays still sees it.
      expect(await status(b.client, img.urls.thumb!)).toBe(200);
      expect(await usedBytes(a.client)).toBe(aUsed);
      expect((await rejection(a.client.trpc.chats.byId.query({ chatId }))).data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
    });

    test("when the last member leaves a group, the group and its messages are gone", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const aEmpty = await usedBytes(a.client);
      const bEmpty = await usedBytes(b.client);
      const avatar = await upload(srv, a.client, "chat_image", makePng(40, 40));
      const { id: chatId } = await a.client.trpc.chats.createGroup.mutate({ name: "Short-lived", memberIds: [b.user.id], avatarId: avatar.id });
      const aImg = await upload(srv, a.client, "chat_image", makePng(64, 48));
      const bImg = await upload(srv, b.client, "chat_image", makePng(32, 32));
      await Promise.all([openChat(a.sock, chatId), openChat(b.sock, chatId)]);
      await sendOk(a.sock, chatId, "from a", { imageIds: [aImg.id] });
      await sendOk(b.sock, chatId, "from b", { imageIds: [bImg.id] });
      expect(await status(b.client, aImg.urls.thumb!)).toBe(200);
      expect(await usedBytes(a.client)).toBeGreaterThan(aEmpty);
      expect(await usedBytes(b.client)).toBeGreaterThan(bEmpty);

      await a.client.trpc.chats.leave.mutate({ chatId });
      await b.client.trpc.chats.leave.mutate({ chatId });
      expect(await b.sock.next(is("chat.removed"))).toEqual({ type: "chat.removed", chatId, reason: "left" });

      // A former member is answered exactly as for a chat that never existed.
      const gone = await rejection(a.client.trpc.chats.byId.query({ chatId }));
      const never = await rejection(a.client.trpc.chats.byId.query({ chatId: unknownUserId }));
      expect(gone.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.notFound" });
      expect(gone.data).toEqual(never.data);
      expect((await rejection(b.client.trpc.chats.history.query({ chatId }))).data).toMatchObject({ code: "NOT_FOUND" });
      expect(await countRows("chats", chatId)).toBe(0);
      expect(await countRows("messages", chatId)).toBe(0);

      // Its images went with it, for their uploaders too, rows and files and quota.
      for (const [owner, img] of [[a, avatar], [a, aImg], [b, bImg]] as const) {
        expect(await status(owner.client, img.urls.thumb!)).toBe(404);
        expect(await status(owner.client, img.urls.full!)).toBe(404);
      }
      const files = await storedFiles(srv);
      for (const img of [avatar, aImg, bImg]) expect(files.filter((f) => f.startsWith(`${img.id}/`))).toEqual([]);
      expect(await usedBytes(a.client)).toBe(aEmpty);
      expect(await usedBytes(b.client)).toBe(bEmpty);
      expect((await a.client.trpc.chats.list.query()).chats.map((ch) => ch.id)).not.toContain(chatId);
    });

    test("an image also sent in another chat survives when a group it was in is deleted", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const { id: groupId } = await a.client.trpc.chats.createGroup.mutate({ name: "Doomed", memberIds: [b.user.id] });
      const personal = await a.client.trpc.chats.openPersonal.mutate({ userId: c.user.id });
      const shared = await upload(srv, a.client, "chat_image", makePng(48, 48));
      const avatarElsewhere = await upload(srv, a.client, "chat_image", makePng(30, 30));
      const only = await upload(srv, a.client, "chat_image", makePng(20, 20));
      const other = await a.client.trpc.chats.createGroup.mutate({ name: "Lasting", memberIds: [c.user.id], avatarId: avatarElsewhere.id });
      await sendOk(a.sock, groupId, "here", { imageIds: [shared.id, avatarElsewhere.id, only.id] });
      await sendOk(a.sock, personal.id, "and there", { imageIds: [shared.id] });
      const before = await usedBytes(a.client);

      await b.client.trpc.chats.leave.mutate({ chatId: groupId });
      await a.client.trpc.chats.leave.mutate({ chatId: groupId });
      expect((await rejection(a.client.trpc.chats.byId.query({ chatId: groupId }))).data).toMatchObject({ code: "NOT_FOUND" });

      // Still shown in the personal chat, and as the other group's avatar: both kept.
      expect(await status(c.client, shared.urls.thumb!)).toBe(200);
      expect(await status(a.client, shared.urls.full!)).toBe(200);
      expect((await c.client.trpc.chats.history.query({ chatId: personal.id })).messages.at(-1)!.images).toEqual([shared]);
      expect(await status(c.client, avatarElsewhere.urls.thumb!)).toBe(200);
      expect((await c.client.trpc.chats.byId.query({ chatId: other.id })).avatar).toEqual(avatarElsewhere);
      // Only the image nothing else showed is gone.
      expect(await status(a.client, only.urls.thumb!)).toBe(404);
      expect(await usedBytes(a.client)).toBe(before - only.bytes);
    });

    test("a personal chat is unique per pair, whoever opens it and however often", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const [x, y] = await Promise.all([
        a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id }),
        b.client.trpc.chats.openPersonal.mutate({ userId: a.user.id }),
      ]);
      const z = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      expect(new Set([x.id, y.id, z.id]).size).toBe(1);
      expect(x).toMatchObject({ kind: "personal", name: null, adminId: null, memberCount: 2 });
      expect(x.members.map((m) => m.id).sort()).toEqual([a.user.id, b.user.id].sort());

      const self = await rejection(a.client.trpc.chats.openPersonal.mutate({ userId: a.user.id }));
      expect(self.data).toMatchObject({ code: "BAD_REQUEST", reason: "chats.chatWithSelf" });
      const nobody = await rejection(a.client.trpc.chats.openPersonal.mutate({ userId: unknownUserId }));
      expect(nobody.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.userNotFound" });
      const notGroup = await Promise.all([
        rejection(a.client.trpc.chats.leave.mutate({ chatId: x.id })),
        rejection(a.client.trpc.chats.updateGroup.mutate({ chatId: x.id, name: "x" })),
      ]);
      for (const err of notGroup) expect(err.data).toMatchObject({ code: "BAD_REQUEST", reason: "chats.notAGroup" });
      const list = await a.client.trpc.chats.list.query();
      expect(list.chats.filter((ch) => ch.id === x.id)).toHaveLength(1);
    });
  });
}
