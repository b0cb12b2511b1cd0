/**
 * Configuration: read once at boot, validated, frozen. A wrong value stops the start with a
 * readable message naming every wrong variable. Every variable is documented in .env.example.
 *
 * Validated by the small parsers below, not zod: env.ts runs before the server listens, and
 * building a zod schema of this size costs a start ~30 ms of CPU (zod's code loaded, ~100 schema
 * objects built for one parse; ADR 0029).
 */
import { NOTIFICATION_LIMITS } from "../shared/notification-rules.ts";
import { WS_LIMITS } from "../shared/ws-rules.ts";

/** A wrong value: the message says what is expected, for people. */
class Invalid extends Error {}
/** One variable: its raw value (undefined when unset or empty) to the typed value; throws Invalid. */
type Field<T> = (raw: string | undefined) => T;
type Check<T> = (raw: string) => T;

const optional =
  <T>(check: Check<T>): Field<T | undefined> =>
  (raw) =>
    raw === undefined ? undefined : check(raw);
const withDefault =
  <T>(check: Check<T>, fallback: T): Field<T> =>
  (raw) =>
    raw === undefined ? fallback : check(raw);

const text: Check<string> = (raw) => raw;
const atLeast =
  (chars: number): Check<string> =>
  (raw) => {
    if (raw.length < chars) throw new Invalid(`must be at least ${chars} characters`);
    return raw;
  };
const matching =
  (pattern: RegExp, message: string): Check<string> =>
  (raw) => {
    if (!pattern.test(raw)) throw new Invalid(message);
    return raw;
  };
const url: Check<string> = (raw) => {
  if (!URL.canParse(raw.trim())) throw new Invalid("must be a URL (scheme://host…)");
  return raw;
};
const oneOf =
  <const T extends readonly string[]>(...values: T): Check<T[number]> =>
  (raw) => {
    if (!values.includes(raw)) throw new Invalid(`must be one of ${values.join(", ")}`);
    return raw;
  };
/** A whole number from min to max (written as a number: "1e3" and "0x10" count, "1.5" and "ten" do not). */
const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check<number> =>
  (raw) => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new Invalid(max === Number.MAX_SAFE_INTEGER ? `must be a whole number, at least ${min}` : `must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
const bool: Check<boolean> = (raw) => {
  const v = oneOf("1", "0", "true", "false", "yes", "no")(raw);
  return v === "1" || v === "true" || v === "yes";
};

const fields = {
  NODE_ENV: withDefault(oneOf("development", "production", "test"), "development"),
  HOST: withDefault(text, "0.0.0.0"),
  PORT: withDefault(int(0, 65535), 3000),
  PUBLIC_URL: withDefault(url, "http://localhost:3000"),
  /** Extra origins allowed to call mutations and open the websocket (comma-separated). */
  ALLOWED_ORIGINS: withDefault(text, ""),
  DATA_DIR: withDefault(text, "./data"),
  DATABASE_URL: optional(
    matching(/^(postgres|postgresql):\/\/|^(sqlite:|file:)/, "must be postgres://… or sqlite:<path> (leave unset for the SQLite file under DATA_DIR)"),
  ),
  /** Postgres: connections in this instance's pool (several instances: keep the sum under the server's max_connections). */
  DATABASE_POOL_MAX: withDefault(int(1, 1000), 20),
  /** Postgres: a statement running longer is cancelled (0: never). */
  DATABASE_STATEMENT_TIMEOUT_MS: withDefault(int(0, 24 * 3_600_000), 30_000),
  /** Postgres: how long to wait for a new connection before the request fails as "database unavailable". */
  DATABASE_CONNECT_TIMEOUT_MS: withDefault(int(100, 300_000), 5_000),
  REDIS_URL: optional(matching(/^rediss?:\/\//, "must be redis://… or rediss://…")),
  /** Namespace for this app's Redis keys and channels (several apps can share one Redis). */
  REDIS_PREFIX: withDefault(matching(/^[\w:.-]{1,40}$/, "letters, digits and _ : . - only"), "wit:"),
  SMTP_URL: optional(matching(/^smtps?:\/\//, "must be smtp://user:pass@host:port or smtps://…")),
  MAIL_FROM: withDefault(atLeast(3), "World IT <no-reply@world-it.local>"),
  /** Show mail in a dev outbox (console + /dev/outbox). Defaults to on when SMTP_URL is unset outside production. */
  DEV_OUTBOX: optional(bool),
  /** Largest image upload, bytes. */
  MEDIA_MAX_BYTES: withDefault(int(1024), 10 * 1024 * 1024),
  /** Storage quota per person (all variants of all their images), bytes. */
  MEDIA_QUOTA_BYTES: withDefault(int(0), 500 * 1024 * 1024),
  /** S3-compatible bucket for media (several instances share it). Unset: DATA_DIR/media on disk. */
  S3_BUCKET: optional(text),
  S3_ENDPOINT: optional(url),
  S3_REGION: optional(text),
  S3_ACCESS_KEY_ID: optional(text),
  S3_SECRET_ACCESS_KEY: optional(text),
  /** Largest request body accepted by /trpc, in bytes. */
  BODY_LIMIT_BYTES: withDefault(int(1024), 1024 * 1024),
  /** How many password hashes may run at once (argon2 is CPU-heavy). */
  ARGON2_CONCURRENCY: withDefault(int(1, 64), Math.max(1, navigator.hardwareConcurrency - 1)),
  /**
   * Behind how many proxies of your own the app runs: the client IP is the X-Forwarded-For entry
   * that many hops from the right (what your outermost proxy saw). "true" = 1, "false" = 0.
   */
  TRUST_PROXY: withDefault((raw) => {
    const v = matching(/^(true|false|yes|no|\d)$/, "true, false, or how many proxies (0–9)")(raw);
    return v === "true" || v === "yes" ? 1 : v === "false" || v === "no" ? 0 : Number(v);
  }, 0),
  LOG_LEVEL: withDefault(oneOf("debug", "info", "warn", "error", "silent"), "info"),
  /**
   * The bell's frames: at most one `notification` frame per person per this many ms (a burst is
   * coalesced). 0: no interval (only changes within one tick share a frame), for measuring what
   * coalescing saves (bench:bell).
   */
  NOTIFICATION_FRAME_INTERVAL_MS: withDefault(int(0, 60_000), NOTIFICATION_LIMITS.frameIntervalMs),
  /** Web push (issue 15): also accept http://127.0.0.1 and http://localhost push endpoints (tests, development; never in production). */
  PUSH_LOCAL_ENDPOINTS: withDefault(bool, false),
  /**
   * Each websocket's limit on the frames its client sends: a token bucket refilled at this many
   * frames a second, holding at most WS_FRAME_BURST (more: a RATE_LIMITED error frame, the frame
   * dropped). Raised for load tests (bench:chat's burst phase); the defaults suit people.
   */
  WS_FRAMES_PER_SECOND: withDefault(int(1, 1_000_000), WS_LIMITS.framesPerSecond),
  WS_FRAME_BURST: withDefault(int(1, 1_000_000), WS_LIMITS.frameBurst),
  /**
   * Presence (realtime/presence.ts): how often an instance rewrites its people's presence in Redis
   * (an instance silent for 3× this is gone: its people go offline); presence changes leave
   * coalesced over PRESENCE_COALESCE_MS; last seen is written at most once per
   * LAST_SEEN_WRITE_MS per person. Lowered by tests.
   */
  PRESENCE_HEARTBEAT_MS: withDefault(int(50, 600_000), 15_000),
  PRESENCE_COALESCE_MS: withDefault(int(0, 60_000), 1_000),
  LAST_SEEN_WRITE_MS: withDefault(int(0, 3_600_000), 60_000),
} satisfies Record<string, Field<unknown>>;

type Parsed = { [K in keyof typeof fields]: ReturnType<(typeof fields)[K]> };

export type Env = Readonly<
  Omit<Parsed, "DEV_OUTBOX"> & {
    DEV_OUTBOX: boolean;
    /** Origins (scheme://host:port) allowed for mutations and websocket upgrades. */
    allowedOrigins: readonly string[];
    secureCookies: boolean;
  }
>;

export class EnvError extends Error {}

const invalid = (lines: string[]) => new EnvError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every setting.`);

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, field] of Object.entries(fields) as [string, Field<unknown>][]) {
    const raw = source[key];
    try {
      parsed[key] = field(raw === "" ? undefined : raw);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      problems.push(`  ${key}: ${error.message}`);
    }
  }
  if (problems.length) throw invalid(problems);
  const env = parsed as Parsed;
  const publicOrigin = new URL(env.PUBLIC_URL).origin;
  const extra = env.ALLOWED_ORIGINS.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      try {
        return new URL(s).origin;
      } catch {
        throw invalid([`  ALLOWED_ORIGINS: "${s}" is not a URL`]);
      }
    });
  return Object.freeze({
    ...env,
    DEV_OUTBOX: env.DEV_OUTBOX ?? (!env.SMTP_URL && env.NODE_ENV !== "production"),
    allowedOrigins: Object.freeze([publicOrigin, ...extra]),
    secureCookies: publicOrigin.startsWith("https:"),
  });
}
