/**
 * `bun run bench:scale`: the chat load of `bench:chat` (bench/load.ts, same seeding, same
 * clients) against the storage and fan-out setups an operator moves through, in one run:
 *
 *   1. one instance on SQLite (the default; no Redis),
 *   2. one instance on Postgres (no Redis): what moving the database costs,
 *   3. one instance on Postgres + Redis (rate limits and the realtime hub through Redis),
 *   4. two instances on Postgres + Redis, member k of every chat on instance k mod 2: every
 *      message reaches receivers on the sender's instance and, through Redis, on the other one.
 *
 * Each figure is measured in a paced window (default 2,000 msg/s, the issue's target rate) and a
 * throughput window (default 10,000 msg/s offered, at most 4 unacknowledged messages per client).
 * Server CPU is read from /proc/<pid>/stat of every instance (summed). For setup 4 the latency of
 * each delivery is also split by hop: receiver on the sender's instance ("same") or on the other
 * ("cross"); the difference of their p99 is what the hop through Redis adds.
 *
 * Pinning (bench/lib/procs.ts, taskset): one instance on core 0 and the load generator on core 1;
 * two instances on cores 0 and 1 and the load generator unpinned, so on a 2-core machine it
 * shares both cores with them. Postgres and Redis are never pinned (they are system services).
 *
 * Postgres: TEST_DATABASE_URL (or --pg; default postgres://postgres@127.0.0.1:5432/test) is used
 * to create a seeded template database, one fresh copy per setup, all dropped at the end. Redis:
 * TEST_REDIS_URL (or --redis; default redis://127.0.0.1:6379) with a prefix unique to the setup,
 * its keys deleted at the end.
 *
 * Options: --clients 1000 --chats 100 --rate 2000 --max-rate 10000 (0: no throughput window)
 *          --duration 10 --warmup 10 --max-duration 6 --max-warmup 2 --pg <url> --redis <url>
 *          --quick (short windows, no BENCHMARKS.md) --no-write --json <file>
 */
import { SQL, RedisClient } from "bun";
import { Database } from "bun:sqlite";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadConfig, PhaseConfig, PhaseResult } from "./load.ts";
import { benchEnv, chatLoadFlags, type ChatLoadOptions, inTmpDir, LOAD_CORE, machineDescription, parseFlags, PIN, runHeader, runLoadGenerator, runMain, warnPinning, withAppOrBare, withServer } from "./lib/common.ts";
import { onInterrupt, spawnPinned, waitForHttp, type Pinned } from "./lib/procs.ts";
import { f, ms, times, writeResults } from "./lib/report.ts";
import { seedSqlite } from "./seed.ts";
import { createDb } from "../server/db/create-db.ts";
import { migrateToLatest } from "../server/db/migrate.ts";

const ROOT = join(import.meta.dir, "..");
const log = (msg: string) => console.error(`[bench:scale] ${msg}`);

interface Options extends ChatLoadOptions {
  pg: string;
  redis: string;
  quick: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    clients: 1000,
    chats: 100,
    rate: 2000,
    maxRate: 10000,
    duration: 10,
    warmup: 10,
    maxDuration: 6,
    maxWarmup: 2,
    pg: process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test",
    redis: process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379",
    write: true,
    quick: false,
    json: null,
  };
  parseFlags(argv, {
    ...chatLoadFlags(o),
    "--pg": (v) => (o.pg = v.str() ?? o.pg),
    "--redis": (v) => (o.redis = v.str() ?? o.redis),
    "--quick": () => Object.assign(o, { duration: 3, warmup: 2, maxDuration: 3, maxWarmup: 1, write: false, quick: true }),
  });
  if (o.clients % o.chats !== 0) throw new Error("--clients must be a multiple of --chats");
  return o;
}

type SetupName = "sqlite" | "postgres" | "postgresRedis" | "two";
interface Setup {
  name: SetupName;
  title: string;
  instances: number;
  postgres: boolean;
  redis: boolean;
}
const SETUPS: Setup[] = [
  { name: "sqlite", title: "1 × SQLite", instances: 1, postgres: false, redis: false },
  { name: "postgres", title: "1 × Postgres", instances: 1, postgres: true, redis: false },
  { name: "postgresRedis", title: "1 × Postgres + Redis", instances: 1, postgres: true, redis: true },
  { name: "two", title: "2 × Postgres + Redis", instances: 2, postgres: true, redis: true },
];

const randomTag = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);

/**
 * The seeded rows (bench/seed.ts wrote them to SQLite) copied into a migrated Postgres database
 * (rows the migrations insert themselves, such as the "deleted account" user, are already there).
 */
const COPIED: Array<[table: string, columns: string[]]> = [
  ["users", ["id", "email", "username", "first_name", "last_name", "password_hash", "email_verified_at", "created_at", "updated_at", "avatar_media_id"]],
  ["sessions", ["id", "user_id", "expires_at", "created_at", "last_active_at", "user_agent", "ip"]],
  ["chats", ["id", "kind", "name", "avatar_media_id", "admin_id", "pair_key", "last_message_id", "last_activity_at", "created_at"]],
  ["chat_members", ["chat_id", "user_id", "joined_at", "last_read_id"]],
];

async function seedPostgresFrom(sqliteFile: string, url: string, dataDir: string) {
  const app = createDb({ databaseUrl: url, dataDir });
  await migrateToLatest(app.db);
  await app.close();
  const src = new Database(sqliteFile, { readonly: true });
  const sql = new SQL({ url, max: 1 });
  try {
    for (const [table, columns] of COPIED) {
      const rows = src.query(`select ${columns.join(", ")} from ${table}`).all() as Record<string, unknown>[];
      for (let i = 0; i < rows.length; i += 1000) await sql`insert into ${sql(table)} ${sql(rows.slice(i, i + 1000), ...columns)} on conflict do nothing`;
    }
  } finally {
    src.close();
    await sql.close();
  }
}

/** Postgres databases of this run (a seeded template, one copy per setup), dropped at the end. */
function postgresDatabases(adminUrl: string, tag: string) {
  const created: string[] = [];
  const urlOf = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const admin = async <T>(fn: (sql: SQL) => Promise<T>) => {
    const sql = new SQL({ url: adminUrl, max: 1 });
    try {
      return await fn(sql);
    } finally {
      await sql.close();
    }
  };
  const dropAll = async () => {
    await admin(async (sql) => {
      for (const name of created.reverse()) await sql.unsafe(`drop database if exists ${name} with (force)`);
    });
  };
  const unregister = onInterrupt(() => {
    for (const name of created) Bun.spawnSync(["psql", adminUrl, "-qc", `drop database if exists ${name} with (force)`]);
  });
  return {
    template: `wit_bench_${tag}_seed`,
    urlOf,
    async create(name: string, template?: string) {
      await admin((sql) => sql.unsafe(`create database ${name}${template ? ` template ${template}` : ""}`));
      created.push(name);
      return urlOf(name);
    },
    async close() {
      unregister();
      await dropAll();
    },
  };
}

async function deleteRedisPrefix(url: string, prefix: string) {
  const r = new RedisClient(url);
  try {
    await r.connect();
    let cursor = "0";
    do {
      const [next, keys] = (await r.send("SCAN", [cursor, "MATCH", `${prefix}*`, "COUNT", "1000"])) as [string, string[]];
      cursor = next;
      if (keys.length) await r.send("DEL", keys);
    } while (cursor !== "0");
  } finally {
    r.close();
  }
}

/**
 * `count` app instances (server/main.ts, production mode) on one shared database and Redis, each
 * pinned to `cores[i]`; `fn` gets their URLs and pids; all are stopped afterwards.
 */
function withInstances<T>(count: number, cores: Array<number | null>, dataDir: string, extra: Record<string, string>, fn: (urls: string[], pids: number[]) => Promise<T>): Promise<T> {
  const go = (i: number, urls: string[], pids: number[]): Promise<T> => {
    if (i === count) return fn(urls, pids);
    const start = async (port: number): Promise<Pinned> => {
      const p = spawnPinned(cores[i] ?? null, ["bun", join(ROOT, "server/main.ts")], { env: benchEnv(port, dataDir, extra), stdout: "ignore", stderr: "inherit", cwd: ROOT });
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, p.proc);
      return p;
    };
    return withServer(`instance ${i + 1}`, start, (url, pid) => go(i + 1, [...urls, url], [...pids, pid]));
  };
  return go(0, [], []);
}

type Results = Partial<Record<SetupName, PhaseResult[]>>;

/** Fails early, with what to set, when Postgres or Redis is not there. */
async function preflight(o: Options) {
  const sql = new SQL({ url: o.pg, max: 1, connectionTimeout: 5 });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(`bench:scale needs Postgres: ${o.pg} did not answer (${error instanceof Error ? error.message : error}); set TEST_DATABASE_URL or --pg`);
  } finally {
    await sql.close();
  }
  const redis = new RedisClient(o.redis, { connectionTimeout: 5000, autoReconnect: false });
  try {
    await redis.connect();
    await redis.send("PING", []);
  } catch (error) {
    throw new Error(`bench:scale needs Redis: ${o.redis} did not answer (${error instanceof Error ? error.message : error}); set TEST_REDIS_URL or --redis`);
  } finally {
    redis.close();
  }
}

export async function benchScale(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const started = Date.now();
  const tag = randomTag();
  await preflight(o);
  return inTmpDir("world-it-bench-scale-", async (tmp) => {
    warnPinning(log);
    if (!PIN) log("fewer than 2 cores: the two instances cannot have a core each");
    const sqliteDir = join(tmp, "sqlite");
    log("migrating a fresh SQLite database (starting the app once)");
    await withAppOrBare("app", sqliteDir, { bare: "bench/bare-server.ts" }, async () => {});
    const membersPerChat = o.clients / o.chats;
    const seeded = seedSqlite(join(sqliteDir, "world-it.sqlite"), { users: o.clients, chats: o.chats, membersPerChat });
    const seedDir = join(tmp, "sqlite-seeded");
    cpSync(sqliteDir, seedDir, { recursive: true });
    const clientsFile = join(tmp, "clients.json");
    writeFileSync(clientsFile, JSON.stringify({ members: seeded.members, tokens: seeded.tokens }));
    log(`seeded ${seeded.tokens.length} users with sessions, ${o.chats} chats × ${membersPerChat} members`);

    const pg = postgresDatabases(o.pg, tag);
    const prefixes: string[] = [];
    try {
      const templateUrl = await pg.create(pg.template);
      await seedPostgresFrom(join(seedDir, "world-it.sqlite"), templateUrl, join(tmp, "migrate"));
      log(`Postgres template ${pg.template} seeded with the same rows`);

      const phases: PhaseConfig[] = [
        { name: "paced", rate: o.rate, warmupS: o.warmup, durationS: o.duration },
        ...(o.maxRate > 0 ? [{ name: "throughput", rate: o.maxRate, warmupS: o.maxWarmup, durationS: o.maxDuration, maxInFlightPerClient: 4 }] : []),
      ];
      const base = { clientsFile, clients: o.clients, membersPerChat, phases, drainS: 10, bodyChars: 80, idleConnections: 0, settleS: 0, connectConcurrency: 100 };
      const results: Results = {};
      for (const [i, s] of SETUPS.entries()) {
        const dataDir = join(tmp, `data-${s.name}`);
        rmSync(dataDir, { recursive: true, force: true });
        if (s.postgres) mkdirSync(dataDir, { recursive: true });
        else cpSync(seedDir, dataDir, { recursive: true });
        const extra: Record<string, string> = {};
        const side: NonNullable<LoadConfig["sideProcesses"]> = [];
        if (s.postgres) {
          const db = `wit_bench_${tag}_${i}`;
          extra.DATABASE_URL = await pg.create(db, pg.template);
          // Postgres names each backend "postgres: <cluster>: <user> <database> <client> <state>".
          side.push({ name: "postgres", match: ` ${db} ` });
        }
        if (s.redis) {
          extra.REDIS_URL = o.redis;
          extra.REDIS_PREFIX = `witbench${tag}${i}:`;
          prefixes.push(extra.REDIS_PREFIX);
          side.push({ name: "redis", match: "redis-server" });
        }
        // One instance: core 0, load generator on core 1. Two: cores 0 and 1, load generator unpinned.
        const cores = s.instances === 1 ? [PIN ? 0 : null] : [PIN ? 0 : null, PIN ? 1 : null];
        const loadCore = s.instances === 1 ? LOAD_CORE : null;
        results[s.name] = await withInstances(s.instances, cores, dataDir, extra, async (urls, pids) => {
          log(`${s.title}: ${o.clients} clients, ${phases.map((p) => `${p.name} ${p.rate} msg/s`).join(", ")}`);
          const cfg: LoadConfig = { ...base, target: "app", mode: "chat", url: urls[0]!, serverPid: pids[0]!, sideProcesses: side, ...(urls.length > 1 ? { urls, serverPids: pids } : {}) };
          const r = await runLoadGenerator<{ phases: PhaseResult[] }>(loadCore, "bench/load.ts", join(tmp, `load-${s.name}.json`), cfg, s.title);
          return r.phases;
        });
      }
      const seconds = (Date.now() - started) / 1000;
      return { ok: publish(o, argv, results, seconds) };
    } finally {
      await pg.close().catch((e) => log(`could not drop the bench databases: ${e instanceof Error ? e.message : e}`));
      for (const p of prefixes) await deleteRedisPrefix(o.redis, p).catch(() => {});
    }
  });
}

// ── report ───────────────────────────────────────────────────────────────────
interface ScaleRow {
  label: string;
  cells: string[];
  pgVsSqlite: string;
  twoVsOne: string;
  target: string;
  verdict: "PASS" | "FAIL" | "";
}

function tableRows(o: Options, results: Results): ScaleRow[] {
  const out: ScaleRow[] = [];
  const names = results.sqlite!.map((p) => p.name);
  for (const name of names) {
    const at = (s: SetupName) => results[s]?.find((p) => p.name === name);
    const paced = name === "paced";
    const heading = paced ? `**${f(o.rate)} msg/s offered (paced)**` : `**throughput: ${f(o.maxRate)} msg/s offered, at most 4 unacknowledged per client**`;
    out.push({ label: `${heading}, ${f(o.clients)} clients`, cells: [], pgVsSqlite: "", twoVsOne: "", target: "", verdict: "" });
    const row = (label: string, pick: (p: PhaseResult) => number, fmt: (v: number) => string, ratio = true): ScaleRow => {
      const v = (s: SetupName) => {
        const p = at(s);
        return p ? pick(p) : NaN;
      };
      return {
        label,
        cells: SETUPS.map((s) => fmt(v(s.name))),
        pgVsSqlite: ratio ? times(v("postgres") / v("sqlite")) : "",
        twoVsOne: ratio ? times(v("two") / v("postgresRedis")) : "",
        target: "",
        verdict: "",
      };
    };
    out.push(row("messages sent/s", (p) => p.sentPerS, (v) => f(v)));
    out.push(row("delivered messages/s (message × member)", (p) => p.deliveriesPerS, (v) => f(v)));
    const cpu = row("server CPU, all instances (% of one core)", (p) => p.serverCpuPct, (v) => f(v, 1));
    const two = at("two");
    if (two?.serverCpuPctEach) cpu.cells[3] = `${f(two.serverCpuPct, 1)} (${two.serverCpuPctEach.map((x) => f(x, 1)).join(" + ")})`;
    out.push(cpu);
    out.push(row("server CPU per delivered message, summed over instances (µs)", (p) => p.serverCpuPerDeliveryUs, (v) => f(v, 2)));
    out.push(row("Postgres CPU: the benchmark database's backends (% of one core)", (p) => p.sideCpuPct?.postgres ?? NaN, (v) => f(v, 1), false));
    out.push(row("Postgres backends' CPU per message sent (µs)", (p) => ((p.sideCpuPct?.postgres ?? NaN) * 1e4) / p.sentPerS, (v) => f(v, 1), false));
    out.push(row("Redis CPU (% of one core; the Redis is shared with other users)", (p) => p.sideCpuPct?.redis ?? NaN, (v) => f(v, 1), false));
    out.push(row("latency p50 / p99, all deliveries (ms)", (p) => p.latencyMs.p99, ms));
    out[out.length - 1]!.cells = SETUPS.map((s) => {
      const p = at(s.name);
      return p ? `${ms(p.latencyMs.p50)} / ${ms(p.latencyMs.p99)}` : "—";
    });
    out[out.length - 1]!.pgVsSqlite = "";
    out[out.length - 1]!.twoVsOne = "";
    out.push(row("ack latency p99 (ms)", (p) => p.ackMs.p99, ms, false));
    if (two?.sameInstanceMs && two.crossInstanceMs) {
      const same = two.sameInstanceMs;
      const cross = two.crossInstanceMs;
      const blank = ["", "", ""];
      out.push({ label: "two instances: receiver on the sender's instance, p50 / p99 (ms)", cells: [...blank, `${ms(same.p50)} / ${ms(same.p99)}`], pgVsSqlite: "", twoVsOne: "", target: "", verdict: "" });
      out.push({ label: "two instances: receiver on the other instance (through Redis), p50 / p99 (ms)", cells: [...blank, `${ms(cross.p50)} / ${ms(cross.p99)}`], pgVsSqlite: "", twoVsOne: "", target: "", verdict: "" });
      const added = cross.p99 - same.p99;
      out.push({
        label: "**added by the cross-instance hop, p99 (ms)** (cross / same)",
        cells: [...blank, `${ms(added)} (${times(cross.p99 / same.p99)})`],
        pgVsSqlite: "",
        twoVsOne: "",
        target: paced ? "< 10 ms" : "",
        verdict: paced ? (added < 10 ? "PASS" : "FAIL") : "",
      });
    }
    out.push({
      label: "main thread waiting for a CPU, all instances (% of window)",
      cells: SETUPS.map((s) => {
        const p = at(s.name);
        return p ? f(p.serverWaitPct, 1) : "—";
      }),
      pgVsSqlite: "",
      twoVsOne: "",
      target: "",
      verdict: "",
    });
    out.push(row("CPU taken by the host, steal (% of one core)", (p) => p.stealPct, (v) => f(v, 1), false));
    let allOk = true;
    const faults = SETUPS.map((s) => {
      const p = at(s.name);
      if (!p) return "—";
      const errs = Object.entries(p.errors).map(([k, v]) => `${k} ${v}`);
      // Across instances a frame may overtake another (one came through Redis, the next was
      // local): the client keeps each chat in id order whatever order frames arrive in
      // (shared/chat-sync.ts), so that is counted, not failed; on one instance it must not happen.
      const crossInstance = s.instances > 1;
      const ok = p.lost + p.duplicates + p.unacked + p.misrouted === 0 && (crossInstance || p.reorders === 0) && errs.length === 0;
      allOk &&= ok;
      const order = crossInstance ? `${p.lost}/${p.duplicates} (${f(p.reorders)} of ${f(p.sent * (o.clients / o.chats))} deliveries overtook an earlier id)` : `${p.lost}/${p.duplicates}/${p.reorders}`;
      return `${order}${p.unacked ? `, ${p.unacked} unacked` : ""}${p.misrouted ? `, ${p.misrouted} misrouted` : ""}${errs.length ? `, errors: ${errs.join(", ")}` : ""} of ${f(p.sent)}`;
    });
    out.push({ label: "lost / duplicated / out of id order (of messages sent; two instances: lost / duplicated)", cells: faults, pgVsSqlite: "", twoVsOne: "", target: "lost, duplicated 0", verdict: allOk ? "PASS" : "FAIL" });
  }
  return out;
}

const HEADS = [...SETUPS.map((s) => s.title), "Postgres / SQLite", "two / one (Postgres + Redis)", "target", ""];

function markdown(rs: ScaleRow[]): string {
  const out = [`| | ${HEADS.join(" | ")} |`, `|---|${SETUPS.map(() => "--:|").join("")}--:|--:|---|---|`];
  for (const r of rs) {
    const cells = r.cells.length ? r.cells : SETUPS.map(() => "");
    out.push(`| ${r.label} | ${cells.join(" | ")} | ${r.pgVsSqlite} | ${r.twoVsOne} | ${r.target} | ${r.verdict ? `**${r.verdict}**` : ""} |`);
  }
  return out.join("\n");
}

function consoleText(rs: ScaleRow[]): string {
  const plain = (s: string) => s.replace(/\*\*/g, "");
  const lines: string[] = [];
  for (const r of rs) {
    if (!r.cells.length) {
      lines.push("", plain(r.label));
      continue;
    }
    lines.push(`  ${plain(r.label)}`);
    const parts = SETUPS.map((s, i) => `${s.title}: ${r.cells[i] || "·"}`);
    if (r.pgVsSqlite) parts.push(`PG/SQLite ${r.pgVsSqlite}`);
    if (r.twoVsOne) parts.push(`two/one ${r.twoVsOne}`);
    if (r.target) parts.push(`target ${r.target} ${r.verdict}`);
    lines.push(`      ${parts.join("  |  ")}`);
  }
  return lines.join("\n");
}

function publish(o: Options, argv: string[], results: Results, seconds: number): boolean {
  const rs = tableRows(o, results);
  const ok = rs.every((r) => r.verdict !== "FAIL");
  const pinning = PIN ? "one instance on core 0 and the load generator on core 1; two instances on cores 0 and 1 with the load generator unpinned (it shares both cores); Postgres and Redis unpinned" : "not pinned";
  console.log(`\nScale benchmark (${pinning})`);
  console.log(consoleText(rs));
  const paced = results.two?.find((p) => p.name === "paced");
  const sustained = paced ? paced.sentPerS >= 0.97 * o.rate : false;
  if (paced && !sustained) console.log(`\ntwo instances did not sustain ${f(o.rate)} msg/s (sent ${f(paced.sentPerS)}/s): rerun with a lower --rate`);
  console.log(`\n${ok ? "all targets PASS" : "some targets FAIL"} — ${seconds.toFixed(0)} s`);
  const machine = machineDescription(`Postgres ${new URL(o.pg).host}, Redis ${new URL(o.redis).host}`);
  if (o.json) writeFileSync(o.json, JSON.stringify({ options: o, machine, seconds, results }, null, 2));
  if (o.write) {
    const data =
      `Load: the chat load of bench:chat, ${f(o.clients)} signed-in clients in ${f(o.chats)} group chats of ${o.clients / o.chats}, 80-character bodies; ` +
      `paced window ${o.duration} s after ${o.warmup} s of warm-up, throughput window ${o.maxDuration} s after ${o.maxWarmup} s. ` +
      `With two instances member k of every chat is on instance k mod 2. Pinning: ${pinning}. ` +
      `Each setup starts on its own copy of the same seeded database (SQLite file; Postgres template) and its own Redis prefix.` +
      (paced && !sustained ? ` **Two instances did not sustain ${f(o.rate)} msg/s here (${f(paced.sentPerS)} sent/s).**` : "");
    const section = [...runHeader("bench:scale", argv, ["--json", "--pg", "--redis"], seconds, machine), data, "", markdown(rs)].join("\n");
    writeResults(join(ROOT, "BENCHMARKS.md"), "scale", section, "## Scale: one instance, two instances, SQLite and Postgres\n\n### Results");
    log("BENCHMARKS.md updated");
  }
  return ok;
}

if (import.meta.main) await runMain(benchScale);
