/**
 * `bun run bench:http`: signed-in tRPC queries through the real app (Bun.serve → Hono → tRPC →
 * zod → service → SQLite) against a bare Bun.serve handler running the same SQL on the same
 * database file and answering the same bytes, in the same run (issue 12).
 *
 * 1. Seeds a fresh SQLite file (bench/http-seed.ts: bench:feed's people, posts and viewers, plus
 *    relations, blocks and albums for the profiles, and the viewers' personal and group chats).
 * 2. Starts both servers once and checks that they answer byte-identical JSON for every profile
 *    request of the rotation, a few feed pages and every viewer's chat list (first page, and the
 *    next for some) (fails the run otherwise).
 * 3. Per run, each server alone, pinned to core 0 with the load generator (bench/http-load.ts) on
 *    core 1: `profiles.byUsername`, `posts.feed` (first page) and `chats.list` (first page) in a
 *    closed loop (requests/s, server CPU per request), then each paced (latency). Runs alternate
 *    which server goes first.
 * 4. Prints app / bare / ratio with PASS/FAIL per target and refreshes the "HTTP" results section
 *    of BENCHMARKS.md.
 *
 * Targets: the app at ≥ 60 % of the bare handler's requests/s and ≤ 1.7× its server CPU per
 * request, each endpoint.
 *
 * Options: --runs 1 --concurrency 16 --warmup 10 --duration 8 --rate 300 --chats-rate 100 --paced-duration 10
 *          --users 10000 --posts 20000 --viewers 100 --relations 60000 --quick --no-write
 *          --json <file> --data <dir> --profile <dir> --app-root <dir> (as bench:feed)
 */
import { feedPath } from "./feed-load.ts";
import { seedHttp, type HttpSeedOptions } from "./http-seed.ts";
import type { HttpEndpoint, HttpPhaseConfig, HttpPhaseResult, HttpRequest } from "./http-load.ts";
import { parseFlags, runMain } from "./lib/common.ts";
import { compareApp, compareDefaults, compareFlags, type CompareOptions } from "./lib/http-compare.ts";
import { trpcPath } from "./lib/http-load.ts";
import { blank, phaseRows, type CompareRun } from "./lib/http-report.ts";
import { f, verdict, type Row } from "./lib/report.ts";
import type { ChatList } from "../shared/chats.ts";

export const HTTP_TARGETS = {
  /** App requests/s as a share of the bare handler's (closed loop), each endpoint. */
  throughputRatio: 0.6,
  /** App server CPU per request as a multiple of the bare handler's (closed loop), each endpoint. */
  cpuRatio: 1.7,
};

const ENDPOINTS: Array<[HttpEndpoint, string]> = [
  ["profile", "profiles.byUsername"],
  ["feed", "posts.feed, first page"],
  ["chats", "chats.list, first page"],
];

interface Options extends CompareOptions, HttpSeedOptions {
  /** The paced rate of `chats.list` (a page of 30 chats costs several times a profile: 300/s saturates a busy core). */
  chatsRate: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { ...compareDefaults(300), users: 10_000, posts: 20_000, viewers: 100, relations: 60_000, chatsRate: 100 };
  parseFlags(argv, {
    ...compareFlags(o),
    "--users": (v) => (o.users = v.num()),
    "--posts": (v) => (o.posts = v.num()),
    "--viewers": (v) => (o.viewers = Math.max(1, v.num())),
    "--relations": (v) => (o.relations = v.num()),
    "--chats-rate": (v) => (o.chatsRate = v.num()),
  });
  if (o.users < 2 * o.viewers) throw new Error("--users must be at least twice --viewers");
  return o;
}

function httpRows(run: CompareRun<HttpPhaseResult>, o: Options): Row[] {
  const { runs, rangeNote, A, paired, row, latencies, waits, sizes } = phaseRows(run);
  const out: Row[] = [];
  out.push(blank(`**throughput**, ${o.concurrency} connections in a closed loop${rangeNote}`));
  for (const [endpoint, label] of ENDPOINTS) {
    const name = `closed-${endpoint}`;
    const r = row(`${label}: requests/s`, name, (p) => p.requestsPerS, (v) => f(v));
    Object.assign(r, { target: `≥ ${HTTP_TARGETS.throughputRatio.toFixed(2)}× bare`, verdict: verdict(paired(name, (p) => p.requestsPerS).median >= HTTP_TARGETS.throughputRatio) });
    out.push(r);
    const c = row(`${label}: server CPU per request (µs)`, name, (p) => p.serverCpuPerRequestUs, (v) => f(v));
    Object.assign(c, { target: `≤ ${HTTP_TARGETS.cpuRatio.toFixed(1)}× bare`, verdict: verdict(paired(name, (p) => p.serverCpuPerRequestUs).median <= HTTP_TARGETS.cpuRatio) });
    out.push(c);
  }
  for (const [endpoint, label] of ENDPOINTS) out.push(latencies(`${label}: latency at saturation p50 / p95 / p99 (ms)`, `closed-${endpoint}`));
  for (const [endpoint, label] of ENDPOINTS) out.push(waits(`${label}: main thread waiting for a CPU, server / load gen (% of window)`, `closed-${endpoint}`));
  out.push(row("CPU taken by the host from this VM, steal (% of one core)", "closed-profile", (p) => p.stealPct, (v) => f(v, 1), false));
  out.push(blank(`**paced: ${f(o.rate)} requests/s, chats.list ${f(o.chatsRate)}**${rangeNote}`));
  for (const [endpoint, label] of ENDPOINTS) {
    out.push(latencies(`${label}: latency p50 / p95 / p99 (ms)`, `paced-${endpoint}`));
    out.push(row(`${label}: server CPU per request (µs)`, `paced-${endpoint}`, (p) => p.serverCpuPerRequestUs, (v) => f(v)));
  }
  out.push(blank("**answers**"));
  const errs = (side: HttpPhaseResult[][]) => side.flat().reduce((n, p) => n + p.errors, 0);
  const reqs = (side: HttpPhaseResult[][]) => side.flat().reduce((n, p) => n + p.requests, 0);
  out.push({
    label: `errors (not 200 with a result), all phases${runs > 1 ? " and runs" : ""}`,
    app: `${f(errs(run.app))} of ${f(reqs(run.app))}`,
    bare: `${f(errs(run.bare))} of ${f(reqs(run.bare))}`,
    ratio: "",
    target: "0",
    verdict: verdict(errs(run.app) === 0 && errs(run.bare) === 0 && A("closed-profile").length > 0),
  });
  out.push(sizes("answer size, profile / feed page (bytes, median)", "closed-profile", "closed-feed"));
  out.push(row("answer size, chat list (bytes, median)", "closed-chats", (p) => p.bytes, (v) => f(v), false));
  return out;
}

export async function benchHttp(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const wanted: HttpSeedOptions = { users: o.users, posts: o.posts, viewers: o.viewers, relations: o.relations };
  const phases: HttpPhaseConfig[] = [
    { name: "closed-profile", mode: "closed", endpoint: "profile", concurrency: o.concurrency, warmupS: o.warmup, durationS: o.duration },
    { name: "closed-feed", mode: "closed", endpoint: "feed", concurrency: o.concurrency, warmupS: Math.min(o.warmup, 5), durationS: o.duration },
    { name: "paced-profile", mode: "paced", endpoint: "profile", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
    { name: "paced-feed", mode: "paced", endpoint: "feed", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
    { name: "closed-chats", mode: "closed", endpoint: "chats", concurrency: o.concurrency, warmupS: Math.min(o.warmup, 5), durationS: o.duration },
    { name: "paced-chats", mode: "paced", endpoint: "chats", rate: o.chatsRate, warmupS: 2, durationS: o.pacedDuration },
  ];
  type Saved = { tokens: string[]; usernames: string[] };
  const requests = (s: Saved): Record<HttpEndpoint, HttpRequest[]> => ({
    // Viewer k visits the k-th profile of the rotation: their own, people they blocked, strangers, friends.
    profile: s.usernames.map((username, k) => ({ path: trpcPath("profiles.byUsername", { username }), viewer: k % s.tokens.length })),
    feed: s.tokens.map((_, viewer) => ({ path: feedPath(20, null), viewer })),
    // The web client's first load (chat-list.ts: `chats.list.query()`, no input), rotating over the viewers.
    chats: s.tokens.map((_, viewer) => ({ path: "/trpc/chats.list", viewer })),
  });
  return compareApp<Saved, HttpPhaseResult>({
    name: "http",
    argv,
    o,
    // `chats`: the seeding's version (a database saved by `--data` before the chat lists is seeded again).
    seedOptions: { ...wanted, chats: 1 },
    seeding: `seeding ${o.users} users, ${o.posts} posts, ${o.relations} relations, ${o.viewers} signed-in viewers`,
    seed: async (dataDir) => {
      const s = await seedHttp(dataDir, wanted);
      return { seconds: s.seconds, rows: s.rows, saved: { tokens: s.tokens, usernames: s.usernames } };
    },
    check: async (saved, same) => {
      const r = requests(saved);
      const statuses = new Map<string, number>();
      for (const q of r.profile) {
        const body = await same(`profile ${q.path}`, q.path, `wit_session=${saved.tokens[q.viewer]}`);
        const status = /"relation":(null|\{"status":"([a-z]+)")/.exec(body);
        const key = status?.[2] ?? (body.includes('"isOwner":true') ? "own profile" : "guest");
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
      await same("profile as a guest", r.profile[1]!.path, null);
      for (const q of r.feed.slice(0, 3)) await same(`feed viewer ${q.viewer}`, q.path, `wit_session=${saved.tokens[q.viewer]}`);
      // Every viewer's chat list, and the next page of every tenth (the keyset `before`).
      const seen = { chats: 0, unread: 0, muted: 0, mentioned: 0, system: 0, deleted: 0, avatars: 0, more: 0 };
      for (const q of r.chats) {
        const cookie = `wit_session=${saved.tokens[q.viewer]}`;
        const list = JSON.parse(await same(`chat list viewer ${q.viewer}`, q.path, cookie)).result.data as ChatList;
        seen.chats += list.chats.length;
        for (const c of list.chats) {
          if (c.unread) seen.unread++;
          if (c.mutedUntil !== null) seen.muted++;
          if (c.mentioned) seen.mentioned++;
          if (c.lastMessage?.system) seen.system++;
          if (c.lastMessage?.deleted) seen.deleted++;
          if (c.avatar) seen.avatars++;
        }
        if (list.hasMore) seen.more++;
        const last = list.chats.at(-1);
        if (q.viewer % 10 === 0 && last) {
          await same(`chat list viewer ${q.viewer}, next page`, trpcPath("chats.list", { before: { lastActivityAt: last.lastActivityAt, id: last.id } }), cookie);
        }
      }
      if (!seen.unread || !seen.muted || !seen.mentioned || !seen.system || !seen.deleted || !seen.avatars || !seen.more) {
        throw new Error(`the seeded chat lists lack a case the list shows: ${JSON.stringify(seen)}`);
      }
      return `profiles compared: ${[...statuses].map(([k, n]) => `${k} ${n}`).join(", ")}; chat lists: ${Object.entries(seen).map(([k, n]) => `${k} ${n}`).join(", ")}`;
    },
    load: (saved) => ({ tokens: saved.tokens, requests: requests(saved), phases }),
    rows: (run) => httpRows(run, o),
    title: "HTTP benchmark: signed-in tRPC queries through the app vs a bare Bun.serve handler",
    data: `Data: ${o.users.toLocaleString("en-US")} users, ${o.posts.toLocaleString("en-US")} posts, ${o.relations.toLocaleString("en-US")} relations; requests rotating over ${o.viewers} signed-in viewers (profiles: 400 visits — own, blocked, related, strangers; feed: first page of 20; chats: first page of 30 of each viewer's ~45 chats); `,
    heading: "## HTTP: signed-in tRPC against a bare handler",
  });
}

if (import.meta.main) await runMain(benchHttp);
