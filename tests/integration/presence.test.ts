/**
 * Presence (issue 13): online → away → offline with last seen over real websockets, several tabs
 * and instances as one person, a crashed instance's people going offline within the expiry,
 * last-seen and read-receipt privacy both ways, "Seen by", and blocks.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ServerEventOf } from "../../shared/events.ts";
import type { PresenceEntry } from "../../shared/presence.ts";
import { redisBackend, testBackends } from "../helpers/backends.ts";
import { caughtUp, connect, expectValidFrames, is, openChat, person, sendOk, type Person } from "../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify, rejection } from "../helpers/client.ts";
import { spawnApp } from "../helpers/spawned-app.ts";
import { startTestServer, useInstancePair, type TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { waitFor } from "../helpers/wait.ts";

/** Frames leave coalesced over 50 ms here (1 s in production). */
const FAST = { PRESENCE_COALESCE_MS: "50" };

/** The next `presence` frame on `sock` carrying an entry for `userId` that matches `pred`; that entry. */
async function entryFor(sock: TestSocket, userId: string, pred: (e: PresenceEntry) => boolean = () => true): Promise<PresenceEntry> {
  const frame = (await sock.next(is("presence", (f) => f.people.some((p) => p.userId === userId && pred(p))))) as ServerEventOf<"presence">;
  return frame.people.find((p) => p.userId === userId && pred(p))!;
}

/** Sends presence.watch and resolves with the complete answer to it. */
async function watch(sock: TestSocket, userIds: string[]): Promise<PresenceEntry[]> {
  const since = sock.frames.length;
  sock.send(JSON.stringify({ type: "presence.watch", userIds }));
  const answer = (await sock.next((e) => e.type === "presence" && e.complete === true && sock.frames.indexOf(e) >= since)) as ServerEventOf<"presence">;
  return answer.people;
}

const setState = (sock: TestSocket, state: "online" | "away") => sock.send(JSON.stringify({ type: "presence.set", state }));

async function closeAll(...socks: TestSocket[]) {
  for (const s of socks) s.ws.close();
  await Promise.all(socks.map((s) => s.closed));
}

for (const backend of testBackends()) {
  describe(`presence (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer({ backend, env: FAST });
    });
    afterAll(() => srv.stop());

    test("a watcher sees a person online, away only once every tab is away, and offline with a last-seen time once the last tab closes", async () => {
      const [w, p] = await Promise.all([person(srv), person(srv)]);
      expect(await watch(w.sock, [p.user.id])).toEqual([{ userId: p.user.id, state: "online", lastSeenAt: null }]);

      // A second tab, then the first one goes away: the person is still online (one active tab).
      const tab2 = await connect(srv, p.client);
      setState(p.sock, "away");
      await caughtUp(p.sock);
      expect(await watch(w.sock, [p.user.id])).toEqual([{ userId: p.user.id, state: "online", lastSeenAt: null }]);
      // Every tab away: away. Back in one: online.
      setState(tab2, "away");
      expect(await entryFor(w.sock, p.user.id, (e) => e.state === "away")).toEqual({ userId: p.user.id, state: "away", lastSeenAt: null });
      setState(tab2, "online");
      await entryFor(w.sock, p.user.id, (e) => e.state === "online");

      // One tab closes: still online. The last one closes: offline, last seen now.
      await closeAll(p.sock);
      expect(await watch(w.sock, [p.user.id])).toEqual([{ userId: p.user.id, state: "online", lastSeenAt: null }]);
      const before = srv.clock.now();
      await closeAll(tab2);
      const gone = await entryFor(w.sock, p.user.id, (e) => e.state === "offline");
      expect(gone.lastSeenAt).toBeGreaterThanOrEqual(before - 1_000);
      expect(gone.lastSeenAt).toBeLessThanOrEqual(srv.clock.now());
      // …and the database keeps it (written in the background, batched with others going offline).
      const stored = async () =>
        Number((await srv.deps.db.db.selectFrom("users").select("last_seen_at").where("id", "=", p.user.id).executeTakeFirstOrThrow()).last_seen_at);
      await waitFor(async () => (await stored()) === gone.lastSeenAt, "last seen written to users.last_seen_at");
      // A new watcher (a later page) gets the same last seen.
      const late = await connect(srv, w.client);
      expect(await watch(late, [p.user.id])).toEqual([gone]);
      for (const s of [w.sock, late]) expectValidFrames(s);
    });

    test("a guest cannot watch, and a watch list over the limit is refused", async () => {
      const guest = await connect(srv);
      guest.send(JSON.stringify({ type: "presence.watch", userIds: [] }));
      expect(await guest.next(is("error"))).toMatchObject({ code: "UNAUTHORIZED" });
      const w = await person(srv);
      w.sock.send(JSON.stringify({ type: "presence.watch", userIds: Array.from({ length: 201 }, (_, i) => i.toString(16).padStart(24, "0")) }));
      expect(await w.sock.next(is("error"))).toMatchObject({ code: "BAD_FRAME" });
      w.sock.send(JSON.stringify({ type: "presence.set", state: "sleeping" }));
      expect(await w.sock.next(is("error"))).toMatchObject({ code: "BAD_FRAME" });
    });

    test("hiding my last seen shows others 'recently' and shows me theirs as 'recently' too; sharing again shows both", async () => {
      const [w, p] = await Promise.all([person(srv), person(srv)]);
      expect(await watch(w.sock, [p.user.id])).toEqual([{ userId: p.user.id, state: "online", lastSeenAt: null }]);
      expect(await p.client.trpc.presence.settings.query()).toEqual({ lastSeenVisible: true, readReceipts: true });
      await p.client.trpc.presence.updateSettings.mutate({ lastSeenVisible: false, readReceipts: true });
      // The watcher is re-answered at once (the setting reaches every instance), then stays coarse.
      expect(await entryFor(w.sock, p.user.id, (e) => e.state === "recently")).toEqual({ userId: p.user.id, state: "recently", lastSeenAt: null });
      expect(await watch(w.sock, [p.user.id])).toEqual([{ userId: p.user.id, state: "recently", lastSeenAt: null }]);
      // …and p sees nobody's either (a fresh socket, so the setting is surely the new one).
      const pTab = await connect(srv, p.client);
      expect(await watch(pTab, [w.user.id, p.user.id])).toEqual([
        { userId: p.user.id, state: "online", lastSeenAt: null },
        { userId: w.user.id, state: "recently", lastSeenAt: null },
      ]);
      // Going offline now tells the watcher nothing: w's socket still hears of other people.
      const other = await person(srv);
      await watch(w.sock, [p.user.id, other.user.id]);
      await closeAll(p.sock, pTab);
      await closeAll(other.sock);
      await entryFor(w.sock, other.user.id, (e) => e.state === "offline");
      await caughtUp(w.sock);
      expect(w.sock.frames.filter(is("presence", (f) => f.people.some((e) => e.userId === p.user.id && e.state === "offline")))).toEqual([]);

      // Sharing again: the watcher is re-answered at once with the exact state and last seen.
      await p.client.trpc.presence.updateSettings.mutate({ lastSeenVisible: true, readReceipts: true });
      const entry = await entryFor(w.sock, p.user.id, (e) => e.state === "offline");
      expect(entry.lastSeenAt).toBeNumber();
      expect(await watch(w.sock, [p.user.id])).toEqual([entry]);
    });

    test("a watcher that the person blocked gets nothing: cut off at once, and nothing on a new watch", async () => {
      const [w, p, x] = await Promise.all([person(srv), person(srv), person(srv)]);
      expect(await watch(w.sock, [p.user.id])).toHaveLength(1);
      await watch(x.sock, [p.user.id]);
      await p.client.trpc.blocks.add.mutate({ userId: w.user.id });
      // Re-answered without p.
      await w.sock.next(is("presence", (f) => f.complete === true && f.people.length === 0));
      expect(await watch(w.sock, [p.user.id])).toEqual([]);
      // p goes offline: x hears it, w does not.
      await closeAll(p.sock);
      await entryFor(x.sock, p.user.id, (e) => e.state === "offline");
      await caughtUp(w.sock);
      expect(w.sock.frames.filter(is("presence", (f) => f.people.some((e) => e.userId === p.user.id && e.state === "offline")))).toEqual([]);
      // Blocking works both ways: the blocker does not see the blocked either.
      const pTab = await connect(srv, p.client);
      expect(await watch(pTab, [w.user.id])).toEqual([]);
      // Unblocked: the watcher that asked is re-answered with p (online again on pTab) at once.
      await p.client.trpc.blocks.remove.mutate({ userId: w.user.id });
      expect(await entryFor(w.sock, p.user.id, (e) => e.state === "online")).toEqual({ userId: p.user.id, state: "online", lastSeenAt: null });
    });

    test("read receipts off: my reads send no chat.seen and I get none; othersReadId and 'Seen by' leave me out both ways", async () => {
      const [author, quiet, reader] = await Promise.all([person(srv), person(srv), person(srv)]);
      const group = await author.client.trpc.chats.createGroup.mutate({ name: "Receipts", memberIds: [quiet.user.id, reader.user.id] });
      await quiet.client.trpc.presence.updateSettings.mutate({ lastSeenVisible: true, readReceipts: false });
      const authorOpen = await connect(srv, author.client);
      const quietOpen = await connect(srv, quiet.client);
      for (const s of [authorOpen, quietOpen]) expect(await openChat(s, group.id)).toMatchObject({ type: "chat.opened" });
      const m = await sendOk(author.sock, group.id, "who has read this?");

      await quiet.client.trpc.chats.markRead.mutate({ chatId: group.id, messageId: m.id });
      await reader.client.trpc.chats.markRead.mutate({ chatId: group.id, messageId: m.id });
      // The author hears of the reader, never of the quiet one (published in order: the reader's came second).
      expect(await authorOpen.next(is("chat.seen"))).toEqual({ type: "chat.seen", chatId: group.id, userId: reader.user.id, lastReadId: m.id });
      await caughtUp(authorOpen);
      expect(authorOpen.frames.filter(is("chat.seen", (e) => e.userId === quiet.user.id))).toEqual([]);
      // The quiet one got nobody's.
      await caughtUp(quietOpen);
      expect(quietOpen.frames.filter(is("chat.seen"))).toEqual([]);

      // "Seen by": the reader only; the quiet one sees nothing.
      expect(await author.client.trpc.presence.seenBy.query({ chatId: group.id, messageId: m.id })).toEqual({
        count: 1,
        people: [expect.objectContaining({ id: reader.user.id })],
        hidden: false,
      });
      expect(await quiet.client.trpc.presence.seenBy.query({ chatId: group.id, messageId: m.id })).toEqual({ count: 0, people: [], hidden: true });
      const outsider = await person(srv);
      expect(await rejection(outsider.client.trpc.presence.seenBy.query({ chatId: group.id, messageId: m.id }))).toMatchObject({ data: { code: "NOT_FOUND" } });

      // Personal chats: othersReadId leaves out whoever does not share, both ways.
      const chat = await author.client.trpc.chats.openPersonal.mutate({ userId: quiet.user.id });
      const hi = await sendOk(author.sock, chat.id, "hi");
      const back = await sendOk(quiet.sock, chat.id, "hello");
      await quiet.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: back.id });
      await author.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: back.id });
      const summaryOf = async (p: Person) => (await p.client.trpc.chats.list.query({})).chats.find((c) => c.id === chat.id)!;
      expect((await summaryOf(author)).othersReadId).toBe(0);
      expect((await summaryOf(quiet)).othersReadId).toBe(0);
      // Sharing again: both see the other's marker.
      await quiet.client.trpc.presence.updateSettings.mutate({ lastSeenVisible: true, readReceipts: true });
      expect((await summaryOf(author)).othersReadId).toBe(back.id);
      expect((await summaryOf(quiet)).othersReadId).toBe(back.id);
      expect(hi.id).toBeLessThan(back.id);
      expect(await author.client.trpc.presence.seenBy.query({ chatId: group.id, messageId: m.id })).toMatchObject({ count: 2 });
      for (const s of [authorOpen, quietOpen]) expectValidFrames(s);
    });

    test("turning read receipts off takes effect on sockets already open", async () => {
      const [a, b] = await Promise.all([person(srv), person(srv)]);
      const chat = await a.client.trpc.chats.openPersonal.mutate({ userId: b.user.id });
      for (const s of [a.sock, b.sock]) expect(await openChat(s, chat.id)).toMatchObject({ type: "chat.opened" });
      const m1 = await sendOk(a.sock, chat.id, "one");
      await watch(a.sock, [b.user.id]);
      const since = a.sock.frames.length;
      await a.client.trpc.presence.updateSettings.mutate({ lastSeenVisible: true, readReceipts: false });
      // The re-check reaches a's open socket: it re-answers its watch list right after applying the setting.
      await a.sock.next((e) => e.type === "presence" && e.complete === true && a.sock.frames.indexOf(e) >= since);
      await b.client.trpc.chats.markRead.mutate({ chatId: chat.id, messageId: m1.id });
      // b's own tabs hear of the read (chat.read): by then a's socket would have had chat.seen.
      await b.sock.next(is("chat.read", (e) => e.lastReadId === m1.id));
      await caughtUp(a.sock);
      expect(a.sock.frames.filter(is("chat.seen"))).toEqual([]);
    });
  });
}

const redis = redisBackend("the cross-instance presence suite");

describe.skipIf(!redis)("presence across instances sharing Redis", () => {
  const servers = useInstancePair(redis);

  test("tabs on two instances count as one person: online until the last one on either instance closes", async () => {
    const { a, b } = servers;
    const w = await person(a);
    const client = createClient(a);
    const { user, email } = await registerAndVerify(a, client);
    const viaB = createClient(b);
    await viaB.trpc.auth.signIn.mutate({ email, password: defaultPassword });
    const onB = await connect(b, viaB);
    expect(await watch(w.sock, [user.id])).toEqual([{ userId: user.id, state: "online", lastSeenAt: null }]);
    const onA = await connect(a, client);
    // Away on B, online on A: online. Away on both: away (announced by whichever instance saw the change).
    setState(onB, "away");
    await caughtUp(onB);
    expect(await watch(w.sock, [user.id])).toEqual([{ userId: user.id, state: "online", lastSeenAt: null }]);
    setState(onA, "away");
    await entryFor(w.sock, user.id, (e) => e.state === "away");
    setState(onA, "online");
    await entryFor(w.sock, user.id, (e) => e.state === "online");
    // Gone from A, still (away) on B: away. Gone from B too: offline.
    await closeAll(onA);
    expect(await watch(w.sock, [user.id])).toEqual([{ userId: user.id, state: "away", lastSeenAt: null }]);
    await closeAll(onB);
    expect(await entryFor(w.sock, user.id, (e) => e.state === "offline")).toMatchObject({ lastSeenAt: expect.any(Number) });
  });
});

describe.skipIf(!redis)("presence when an instance crashes", () => {
  const HEARTBEAT_MS = 300;
  let a: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ backend: redis!, env: { ...FAST, PRESENCE_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
  });
  afterAll(() => a?.stop());

  test("the people of a SIGKILLed instance go offline within its expiry, with their last beat as last seen", async () => {
    const env = a.deps.env;
    const b = spawnApp({
      dataDir: env.DATA_DIR,
      databaseUrl: env.DATABASE_URL,
      smtpUrl: env.SMTP_URL!,
      env: { REDIS_URL: env.REDIS_URL!, REDIS_PREFIX: env.REDIS_PREFIX, PRESENCE_HEARTBEAT_MS: String(HEARTBEAT_MS), ...FAST },
    });
    try {
      await b.start();
      const w = await person(a);
      const p = createClient(a);
      const pId = (await registerAndVerify(a, p)).user.id;
      await connect({ url: b.url }, p);
      expect(await watch(w.sock, [pId])).toEqual([{ userId: pId, state: "online", lastSeenAt: null }]);

      const killedAt = Date.now();
      expect(await b.kill()).toBe("SIGKILL");
      const gone = await entryFor(w.sock, pId, (e) => e.state === "offline");
      const after = Date.now() - killedAt;
      // Expiry 3 heartbeats, found by A's next heartbeat, then coalesced: a few seconds on a busy machine, never a minute.
      expect(after).toBeLessThan(30_000);
      expect(gone.lastSeenAt).toBeLessThanOrEqual(a.clock.now());
      expect(gone.lastSeenAt).toBeGreaterThan(killedAt - 10 * HEARTBEAT_MS);
    } finally {
      await b.stop().catch(() => {});
    }
  });
});
