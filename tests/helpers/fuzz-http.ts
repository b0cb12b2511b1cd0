/**
 * Sending fuzz requests and judging the answers. Every answer must come within 20 s, be below 500,
 * be JSON in the documented error shape (tRPC's `{ error: { message, code, data: { code,
 * httpStatus, reason? } } }`, which the media routes copy) and carry no stack trace or file path.
 * A failure names the seed and the request, so `FUZZ_SEED=… bun test tests/integration/fuzz.test.ts`
 * replays it.
 */
import { sql, type Kysely } from "kysely";
import { fuzzSeed } from "./fuzz-random.ts";

export const REQUEST_TIMEOUT_MS = 20_000;

export interface FuzzRequest {
  method: string;
  /** Path and query, e.g. `/trpc/chats.history?input=…`. */
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  /** An HTTP batch (`?batch=1`) of this many calls: the answer is an array. */
  batch?: number;
  /** The media upload route answers a MediaInfo (not tRPC's `{ result }`) on success. */
  upload?: boolean;
}

export interface Caller {
  /** Cookie header of the session it uses ("" for a guest). */
  cookie(): string;
  /** X-Forwarded-For addresses to spread requests over (rate limits count per address). */
  ips: string[];
}

export interface Answer {
  /** The Cookie header it was sent with. */
  cookie: string;
  status: number;
  text: string;
  setCookie: string[];
}

const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
const show = (body: FuzzRequest["body"]) =>
  body === undefined ? "(none)" : typeof body === "string" ? JSON.stringify(clip(body, 300)) : `${body.byteLength} bytes`;

export function describeRequest(req: FuzzRequest): string {
  return `${req.method} ${clip(decodeURIComponentSafe(req.path), 300)} body ${show(req.body)}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** An Error whose message says how to replay the run. */
export function fuzzFailure(what: string, detail: string): Error {
  return new Error(`fuzz failure: ${what}\n  ${detail}\n  replay: FUZZ_SEED=${fuzzSeed} bun test tests/integration/fuzz.test.ts`);
}

let ipTurn = 0;

export async function sendRequest(base: string, req: FuzzRequest, as: Caller, origin: string): Promise<Answer> {
  const headers: Record<string, string> = { origin, "x-forwarded-for": as.ips[ipTurn++ % as.ips.length]! };
  const cookie = as.cookie();
  if (cookie) headers.cookie = cookie;
  if (req.contentType) headers["content-type"] = req.contentType;
  let res: Response;
  try {
    res = await fetch(base + req.path, {
      method: req.method,
      headers,
      body: req.body as BodyInit | undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const why = (error as Error).name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : `request failed: ${String(error)}`;
    throw fuzzFailure(why, describeRequest(req));
  }
  const text = await res.text();
  return { cookie, status: res.status, text, setCookie: res.headers.getSetCookie() };
}

/** What leaks from a stack or the file system, as it would appear in a body. */
const LEAKS = [/ {4}at /, /\bat .*\.[jt]s:\d+/, /\.ts:\d+:\d+/, /node_modules/, /file:\/\//, /\/work\/main\//, /\bserver\/(features|lib|trpc|realtime)\//];

const I18N_KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;

/** What is wrong with one tRPC-shaped envelope (`{ result }` or `{ error }`), or null. */
function envelopeProblem(item: unknown, status: number | null, upload: boolean): string | null {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return "the body is not a JSON object";
  const error = (item as { error?: unknown }).error;
  if (error === undefined) {
    if (status !== null && status >= 400) return `status ${status} without an error object`;
    if (upload) return typeof (item as { id?: unknown }).id === "string" ? null : "an accepted upload without a media id";
    return "result" in item ? null : "neither result nor error";
  }
  if (typeof error !== "object" || error === null) return "error is not an object";
  const e = error as { message?: unknown; code?: unknown; data?: Record<string, unknown> };
  if (typeof e.message !== "string" || typeof e.code !== "number") return "error lacks message/code";
  const data = e.data;
  if (typeof data !== "object" || data === null) return "error lacks data";
  if (typeof data.code !== "string" || !/^[A-Z_]+$/.test(data.code)) return "error.data.code is not an error code";
  if (typeof data.httpStatus !== "number") return "error.data.httpStatus missing";
  if (status !== null && data.httpStatus !== status) return `error.data.httpStatus ${data.httpStatus} but status ${status}`;
  if (data.reason !== undefined && (typeof data.reason !== "string" || !I18N_KEY.test(data.reason))) return "error.data.reason is not an i18n key";
  if ("stack" in data || "stack" in e) return "the error carries a stack";
  return null;
}

/** How the answers of one loop were spread over statuses and error codes (printed, to see what the fuzz reached). */
export class Tally {
  private counts = new Map<string, number>();
  add(answer: Answer): void {
    let key = String(answer.status);
    try {
      const body = JSON.parse(answer.text);
      const codes = (Array.isArray(body) ? body : [body]).map((b: { error?: { data?: { code?: string } } }) => b?.error?.data?.code ?? "ok");
      key += ` ${[...new Set(codes)].join("+")}`;
    } catch {}
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  toString(): string {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join(", ");
  }
}

/** Throws (with seed and request) unless the answer is one the documented API may give. */
export function checkAnswer(req: FuzzRequest, answer: Answer): void {
  const fail = (what: string) => fuzzFailure(what, `${describeRequest(req)}\n  → ${answer.status} ${clip(answer.text)}`);
  if (answer.status >= 500) throw fail(`a ${answer.status} answer`);
  // Bun's HTTP parser refuses a request line or headers over its limit before the app sees it, with an empty body.
  if ((answer.status === 431 || answer.status === 414) && answer.text === "" && req.path.length > 8 * 1024) return;
  const leak = LEAKS.find((re) => re.test(answer.text));
  if (leak) throw fail(`the answer leaks a stack or a path (${leak})`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw fail("the answer is not JSON");
  }
  if (req.batch !== undefined && Array.isArray(body)) {
    if (body.length !== req.batch) throw fail(`a batch of ${req.batch} got ${body.length} answers`);
    for (const item of body) {
      const problem = envelopeProblem(item, null, false);
      if (problem) throw fail(problem);
    }
    return;
  }
  const problem = envelopeProblem(body, answer.status, req.upload ?? false);
  if (problem) throw fail(problem);
}

/** Runs `work` over `items` with at most `width` in flight; the first failure stops the rest. */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const lane = async () => {
    while (failed === null && next < items.length) {
      const i = next++;
      try {
        await work(items[i]!, i);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  if (failed !== null) throw failed;
}

/**
 * Row count and a hash of every row of every table (listed through Kysely's introspection, so
 * SQLite and Postgres alike). A session's activity stamp and expiry move on any authenticated
 * request by design (auth.authenticate touches them), so those two columns are left out.
 */
/**
 * Columns written in the background whatever a request does: a session's activity, and a person's
 * last seen time (realtime/presence.ts writes it as their sockets come and go, at most once a minute).
 */
const MOVING_COLUMNS: Record<string, readonly string[]> = { sessions: ["last_active_at", "expires_at"], users: ["last_seen_at"] };
/**
 * SQLite's message search index (the FTS5 table `messages_fts` and its shadow tables) and how far
 * it goes: new messages enter it in batches after they are stored (ADR 0028), so it moves after
 * any earlier send. It is derived from `messages`, which is compared in full.
 */
const isMovingTable = (table: string) => table.startsWith("messages_fts") || table === "message_search_progress";

export type DbSnapshot = Record<string, { rows: number; hash: string }>;

export async function dbSnapshot(db: Kysely<any>): Promise<DbSnapshot> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((t) => !isMovingTable(t)).sort();
  const out: DbSnapshot = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    const skip = new Set(MOVING_COLUMNS[table] ?? []);
    const lines = rows
      .map((row) => JSON.stringify(Object.keys(row).sort().filter((k) => !skip.has(k)).map((k) => [k, canonical(row[k])])))
      .sort();
    out[table] = { rows: rows.length, hash: new Bun.CryptoHasher("sha256").update(lines.join("\n")).digest("hex") };
  }
  return out;
}

function canonical(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number" || typeof v === "string") return String(v);
  return v;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => before[t]?.hash !== after[t]?.hash || before[t]?.rows !== after[t]?.rows).sort();
}
