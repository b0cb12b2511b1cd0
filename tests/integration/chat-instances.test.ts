import { describe, expect, test } from "bun:test";
import { redisBackend } from "../helpers/backends.ts";
import { caughtUp, connect, expectNoFrame, is, openChat, person, sendOk } from "../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify } from "../helpers/client.ts";
import { useInstancePair, type TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";

const redis = redisBackend("the cross-instance messenger suite");

/** Someone registered via instance `a`, with a socket on instance `b`. */
async function onB(servers: { a: TestServer; b: TestServer }) {
  const { a, b } = servers;
  const client = createClient(a);
  const { user, email } = await registerAndVerify(a, client);
  const viaB = createClient(b);
  await viaB.trpc.auth.signIn.mutate({ email, password: defaultPassword });
  return { user, client, sock: await connect(b, viaB) };
}

describe.skipIf(!redis)("the messenger across instances sharing the database and Redis", () => {
  const servers = useInstancePair(redis);

  test("a message sent through one instance reaches members connected to the other; a removal there takes effect at once", async () => {
    const { a, b } = servers;
    const admin = await person(a);
    const [far, farToo] = await Promise.all([onB(servers), onB(servers)]);
    const { id: chatId } = await admin.client.trpc.chats.createGroup.mutate({ name: "Far", memberIds: [far.user.id, farToo.user.id] });
    for (const s of [far.sock, farToo.sock]) expect(await openChat(s, chatId)).toMatchObject({ type: "chat.opened" });

    // Another tab of far's, on instance B, without the chat open: its list hears of it.
    const farList = await connect(b, far.client);
    const m = await sendOk(admin.sock, chatId, "across");
    expect(await far.sock.next(is("chat.message", (e) => e.message.id === m.id))).toBeTruthy();
    expect(await farList.next(is("chat.activity", (e) => e.message.id === m.id))).toMatchObject({ unreadDelta: 1 });
    // Instance B handled the activity for all far's sockets at once (farList got it): once far.sock
    // has caught up with B, it would hold one too. (Its list heard of the group's "created" line
    // before the chat was opened; nothing since.)
    await caughtUp(far.sock);
    expect(far.sock.frames.filter(is("chat.activity", (e) => e.message.id >= m.id))).toEqual([]);

    await admin.client.trpc.chats.removeMember.mutate({ chatId, userId: far.user.id });
    expect(await far.sock.next(is("chat.removed"))).toEqual({ type: "chat.removed", chatId, reason: "removed" });
    const after = await sendOk(admin.sock, chatId, "not for you");
    // B published it to the chat's sockets at once: farToo has it, so far.sock would have it too.
    await farToo.sock.next(is("chat.message", (e) => e.message.id === after.id));
    await expectNoFrame(far.sock, is("chat.message", (e) => e.message.id === after.id));
  });
});

describe.skipIf(!redis)("the online count across instances sharing Redis", () => {
  // A pair of its own: nobody else is connected, so the counts are known exactly.
  const servers = useInstancePair(redis);

  test("the online count is over both instances: each guest connection once, a person once however many instances they use", async () => {
    const { a, b } = servers;
    const watcher = await connect(a);
    /** Runs `step`, then waits for a count of `n` that arrived after the step began. */
    const expectCount = async <T>(n: number, step: () => Promise<T>): Promise<T> => {
      const since = watcher.frames.length;
      const result = await step();
      await watcher.next((e) => e.type === "online" && e.count === n && watcher.frames.indexOf(e) >= since);
      return result;
    };
    const close = async (...socks: TestSocket[]) => {
      for (const s of socks) s.ws.close();
      await Promise.all(socks.map((s) => s.closed));
    };

    // The watcher is a guest: 1. Two guests on B: 3; a person on B: 4.
    const guests = await expectCount(3, () => Promise.all([connect(b), connect(b)]));
    const person = await expectCount(4, () => onB(servers));
    // The same person opens a tab on instance A too: still one person, so when a guest leaves the
    // count is 3 (counted twice, the person would make it 4).
    const alsoOnA = await connect(a, person.client);
    await expectCount(3, () => close(guests[0]!));
    // Gone from B, still on A: still counted. Then gone: the watcher alone.
    await expectCount(2, () => close(person.sock, guests[1]!));
    await expectCount(1, () => close(alsoOnA));
  });
});
