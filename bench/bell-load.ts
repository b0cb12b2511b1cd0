/**
 * The bell benchmark's load generator: a separate process (pinned to its own core by
 * bench/bell.ts). Opens the author's socket (`wit_session` cookie and Origin), then sends the
 * likers' `POST /trpc/posts.like` paced evenly over the configured seconds (open loop: a like is
 * sent when it is due, whatever the answers do; latency from the moment it was due), records when
 * each `notification` frame reaches the author's socket, listens TAIL_MS more after the last
 * answer (trailing frames), reads the author's bell, and prints one line `RESULT {json}`.
 *
 *   bun bench/bell-load.ts <config.json>
 */
import { readFileSync } from "node:fs";
import { NOTIFICATION_LIMITS } from "../shared/notifications.ts";
import { cpuTimes } from "./lib/proc.ts";
import { percentiles } from "./lib/stats.ts";

/** After the last like answered, how long the author's socket is still listened to (trailing frames). */
export const TAIL_MS = NOTIFICATION_LIMITS.frameIntervalMs + 2_000;

export interface LoadConfig {
  url: string;
  serverPid: number;
  authorToken: string;
  likerTokens: string[];
  postId: number;
  seconds: number;
}

export interface LoadResult {
  likes: number;
  errors: number;
  /** From the first like due to the last answered. */
  burstS: number;
  likesPerS: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Frames the author's socket got from the first like until TAIL_MS after the last answer. */
  frames: number;
  /** Frames per whole second since the first like was due. */
  perSecond: number[];
  serverCpuPerLikeUs: number;
  /** The author's bell afterwards. */
  bell: { entries: number; count: number; unseen: number };
  lastFrameUnseen: number | null;
}

export async function load(cfg: LoadConfig): Promise<LoadResult> {
  const headers = (token: string) => ({ cookie: `wit_session=${token}`, origin: cfg.url, "content-type": "application/json" });
  const frameTimes: number[] = [];
  let lastUnseen: number | null = null;
  let t0 = 0;
  const ws = new WebSocket(cfg.url.replace(/^http/, "ws") + "/ws", { headers: headers(cfg.authorToken) } as unknown as string[]);
  await new Promise<void>((resolve, reject) => {
    ws.onerror = () => reject(new Error("the author's socket failed to open"));
    ws.onmessage = (m) => {
      const data = String(m.data);
      if (data.includes('"type":"hello"')) resolve();
      else if (data.includes('"type":"notification"')) {
        frameTimes.push(performance.now() - t0);
        lastUnseen = (JSON.parse(data) as { unseen: number }).unseen;
      }
    };
  });

  const n = cfg.likerTokens.length;
  const gapMs = (cfg.seconds * 1000) / n;
  const latency = new Float64Array(n);
  let answered = 0;
  let errors = 0;
  let lastAnswer = 0;
  const body = JSON.stringify({ postId: cfg.postId, on: true });
  const cpu0 = cpuTimes(cfg.serverPid);
  t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = i * gapMs;
    const wait = due - (performance.now() - t0);
    if (wait > 1) await Bun.sleep(wait);
    pending.push(
      fetch(`${cfg.url}/trpc/posts.like`, { method: "POST", headers: headers(cfg.likerTokens[i]!), body })
        .then(async (res) => {
          const text = await res.text();
          if (res.status !== 200 || !text.includes('"liked":true')) errors++;
        })
        .catch(() => void errors++)
        .finally(() => {
          const at = performance.now() - t0;
          latency[answered++] = at - due;
          lastAnswer = Math.max(lastAnswer, at);
        }),
    );
  }
  await Promise.all(pending);
  const cpu1 = cpuTimes(cfg.serverPid);
  await Bun.sleep(TAIL_MS);
  ws.close();

  const bell = await fetch(`${cfg.url}/trpc/notifications.list?input=${encodeURIComponent(JSON.stringify({ limit: 50 }))}`, { headers: headers(cfg.authorToken) });
  const page = ((await bell.json()) as { result: { data: { items: Array<{ people: number }>; unseen: number } } }).result.data;
  const seconds = Math.ceil((lastAnswer + TAIL_MS) / 1000);
  const perSecond = Array.from({ length: seconds }, (_, s) => frameTimes.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length);
  const [p50, p99, max] = percentiles(latency, answered, [50, 99, 100]);
  const cpuS = cpu1.user + cpu1.system - cpu0.user - cpu0.system;
  return {
    likes: n,
    errors,
    burstS: lastAnswer / 1000,
    likesPerS: (n - errors) / (lastAnswer / 1000),
    latencyMs: { p50: p50!, p99: p99!, max: max! },
    frames: frameTimes.filter((t) => t >= 0).length,
    perSecond,
    serverCpuPerLikeUs: (cpuS / n) * 1e6,
    bell: { entries: page.items.length, count: page.items[0]?.people ?? 0, unseen: page.unseen },
    lastFrameUnseen: lastUnseen,
  };
}

if (import.meta.main) {
  const cfg = JSON.parse(readFileSync(Bun.argv[2]!, "utf8")) as LoadConfig;
  console.log(`RESULT ${JSON.stringify(await load(cfg))}`);
  process.exit(0);
}
