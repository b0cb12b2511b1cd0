/**
 * The chat benchmark's load generator: a separate process (pinned to its own core by bench/chat.ts)
 * that drives either the app (/ws with the `wit_session` cookie and Origin, chat.open, chat.send →
 * chat.ack + chat.message) or the bare pub/sub server (/ws?room=N, chat.send → chat.message) with
 * the same load, and measures what every receiver sees.
 *
 *   bun bench/load.ts <config.json>      prints one line `RESULT {json}` on stdout
 *
 * Modes:
 * - "chat": N clients (membersPerChat per chat) send at a fixed aggregate rate, spread over all
 *   clients, for each phase (warm-up, then a measured window). Every message carries a unique
 *   clientId (`bench-<seq>`); its send time stays here (one process, one clock). Each receiver
 *   records latency, checks order per chat by message id, and flags duplicates; at the end every
 *   acknowledged message must have reached every member of its chat. Server CPU is read from
 *   /proc/<pid>/stat at the window's edges.
 * - "idle": opens N authenticated idle sockets and reports the server's RSS growth per socket.
 */
import { readFileSync } from "node:fs";
import type { SeededMember } from "./seed.ts";
import { cpuByCommandLine, cpuSince, cpuTimes, rssKiB, runQueueWaitSeconds, stealSeconds, threadCpuSeconds } from "./lib/proc.ts";
import { median, percentiles, popcount } from "./lib/stats.ts";

export interface PhaseConfig {
  name: string;
  /** Offered messages per second, all clients together. */
  rate: number;
  warmupS: number;
  durationS: number;
  /** Skip a client while this many of its messages await their ack (the throughput and burst phases). */
  maxInFlightPerClient?: number;
  /**
   * Only this many clients send (the burst phase): one in each chat first, then a second one in
   * each, …; every client still receives. Unset: all of them.
   */
  senders?: number;
  /**
   * The messenger's other traffic in the mix (issue 13): every 10th message is a reply to the last
   * message its sender saw, every 10th is preceded by a typing frame, and every 50th is followed by
   * a reaction to the last message seen (the app: `chats.react` over HTTP; the bare server: a frame
   * it relays to the room, as the app publishes `chat.reactions` to the chat's topic). The app's
   * sockets also watch the presence of their chat's members (presence.watch) from the start.
   */
  mix?: boolean;
}

export interface LoadConfig {
  target: "app" | "bare";
  mode: "chat" | "idle";
  url: string;
  serverPid: number;
  /** JSON file: { members: SeededMember[], tokens: string[] }. */
  clientsFile: string;
  clients: number;
  membersPerChat: number;
  phases: PhaseConfig[];
  /** After sending stops: how long to wait for the last acks and deliveries. */
  drainS: number;
  bodyChars: number;
  idleConnections: number;
  settleS: number;
  connectConcurrency: number;
  /** App too: the sender's own chat.message counts as its ack (for servers that skip chat.ack). */
  ownMessageAcks?: boolean;
  /**
   * Several instances of the app (bench/scale.ts): member k of every chat connects to
   * `urls[k % urls.length]`, so each chat has members on every instance; latency is also split by
   * whether the receiver is on the sender's instance or not. `url` is then unused.
   */
  urls?: string[];
  /** Server CPU (and run-queue wait) summed over these processes instead of `serverPid` alone. */
  serverPids?: number[];
  /**
   * Other processes whose CPU to report per window, by a substring of their command line (e.g.
   * the Postgres backends of the benchmark's database, "redis-server").
   */
  sideProcesses?: Array<{ name: string; match: string }>;
}

export interface PhaseResult {
  name: string;
  offeredRate: number;
  windowS: number;
  sentInWindow: number;
  sentPerS: number;
  deliveriesInWindow: number;
  deliveriesPerS: number;
  serverCpuS: number;
  serverCpuPct: number;
  /** The kernel's share (on loopback, sending a frame also runs the receiver's TCP path). */
  serverSystemPct: number;
  serverCpuPerDeliveryUs: number;
  /** Of the server's CPU, its JIT compiler threads' (compiling, not running, the JS). */
  serverJitPct: number;
  /** CPU the host took from this virtual machine during the window, % of one core (both cores summed). */
  stealPct: number;
  loadCpuPct: number;
  /** Time runnable but waiting for a CPU (other processes on the core), % of the window. */
  serverWaitPct: number;
  loadWaitPct: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; samples: number };
  ackMs: { p50: number; p99: number };
  /** Frames and characters received per delivery (the app also sends chat.activity and chat.ack). */
  framesPerDelivery: number;
  bytesPerDelivery: number;
  sent: number;
  skipped: number;
  acked: number;
  unacked: number;
  errors: Record<string, number>;
  /** Deliveries missing for acknowledged messages (member × message). */
  lost: number;
  duplicates: number;
  reorders: number;
  /** A message delivered to a socket that is not in its chat. */
  misrouted: number;
  /** With several `urls`: receivers on the sender's instance / on another one (the hop through Redis). */
  sameInstanceMs?: { p50: number; p99: number; samples: number };
  crossInstanceMs?: { p50: number; p99: number; samples: number };
  /** With several `serverPids`: each process's CPU, % of one core. */
  serverCpuPctEach?: number[];
  /** CPU of each of cfg.sideProcesses during the window, % of one core. */
  sideCpuPct?: Record<string, number>;
}

export interface IdleResult {
  connections: number;
  failed: number;
  unauthenticated: number;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  perConnectionKiB: number;
  connectS: number;
}

const now = () => performance.now();
/** JavaScriptCore's JIT compiler threads. */
const JIT_THREADS = /^JITWorker/;
const wsUrl = (url: string) => url.replace(/^http/, "ws") + "/ws";

interface Client {
  index: number;
  ws: WebSocket;
  chatId: string;
  chatIndex: number;
  bit: number;
  lastId: number;
  inFlight: number;
  /** Index into cfg.urls (0 with a single server). */
  instance: number;
  /** Its session (for the mix's reactions over HTTP). */
  token: string;
}

function loadClients(cfg: LoadConfig): { members: SeededMember[]; tokens: string[] } {
  return JSON.parse(readFileSync(cfg.clientsFile, "utf8"));
}

/** Opens one socket; resolves once it is usable (app: after `hello`, which tells whether it is signed in). */
function openSocket(
  cfg: LoadConfig,
  token: string,
  room: number,
  onFrame: (data: string) => void,
  timeoutMs = 15_000,
  base = cfg.url,
): Promise<{ ws: WebSocket; userId: string | null }> {
  const url = cfg.target === "app" ? wsUrl(base) : `${wsUrl(base)}?room=${room}`;
  // The same headers for both servers: the bare one ignores them.
  const headers = { cookie: `wit_session=${token}`, origin: base };
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers } as unknown as string[]);
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error("socket did not open in time"));
    }, timeoutMs);
    let ready = false;
    ws.onerror = () => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error("socket failed to open"));
      }
    };
    ws.onmessage = (m) => {
      const data = m.data as string;
      if (!ready && cfg.target === "app" && data.startsWith('{"type":"hello"')) {
        ready = true;
        clearTimeout(timer);
        resolve({ ws, userId: JSON.parse(data).userId });
        return;
      }
      onFrame(data);
    };
    ws.onopen = () => {
      if (cfg.target === "bare") {
        ready = true;
        clearTimeout(timer);
        resolve({ ws, userId: null });
      }
    };
  });
}

/** Runs `fn` over 0..n-1 with at most `concurrency` at once. */
async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, worker));
}

// ── chat mode ────────────────────────────────────────────────────────────────
async function runChat(cfg: LoadConfig): Promise<{ phases: PhaseResult[]; connectS: number }> {
  const { members } = loadClients(cfg);
  const n = Math.min(cfg.clients, members.length);
  const per = cfg.membersPerChat;
  if (per > 30) throw new Error("membersPerChat must fit a 32-bit mask");

  // Bookkeeping per message (seq): send time, sender, members reached (bitmask), acked.
  const capacity = cfg.phases.reduce((s, p) => s + Math.ceil(p.rate * (p.warmupS + p.durationS) * 1.1) + 1000, 0);
  const t0 = new Float64Array(capacity);
  const sender = new Int32Array(capacity);
  const reached = new Uint32Array(capacity);
  const acked = new Uint8Array(capacity);
  let nextSeq = 0;

  // Per phase, swapped at phase start.
  let lat = new Float64Array(0);
  let latN = 0;
  // Several instances: the same samples again, split by hop.
  const split = (cfg.urls?.length ?? 1) > 1;
  let latSame = new Float64Array(0);
  let latSameN = 0;
  let latCross = new Float64Array(0);
  let latCrossN = 0;
  let ackLat = new Float64Array(0);
  let ackN = 0;
  let measureFrom = Infinity;
  let measureTo = Infinity;
  let inWindow = false;
  let deliveries = 0;
  let frames = 0;
  let chars = 0;
  let duplicates = 0;
  let reorders = 0;
  let misrouted = 0;
  let errors: Record<string, number> = {};
  const opened = new Map<number, () => void>();

  const prefixLen = "bench-".length;
  const seqOf = (clientId: string) => Number(clientId.slice(prefixLen));

  const clients: Client[] = [];
  function onFrame(c: Client, data: string) {
    if (inWindow) {
      frames++;
      chars += data.length;
    }
    // Frames the benchmark does not inspect (cheap prefix test instead of a parse).
    if (data.startsWith('{"type":"chat.activity"') || data.startsWith('{"type":"online"')) return;
    if (data.startsWith('{"type":"chat.typing"') || data.startsWith('{"type":"chat.reactions"') || data.startsWith('{"type":"presence')) return;
    const f = JSON.parse(data);
    switch (f.type) {
      case "chat.message": {
        const m = f.message;
        const seq = seqOf(m.clientId);
        const t = now();
        if (m.chatId !== c.chatId) {
          misrouted++;
          return;
        }
        if (reached[seq]! & c.bit) {
          duplicates++;
          return;
        }
        reached[seq]! |= c.bit;
        if (m.id <= c.lastId) reorders++;
        else c.lastId = m.id;
        if (inWindow) deliveries++;
        if (seq >= measureFrom && seq < measureTo && latN < lat.length) {
          lat[latN++] = t - t0[seq]!;
          if (split) {
            if (clients[sender[seq]!]!.instance === c.instance) latSame[latSameN++] = t - t0[seq]!;
            else latCross[latCrossN++] = t - t0[seq]!;
          }
        }
        // The bare server has no ack: the sender seeing its own message is the ack.
        if ((cfg.target === "bare" || cfg.ownMessageAcks) && sender[seq] === c.index) ack(seq, t);
        return;
      }
      case "chat.ack":
        return ack(seqOf(f.clientId), now());
      case "chat.opened":
        opened.get(c.index)?.();
        return;
      case "error": {
        const key = f.code as string;
        errors[key] = (errors[key] ?? 0) + 1;
        if (typeof f.clientId === "string" && f.clientId.startsWith("bench-")) clients[sender[seqOf(f.clientId)]!]!.inFlight--;
        return;
      }
    }
  }
  function ack(seq: number, t: number) {
    if (acked[seq]) return;
    acked[seq] = 1;
    clients[sender[seq]!]!.inFlight--;
    if (seq >= measureFrom && seq < measureTo && ackN < ackLat.length) ackLat[ackN++] = t - t0[seq]!;
  }

  // Connect (and, for the app, open each client's chat).
  const membersOf = new Map<number, string[]>();
  for (const m of members.slice(0, n)) membersOf.set(m.chatIndex, [...(membersOf.get(m.chatIndex) ?? []), m.userId]);
  const connectStart = now();
  const slots: Array<Client | undefined> = new Array(n);
  await pool(n, cfg.connectConcurrency, async (i) => {
    const m = members[i]!;
    const instance = cfg.urls?.length ? m.memberIndex % cfg.urls.length : 0;
    const c: Client = { index: i, ws: null as unknown as WebSocket, chatId: m.chatId, chatIndex: m.chatIndex, bit: 1 << m.memberIndex, lastId: 0, inFlight: 0, instance, token: m.token };
    const { ws, userId } = await openSocket(cfg, m.token, m.chatIndex, (d) => onFrame(c, d), 15_000, cfg.urls?.[instance] ?? cfg.url);
    c.ws = ws;
    if (cfg.target === "app") {
      if (userId !== m.userId) throw new Error(`socket ${i} is not signed in as its seeded user (hello.userId=${userId})`);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`chat.open of client ${i} got no chat.opened`)), 15_000);
        opened.set(i, () => {
          clearTimeout(timer);
          opened.delete(i);
          resolve();
        });
        ws.send(JSON.stringify({ type: "chat.open", chatId: c.chatId, ref: `open-${i}` }));
      });
      // The mix: this socket shows its chat's members, so it watches their presence.
      if (cfg.phases.some((p) => p.mix)) {
        const others = (membersOf.get(m.chatIndex) ?? []).filter((id) => id !== m.userId);
        ws.send(JSON.stringify({ type: "presence.watch", userIds: others }));
      }
    }
    slots[i] = c;
  });
  for (const c of slots) clients.push(c!);
  const connectS = (now() - connectStart) / 1000;

  // Send order: a fixed shuffle so consecutive sends go to different chats.
  const order = clients.map((c) => c.index);
  let rnd = 42;
  for (let i = order.length - 1; i > 0; i--) {
    rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
    const j = rnd % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  /** `n` senders spread over the chats: member 0 of every chat, then member 1 of every chat, … */
  const chosenSenders = (n: number) =>
    new Set(
      [...clients]
        .sort((a, b) => Math.log2(a.bit) - Math.log2(b.bit) || a.chatIndex - b.chatIndex)
        .slice(0, n)
        .map((c) => c.index),
    );
  const pad = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore ".repeat(50);

  /** The mix's reaction: fire and forget (its frames, not its answer, are the work measured); failures are counted. */
  function react(c: Client, messageId: number) {
    if (cfg.target === "bare") {
      c.ws.send(`{"type":"chat.react","chatId":"${c.chatId}","messageId":${messageId},"emoji":"👍"}`);
      return;
    }
    const base = cfg.urls?.[c.instance] ?? cfg.url;
    void fetch(`${base}/trpc/chats.react`, {
      method: "POST",
      headers: { cookie: `wit_session=${c.token}`, origin: base, "content-type": "application/json" },
      body: JSON.stringify({ chatId: c.chatId, messageId, emoji: "👍", on: true }),
    }).then(
      async (res) => {
        await res.arrayBuffer();
        if (!res.ok) errors[`react ${res.status}`] = (errors[`react ${res.status}`] ?? 0) + 1;
      },
      () => void (errors["react fetch"] = (errors["react fetch"] ?? 0) + 1),
    );
  }

  async function runPhase(p: PhaseConfig): Promise<PhaseResult> {
    const firstSeq = nextSeq;
    const windowMsgs = Math.ceil(p.rate * p.durationS * 1.1) + 1000;
    lat = new Float64Array(windowMsgs * per);
    latN = 0;
    if (split) {
      latSame = new Float64Array(windowMsgs * per);
      latCross = new Float64Array(windowMsgs * per);
      latSameN = latCrossN = 0;
    }
    ackLat = new Float64Array(windowMsgs);
    ackN = 0;
    measureFrom = Infinity;
    measureTo = Infinity;
    deliveries = frames = chars = duplicates = reorders = misrouted = 0;
    errors = {};
    let skipped = 0;
    let rr = 0;
    let offered = 0;
    const start = now();
    const windowStartAt = start + p.warmupS * 1000;
    const windowEndAt = windowStartAt + p.durationS * 1000;
    const pids = cfg.serverPids?.length ? cfg.serverPids : [cfg.serverPid];
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const snap = (t: number, each = pids.map((pid) => cpuTimes(pid))) => ({
      t,
      each,
      cpu: each.reduce((x, y) => ({ user: x.user + y.user, system: x.system + y.system })),
      jit: sum(pids.map((pid) => threadCpuSeconds(pid, JIT_THREADS))),
      steal: stealSeconds(),
      wait: sum(pids.map((pid) => runQueueWaitSeconds(pid))),
      load: process.cpuUsage(),
      loadWait: runQueueWaitSeconds(process.pid),
      side: (cfg.sideProcesses ?? []).map((sp) => cpuByCommandLine(sp.match)),
    });
    let snapStart: ReturnType<typeof snap> | null = null;
    let snapEnd: ReturnType<typeof snap> | null = null;
    const cap = p.maxInFlightPerClient ?? Infinity;
    // The clients that send in this phase, in the shuffled order.
    const sendOrder = p.senders ? order.filter((i) => chosenSenders(p.senders!).has(i)) : order;

    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const t = now();
        if (!snapStart && t >= windowStartAt) {
          snapStart = snap(t);
          measureFrom = nextSeq;
          inWindow = true;
        }
        if (t >= windowEndAt) {
          inWindow = false;
          snapEnd = snap(t);
          measureTo = nextSeq;
          clearInterval(timer);
          return done();
        }
        const due = Math.floor(((t - start) / 1000) * p.rate);
        while (offered < due && nextSeq < capacity) {
          // Next client in the shuffled order that may send (always the next one without a cap).
          let c: Client | undefined;
          for (let tries = 0; tries < sendOrder.length; tries++) {
            const cand = clients[sendOrder[rr++ % sendOrder.length]!]!;
            if (cand.inFlight < cap) {
              c = cand;
              break;
            }
          }
          if (!c) {
            // Every client is waiting for acks: this opportunity is dropped, not queued.
            skipped += due - offered;
            offered = due;
            break;
          }
          offered++;
          const seq = nextSeq++;
          const clientId = `bench-${String(seq).padStart(8, "0")}`;
          const body = `m${seq} ${pad}`.slice(0, cfg.bodyChars);
          sender[seq] = c.index;
          c.inFlight++;
          t0[seq] = now();
          if (p.mix && seq % 10 === 7) c.ws.send(`{"type":"chat.typing","chatId":"${c.chatId}"}`);
          const reply = p.mix && seq % 10 === 3 && c.lastId > 0 ? `,"replyToId":${c.lastId}` : "";
          c.ws.send(`{"type":"chat.send","chatId":"${c.chatId}","clientId":"${clientId}","body":"${body}"${reply}}`);
          if (p.mix && seq % 50 === 0 && c.lastId > 0) react(c, c.lastId);
        }
      }, 1);
    });
    const lastSeq = nextSeq;

    // Drain: every message acknowledged and delivered to every member, or the time is up.
    const full = (1 << per) - 1;
    const drainUntil = now() + cfg.drainS * 1000;
    let from = firstSeq;
    while (now() < drainUntil) {
      while (from < lastSeq && acked[from] && reached[from] === full) from++;
      if (from === lastSeq) break;
      await Bun.sleep(50);
    }

    let ackedN = 0;
    let lost = 0;
    for (let s = firstSeq; s < lastSeq; s++) {
      if (!acked[s]) continue;
      ackedN++;
      lost += per - popcount(reached[s]!);
    }
    const a = snapStart!;
    const b = snapEnd!;
    const windowS = (b.t - a.t) / 1000;
    const cpuS = b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system;
    const sysS = b.cpu.system - a.cpu.system;
    const loadCpuS = (b.load.user - a.load.user + b.load.system - a.load.system) / 1e6;
    const [p50, p95, p99, max] = percentiles(lat, latN, [50, 95, 99, 100]);
    const [a50, a99] = percentiles(ackLat, ackN, [50, 99]);
    const sentInWindow = measureTo - measureFrom;
    const hop = (xs: Float64Array, n: number) => {
      const [h50, h99] = percentiles(xs, n, [50, 99]);
      return { p50: h50!, p99: h99!, samples: n };
    };
    const perInstance = split || pids.length > 1
      ? {
          sameInstanceMs: split ? hop(latSame, latSameN) : undefined,
          crossInstanceMs: split ? hop(latCross, latCrossN) : undefined,
          serverCpuPctEach: pids.map((_, i) => (100 * (b.each[i]!.user + b.each[i]!.system - a.each[i]!.user - a.each[i]!.system)) / windowS),
        }
      : {};
    const side = cfg.sideProcesses?.length
      ? { sideCpuPct: Object.fromEntries(cfg.sideProcesses.map((sp, i) => [sp.name, (100 * cpuSince(a.side[i]!, b.side[i]!)) / windowS])) }
      : {};
    return {
      name: p.name,
      offeredRate: p.rate,
      windowS,
      sentInWindow,
      sentPerS: sentInWindow / windowS,
      deliveriesInWindow: deliveries,
      deliveriesPerS: deliveries / windowS,
      serverCpuS: cpuS,
      serverCpuPct: (100 * cpuS) / windowS,
      serverSystemPct: (100 * sysS) / windowS,
      serverCpuPerDeliveryUs: deliveries ? (cpuS * 1e6) / deliveries : NaN,
      serverJitPct: (100 * (b.jit - a.jit)) / windowS,
      stealPct: (100 * (b.steal - a.steal)) / windowS,
      loadCpuPct: (100 * loadCpuS) / windowS,
      serverWaitPct: (100 * (b.wait - a.wait)) / windowS,
      loadWaitPct: (100 * (b.loadWait - a.loadWait)) / windowS,
      latencyMs: { p50: p50!, p95: p95!, p99: p99!, max: max!, samples: latN },
      ackMs: { p50: a50!, p99: a99! },
      framesPerDelivery: deliveries ? frames / deliveries : NaN,
      bytesPerDelivery: deliveries ? chars / deliveries : NaN,
      sent: lastSeq - firstSeq,
      skipped,
      acked: ackedN,
      unacked: lastSeq - firstSeq - ackedN,
      errors,
      lost,
      duplicates,
      reorders,
      misrouted,
      ...perInstance,
      ...side,
    };
  }

  const phases: PhaseResult[] = [];
  for (const p of cfg.phases) {
    log(`${cfg.target}: phase ${p.name} (${p.rate} msg/s, ${p.warmupS}+${p.durationS} s)`);
    phases.push(await runPhase(p));
    // Idle a moment between phases so one's tail does not spill into the next one's window.
    await Bun.sleep(500);
  }
  for (const c of clients) c.ws.close();
  return { phases, connectS };
}

// ── idle mode ────────────────────────────────────────────────────────────────
async function sampleRss(pid: number, samples: number, everyMs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < samples; i++) {
    xs.push(rssKiB(pid));
    if (i < samples - 1) await Bun.sleep(everyMs);
  }
  return median(xs);
}

async function runIdle(cfg: LoadConfig): Promise<IdleResult> {
  const { tokens } = loadClients(cfg);
  const n = Math.min(cfg.idleConnections, tokens.length);
  const ignore = () => {};

  // Warm the server's connection path first (JIT, pools), then close those sockets.
  const warm: WebSocket[] = [];
  await pool(Math.min(200, n), cfg.connectConcurrency, async (i) => {
    warm.push((await openSocket(cfg, tokens[i]!, i % 100, ignore)).ws);
  });
  for (const ws of warm) ws.close();
  await Bun.sleep(2000);
  const before = await sampleRss(cfg.serverPid, 5, 200);

  const socks: WebSocket[] = [];
  let failed = 0;
  let unauthenticated = 0;
  const t = now();
  await pool(n, cfg.connectConcurrency, async (i) => {
    try {
      const { ws, userId } = await openSocket(cfg, tokens[i]!, i % 100, ignore);
      if (cfg.target === "app" && !userId) unauthenticated++;
      socks.push(ws);
    } catch {
      failed++;
    }
  });
  const connectS = (now() - t) / 1000;
  await Bun.sleep(cfg.settleS * 1000);
  const after = await sampleRss(cfg.serverPid, 5, 400);
  const open = socks.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  for (const ws of socks) ws.close();
  return {
    connections: open,
    failed: failed + (socks.length - open),
    unauthenticated,
    rssBeforeKiB: before,
    rssAfterKiB: after,
    perConnectionKiB: open ? (after - before) / open : NaN,
    connectS,
  };
}

function log(msg: string) {
  console.error(`[load] ${msg}`);
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: bun bench/load.ts <config.json>");
    process.exit(2);
  }
  const cfg = JSON.parse(readFileSync(file, "utf8")) as LoadConfig;
  // A hard stop, whatever happens: the benchmark must end.
  const budgetS = cfg.phases.reduce((s, p) => s + p.warmupS + p.durationS + cfg.drainS + 1, 0) + cfg.settleS + 120;
  setTimeout(() => {
    log(`time budget of ${budgetS} s exceeded`);
    process.exit(3);
  }, budgetS * 1000).unref();
  try {
    const result = cfg.mode === "chat" ? await runChat(cfg) : await runIdle(cfg);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  }
}
