/**
 * Helpers of the bell's suites (notifications*.test.ts): crowds of signed-in people made straight
 * in the database (a burst of 200 likers would otherwise be 200 argon2 registrations), a person's
 * list read whole and in a comparable shape, the `notification` frame with a given count, and
 * the bell's rows.
 */
import type { Notification } from "../../shared/notifications.ts";
import { sha256Hex, randomId, randomToken } from "../../server/lib/crypto.ts";
import { connect, is } from "../helpers/chat.ts";
import { createClient, type TestClient } from "../helpers/client.ts";
import type { TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { insertUsers } from "./friends-kit.ts";

export interface Someone {
  client: TestClient;
  user: { id: string; username: string; firstName: string };
}

/** A list of people whose first ten are there (destructure as many as you asked for). */
export type Crowd = Someone[] & { [K in 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9]: Someone };

let made = 0;

/**
 * `n` verified people, each with a session of their own on their own client (and IP), inserted in
 * one statement each for users and sessions. Usernames are `<label>_<n>_<random>`, all lowercase.
 */
export async function crowd(srv: TestServer, n: number, label = "crowd"): Promise<Crowd> {
  const db = srv.deps.db.db;
  const now = srv.clock.now();
  const people = Array.from({ length: n }, () => {
    const id = randomId();
    return { id, username: `${label}_${++made}_${id.slice(0, 6)}`.slice(0, 30), token: randomToken(20) };
  });
  if (!n) return [] as unknown as Crowd;
  await insertUsers(srv, people, "Натовп", now);
  await db
    .insertInto("sessions")
    .values(people.map((p) => ({ id: sha256Hex(p.token), user_id: p.id, expires_at: now + 30 * 86_400_000, created_at: now, last_active_at: now, user_agent: "test", ip: "10.0.0.1" })))
    .execute();
  return people.map((p) => {
    const client = createClient(srv);
    client.jar.set("wit_session", p.token);
    return { client, user: { id: p.id, username: p.username, firstName: "Натовп" } };
  }) as Crowd;
}

/** A socket of this person's (another tab). */
export const tab = (srv: TestServer, p: Someone): Promise<TestSocket> => connect(srv, p.client);

/** Every entry of the person's bell, page after page (`limit` per page), and the pages' unseen counts. */
export async function wholeBell(p: Someone, limit = 50): Promise<{ items: Notification[]; pages: number; unseen: number[] }> {
  const items: Notification[] = [];
  const unseen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await p.client.trpc.notifications.list.query({ cursor, limit });
    items.push(...page.items);
    unseen.push(page.unseen);
    cursor = page.nextCursor;
    if (++pages > 1_000) throw new Error("the bell never ends");
  } while (cursor);
  return { items, pages, unseen };
}

/** The first page (up to 50 entries). */
export const bell = async (p: Someone) => (await p.client.trpc.notifications.list.query({ limit: 50 })).items;

/** An entry as the tests compare it: kind, actors by username (newest first), and the rest but ids and times. */
export const shape = (n: Notification) => ({
  kind: n.kind,
  actors: n.actors.map((a) => a.username),
  count: n.count,
  people: n.people,
  seen: n.seen,
  postId: n.postId,
  title: n.title,
  commentId: n.commentId,
  excerpt: n.excerpt,
});

/** The bell as shapes, newest first. */
export const shapes = async (p: Someone) => (await bell(p)).map(shape);

export const unseen = async (p: Someone) => (await p.client.trpc.notifications.unseenCount.query()).unseen;

/** The next `notification` frame on `sock` whose count is `n` (earlier, other counts are skipped). */
export const bellFrame = (sock: TestSocket, n: number, timeoutMs?: number) => sock.next(is("notification", (e) => e.unseen === n), timeoutMs);

/** The bell's rows of a person (groups with their events), to prove nothing is left behind. */
export async function rowsOf(srv: TestServer, userId: string) {
  const db = srv.deps.db.db;
  const groups = await db.selectFrom("notification_groups").selectAll().where("user_id", "=", userId).orderBy("id").execute();
  const events = groups.length
    ? await db
        .selectFrom("notification_events")
        .selectAll()
        .where(
          "group_id",
          "in",
          groups.map((g) => g.id),
        )
        .execute()
    : [];
  return { groups, events };
}

/** A post of this person's. */
export async function postBy(p: Someone, title = "Пост"): Promise<number> {
  return (await p.client.trpc.posts.create.mutate({ title, body: "Текст", tags: [], links: [], imageIds: [] })).id;
}

export const like = (p: Someone, postId: number, on = true) => p.client.trpc.posts.like.mutate({ postId, on });
export const comment = (p: Someone, postId: number, body = "Коментар") => p.client.trpc.comments.create.mutate({ postId, body });

/**
 * Watches `sock`'s `notification` frames from now on: `until(n)` waits for one whose count is `n`
 * (frames from before the watch never match) and returns every bell frame since the watch began,
 * that one last.
 */
export function watchBell(sock: TestSocket) {
  const from = sock.frames.length;
  return {
    async until(n: number, timeoutMs?: number) {
      const hit = await sock.next((e) => e.type === "notification" && e.unseen === n && sock.frames.indexOf(e) >= from, timeoutMs);
      return sock.frames.slice(from, sock.frames.indexOf(hit) + 1).filter((e) => e.type === "notification");
    },
  };
}
