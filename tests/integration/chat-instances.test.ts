import { describe, expect, test } from "bun:test";
import { redisBackend } from "../helpers/backends.ts";
import { connect, expectNoFrame, is, openChat, person, sendOk } from "../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify } from "../helpers/client.ts";
import { useInstancePair } from "../helpers/test-server.ts";

const redis = redisBackend();

describe("the messenger across instances sharing the database and Redis", () => {
  const servers = useInstancePair(redis);

  /** Someone registered via instance A, with a socket on instance B. */
  async function onB() {
    const { a, b } = servers;
    const client = createClient(a);
    const { user, email } = await registerAndVerify(a, client);
    const viaB = createClient(b);
    await viaB.trpc.auth.signIn.mutate({ email, password: defaultPassword });
    return { user, client, sock: await connect(b, viaB) };
  }

  test("a message sent through one instance reaches members connected to the other; a removal there takes effect at once", async () => {
    if (!redis) return console.warn("[tests] TEST_REDIS_URL not set: cross-instance chat test skipped");
    const { a, b } = servers;
    const admin = await person(a);
    const [far, farToo] = await Promise.all([onB(), onB()]);
    const { id: chatId } = await admin.client.trpc.chats.createGroup.mutate({ name: "Far", memberIds: [far.user.id, farToo.user.id] });
    for (const s of [far.sock, farToo.sock]) expect(await openChat(s, chatId)).toMatchObject({ type: "chat.opened" });

    // Another tab of far's, on instance B, without the chat open: its list hears of it.
    const farList = await connect(b, far.client);
    const m = await sendOk(admin.sock, chatId, "across");
    expect(await far.sock.next(is("chat.message", (e) => e.message.id === m.id))).toBeTruthy();
    expect(await farList.next(is("chat.activity", (e) => e.message.id === m.id))).toMatchObject({ unreadDelta: 1 });
    await Bun.sleep(200);
    // (Its list heard of the group's "created" line before the chat was opened; nothing since.)
    expect(far.sock.frames.filter(is("chat.activity", (e) => e.message.id >= m.id))).toEqual([]);

    await admin.client.trpc.chats.removeMember.mutate({ chatId, userId: far.user.id });
    expect(await far.sock.next(is("chat.removed"))).toEqual({ type: "chat.removed", chatId, reason: "removed" });
    const after = await sendOk(admin.sock, chatId, "not for you");
    await farToo.sock.next(is("chat.message", (e) => e.message.id === after.id));
    await expectNoFrame(far.sock, is("chat.message", (e) => e.message.id === after.id));
  });

  test("the online count is over both instances: each guest connection once, a person once however many instances they use", async () => {
    if (!redis) return;
    const { a, b } = servers;
    const watcher = await connect(a);
    const first = watcher.frames.find((f) => f.type === "online");
    const base = first?.type === "online" ? first.count : 0;
    await Bun.sleep(700);
    const settled = watcher.frames.filter((f) => f.type === "online").at(-1);
    const start = settled?.type === "online" ? settled.count : base;
    const online = (n: number) => watcher.next(is("online", (e) => e.count === start + n), 4000);

    const guests = await Promise.all([connect(b), connect(b)]);
    await online(2);
    const person = await onB();
    await online(3);
    // The same person opens a tab on instance A too: still one person. (Counted twice, the next
    // frames would be +4 and then +3, never +2.)
    const alsoOnA = await connect(a, person.client);
    await Bun.sleep(700);
    guests[0]!.ws.close();
    await online(2);
    // Gone from B, still on A: still counted.
    person.sock.ws.close();
    guests[1]!.ws.close();
    await online(1);
    alsoOnA.ws.close();
    await online(0);
  });
});
