/**
 * Bench-only seeding of a migrated SQLite database, without paying argon2 for every sign-up:
 * verified users sharing one precomputed argon2id hash, one session each (the cookie token is
 * returned; the table stores sha256(token) like server/features/auth/lucia.ts), and group chats
 * with a fixed number of members (tables of migrations/20261121_0005_chats.ts).
 *
 *   bun bench/seed.ts <path/to/world-it.sqlite> [users=10000] [chats=100] [membersPerChat=10]
 */
import { Database } from "bun:sqlite";
import { hexId, insertSession as sessionInsert, insertUser as userInsert, newToken, PASSWORD_HASH, SESSION_DAYS, sha256Hex } from "./lib/seed-kit.ts";

export interface SeedOptions {
  /** Users (each with one session); at least chats × membersPerChat. */
  users: number;
  chats: number;
  membersPerChat: number;
}

export interface SeededMember {
  token: string;
  userId: string;
  chatId: string;
  chatIndex: number;
  /** Position in its chat, 0..membersPerChat-1. */
  memberIndex: number;
}

export interface Seeded {
  /** chats × membersPerChat people, chat by chat. */
  members: SeededMember[];
  /** Session tokens of every seeded user (members first). */
  tokens: string[];
  chatIds: string[];
}

export function seedSqlite(file: string, opts: SeedOptions): Seeded {
  const users = Math.max(opts.users, opts.chats * opts.membersPerChat);
  const db = new Database(file, { strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA busy_timeout = 5000");
  const now = Date.now();
  const expires = now + SESSION_DAYS * 24 * 3600_000;
  const insertUser = userInsert(db);
  const insertSession = sessionInsert(db);
  const insertChat = db.prepare(
    `insert into chats (id, kind, name, avatar_media_id, admin_id, pair_key, last_message_id, last_activity_at, created_at)
     values ($id, 'group', $name, null, $admin, null, null, $now, $now)`,
  );
  const insertMember = db.prepare(
    `insert into chat_members (chat_id, user_id, joined_at, last_read_id) values ($chat, $user, $joined, 0)`,
  );

  const userIds: string[] = [];
  const tokens: string[] = [];
  const chatIds: string[] = [];
  const members: SeededMember[] = [];
  db.transaction(() => {
    for (let i = 0; i < users; i++) {
      const id = hexId("b0", i);
      const n = String(i).padStart(5, "0");
      insertUser.run({ id, email: `bench${n}@bench.test`, username: `bench_${n}`, first: "Bench", last: `User ${n}`, hash: PASSWORD_HASH, t: now, avatar: null });
      const token = newToken();
      insertSession.run({ id: sha256Hex(token), user: id, expires, created: now, active: now });
      userIds.push(id);
      tokens.push(token);
    }
    for (let c = 0; c < opts.chats; c++) {
      const chatId = hexId("c0", c);
      chatIds.push(chatId);
      const first = c * opts.membersPerChat;
      insertChat.run({ id: chatId, name: `Bench group ${c}`, admin: userIds[first]!, now });
      for (let m = 0; m < opts.membersPerChat; m++) {
        const u = first + m;
        insertMember.run({ chat: chatId, user: userIds[u]!, joined: now + m });
        members.push({ token: tokens[u]!, userId: userIds[u]!, chatId, chatIndex: c, memberIndex: m });
      }
    }
  })();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  return { members, tokens, chatIds };
}

if (import.meta.main) {
  const [file, users = "10000", chats = "100", per = "10"] = process.argv.slice(2);
  if (!file) {
    console.error("usage: bun bench/seed.ts <world-it.sqlite> [users] [chats] [membersPerChat]");
    process.exit(2);
  }
  const s = seedSqlite(file, { users: Number(users), chats: Number(chats), membersPerChat: Number(per) });
  console.log(JSON.stringify({ users: s.tokens.length, chats: s.chatIds.length, members: s.members.length }));
}
