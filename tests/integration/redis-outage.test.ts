/**
 * Redis goes away under traffic (ADR 0019): two instances reach Redis through a TCP proxy of the
 * test's own, which cuts every connection and later lets them back. During the gap each instance
 * keeps serving its own clients (sending is stored and acknowledged, same-instance delivery stays
 * live, sign-in answers); when Redis is back, each instance tells its sockets to resume (close
 * 4503), and clients that resume like the web client (shared/chat-sync.ts) end up with every
 * acknowledged message exactly once, in chat order — also those that crossed instances in the gap.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createChatSync, resumeChats, type ChatSync } from "../../shared/chat-sync.ts";
import type { ChatMessage, HistoryPage } from "../../shared/chats.ts";
import { WS_CLOSE, type ServerEvent } from "../../shared/events.ts";
import { createLogger, type Logger } from "../../server/lib/log.ts";
import { redisBackend } from "../helpers/backends.ts";
import { allHistory, connect, newClientId } from "../helpers/chat.ts";
import { createClient, defaultPassword, registerAndVerify, type TestClient } from "../helpers/client.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { waitFor } from "../helpers/wait.ts";

const backend = redisBackend("the Redis outage suite");

/** waitFor with the state named first, as the calls here read. */
const until = (what: string, cond: () => boolean | Promise<boolean>, ms = 20_000) => waitFor(cond, what, ms);

/** A logger that keeps every line (and prints as TEST_LOG_LEVEL says). */
function capturingLogger(): Logger & { lines: Array<{ level: string; msg: string }> } {
  const print = createLogger((process.env.TEST_LOG_LEVEL as "error" | undefined) ?? "silent");
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: "debug" | "info" | "warn" | "error") => (msg: string, extra?: Record<string, unknown>) => {
    lines.push({ level, msg });
    print[level](msg, extra);
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * A member with the web client's logic: frames go into a ChatSync; whenever the socket closes
 * (here: the server's resync), it reconnects to the same instance and resumes the chat.
 */
interface Member {
  name: string;
  srv: TestServer;
  client: TestClient;
  userId: string;
  email: string;
  sync: ChatSync;
  sock: TestSocket;
  /** Frames of all this member's sockets, in arrival order. */
  frames: ServerEvent[];
  closes: number[];
  resumes: number;
  /** clientIds in the order they were sent, and what their acks said. */
  sent: string[];
  acked: Map<string, ChatMessage>;
  /** Anything that went wrong in the background (a refused send, a failed reconnect). */
  errors: string[];
  stopped: boolean;
}

async function attach(m: Member, chatId: string | null): Promise<void> {
  const sock = await connect(m.srv, m.client);
  m.sock = sock;
  let applied = 0;
  const pump = () => {
    for (const f of sock.frames.slice(applied)) {
      m.frames.push(f);
      m.sync.apply(f);
      if (f.type === "chat.ack") m.acked.set(f.clientId, f.message);
      if (f.type === "error" && f.clientId) m.errors.push(`send refused: ${JSON.stringify(f)}`);
    }
    applied = sock.frames.length;
  };
  sock.ws.addEventListener("message", pump);
  pump();
  void sock.closed.then(async ({ code }) => {
    m.closes.push(code);
    if (m.stopped) return;
    await attach(m, chatId).catch((error) => m.stopped || m.errors.push(`reconnect failed: ${error}`));
  });
  if (!chatId) return;
  await resumeChats(m.sync, [chatId], {
    async open(id) {
      const ref = crypto.randomUUID();
      sock.send(JSON.stringify({ type: "chat.open", chatId: id, ref }));
      const answer = await sock.next((e) => (e.type === "chat.opened" || e.type === "error") && e.ref === ref);
      if (answer.type !== "chat.opened") throw new Error(`${m.name}: re-open refused: ${JSON.stringify(answer)}`);
      return { at: answer.at };
    },
    history: (input) => m.client.trpc.chats.history.query(input) as Promise<HistoryPage>,
    resend: (p) => sock.send(JSON.stringify({ type: "chat.send", chatId: p.chatId, clientId: p.clientId, body: p.body, imageIds: p.imageIds })),
  });
  m.resumes += 1;
}

/** The member's message with this clientId, as the client holds it (from a frame or a page). */
const heldByClientId = (m: Member, chatId: string, clientId: string) => m.sync.messages(chatId).find((msg) => msg.clientId === clientId);

/**
 * Sends one message after another until stopped; each waits until it is stored, as the client
 * learns it: its ack, or — when the socket closed between storing and acking — the resume's
 * page that holds it (the web client settles a pending message the same way).
 */
async function keepSending(m: Member, chatId: string, stop: () => boolean): Promise<void> {
  for (let n = 0; !stop(); n++) {
    const clientId = newClientId();
    const body = `${m.name} #${n}`;
    m.sent.push(clientId);
    m.sync.addPending({ chatId, clientId, body, imageIds: [] });
    // A socket closed before the frame left: the resume re-sends it (it is pending).
    if (m.sock.ws.readyState === WebSocket.OPEN) m.sock.send(JSON.stringify({ type: "chat.send", chatId, clientId, body, imageIds: [] }));
    await until(`${m.name}'s ack of ${body}`, () => m.acked.has(clientId) || !!heldByClientId(m, chatId, clientId) || m.errors.length > 0);
    if (m.errors.length) throw new Error(`${m.name}: ${m.errors.join("; ")}`);
    // A steady pace (10 a second each), under the socket's frame limit (WS_LIMITS.framesPerSecond).
    await Bun.sleep(100);
  }
}

/** Resolves with the promise's value, or fails if it takes longer than `ms` (a request must not hang). */
async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Both instances lose Redis (it went away), or only A does (its network): then B's subscription
 * never broke, and only A's word (a relayed hub.resync for what it failed to publish) makes B's
 * clients catch up on what A's people sent in the gap.
 */
const scenarios = [
  { name: "both instances lose Redis", bothCut: true },
  { name: "only one instance loses Redis", bothCut: false },
] as const;

for (const scenario of scenarios) describe.skipIf(!backend)(`a Redis outage under traffic: ${scenario.name}`, () => {
  let proxy: TcpProxy;
  let a: TestServer;
  let b: TestServer;
  const logA = capturingLogger();
  const logB = capturingLogger();

  beforeAll(async () => {
    if (!backend) throw new Error("no Redis backend");
    const target = new URL(backend.redisUrl!);
    proxy = startTcpProxy({ target: { host: target.hostname, port: Number(target.port || 6379) } });
    const viaProxy = new URL(backend.redisUrl!);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    const env = { REDIS_URL: viaProxy.toString() };
    a = await startTestServer({ backend, env, log: logA });
    b = await startTestServer({ backend, env: scenario.bothCut ? env : {}, log: logB, shareWith: a });
  });
  const members: Member[] = [];
  afterAll(async () => {
    for (const m of members) m.stopped = true;
    await b?.stop();
    await a?.stop();
    proxy?.close();
  });

  test(
    "every instance keeps serving its own clients through the gap, each one cut off logs it once, and after it every acknowledged message reaches every member exactly once, in chat order",
    async () => {
      // Two members on each instance, in one group; all four send all along.
      for (const [name, srv] of [["a1", a], ["a2", a], ["b1", b], ["b2", b]] as const) {
        const client = createClient(srv);
        const { user, email } = await registerAndVerify(srv, client);
        const m: Member = {
          name,
          srv,
          client,
          userId: user.id,
          email,
          sync: createChatSync(),
          sock: null as unknown as TestSocket,
          frames: [],
          closes: [],
          resumes: 0,
          sent: [],
          acked: new Map(),
          errors: [],
          stopped: false,
        };
        members.push(m);
      }
      const [a1, a2, b1, b2] = members as [Member, Member, Member, Member];
      const { id: chatId } = await a1.client.trpc.chats.createGroup.mutate({ name: "Outage", memberIds: [a2.userId, b1.userId, b2.userId] });
      await Promise.all(members.map((m) => attach(m, chatId)));

      let stop = false;
      const sending = Promise.all(members.map((m) => keepSending(m, chatId, () => stop)));
      const ackedBy = (m: Member) => m.acked.size;
      const allAckedAtLeast = (n: number) => () => members.every((m) => ackedBy(m) >= n);
      await until("traffic before the cut", allAckedAtLeast(3));

      // Redis goes away: both instances notice and say so.
      proxy.cut();
      const lost = (log: typeof logA) => log.lines.filter((l) => l.msg.startsWith("redis connection lost")).length;
      const cutOff = scenario.bothCut ? [logA, logB] : [logA];
      await until("the instances cut off logged the outage", () => cutOff.every((log) => lost(log) === 1));
      const ackedAtCut = new Map(members.map((m) => [m, ackedBy(m)]));
      const resumesAtCut = members.map((m) => m.resumes);

      // Sending goes on, stored and acknowledged, on both instances.
      await until("acks during the gap", () => members.every((m) => ackedBy(m) >= ackedAtCut.get(m)! + 3));
      // Same-instance delivery is live: a1's latest acked message reaches a2 as a frame, b1's reaches b2.
      for (const [from, to] of [
        [a1, a2],
        [b1, b2],
      ] as const) {
        const last = [...from.acked.values()].at(-1)!;
        await until(`${to.name} heard ${from.name}'s message live during the gap`, () =>
          to.frames.some((f) => f.type === "chat.message" && f.message.id === last.id),
        );
      }
      // Requests that touch Redis (rate limits) answer: a sign-in and a fresh socket, on each instance.
      for (const [srv, m] of [
        [a, a1],
        [b, b1],
      ] as const) {
        const viaSrv = createClient(srv);
        await within("a sign-in during the gap", 10_000, viaSrv.trpc.auth.signIn.mutate({ email: m.email, password: defaultPassword }));
        const extra = await within("a websocket during the gap", 10_000, connect(srv, viaSrv));
        extra.ws.close();
      }
      // Nobody was told to resync while Redis was away (the sockets stay up).
      expect(members.map((m) => m.resumes)).toEqual(resumesAtCut);
      expect(members.flatMap((m) => m.closes)).toEqual([]);

      // Redis is back: each instance says so once and makes its sockets resume.
      proxy.restore();
      const restored = (log: typeof logA) => log.lines.filter((l) => l.msg.startsWith("redis connection restored")).length;
      await until("the instances cut off logged the recovery", () => cutOff.every((log) => restored(log) === 1));
      await until("every member resumed after the gap", () => members.every((m, i) => m.resumes > resumesAtCut[i]!));
      expect(members.flatMap((m) => m.closes).every((code) => code === WS_CLOSE.resync)).toBe(true);
      const ackedAtRestore = new Map(members.map((m) => [m, ackedBy(m)]));
      await until("traffic after the gap", () => members.every((m) => ackedBy(m) >= ackedAtRestore.get(m)! + 3));
      stop = true;
      await sending;

      // Every message sent is stored exactly once (acknowledged ones with the acked id); each
      // sender's messages in the order sent.
      const stored = (await allHistory(a1.client, chatId)).filter((msg) => msg.kind !== "system");
      const storedIds = stored.map((msg) => msg.id);
      expect(new Set(storedIds).size).toBe(storedIds.length);
      expect(stored.map((msg) => msg.clientId).sort()).toEqual(members.flatMap((m) => m.sent).sort());
      const byClientId = new Map(stored.map((msg) => [msg.clientId, msg]));
      for (const m of members) {
        for (const [clientId, ack] of m.acked) expect(byClientId.get(clientId)?.id).toBe(ack.id);
        const ids = m.sent.map((c) => byClientId.get(c)!.id);
        expect(ids).toEqual([...ids].sort((x, y) => x - y));
        expect(m.sent.map((c) => byClientId.get(c)!.body)).toEqual(m.sent.map((_, n) => `${m.name} #${n}`));
      }
      // Every member ends up with all of them, once each, in chat order (frames and resume together).
      const held = (m: Member) =>
        m.sync
          .messages(chatId)
          .filter((msg) => msg.kind !== "system")
          .map((msg) => msg.id);
      await until("every member holds every acknowledged message", () => members.every((m) => storedIds.every((id) => held(m).includes(id))));
      for (const m of members) expect(held(m)).toEqual(storedIds);

      // One line each way per instance; nothing else complained (no failed publishes, no online-count noise).
      for (const log of [logA, logB]) {
        const wasCut = cutOff.includes(log);
        expect(lost(log)).toBe(wasCut ? 1 : 0);
        expect(restored(log)).toBe(wasCut ? 1 : 0);
        expect(log.lines.filter((l) => l.level === "error" || l.level === "warn").map((l) => l.msg)).toEqual(
          wasCut ? [expect.stringMatching(/^redis connection lost/)] : [],
        );
      }
      expect(members.flatMap((m) => m.errors)).toEqual([]);
    },
    120_000,
  );
});
