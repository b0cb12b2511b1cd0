/**
 * Crash safety: the real server process is SIGKILLed in the middle of a burst of chat sends and
 * image uploads, then started again on the same data. What it acknowledged must be there exactly
 * once, in order; what it answered 200 for must be whole; what it never answered may be missing
 * but never half there; and a retry of an unanswered send must not duplicate it.
 */
import { describe, expect, test } from "bun:test";
import { GLOBAL_CHAT_ID, type ChatMessage } from "../../shared/chats.ts";
import { makeJpeg, makePng, makeWebp } from "../fixtures/images.ts";
import { testBackends } from "../helpers/backends.ts";
import { connect, send } from "../helpers/chat.ts";
import { createClient, defaultPassword, uniqueEmail, uniqueUsername, type TestClient } from "../helpers/client.ts";
import { startSender, startUploader, waitFor, type Sender, type Uploads } from "../helpers/crash-burst.ts";
import { startInbox, type TestInbox } from "../helpers/inbox.ts";
import { auditMedia, etagOf } from "../helpers/media-on-disk.ts";
import { spawnApp } from "../helpers/spawned-app.ts";

const PEOPLE = 4;
const SOCKETS_PER_PERSON = 2;
/** The kill comes only after this many acks and this many finished uploads (and with more of both in flight). */
const MIN_ACKS = 80;
const MIN_UPLOADS = 3;

async function signUp(url: string, inbox: TestInbox): Promise<{ client: TestClient; userId: string }> {
  const client = createClient({ url });
  const email = uniqueEmail("crash");
  await client.trpc.auth.register.mutate({ email, username: uniqueUsername("crash"), firstName: "Олена", lastName: "Коваль", password: defaultPassword });
  const code = /\b(\d{6})\b/.exec((await inbox.next(email, 30_000)).text)![1]!;
  const { user } = await client.trpc.auth.verifyEmail.mutate({ email, code });
  return { client, userId: user.id };
}

/** Every message of a chat, oldest first. */
async function wholeHistory(client: TestClient, chatId: string): Promise<ChatMessage[]> {
  const all: ChatMessage[] = [];
  for (let after = 0; ; ) {
    const page = await client.trpc.chats.history.query({ chatId, after, limit: 100 });
    all.push(...page.messages);
    if (!page.hasMore || !page.messages.length) return all;
    after = page.messages[page.messages.length - 1]!.id;
  }
}

/** clientId → every stored message with it, over the given chats. */
async function storedByClientId(client: TestClient, chatIds: string[]): Promise<Map<string, ChatMessage[]>> {
  const out = new Map<string, ChatMessage[]>();
  for (const chatId of chatIds) for (const m of await wholeHistory(client, chatId)) out.set(m.clientId, [...(out.get(m.clientId) ?? []), m]);
  return out;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, Bun.sleep(ms).then(() => Promise.reject(new Error(`timed out waiting for ${what}`)))]);

for (const backend of testBackends().filter((b) => !b.redisUrl)) {
  describe(`crash safety (${backend.name})`, () => {
    test("after a SIGKILL mid-burst every acknowledged message is stored once and in order, every answered upload is whole, and retries do not duplicate", async () => {
      const database = await backend.createDatabase();
      const inbox = await startInbox();
      const app = spawnApp({ dataDir: database.dataDir, databaseUrl: database.databaseUrl, smtpUrl: inbox.url });
      try {
        await app.start();
        const people = await Promise.all(Array.from({ length: PEOPLE }, () => signUp(app.url, inbox)));
        const group = await people[0]!.client.trpc.chats.createGroup.mutate({ name: "Аварія", memberIds: people.slice(1).map((p) => p.userId) });
        const chatIds = [group.id, GLOBAL_CHAT_ID];
        const senders: Sender[] = [];
        for (const [i, p] of people.entries()) {
          for (let k = 0; k < SOCKETS_PER_PERSON; k++) {
            senders.push({ name: `p${i}s${k}`, client: p.client, sock: await connect(app, p.client), acked: [], pending: new Map(), errors: [] });
          }
        }
        const images = [makePng(640, 480), await makeJpeg(1024, 768), await makeWebp(800, 600)];

        // The burst, and the kill in its middle: enough acked and uploaded, more of both in flight.
        let stopped = false;
        const isStopped = () => stopped;
        const uploads: Uploads = { ok: [], refused: [], cut: 0, inFlight: 0 };
        const sending = senders.map((s, i) => startSender(s, i % 2 ? [...chatIds].reverse() : chatIds, isStopped));
        const uploading = people.map((p) => startUploader(app.url, p.client, images, isStopped, uploads));
        const ackCount = () => senders.reduce((n, s) => n + s.acked.length, 0);
        await waitFor(
          () =>
            ackCount() >= MIN_ACKS &&
            senders.every((s) => s.acked.length >= 2) &&
            uploads.ok.length >= MIN_UPLOADS &&
            senders.some((s) => s.pending.size > 0) &&
            uploads.inFlight > 0,
          `${MIN_ACKS} acks and ${MIN_UPLOADS} uploads with more in flight`,
        );
        const killed = app.kill();
        stopped = true;
        expect(await killed).toBe("SIGKILL");
        // Acks already in the socket buffers still arrive; then the sockets close.
        await withTimeout(Promise.all(senders.map((s) => s.sock.closed)), 30_000, "the sockets to close");
        await withTimeout(Promise.all([...sending, ...uploading]), 30_000, "the burst to end");
        expect(senders.flatMap((s) => s.errors)).toEqual([]);
        expect(uploads.refused).toEqual([]);

        await app.start();
        expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

        // Every acknowledged message exactly once, as acknowledged; each sender's in ack order.
        const reader = people[0]!.client;
        const stored = await storedByClientId(reader, chatIds);
        expect([...stored].filter(([, ms]) => ms.length !== 1).map(([clientId]) => clientId)).toEqual([]);
        for (const s of senders) {
          const found = s.acked.map((a) => stored.get(a.clientId)?.[0]);
          expect(found.map((m) => m && { id: m.id, chatId: m.chatId, body: m.body, author: m.author.id })).toEqual(
            s.acked.map((a) => ({ id: a.id, chatId: a.chatId, body: a.body, author: a.author.id })),
          );
          const ids = s.acked.map((a) => a.id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
        }

        // Sent again with the same clientId (a client whose ack was lost, or that never got one):
        // what was stored is answered with the stored message; what was not is stored now; once each.
        const retried: Array<{ clientId: string; id: number; storedBefore?: number }> = [];
        for (const s of senders) {
          const again = [...s.pending, ...s.acked.slice(-2).map((m) => [m.clientId, m] as const)];
          if (!again.length) continue;
          const sock = await connect(app, s.client);
          for (const [clientId, sent] of again) {
            const ack = await send(sock, sent.chatId, sent.body, { clientId, timeoutMs: 30_000 });
            if (ack.type !== "chat.ack") throw new Error(`a retry failed: ${JSON.stringify(ack)}`);
            retried.push({ clientId, id: ack.message.id, storedBefore: stored.get(clientId)?.[0]?.id });
          }
          sock.ws.close();
        }
        const wasStored = retried.filter((r) => r.storedBefore !== undefined);
        expect(wasStored.length).toBeGreaterThanOrEqual(senders.length * 2);
        expect(wasStored.map((r) => r.id)).toEqual(wasStored.map((r) => r.storedBefore!));
        const after = await storedByClientId(reader, chatIds);
        expect([...after].filter(([, ms]) => ms.length !== 1).map(([clientId]) => clientId)).toEqual([]);
        expect(retried.map((r) => after.get(r.clientId)?.[0]?.id)).toEqual(retried.map((r) => r.id));

        // Every upload answered 200 is served whole to its owner.
        for (const { info, client } of uploads.ok) {
          for (const path of Object.values(info.urls)) {
            const res = await client.fetch(`${app.url}${path}`);
            expect(res.status).toBe(200);
            expect(res.headers.get("content-type")).toBe("image/webp");
            expect(etagOf(new Uint8Array(await res.arrayBuffer()))).toBe(res.headers.get("etag")!);
          }
        }
        // Nothing half-written: every media row has all its files, whole; every answered upload has a row.
        const audit = await auditMedia({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
        expect(audit.broken).toEqual([]);
        expect(uploads.ok.map((u) => u.info.id).filter((id) => !audit.rowIds.has(id))).toEqual([]);
        if (audit.orphanDirs.length || audit.tempFiles.length) {
          console.info(`[crash-safety ${backend.name}] left on disk without a row: ${audit.orphanDirs.length} media dirs, ${audit.tempFiles.length} temp files`);
        }
        expect(app.stderr()).not.toContain("[error]");
      } finally {
        await app.stop();
        await inbox.close();
        await database.drop();
      }
    }, 180_000);
  });
}
