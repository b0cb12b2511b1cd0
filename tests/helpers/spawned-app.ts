/**
 * The real server as a separate process (`bun server/main.ts`) on a given database, so a test can
 * SIGKILL it and start it again on the same data. Mail goes to a local SMTP inbox; the proxy
 * header is trusted so each test client can bring its own address past the rate limits.
 */
import type { Subprocess } from "bun";
import { freePort, MAIN, waitForHealth } from "./process.ts";

export interface SpawnedApp {
  url: string;
  /** Starts a process (the previous one must have exited) and waits until /healthz answers. */
  start(): Promise<void>;
  /** SIGKILL: no drain, no shutdown hook. Resolves with the signal the process died of. */
  kill(): Promise<string | null>;
  /** SIGTERM and wait (cleanup). */
  stop(): Promise<void>;
  /** What the current process wrote to stderr so far. */
  stderr(): string;
}

export function spawnApp(opts: {
  dataDir: string;
  databaseUrl?: string;
  smtpUrl: string;
  /** More environment for the process (e.g. REDIS_URL and REDIS_PREFIX for several instances). */
  env?: Record<string, string>;
}): SpawnedApp {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH!,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: opts.dataDir,
    ...(opts.databaseUrl && { DATABASE_URL: opts.databaseUrl }),
    SMTP_URL: opts.smtpUrl,
    DEV_OUTBOX: "false",
    TRUST_PROXY: "true",
    ARGON2_CONCURRENCY: "2",
    LOG_LEVEL: "warn",
    ...opts.env,
  };
  let proc: Subprocess<"ignore", "ignore", "pipe"> | null = null;
  let errText = "";

  return {
    url,
    async start() {
      if (proc && proc.exitCode === null && proc.signalCode === null) throw new Error("the previous process is still running");
      errText = "";
      const p = Bun.spawn(["bun", MAIN], { env, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
      proc = p;
      void (async () => {
        const decoder = new TextDecoder();
        for await (const chunk of p.stderr) errText += decoder.decode(chunk, { stream: true });
      })();
      await waitForHealth(url, 60_000).catch((error) => {
        p.kill("SIGKILL");
        throw new Error(`${(error as Error).message}; stderr:\n${errText}`);
      });
    },
    async kill() {
      if (!proc) return null;
      proc.kill("SIGKILL");
      await proc.exited;
      return proc.signalCode === null ? null : String(proc.signalCode);
    },
    async stop() {
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc?.kill("SIGKILL"), 15_000);
      await proc.exited;
      clearTimeout(timer);
    },
    stderr: () => errText,
  };
}
