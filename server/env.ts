/**
 * Configuration: read once at boot, validated with zod, frozen. A wrong value stops the start
 * with a readable message. Every variable is documented in .env.example.
 */
import { z } from "zod";
import { NOTIFICATION_LIMITS } from "../shared/notification-rules.ts";
import { WS_LIMITS } from "../shared/ws-rules.ts";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().default("http://localhost:3000"),
  /** Extra origins allowed to call mutations and open the websocket (comma-separated). */
  ALLOWED_ORIGINS: z.string().default(""),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres|postgresql):\/\//.test(v) || /^(sqlite:|file:)/.test(v), {
      error: "must be postgres://… or sqlite:<path> (leave unset for the SQLite file under DATA_DIR)",
    })
    .optional(),
  /** Postgres: connections in this instance's pool (several instances: keep the sum under the server's max_connections). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(20),
  /** Postgres: a statement running longer is cancelled (0: never). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(24 * 3_600_000).default(30_000),
  /** Postgres: how long to wait for a new connection before the request fails as "database unavailable". */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), { error: "must be redis://… or rediss://…" })
    .optional(),
  /** Namespace for this app's Redis keys and channels (several apps can share one Redis). */
  REDIS_PREFIX: z.string().regex(/^[\w:.-]{1,40}$/, { error: "letters, digits and _ : . - only" }).default("wit:"),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), { error: "must be smtp://user:pass@host:port or smtps://…" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("World IT <no-reply@world-it.local>"),
  /** Show mail in a dev outbox (console + /dev/outbox). Defaults to on when SMTP_URL is unset outside production. */
  DEV_OUTBOX: bool.optional(),
  /** Largest image upload, bytes. */
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  /** Storage quota per person (all variants of all their images), bytes. */
  MEDIA_QUOTA_BYTES: z.coerce.number().int().min(0).default(500 * 1024 * 1024),
  /** S3-compatible bucket for media (several instances share it). Unset: DATA_DIR/media on disk. */
  S3_BUCKET: z.string().min(1).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Largest request body accepted by /trpc, in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** How many password hashes may run at once (argon2 is CPU-heavy). */
  ARGON2_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(Math.max(1, navigator.hardwareConcurrency - 1)),
  /**
   * Behind how many proxies of your own the app runs: the client IP is the X-Forwarded-For entry
   * that many hops from the right (what your outermost proxy saw). "true" = 1, "false" = 0.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|yes|no|\d)$/, { error: "true, false, or how many proxies (0–9)" })
    .transform((v) => (v === "true" || v === "yes" ? 1 : v === "false" || v === "no" ? 0 : Number(v)))
    .default(0),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * The bell's frames: at most one `notification` frame per person per this many ms (a burst is
   * coalesced). 0: no interval (only changes within one tick share a frame), for measuring what
   * coalescing saves (bench:bell).
   */
  NOTIFICATION_FRAME_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(NOTIFICATION_LIMITS.frameIntervalMs),
  /** Web push (issue 15): also accept http://127.0.0.1 and http://localhost push endpoints (tests, development; never in production). */
  PUSH_LOCAL_ENDPOINTS: bool.default(false),
  /**
   * Each websocket's limit on the frames its client sends: a token bucket refilled at this many
   * frames a second, holding at most WS_FRAME_BURST (more: a RATE_LIMITED error frame, the frame
   * dropped). Raised for load tests (bench:chat's burst phase); the defaults suit people.
   */
  WS_FRAMES_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000).default(WS_LIMITS.framesPerSecond),
  WS_FRAME_BURST: z.coerce.number().int().min(1).max(1_000_000).default(WS_LIMITS.frameBurst),
  /**
   * Presence (realtime/presence.ts): how often an instance rewrites its people's presence in Redis
   * (an instance silent for 3× this is gone: its people go offline); presence changes leave
   * coalesced over PRESENCE_COALESCE_MS; last seen is written at most once per
   * LAST_SEEN_WRITE_MS per person. Lowered by tests.
   */
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(50).max(600_000).default(15_000),
  PRESENCE_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  LAST_SEEN_WRITE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
});

export type Env = Readonly<
  Omit<z.infer<typeof schema>, "DEV_OUTBOX"> & {
    DEV_OUTBOX: boolean;
    /** Origins (scheme://host:port) allowed for mutations and websocket upgrades. */
    allowedOrigins: readonly string[];
    secureCookies: boolean;
  }
>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  // Parsed once: zod's generated (`new Function`) fast path would cost more to build than it saves
  // (~5 ms of a start, ADR 0029).
  const result = schema.safeParse(cleaned, { jitless: true });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every setting.`);
  }
  const env = result.data;
  const publicOrigin = new URL(env.PUBLIC_URL).origin;
  const extra = env.ALLOWED_ORIGINS.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      try {
        return new URL(s).origin;
      } catch {
        throw new EnvError(`Invalid configuration:\n  ALLOWED_ORIGINS: "${s}" is not a URL`);
      }
    });
  return Object.freeze({
    ...env,
    DEV_OUTBOX: env.DEV_OUTBOX ?? (!env.SMTP_URL && env.NODE_ENV !== "production"),
    allowedOrigins: Object.freeze([publicOrigin, ...extra]),
    secureCookies: publicOrigin.startsWith("https:"),
  });
}
