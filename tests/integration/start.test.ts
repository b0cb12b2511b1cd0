/**
 * A start in two steps (ADR 0029): the server listens once the database is migrated and loads its
 * features after. Meanwhile /healthz answers exactly as it does later, and every other request
 * waits for the features instead of failing. Checked on a real process (`bun server/main.ts`),
 * whose START_TRACE file says when it listened and when its features were loaded.
 */
import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useTestTimeout } from "../helpers/preload.ts";
import { freePort, MAIN } from "../helpers/process.ts";
import { waitFor } from "../helpers/wait.ts";

useTestTimeout();

interface Answer {
  sentAt: number;
  receivedAt: number;
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Sends a GET; null when nothing listens yet (connection refused). Times are epoch ms. */
async function get(url: string): Promise<Answer | null> {
  const sentAt = Date.now();
  try {
    const res = await fetch(url);
    const body = await res.text();
    const headers = Object.fromEntries([...res.headers].filter(([k]) => k !== "date" && k !== "content-length"));
    return { sentAt, receivedAt: Date.now(), status: res.status, body, headers };
  } catch {
    return null;
  }
}

test("while its features load, the server answers /healthz as it does afterwards, and an API call sent meanwhile waits for them and gets the right answer", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "world-it-start-"));
  const trace = join(dataDir, "start-trace.jsonl");
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { PATH: process.env.PATH!, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", START_TRACE: trace };
  const proc = Bun.spawn(["bun", MAIN], { env, stdout: "ignore", stderr: "inherit" });
  try {
    // From exec on: /healthz and an API call (never awaited here) until /healthz answers 200, and
    // one more API call right then, while the features are still loading.
    const calls: Promise<Answer | null>[] = [];
    let firstHealth: Answer | null = null;
    await waitFor(async () => {
      calls.push(get(`${url}/trpc/auth.me`));
      const health = await get(`${url}/healthz`);
      if (health?.status === 200) firstHealth = health;
      return firstHealth !== null;
    }, "the first 200 on /healthz");
    calls.push(get(`${url}/trpc/auth.me`));
    const answered = (await Promise.all(calls)).filter((a): a is Answer => a !== null);

    await waitFor(() => existsSync(trace), "the start trace (written once every router is loaded)");
    const { timeOrigin, stages } = JSON.parse(readFileSync(trace, "utf8").trim()) as { timeOrigin: number; stages: { stage: string; wallMs: number }[] };
    const at = (stage: string) => timeOrigin + stages.find((s) => s.stage === stage)!.wallMs;
    expect(stages.map((s) => s.stage)).toEqual(["runtime", "modules", "template", "open", "migrate", "hub", "listen", "app", "warm"]);

    // /healthz answered before the features were loaded…
    const early = firstHealth!;
    expect(early.receivedAt).toBeLessThan(at("app"));
    // …exactly as it answers afterwards (same status, body and headers, security headers included).
    const later = (await get(`${url}/healthz`))!;
    expect(early.status).toBe(200);
    expect(early.body).toBe(JSON.stringify({ status: "ok", db: "sqlite" }));
    expect(early.headers).toEqual(later.headers);
    expect(early.headers["x-content-type-options"]).toBe("nosniff");

    // Every API call that reached the server got the right answer, none an error; those sent
    // before the features were loaded were answered once they were.
    expect(answered.length).toBeGreaterThan(0);
    for (const a of answered) {
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toEqual({ result: { data: null } });
    }
    const waited = answered.filter((a) => a.sentAt < at("app"));
    expect(waited.length).toBeGreaterThan(0);
    for (const a of waited) expect(a.receivedAt).toBeGreaterThanOrEqual(Math.floor(at("app")));
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
