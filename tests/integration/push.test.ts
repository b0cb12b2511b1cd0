import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createPushService } from "../../server/features/push/push.service.ts";
import { createLogger } from "../../server/lib/log.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { connect, person, sendOk, type Person } from "../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify, rejection } from "../helpers/client.ts";
import { startPushEndpoint, type PushEndpoint, type TestDevice } from "../helpers/push-endpoint.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { waitFor } from "../helpers/wait.ts";

for (const backend of testBackends()) {
  describe(`web push (${backend.name})`, () => {
    let srv: TestServer;
    let pushService: PushEndpoint;
    beforeAll(async () => {
      pushService = await startPushEndpoint();
      srv = await startTestServer({ backend, env: { PUSH_LOCAL_ENDPOINTS: "true" } });
    });
    afterAll(async () => {
      await srv.stop();
      pushService.stop();
    });

    const push = () => srv.deps.services.push;
    const subscribe = async (p: Person, opts: { showText?: boolean; lang?: "uk" | "en" } = {}) => {
      const device = pushService.device();
      expect(await p.client.trpc.push.subscribe.mutate({ endpoint: device.endpoint, keys: device.keys, showText: opts.showText ?? false, lang: opts.lang ?? "uk" })).toEqual({
        subscribed: true,
        showText: opts.showText ?? false,
      });
      return device;
    };
    /** Closes every socket of the person and waits until no instance counts them as connected. */
    const goAway = async (p: Person) => {
      p.sock.ws.close();
      await p.sock.closed;
      await waitFor(async () => (await push().away([p.user.id])).length === 1, "the person counts as away");
    };
    const arrived = (device: TestDevice, n = 1) => waitFor(() => device.received.length >= n, `${n} push(es) at the device`);
    /** Everything scheduled so far sent: no more can come of what happened before. */
    const settled = () => push().idle();

    test("a message to a person whose sockets are all closed reaches their device once, encrypted for it and signed with the server's VAPID key, without the text when previews are off", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const device = await subscribe(b);
      const { publicKey } = await b.client.trpc.push.publicKey.query();
      await goAway(b);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await sendOk(a.sock, chat.id, "секретний текст");
      await arrived(device);
      await settled();
      expect(device.received).toHaveLength(1);
      const [got] = device.received;
      expect(got!.vapidError).toBeNull();
      expect(got!.vapidKey).toBe(publicKey);
      expect(got!.headers.ttl).toBe("86400");
      expect(got!.headers.urgency).toBe("high");
      expect(got!.headers.topic).toMatch(/^[\w-]{1,32}$/);
      expect(got!.payload).toEqual({ title: "Олена Коваль", body: "Нове повідомлення", url: `/chats/${chat.id}`, tag: `chat:${chat.id}` });
      expect(JSON.stringify(got!.payload)).not.toContain("секретний");
      expect(pushService.errors).toEqual([]);
    });

    test("with previews allowed a group message carries its author and text; a member with an open tab and the author get none", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Книжковий клуб", memberIds: [b.user.id, c.user.id] });
      const [aDevice, bDevice, cDevice] = [await subscribe(a, { showText: true }), await subscribe(b, { showText: true }), await subscribe(c, { showText: true, lang: "en" })];
      await goAway(c);
      await sendOk(a.sock, group.id, "Зустрічаємось о сьомій");
      await arrived(cDevice);
      await settled();
      expect(cDevice.received.map((r) => r.payload)).toEqual([
        { title: "Книжковий клуб", body: "Олена Коваль: Зустрічаємось о сьомій", url: `/chats/${group.id}`, tag: `chat:${group.id}` },
      ]);
      expect(cDevice.received[0]!.headers.urgency).toBe("normal");
      expect(bDevice.received).toEqual([]);
      expect(aDevice.received).toEqual([]);
    });

    test("nothing is pushed for a chat the person muted, and pushes come again once the mute ends", async () => {
      const [a, b, c] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await a.client.trpc.chats.createGroup.mutate({ name: "Тиша", memberIds: [b.user.id, c.user.id] });
      const [bDevice, cDevice] = [await subscribe(b), await subscribe(c)];
      await Promise.all([goAway(b), goAway(c)]);
      const mute = (until: number | null) =>
        srv.deps.db.db.updateTable("chat_members").set({ muted_until: until }).where("chat_id", "=", group.id).where("user_id", "=", b.user.id).execute();
      await mute(srv.clock.now() + 3_600_000);
      await sendOk(a.sock, group.id, "перше");
      // C (not muted) hears of the same message: its push job is done, and B got nothing from it.
      await arrived(cDevice);
      await settled();
      expect(bDevice.received).toEqual([]);
      // A mute that ended (in the past) mutes nothing.
      await mute(srv.clock.now() - 1);
      await sendOk(a.sock, group.id, "друге");
      await arrived(bDevice);
      await arrived(cDevice, 2);
      await settled();
      expect(bDevice.received).toHaveLength(1);
    });

    test("a friend request and a comment on my post reach my device while I am away, opening the requests and the post", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const device = await subscribe(b, { showText: true });
      const postId = (await b.client.trpc.posts.create.mutate({ title: "Мій допис", body: "Текст", tags: [], links: [], imageIds: [] })).id;
      await goAway(b);
      await a.client.trpc.friends.request.mutate({ userId: b.user.id });
      await arrived(device);
      expect(device.received[0]!.payload).toEqual({ title: "Запит у друзі", body: "Олена Коваль надсилає вам запит у друзі", url: "/friends/requests", tag: "friends" });
      await a.client.trpc.comments.create.mutate({ postId, body: "Чудовий допис!" });
      await arrived(device, 2);
      await settled();
      expect(device.received.map((r) => r.payload)).toEqual([
        device.received[0]!.payload,
        { title: "Новий коментар", body: "Олена Коваль: Чудовий допис!", url: `/posts/${postId}`, tag: `post:${postId}` },
      ]);
      for (const r of device.received) expect(r.vapidError).toBeNull();
    });

    test("a device the push service answers 410 for is forgotten", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const device = await subscribe(b);
      device.status = 410;
      await goAway(b);
      expect(await b.client.trpc.push.device.query({ endpoint: device.endpoint })).toEqual({ subscribed: true, showText: false });
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      await sendOk(a.sock, chat.id, "ти тут?");
      await arrived(device);
      await settled();
      expect(await b.client.trpc.push.device.query({ endpoint: device.endpoint })).toEqual({ subscribed: false, showText: false });
    });

    test("signing out removes that session's devices; the devices of my other sessions stay", async () => {
      const first = createClient(srv);
      const { email } = await registerAndVerify(srv, first);
      const second = createClient(srv, { ip: first.ip });
      await second.trpc.auth.signIn.mutate({ email, password: defaultPassword });
      const [d1, d2] = [pushService.device(), pushService.device()];
      await first.trpc.push.subscribe.mutate({ endpoint: d1.endpoint, keys: d1.keys, showText: true, lang: "uk" });
      await second.trpc.push.subscribe.mutate({ endpoint: d2.endpoint, keys: d2.keys, showText: false, lang: "uk" });
      expect(await second.trpc.push.device.query({ endpoint: d1.endpoint })).toEqual({ subscribed: true, showText: true });
      await first.trpc.auth.signOut.mutate();
      expect(await second.trpc.push.device.query({ endpoint: d1.endpoint })).toEqual({ subscribed: false, showText: false });
      expect(await second.trpc.push.device.query({ endpoint: d2.endpoint })).toEqual({ subscribed: true, showText: false });
      // And unsubscribing is the person's own switch.
      expect(await second.trpc.push.unsubscribe.mutate({ endpoint: d2.endpoint })).toEqual({ removed: true });
      expect(await second.trpc.push.device.query({ endpoint: d2.endpoint })).toEqual({ subscribed: false, showText: false });
    });

    test("someone else's device can be neither read nor removed", async () => {
      const [b, stranger] = await Promise.all([person(srv), person(srv)]);
      const device = await subscribe(b);
      expect(await stranger.client.trpc.push.device.query({ endpoint: device.endpoint })).toEqual({ subscribed: false, showText: false });
      expect(await stranger.client.trpc.push.unsubscribe.mutate({ endpoint: device.endpoint })).toEqual({ removed: false });
      expect(await b.client.trpc.push.device.query({ endpoint: device.endpoint })).toEqual({ subscribed: true, showText: false });
    });

    test("bad endpoints and keys are refused, and guests can do nothing", async () => {
      const p = await person(srv);
      const good = pushService.device();
      const refuse = async (input: Record<string, unknown>, reason: string) => {
        const e = await rejection(p.client.trpc.push.subscribe.mutate({ endpoint: good.endpoint, keys: good.keys, ...input } as never));
        expect(e.data?.code).toBe("BAD_REQUEST");
        expect(JSON.stringify(e.data)).toContain(reason);
      };
      await refuse({ endpoint: "http://push.example.com/x" }, "push.badEndpoint");
      await refuse({ endpoint: "https://10.0.0.1/x" }, "push.badEndpoint");
      await refuse({ endpoint: "https://user:pw@push.example.com/x" }, "push.badEndpoint");
      await refuse({ endpoint: "ftp://push.example.com/x" }, "push.badEndpoint");
      await refuse({ endpoint: "not a url" }, "push.badEndpoint");
      await refuse({ endpoint: `https://push.example.com/${"x".repeat(2_000)}` }, "push.badEndpoint");
      await refuse({ keys: { ...good.keys, p256dh: good.keys.p256dh.slice(1) } }, "push.badKey");
      await refuse({ keys: { ...good.keys, p256dh: `A${good.keys.p256dh.slice(1)}` } }, "push.badKey");
      await refuse({ keys: { ...good.keys, auth: `${good.keys.auth}AA` } }, "push.badKey");
      await refuse({ keys: { ...good.keys, auth: "+/+/+/+/+/+/+/+/+/+/+/" } }, "push.badKey");
      await refuse({ lang: "de" }, "");
      expect(await p.client.trpc.push.device.query({ endpoint: good.endpoint })).toEqual({ subscribed: false, showText: false });

      const guest = createClient(srv);
      expect((await rejection(guest.trpc.push.publicKey.query())).data?.code).toBe("UNAUTHORIZED");
      expect((await rejection(guest.trpc.push.subscribe.mutate({ endpoint: good.endpoint, keys: good.keys, showText: false, lang: "uk" }))).data?.code).toBe("UNAUTHORIZED");

      // Without PUSH_LOCAL_ENDPOINTS (production), a loopback endpoint is refused too.
      const strict = createPushService({ db: srv.deps.db.db, clock: srv.clock.now, log: createLogger("silent"), publicUrl: "https://world-it.test", mailFrom: "x@y.z", allowLocalEndpoints: false });
      const e = await strict.subscribe({ userId: p.user.id, sessionId: null }, { endpoint: good.endpoint, keys: good.keys, showText: false, lang: "uk" }).catch((err) => err);
      expect(e).toMatchObject({ code: "BAD_REQUEST", reason: "push.badEndpoint" });
    });

    test("the VAPID key pair is made once and kept in the database", async () => {
      const p = await person(srv);
      const { publicKey } = await p.client.trpc.push.publicKey.query();
      expect(publicKey).toMatch(/^B[\w-]{86}$/);
      const row = await srv.deps.db.db
        .selectFrom("push_keys" as never)
        .select(["public_key" as never])
        .executeTakeFirstOrThrow();
      expect((row as { public_key: string }).public_key).toBe(publicKey);
      // Another service over the same database (another instance, a restart) uses the same pair.
      const again = createPushService({ db: srv.deps.db.db, clock: srv.clock.now, log: createLogger("silent"), publicUrl: "https://world-it.test", mailFrom: "x@y.z", allowLocalEndpoints: true });
      expect(await again.publicKey()).toEqual({ publicKey });
    });
  });
}

const pairBackend = redisBackend("web push across instances");
describe.skipIf(!pairBackend)("web push across instances (redis)", () => {
  const servers = {} as { a: TestServer; b: TestServer };
  let pushService: PushEndpoint;
  beforeAll(async () => {
    pushService = await startPushEndpoint();
    const env = { PUSH_LOCAL_ENDPOINTS: "true" };
    servers.a = await startTestServer({ backend: pairBackend!, env });
    servers.b = await startTestServer({ backend: pairBackend!, env, shareWith: servers.a });
  });
  afterAll(async () => {
    await servers.b?.stop();
    await servers.a?.stop();
    pushService.stop();
  });

  test("a person whose only tab is on another instance gets no push; once that tab closes, they do", async () => {
    const { a: srvA, b: srvB } = servers;
    const [sender, reader] = await Promise.all([person(srvA), person(srvA)]);
    const device = pushService.device();
    await reader.client.trpc.push.subscribe.mutate({ endpoint: device.endpoint, keys: device.keys, showText: true, lang: "uk" });
    // The reader's tab moves to instance B: A no longer has a socket of theirs, B does.
    reader.sock.ws.close();
    await reader.sock.closed;
    const tab = await connect(srvB, reader.client);
    const pushA = srvA.deps.services.push;
    await waitFor(async () => (await pushA.away([reader.user.id])).length === 0, "instance A sees the reader's tab on B");
    const chat = await sender.client.trpc.chats.openPersonal.mutate({ userId: reader.user.id });
    await sendOk(sender.sock, chat.id, "перше");
    // Its push is decided (none: the tab on B is open) before the tab closes.
    await pushA.idle();
    tab.ws.close();
    await tab.closed;
    await waitFor(async () => (await pushA.away([reader.user.id])).length === 1, "instance A sees the reader gone");
    await sendOk(sender.sock, chat.id, "друге");
    await waitFor(() => device.received.length >= 1, "a push at the device");
    await pushA.idle();
    // Only the second message was pushed: while the tab was open on B, nothing.
    expect(device.received.map((r) => r.payload.body)).toEqual(["друге"]);
  });
});
