/**
 * The messenger's promise under a crash: every ACKNOWLEDGED message survives a SIGKILL of the
 * server, exactly once and in order, and clients that resume with shared/chat-sync.ts (re-open,
 * then history after their last id, then re-send what was pending) end up with the same list.
 */
import { describe, expect, test } from "bun:test";
import { createChatSync, resumeChats, type ChatSync } from "../../shared/chat-sync.ts";
import type { ChatMessage } from "../../shared/chats.ts";
import type { ServerEvent } from "../../shared/events.ts";
import { testBackends } from "../helpers/backends.ts";
import { allHistory, caughtUp, is, newClientId } from "../helpers/chat.ts";
import { createClient, defaultPassword, uniqueEmail, uniqueUsername, type TestClient } from "../helpers/client.ts";
import { startInbox, type TestInbox } from "../helpers/inbox.ts";
import { freePort, MAIN, waitForHealth } from "../helpers/process.ts";
import { openSocket, type TestSocket } from "../helpers/ws.ts";

interface Talker {
  client: TestClient;
  userId: string;
  sync: ChatSync;
  sock: TestSocket;
  /** clientIds in the order they were sent. */
  sent: string[];
  acked: Map<string, ChatMessage>;
  applied: number;
}

async function signUp(url: string, inbox: TestInbox) {
  const client = createClient({ url });
  const email = uniqueEmail("resume");
  await client.trpc.auth.register.mutate({ email, username: uniqueUsername("resume"), firstName: "R", lastName: "S", password: defaultPassword });
  const { user } = await client.trpc.auth.verifyEmail.mutate({ email, code: await inbox.codeFor(email) });
  return { client, userId: user.id };
}

/** Feeds the socket's new frames into the client's sync and its ack record. */
function pump(t: Talker) {
  for (const f of t.sock.frames.slice(t.applied) as ServerEvent[]) {
    t.sync.apply(f);
    if (f.type === "chat.ack") t.acked.set(f.clientId, f.message);
  }
  t.applied = t.sock.frames.length;
}

function sendOne(t: Talker, chatId: string, body: string): string {
  const clientId = newClientId();
  t.sent.push(clientId);
  t.sync.addPending({ chatId, clientId, body, imageIds: [] });
  t.sock.send(JSON.stringify({ type: "chat.send", chatId, clientId, body }));
  return clientId;
}

for (const backend of testBackends().filter((b) => !b.redisUrl)) {
  describe(`a crash mid-conversation (${backend.name})`, () => {
    test("every acknowledged message survives a SIGKILL exactly once, in order, and resuming clients see the same list", async () => {
      const inbox = await startInbox();
      const db = await backend.createDatabase();
      const port = freePort();
      const url = `http://127.0.0.1:${port}`;
      const env: Record<string, string> = {
        PATH: process.env.PATH!,
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        DATA_DIR: db.dataDir,
        SMTP_URL: inbox.url,
        ARGON2_CONCURRENCY: "2",
        LOG_LEVEL: "warn",
        ...(db.databaseUrl && { DATABASE_URL: db.databaseUrl }),
      };
      const start = () => Bun.spawn(["bun", MAIN], { env, stdout: "ignore", stderr: "inherit" });
      let proc = start();
      try {
        await waitForHealth(url);
        const [ua, ub] = await Promise.all([signUp(url, inbox), signUp(url, inbox)]);
        const chat = await ua.client.trpc.chats.openPersonal.mutate({ userId: ub.userId });
        const connectTalker = async (t: { client: TestClient }) => {
          const sock = await openSocket(url, { origin: url, cookie: t.client.cookieHeader() });
          await sock.next(is("hello"));
          return sock;
        };
        const open = async (sock: TestSocket, chatId: string) => {
          const ref = newClientId();
          sock.send(JSON.stringify({ type: "chat.open", chatId, ref }));
          const r = await sock.next((e) => (e.type === "chat.opened" || e.type === "error") && e.ref === ref);
          if (r.type !== "chat.opened") throw new Error(`chat.open failed: ${JSON.stringify(r)}`);
        };
        const talkers: Talker[] = [];
        for (const u of [ua, ub]) {
          const sock = await connectTalker(u);
          await open(sock, chat.id);
          talkers.push({ ...u, sync: createChatSync(), sock, sent: [], acked: new Map(), applied: 0 });
        }

        // A steady conversation, then a burst from both sides; the kill lands as soon as the first
        // burst message is acknowledged, so some of the burst is acked, some stored but not acked
        // (the server died between commit and ack), some never stored.
        for (let i = 0; i < 12; i++) {
          const round = talkers.map((t) => ({ t, clientId: sendOne(t, chat.id, `${t.userId.slice(0, 4)} steady ${i}`) }));
          await Promise.all(round.map(({ t, clientId }) => t.sock.next(is("chat.ack", (e) => e.clientId === clientId))));
        }
        const burst = new Set<string>();
        for (let i = 0; i < 25; i++) for (const t of talkers) burst.add(sendOne(t, chat.id, `${t.userId.slice(0, 4)} burst ${i}\nline two`));
        await Promise.race(talkers.map((t) => t.sock.next(is("chat.ack", (e) => burst.has(e.clientId)))));
        proc.kill("SIGKILL");
        await proc.exited;
        for (const t of talkers) {
          await t.sock.closed;
          pump(t);
        }
        const ackedBeforeCrash = talkers.map((t) => new Map(t.acked));
        const total = ackedBeforeCrash.reduce((n, m) => n + m.size, 0);
        expect(total).toBeGreaterThan(10);

        proc = start();
        await waitForHealth(url);
        for (const t of talkers) {
          t.sock = await connectTalker(t);
          t.applied = 0;
          const resent: string[] = [];
          const lost = await resumeChats(t.sync, [chat.id], {
            open: (chatId) => open(t.sock, chatId),
            history: (input) => t.client.trpc.chats.history.query(input),
            resend: (p) => {
              resent.push(p.clientId);
              t.sock.send(JSON.stringify({ type: "chat.send", chatId: p.chatId, clientId: p.clientId, body: p.body }));
            },
          });
          expect(lost).toEqual([]);
          for (const clientId of resent) await t.sock.next(is("chat.ack", (e) => e.clientId === clientId));
        }
        // Every resent message was published before its ack: once each socket has caught up, it holds them.
        for (const t of talkers) {
          await caughtUp(t.sock);
          pump(t);
        }

        const history = await allHistory(ua.client, chat.id);
        const ids = history.map((m) => m.id);
        expect(ids).toEqual([...ids].sort((x, y) => x - y));
        expect(new Set(ids).size).toBe(ids.length);
        // Every clientId at most once: retries across the crash never duplicated.
        const byClient = new Map(history.map((m) => [`${m.author.id}/${m.clientId}`, m]));
        expect(byClient.size).toBe(history.length);

        talkers.forEach((t, i) => {
          // Every acknowledged message is there, exactly as acknowledged.
          for (const [clientId, message] of ackedBeforeCrash[i]!) expect(byClient.get(`${t.userId}/${clientId}`)).toEqual(message);
          // In the end every message was stored (pending ones were re-sent) in the order it was sent.
          const mine = t.sent.map((clientId) => byClient.get(`${t.userId}/${clientId}`)?.id);
          expect(mine.every((id) => id !== undefined)).toBe(true);
          expect(mine).toEqual([...mine].sort((x, y) => x! - y!));
          // The resumed client holds the same ordered, de-duplicated list as the server.
          expect(t.sync.messages(chat.id).map((m) => m.id)).toEqual(ids);
          expect(t.sync.pending(chat.id)).toEqual([]);
        });
      } finally {
        proc.kill("SIGKILL");
        await proc.exited;
        await inbox.close();
        await db.drop();
      }
    }, 120_000);
  });
}
