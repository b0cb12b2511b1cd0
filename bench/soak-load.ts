/**
 * The soak's load generator: a separate process (pinned to its own core by bench/soak.ts). N
 * signed-in sockets (seeded users, `wit_session` cookie and Origin), each in its group chat,
 * send at a steady aggregate rate for the whole run; every message is followed to its ack and to
 * every member of its chat.
 *
 *   bun bench/soak-load.ts <config.json>
 *
 * stdout: `STARTED <epoch ms>` when the first message goes out, `PROGRESS {json}` now and then,
 * `RESULT {json}` at the end. Counted as errors: any error frame, a send never acknowledged
 * (after the drain), a socket that closed while the run still needed it, a message delivered to
 * a socket outside its chat. Loss: an acknowledged message some member never received;
 * duplicates: one a member received twice.
 */
import { readFileSync } from "node:fs";
import type { SeededMember } from "./seed.ts";
import { popcount } from "./lib/stats.ts";

export interface SoakLoadConfig {
  url: string;
  /** JSON file: { members: SeededMember[] }. */
  clientsFile: string;
  clients: number;
  membersPerChat: number;
  /** Messages per second, all clients together. */
  rate: number;
  durationS: number;
  /** After the last send: how long to wait for the last acks and deliveries. */
  drainS: number;
  bodyChars: number;
  connectConcurrency: number;
  progressEveryS: number;
}

export interface SoakLoadResult {
  clients: number;
  connectS: number;
  sendS: number;
  sent: number;
  acked: number;
  unacked: number;
  /** chat.message frames received (message × member). */
  delivered: number;
  expectedDeliveries: number;
  lost: number;
  duplicates: number;
  reorders: number;
  misrouted: number;
  errors: Record<string, number>;
  closedUnexpectedly: number;
  ackMs: { p50: number; p99: number; max: number };
}

interface Client {
  index: number;
  ws: WebSocket;
  chatId: string;
  bit: number;
  lastId: number;
}

const log = (msg: string) => console.error(`[soak-load] ${msg}`);
const now = () => performance.now();

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, worker));
}

export async function runSoakLoad(cfg: SoakLoadConfig): Promise<SoakLoadResult> {
  const { members } = JSON.parse(readFileSync(cfg.clientsFile, "utf8")) as { members: SeededMember[] };
  const n = Math.min(cfg.clients, members.length);
  const per = cfg.membersPerChat;
  if (per > 30) throw new Error("membersPerChat must fit a 32-bit mask");
  const capacity = Math.ceil(cfg.rate * cfg.durationS * 1.1) + 1000;
  const sender = new Int32Array(capacity);
  const t0 = new Float64Array(capacity);
  const reached = new Uint32Array(capacity);
  const ackMs = new Float64Array(capacity);
  const acked = new Uint8Array(capacity);
  let nextSeq = 0;
  let delivered = 0;
  let duplicates = 0;
  let reorders = 0;
  let misrouted = 0;
  let closedUnexpectedly = 0;
  let closing = false;
  const errors: Record<string, number> = {};
  const seqOf = (clientId: string) => Number(clientId.slice("soak-".length));

  function onFrame(c: Client, data: string, opened: () => void) {
    if (data.startsWith('{"type":"chat.activity"') || data.startsWith('{"type":"online"')) return;
    const f = JSON.parse(data);
    if (f.type === "chat.message") {
      const m = f.message;
      const seq = seqOf(m.clientId);
      if (m.chatId !== c.chatId || !(seq >= 0 && seq < nextSeq)) return void misrouted++;
      if (reached[seq]! & c.bit) return void duplicates++;
      reached[seq]! |= c.bit;
      delivered++;
      if (m.id <= c.lastId) reorders++;
      else c.lastId = m.id;
    } else if (f.type === "chat.ack") {
      const seq = seqOf(f.clientId);
      if (acked[seq]) return void duplicates++;
      acked[seq] = 1;
      ackMs[seq] = now() - t0[seq]!;
    } else if (f.type === "chat.opened") opened();
    else if (f.type === "error") errors[f.code] = (errors[f.code] ?? 0) + 1;
  }

  // Connect, check the hello names the seeded user, open the chat.
  const connectStart = now();
  const clients: Client[] = new Array(n);
  await pool(n, cfg.connectConcurrency, async (i) => {
    const m = members[i]!;
    const c: Client = { index: i, ws: null as unknown as WebSocket, chatId: m.chatId, bit: 1 << m.memberIndex, lastId: 0 };
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(cfg.url.replace(/^http/, "ws") + "/ws", { headers: { cookie: `wit_session=${m.token}`, origin: cfg.url } } as unknown as string[]);
      const timer = setTimeout(() => reject(new Error(`client ${i} did not open its chat in time`)), 30_000);
      const opened = () => {
        clearTimeout(timer);
        resolve();
      };
      ws.onerror = () => reject(new Error(`client ${i}: socket error while connecting`));
      ws.onclose = () => {
        if (!closing) closedUnexpectedly++;
      };
      ws.onmessage = (e) => {
        const data = e.data as string;
        if (data.startsWith('{"type":"hello"')) {
          const userId = JSON.parse(data).userId;
          if (userId !== m.userId) return reject(new Error(`client ${i} is not signed in as its seeded user (hello.userId=${userId})`));
          ws.send(JSON.stringify({ type: "chat.open", chatId: c.chatId, ref: `open-${i}` }));
          return;
        }
        onFrame(c, data, opened);
      };
      c.ws = ws;
    });
    clients[i] = c;
  });
  const connectS = (now() - connectStart) / 1000;
  log(`${n} clients connected and in their chats in ${connectS.toFixed(1)} s`);

  // A fixed shuffle so consecutive sends go to different chats; a 1 ms timer sends what is due.
  const order = clients.map((c) => c.index);
  let rnd = 7;
  for (let i = order.length - 1; i > 0; i--) {
    rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
    const j = rnd % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const pad = "soak test message, steady and unremarkable; ".repeat(20);
  const start = now();
  const endAt = start + cfg.durationS * 1000;
  console.log(`STARTED ${Date.now()}`);
  let lastProgress = start;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const t = now();
      if (t >= endAt) {
        clearInterval(timer);
        return done();
      }
      const due = Math.min(capacity, Math.floor(((t - start) / 1000) * cfg.rate));
      while (nextSeq < due) {
        const seq = nextSeq++;
        const c = clients[order[seq % order.length]!]!;
        sender[seq] = c.index;
        t0[seq] = now();
        const body = `m${seq} ${pad}`.slice(0, cfg.bodyChars);
        c.ws.send(`{"type":"chat.send","chatId":"${c.chatId}","clientId":"soak-${String(seq).padStart(9, "0")}","body":"${body}","imageIds":[]}`);
      }
      if (t - lastProgress >= cfg.progressEveryS * 1000) {
        lastProgress = t;
        let a = 0;
        for (let s = 0; s < nextSeq; s++) a += acked[s]!;
        console.log(`PROGRESS ${JSON.stringify({ atS: Math.round((t - start) / 1000), sent: nextSeq, acked: a, delivered, errors: Object.values(errors).reduce((x, y) => x + y, 0), closedUnexpectedly })}`);
      }
    }, 1);
  });
  const sendS = (now() - start) / 1000;

  // Drain: every message acknowledged and delivered to every member, or the time is up.
  const full = (1 << per) - 1;
  const drainUntil = now() + cfg.drainS * 1000;
  let from = 0;
  while (now() < drainUntil) {
    while (from < nextSeq && acked[from] && reached[from] === full) from++;
    if (from === nextSeq) break;
    await Bun.sleep(50);
  }
  closing = true;

  let ackedN = 0;
  let lost = 0;
  const ackTimes: number[] = [];
  for (let s = 0; s < nextSeq; s++) {
    if (!acked[s]) continue;
    ackedN++;
    ackTimes.push(ackMs[s]!);
    lost += per - popcount(reached[s]!);
  }
  ackTimes.sort((a, b) => a - b);
  const pct = (p: number) => ackTimes[Math.min(ackTimes.length - 1, Math.max(0, Math.ceil((p / 100) * ackTimes.length) - 1))] ?? NaN;
  for (const c of clients) c.ws.close();
  return {
    clients: n,
    connectS,
    sendS,
    sent: nextSeq,
    acked: ackedN,
    unacked: nextSeq - ackedN,
    delivered,
    expectedDeliveries: ackedN * per,
    lost,
    duplicates,
    reorders,
    misrouted,
    errors,
    closedUnexpectedly,
    ackMs: { p50: pct(50), p99: pct(99), max: pct(100) },
  };
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: bun bench/soak-load.ts <config.json>");
    process.exit(2);
  }
  const cfg = JSON.parse(readFileSync(file, "utf8")) as SoakLoadConfig;
  const budgetS = cfg.durationS + cfg.drainS + 300;
  setTimeout(() => {
    log(`time budget of ${budgetS} s exceeded`);
    process.exit(3);
  }, budgetS * 1000).unref();
  try {
    const result = await runSoakLoad(cfg);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  }
}
