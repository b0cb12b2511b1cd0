/**
 * What the bare handlers of the HTTP benchmarks (bench/feed-bare.ts, bench/friends-bare.ts)
 * share: the app's SQLite file opened with the app's pragmas, each statement prepared once, the
 * `wit_session` cookie authenticated with the app's own statement and rules, the person cards,
 * the JSON answers, and running as a server (`DATA_DIR=<dir> HOST=127.0.0.1 PORT=4000 bun <file>`).
 * Nothing here imports the app.
 */
import { Database, type Statement } from "bun:sqlite";
import { join } from "node:path";

/** `?, ?, …`: n placeholders. */
export const list = (n: number) => (n === 1 ? "?" : `?${", ?".repeat(n - 1)}`);

/** server/features/auth/auth.service.ts SESSION_WITH_USER: the session and its person. */
const SESSION_SQL =
  'select "sessions"."expires_at", "sessions"."last_active_at", "users"."id", "users"."email", "users"."username", ' +
  '"users"."first_name", "users"."last_name", "users"."email_verified_at", "users"."avatar_media_id", "users"."role", "users"."suspended_until" ' +
  'from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = ?';

const DAY = 86_400_000;
const SESSION_MS = 30 * DAY;

interface SessionRow {
  id: string;
  expires_at: number;
  last_active_at: number;
  email_verified_at: number | null;
  role: string;
  suspended_until: number | null;
}

export interface BareDb {
  /** Runs `sql` (prepared the first time it is seen) with `params`. */
  all<T>(sql: string, params: unknown[]): T[];
  /**
   * The signed-in person of a `Cookie` header, as the app's authenticate does it: sessions ⋈
   * users by sha256(token); an unverified person's session is no session, an expired one is
   * deleted; `last_active_at` touched at most once a minute, the expiry extended in the second
   * half of its 30 days.
   */
  viewerOf(cookie: string | null): string | null;
  /** The same, with the person's role (staff see more on a profile). */
  sessionOf(cookie: string | null): { id: string; role: string } | null;
  /** The statements prepared so far. */
  statements(): string[];
  close(): void;
}

interface MediaRow {
  id: string;
  purpose: string;
  width: number;
  height: number;
  bytes: number;
  variants: string;
  created_at: number;
}

/**
 * The media of these ids as the app's media service answers them (`findMediaMany` and its
 * MediaInfo: one URL per stored variant), added to `into` by id; one statement, like the app's.
 */
export function readMedia(all: BareDb["all"], ids: readonly string[], into: Map<string, unknown>): void {
  if (!ids.length) return;
  for (const m of all<MediaRow>(`select * from "media" where "id" in (${list(ids.length)})`, [...ids])) {
    const urls: Record<string, string> = {};
    for (const v of JSON.parse(m.variants) as Array<{ name: string }>) urls[v.name] = `/media/${m.id}/${v.name}.webp`;
    into.set(m.id, { id: m.id, purpose: m.purpose, width: m.width, height: m.height, bytes: m.bytes, urls, createdAt: m.created_at });
  }
}

/** The SQLite file in `dataDir`, with the app's pragmas. */
export function openBare(dataDir: string): BareDb {
  const db = new Database(join(dataDir, "world-it.sqlite"), { strict: true });
  for (const pragma of ["journal_mode = WAL", "synchronous = NORMAL", "temp_store = MEMORY", "busy_timeout = 5000", "foreign_keys = ON"]) {
    db.exec(`PRAGMA ${pragma}`);
  }
  const statements = new Map<string, Statement>();
  const all = <T>(sql: string, params: unknown[]): T[] => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s.all(...(params as never[])) as T[];
  };

  function sessionOf(cookie: string | null): { id: string; role: string } | null {
    const m = cookie ? /(?:^|;\s*)wit_session=([^;]*)/.exec(cookie) : null;
    if (!m || !m[1]) return null;
    const id = new Bun.CryptoHasher("sha256").update(m[1]).digest("hex");
    const row = all<SessionRow>(SESSION_SQL, [id])[0];
    if (!row || row.email_verified_at === null) return null;
    const now = Date.now();
    // A suspended person's session is no session (a sign-in racing the suspension).
    if (row.suspended_until !== null && row.suspended_until > now) return null;
    if (row.expires_at <= now) {
      all('delete from "sessions" where "id" = ?', [id]);
      return null;
    }
    if (row.expires_at - SESSION_MS / 2 <= now) all('update "sessions" set "expires_at" = ? where "id" = ?', [now + SESSION_MS, id]);
    if (now - row.last_active_at > 60_000) all('update "sessions" set "last_active_at" = ? where "id" = ?', [now, id]);
    return { id: row.id, role: row.role };
  }
  const viewerOf = (cookie: string | null) => sessionOf(cookie)?.id ?? null;

  return { all, viewerOf, sessionOf, statements: () => [...statements.keys()], close: () => db.close() };
}

/** A person as the app shows one (author, card): from a row with the users table's names. */
export const person = (id: string, r: { username: string; first_name: string; last_name: string; avatar_media_id: string | null }) => ({
  id,
  username: r.username,
  firstName: r.first_name,
  lastName: r.last_name,
  avatarId: r.avatar_media_id,
});

/** A JSON answer. */
export const json = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "application/json" } });

/** Serves `create(DATA_DIR)` on HOST:PORT until SIGTERM (then stops and closes the database). */
export function serveBare(what: string, create: (dataDir: string) => { fetch(req: Request): Response; close(): void }): void {
  const hostname = process.env.HOST ?? "127.0.0.1";
  const bare = create(process.env.DATA_DIR ?? "./data");
  const server = Bun.serve({ hostname, port: Number(process.env.PORT ?? 0), fetch: bare.fetch });
  process.on("SIGTERM", () => {
    server.stop(true);
    bare.close();
    process.exit(0);
  });
  if (!process.env.QUIET) console.error(`${what} on http://${hostname}:${server.port}`);
}
