/**
 * `bun run bench:chat`: the messenger against bare Bun pub/sub, same load, same run.
 *
 * 1. Starts the real app once on a fresh DATA_DIR (migrations run), stops it, seeds users,
 *    sessions and group chats straight into SQLite (bench/seed.ts: no argon2 per sign-up).
 * 2. App pinned to core 0, load generator (bench/load.ts, a separate process) pinned to core 1:
 *    a paced phase (default 2,000 msg/s), a throughput phase (default 10,000 msg/s offered,
 *    at most 4 unacknowledged messages per client) and a burst phase (100 clients, one per chat,
 *    each sending again as soon as it has fewer than 8 unacknowledged messages; the app's
 *    per-socket frame limit raised for it). Then the same for bench/bare-server.ts.
 *    Never both servers at once.
 * 3. Fresh starts of each server for the idle-memory phase (default 10,000 signed-in sockets).
 * 4. Prints app / bare / ratio per figure with PASS/FAIL per target and refreshes the results
 *    section of BENCHMARKS.md.
 *
 * Options: --clients 1000 --chats 100 --rate 2000 --max-rate 10000 --duration 10 --max-duration 8
 *          --warmup 20 --max-warmup 2 --burst 100 --burst-in-flight 8 --burst-duration 5 --idle 10000
 *          --no-idle --no-mix --runs 1 --quick --no-write --json <file>
 *          --floor (a diagnostic: each run also measures bench/floor-server.ts, bare + the app's
 *          persistence, with the app's table and a lean one, and prints every server's CPU per
 *          delivery against bare's; BENCHMARKS.md untouched)
 *          --max-rate 0 (no throughput phase) --burst 0 (no burst phase) --profile <dir> (the app writes a markdown CPU profile
 *          there when it stops; profiling costs CPU, so that run's ratios mean nothing)
 * With --runs N, app and bare alternate N times (each app run on a copy of the freshly seeded
 * database) and the table shows medians with their range; ratios are paired per run.
 */
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IdleResult, LoadConfig, PhaseConfig, PhaseResult } from "./load.ts";
import { chatLoadFlags, type ChatLoadOptions, inTmpDir, LOAD_CORE, parseFlags, publishResults, runLoadGenerator, runMain, warnPinning, withAppOrBare } from "./lib/common.ts";
import { rows, type ChatRun } from "./lib/report.ts";
import { seedSqlite } from "./seed.ts";

interface Options extends ChatLoadOptions {
  idle: number;
  /** App and bare alternate this many times (fresh server and database each time); medians are reported. */
  runs: number;
  /** Directory for the app's CPU profile (`bun --cpu-prof-md`), or null. */
  profile: string | null;
  /** Burst phase: how many clients send (0: none), how many unacknowledged messages each may have, for how long. */
  burst: number;
  burstInFlight: number;
  burstDuration: number;
  /** The paced phase with replies, typing, reactions and presence in the mix (bench/load.ts PhaseConfig.mix); --no-mix: messages only. */
  mix: boolean;
  /** Each run also measures bench/floor-server.ts (bare + the app's SQLite persistence, two tables) and prints it against bare. */
  floor: boolean;
}

/** The burst phase's offered rate only sizes the load generator's arrays: the senders' acks set the pace. */
const BURST_SIZING_RATE = 100_000;
/** The app's per-socket frame limit during the benchmark (WS_FRAMES_PER_SECOND / WS_FRAME_BURST): out of the burst phase's way. */
const APP_ENV = { WS_FRAMES_PER_SECOND: "1000000", WS_FRAME_BURST: "1000000" };

function parseOptions(argv: string[]): Options {
  const o: Options = { clients: 1000, chats: 100, rate: 2000, maxRate: 10000, duration: 10, maxDuration: 8, warmup: 20, maxWarmup: 2, idle: 10000, runs: 1, write: true, json: null, profile: null, burst: 100, burstInFlight: 8, burstDuration: 5, mix: true, floor: false };
  parseFlags(argv, {
    ...chatLoadFlags(o),
    "--idle": (v) => (o.idle = v.num()),
    "--runs": (v) => (o.runs = Math.max(1, Math.floor(v.num()))),
    "--no-idle": () => (o.idle = 0),
    "--no-mix": () => (o.mix = false),
    // A diagnostic: also the floor server each run; the table is not written (its layout has no floor column).
    "--floor": () => Object.assign(o, { floor: true, write: false }),
    "--burst": (v) => (o.burst = Math.floor(v.num())),
    "--burst-in-flight": (v) => (o.burstInFlight = Math.max(1, Math.floor(v.num()))),
    "--burst-duration": (v) => (o.burstDuration = v.num()),
    "--profile": (v) => Object.assign(o, { profile: v.str(), write: false }),
    "--quick": () => Object.assign(o, { duration: 4, maxDuration: 4, burstDuration: 3, warmup: 1, maxWarmup: 1, idle: 2000, write: false }),
  });
  if (o.clients % o.chats !== 0) throw new Error("--clients must be a multiple of --chats");
  if (o.burst > o.clients) throw new Error("--burst must not exceed --clients");
  return o;
}

const log = (msg: string) => console.error(`[bench:chat] ${msg}`);

function runLoad<T>(cfg: LoadConfig, tmp: string): Promise<T> {
  return runLoadGenerator<T>(LOAD_CORE, "bench/load.ts", join(tmp, `load-${cfg.target}-${cfg.mode}.json`), cfg, `${cfg.target}, ${cfg.mode}`);
}

/** One server: start pinned, drive it, stop it (never two servers at once). */
type ServerKind = "app" | "bare" | "floor" | "floor-lean";
function withServer<T>(kind: ServerKind, dataDir: string, fn: (url: string, pid: number) => Promise<T>, profile: string | null = null): Promise<T> {
  if (kind === "floor" || kind === "floor-lean") return withAppOrBare("bare", dataDir, { bare: "bench/floor-server.ts", bareEnv: kind === "floor-lean" ? { FLOOR_TABLE: "lean" } : {} }, fn);
  return withAppOrBare(kind, dataDir, { bare: "bench/bare-server.ts", appEnv: APP_ENV }, fn, profile);
}

/**
 * --floor: per run and phase, the server CPU per delivery of the app, of bench/floor-server.ts
 * (bare + persistence, with the app's table and with a lean one) and of bare, with each one's
 * ratio to that run's bare, and the floors' latency and correctness (printed, not written).
 */
function reportFloors(run: ChatRun, floors: Record<"floor" | "floor-lean", PhaseResult[][]>) {
  const fmt = (p: PhaseResult, bare: PhaseResult) =>
    `${p.serverCpuPerDeliveryUs.toFixed(2)} µs (${(p.serverCpuPerDeliveryUs / bare.serverCpuPerDeliveryUs).toFixed(2)}×), ` +
    `${Math.round(p.deliveriesPerS).toLocaleString("en")} deliveries/s (${(p.deliveriesPerS / bare.deliveriesPerS).toFixed(2)}×), p50/p99 ${p.latencyMs.p50.toFixed(2)}/${p.latencyMs.p99.toFixed(1)} ms`;
  run.bare.forEach((barePhases, i) =>
    barePhases.forEach((bare, j) => {
      const app = run.app[i]![j]!;
      const floor = floors.floor[i]![j]!;
      const lean = floors["floor-lean"][i]![j]!;
      const broken = [floor, lean].filter((p) => p.lost || p.duplicates || p.reorders || p.misrouted).length;
      log(`run ${i + 1}, ${bare.name}: server CPU per delivery — bare ${bare.serverCpuPerDeliveryUs.toFixed(2)} µs, ${Math.round(bare.deliveriesPerS).toLocaleString("en")} deliveries/s, p50/p99 ${bare.latencyMs.p50.toFixed(2)}/${bare.latencyMs.p99.toFixed(1)} ms`);
      log(`  app ${fmt(app, bare)}`);
      log(`  bare + SQLite, the app's table ${fmt(floor, bare)}`);
      log(`  bare + SQLite, a lean table ${fmt(lean, bare)}${broken ? " — LOST, DUPLICATED OR REORDERED DELIVERIES" : ""}`);
    }),
  );
}

export async function benchChat(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const started = Date.now();
  return inTmpDir("world-it-bench-", async (tmp) => {
    const dataDir = join(tmp, "data");
    warnPinning(log);
    const fdLimit = Number(Bun.spawnSync(["bash", "-c", "ulimit -Hn"]).stdout.toString().trim());
    if (Number.isFinite(fdLimit) && fdLimit < o.idle + 1000) log(`the hard file-descriptor limit (${fdLimit}) is too low for ${o.idle} sockets: expect failed connections`);

    log("migrating a fresh database (starting the app once)");
    await withServer("app", dataDir, async () => {});
    const membersPerChat = o.clients / o.chats;
    const seeded = seedSqlite(join(dataDir, "world-it.sqlite"), { users: Math.max(o.idle, o.clients), chats: o.chats, membersPerChat });
    // Every app run starts from this copy: the same rows, no messages from an earlier run.
    const seedDir = join(tmp, "seeded");
    cpSync(dataDir, seedDir, { recursive: true });
    const clientsFile = join(tmp, "clients.json");
    writeFileSync(clientsFile, JSON.stringify({ members: seeded.members, tokens: seeded.tokens }));
    log(`seeded ${seeded.tokens.length} users with sessions, ${o.chats} chats × ${membersPerChat} members`);

    const phases: PhaseConfig[] = [
      { name: "paced", rate: o.rate, warmupS: o.warmup, durationS: o.duration, mix: o.mix },
      ...(o.maxRate > 0 ? [{ name: "throughput" as const, rate: o.maxRate, warmupS: o.maxWarmup, durationS: o.maxDuration, maxInFlightPerClient: 4 }] : []),
      ...(o.burst > 0
        ? [{ name: "burst", rate: BURST_SIZING_RATE, warmupS: o.maxWarmup, durationS: o.burstDuration, maxInFlightPerClient: o.burstInFlight, senders: o.burst }]
        : []),
    ];
    const base = {
      clientsFile,
      clients: o.clients,
      membersPerChat,
      phases,
      drainS: 10,
      bodyChars: 80,
      idleConnections: o.idle,
      settleS: 3,
      connectConcurrency: 100,
    };
    type ChatResult = { phases: PhaseResult[]; connectS: number };
    const fmtRuns = o.runs > 1 ? `; ${o.runs} runs, app and bare alternating, medians (range), ratios paired per run` : "";
    const fresh = () => {
      rmSync(dataDir, { recursive: true, force: true });
      cpSync(seedDir, dataDir, { recursive: true });
    };
    const chat = (target: ServerKind) =>
      withServer(target, dataDir, (url, serverPid) => {
        log(`${target}: ${o.clients} clients, ${phases.map((p) => (p.senders ? `${p.name} (${p.senders} senders)` : `${p.name} ${p.rate} msg/s`)).join(", ")}`);
        // The floor server speaks bare's protocol (/ws?room=N, its own copy as the ack).
        return runLoad<ChatResult>({ ...base, target: target === "app" ? "app" : "bare", mode: "chat", url, serverPid }, tmp);
      }, target === "app" ? o.profile : null);
    const idle = (target: "app" | "bare") =>
      withServer(target, dataDir, (url, serverPid) => {
        log(`${target}: ${o.idle} idle connections`);
        return runLoad<IdleResult>({ ...base, target, mode: "idle", url, serverPid }, tmp);
      });

    const run: ChatRun = { app: [], bare: [], appIdle: null, bareIdle: null };
    const floors: Record<"floor" | "floor-lean", PhaseResult[][]> = { floor: [], "floor-lean": [] };
    for (let i = 0; i < o.runs; i++) {
      if (o.runs > 1) log(`run ${i + 1} of ${o.runs}`);
      fresh();
      run.app.push((await chat("app")).phases);
      run.bare.push((await chat("bare")).phases);
      if (!o.floor) continue;
      for (const kind of ["floor", "floor-lean"] as const) {
        fresh();
        floors[kind].push((await chat(kind)).phases);
      }
    }
    if (o.floor) reportFloors(run, floors);
    if (o.idle > 0) {
      fresh();
      run.appIdle = await idle("app");
      run.bareIdle = await idle("bare");
    }
    const seconds = (Date.now() - started) / 1000;

    const ok = publishResults({
      name: "chat",
      title: "Chat benchmark: app vs bare Bun pub/sub",
      table: rows(run, { clients: o.clients, rate: o.rate, maxRate: o.maxRate, idle: o.idle, burst: { senders: o.burst, inFlight: o.burstInFlight } }),
      seconds,
      database: "SQLite (default DATA_DIR database)",
      argv,
      hidden: ["--json"],
      options: o,
      run,
      data:
        `Load: ${o.clients} signed-in clients in ${o.chats} group chats of ${membersPerChat}; warm-up ${o.warmup} s before the paced window (${o.duration} s), ` +
        `${o.maxWarmup} s before the throughput window (${o.maxDuration} s; at most 4 unacknowledged messages per client)` +
        (o.burst > 0 ? `, ${o.maxWarmup} s before the burst window (${o.burstDuration} s; ${o.burst} senders, at most ${o.burstInFlight} unacknowledged each; the app's per-socket frame limit raised)` : "") +
        `; 80-character bodies${o.mix ? "; the paced phase with replies (1 in 10), typing (1 in 10), reactions (1 in 50) and presence watching in the mix" : ""}${fmtRuns}.`,
      log,
    });
    return { ok };
  });
}

if (import.meta.main) await runMain(benchChat);
