/**
 * What the bench seeders share (bench/feed-seed.ts, bench/friends-seed.ts, bench/seed.ts,
 * bench/bell.ts): a fresh SQLite file migrated by the app's own code (server/db/create-db.ts +
 * migrate.ts) then opened straight through bun:sqlite for bulk inserts; one precomputed password
 * hash; sessions stored as sha256(token) like server/features/auth/lucia.ts; ids like the app's;
 * a small deterministic PRNG; the words and the tag vocabulary of the posts.
 */
import { Database } from "bun:sqlite";
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { createDb } from "../../server/db/create-db.ts";
import { migrateToLatest } from "../../server/db/migrate.ts";

/** argon2id(m=19456, t=2, p=1) of "bench-Password-1"; never verified by the benchmark. */
export const PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$taMJ1rK9VXbOJWbd386tLw$ZxKtoYombOe0rKc63LjZnQMi3iFHLHvXtGHUG+hTO9s";
export const SESSION_DAYS = 30;
export const DAY = 86_400_000;

/** 24 lowercase hex characters, like server/lib/crypto.ts randomId (the id schemas require it). */
export const hexId = (prefix: string, n: number) => prefix + n.toString(16).padStart(24 - prefix.length, "0");
export const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");
/** A session cookie token (the sessions table stores its sha256Hex). */
export const newToken = () => randomBytes(20).toString("hex");

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]) => list[int(list.length)]!;
  /** Standard normal (Box–Muller). */
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, int, pick, normal };
}
export type Rng = ReturnType<typeof prng>;

export const WORDS_EN = "the a feed post world code bun fast light river city morning travel photo music book coffee team release bug fix idea plan mountain sea garden winter summer train bridge story friend night market street window cloud".split(" ");
export const WORDS_UK = "привіт світ ранок кава місто річка гори море сад зима літо потяг міст історія друг ніч ринок вулиця вікно хмара книга музика фото подорож команда реліз ідея план".split(" ");
/** 300 tags: 200 Latin (`topic0`…), 100 Ukrainian (`тема0`…), each a valid normalised tag. */
export const TAGS = [...Array.from({ length: 200 }, (_, i) => `${WORDS_EN[i % WORDS_EN.length]}${i}`), ...Array.from({ length: 100 }, (_, i) => `${WORDS_UK[i % WORDS_UK.length]}${i}`)];

/**
 * Migrates a fresh database in `dataDir` with the app's migrations and opens it for seeding. With
 * `bulk` (one big transaction, nobody else on the file): no journal, no fsync, no cache spills —
 * `closeSeeded` puts WAL (what the app uses) back.
 */
export async function openForSeeding(dataDir: string, bulk = true): Promise<Database> {
  const app = createDb({ dataDir });
  await migrateToLatest(app.db);
  await app.close();
  const db = new Database(join(dataDir, "world-it.sqlite"), { strict: true });
  if (bulk) {
    db.exec("PRAGMA journal_mode = OFF");
    db.exec("PRAGMA synchronous = OFF");
    db.exec("PRAGMA cache_size = -400000");
  }
  return db;
}

/** WAL again (what the app uses), and closed. */
export function closeSeeded(db: Database): void {
  db.exec("PRAGMA journal_mode = WAL");
  db.close();
}

/** Inserts a verified person: `run({ id, email, username, first, last, hash, t, avatar })`. */
export const insertUser = (db: Database) =>
  db.prepare(
    `insert into users (id, email, username, first_name, last_name, password_hash, email_verified_at, created_at, updated_at, avatar_media_id)
     values ($id, $email, $username, $first, $last, $hash, $t, $t, $t, $avatar)`,
  );

/** Inserts a session: `run({ id: sha256Hex(token), user, expires, created, active })`. */
export const insertSession = (db: Database) =>
  db.prepare(
    `insert into sessions (id, user_id, expires_at, created_at, last_active_at, user_agent, ip)
     values ($id, $user, $expires, $created, $active, 'world-it bench', '127.0.0.1')`,
  );
