import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { makePng } from "../fixtures/images.ts";
import { testBackends } from "../helpers/backends.ts";
import { is, openChat, person, send, sendOk } from "../helpers/chat.ts";
import { createClient, rejection, type TestClient } from "../helpers/client.ts";
import { upload } from "../fixtures/media-kit.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

for (const backend of testBackends()) {
  describe(`images in chats (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend });
    });
    afterAll(() => srv.stop());

    const status = async (client: TestClient, path: string) => (await client.fetch(`${srv.url}${path}`)).status;

    test("a message carries the sender's chat images, and only the chat's members can see them", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const guest = createClient(srv);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await openChat(b.sock, chat.id);
      const first = await upload(srv, a.client, "chat_image", makePng(64, 48));
      const second = await upload(srv, a.client, "chat_image", makePng(32, 32));
      expect(await status(a.client, first.urls.thumb!)).toBe(200);
      expect(await status(b.client, first.urls.thumb!)).toBe(404); // not sent yet: the owner's alone

      const message = await sendOk(a.sock, chat.id, "", { imageIds: [first.id, second.id] });
      expect(message.images).toEqual([first, second]);
      expect(await b.sock.next(is("chat.message", (e) => e.message.id === message.id))).toMatchObject({ message: { images: [first, second] } });
      for (const url of [first.urls.thumb!, second.urls.full!]) {
        expect(await status(b.client, url)).toBe(200);
        expect(await status(outsider.client, url)).toBe(404);
        expect(await status(guest, url)).toBe(404);
      }
      const { messages } = await b.client.trpc.chats.history.query({ chatId: chat.id });
      expect(messages.at(-1)!.images).toEqual([first, second]);
      expect((await b.client.trpc.chats.list.query()).chats[0]!.lastMessage).toMatchObject({ imageCount: 2, text: "" });
    });

    test("someone else's image, or an image uploaded for another purpose, cannot be sent", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      const theirs = await upload(srv, b.client, "chat_image", makePng(16, 16));
      const avatar = await upload(srv, a.client, "avatar", makePng(16, 16));
      for (const id of [theirs.id, avatar.id]) {
        expect(await send(a.sock, chat.id, "look", { imageIds: [id] })).toMatchObject({ type: "error", code: "NOT_FOUND", reason: "chats.imageNotFound" });
      }
      expect((await b.client.trpc.chats.history.query({ chatId: chat.id })).messages).toEqual([]);
      expect(await status(a.client, theirs.urls.thumb!)).toBe(404);
    });

    test("an image in the public chat is visible to everyone, guests included", async () => {
      const a = await person(srv);
      const img = await upload(srv, a.client, "chat_image", makePng(20, 20));
      await sendOk(a.sock, GLOBAL_CHAT_ID, "for all", { imageIds: [img.id] });
      expect(await status(createClient(srv), img.urls.thumb!)).toBe(200);
    });

    test("a group avatar is one of the admin's chat images, visible to the members only", async () => {
      const [a, b, outsider] = await Promise.all([person(srv), person(srv), person(srv)]);
      const img = await upload(srv, a.client, "chat_image", makePng(50, 50));
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Pics", memberIds: [b.user.id], avatarId: img.id });
      expect(group.avatar).toEqual(img);
      expect((await b.client.trpc.chats.list.query()).chats[0]!.avatar).toEqual(img);
      expect(await status(b.client, img.urls.thumb!)).toBe(200);
      expect(await status(outsider.client, img.urls.thumb!)).toBe(404);

      const bImg = await upload(srv, b.client, "chat_image", makePng(10, 10));
      const foreign = await rejection(a.client.trpc.chats.updateGroup.mutate({ chatId: group.id, avatarId: bImg.id }));
      expect(foreign.data).toMatchObject({ code: "NOT_FOUND", reason: "chats.imageNotFound" });
      const cleared = await a.client.trpc.chats.updateGroup.mutate({ chatId: group.id, avatarId: null });
      expect(cleared.avatar).toBeNull();
      expect(await status(b.client, img.urls.thumb!)).toBe(404);
    });
  });
}
