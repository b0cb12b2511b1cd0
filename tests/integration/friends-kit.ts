/**
 * Helpers of the social-graph suites (friends*.test.ts, people-search, recommendations, reports):
 * people registered with the names a test needs, the usual transitions, refusals as
 * "<code> <reason>", and the rows of the graph's tables (to prove a refusal changed nothing).
 */
import type { FriendStatus } from "../../shared/friends.ts";
import { connect, is, type Person } from "../helpers/chat.ts";
import { createClient, defaultPassword, rejection, uniqueEmail, uniqueUsername } from "../helpers/client.ts";
import type { TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";

export type Named = Person & { user: Person["user"] & { lastName: string } };

/** Registers and confirms a person with these names (and a socket); the client is signed in. */
export async function named(srv: TestServer, firstName = "Олена", lastName = "Коваль", username = uniqueUsername()): Promise<Named> {
  const client = createClient(srv);
  const email = uniqueEmail();
  await client.trpc.auth.register.mutate({ email, username, firstName, lastName, password: defaultPassword });
  const code = await srv.mail.codeFor(email);
  const { user } = await client.trpc.auth.verifyEmail.mutate({ email, code });
  return { client, user: { id: user.id, username: user.username, firstName: user.firstName, lastName }, sock: await connect(srv, client) };
}

/** A list of people whose first ten are there (destructure as many as you asked for). */
export type People = Named[] & { [K in 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9]: Named };

/** `n` people (registered one after another: the hasher is bounded anyway). */
export async function people(srv: TestServer, n: number): Promise<People> {
  const out: Named[] = [];
  for (let i = 0; i < n; i++) out.push(await named(srv));
  return out as People;
}

/**
 * People straight into the users table (verified, no password, no session: the tests that need
 * hundreds skip argon2), one statement for all; e-mail `<username>@example.test`.
 */
export async function insertUsers(srv: TestServer, users: readonly { id: string; username: string }[], firstName: string, now = srv.clock.now()): Promise<void> {
  if (!users.length) return;
  await srv.deps.db.db
    .insertInto("users")
    .values(
      users.map((u) => ({
        id: u.id,
        email: `${u.username}@example.test`,
        username: u.username,
        first_name: firstName,
        last_name: "Людина",
        password_hash: "-",
        email_verified_at: now,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/** "<code> <reason>" of a refused call (fails if it succeeded). */
export async function refused(call: Promise<unknown>): Promise<string> {
  const e = await rejection(call);
  return `${e.data?.code} ${e.data?.reason}`;
}

/** a asks, b accepts: friends. */
export async function befriend(a: Person, b: Person): Promise<void> {
  await a.client.trpc.friends.request.mutate({ userId: b.user.id });
  await b.client.trpc.friends.accept.mutate({ userId: a.user.id });
}

/** Each side's status with the other, as [a's, b's]. */
export async function statuses(a: Person, b: Person): Promise<[FriendStatus, FriendStatus]> {
  return Promise.all([a.client.trpc.friends.status.query({ userId: b.user.id }), b.client.trpc.friends.status.query({ userId: a.user.id })]);
}

/** Every row of the social graph's tables that names either person (sorted, comparable with toEqual). */
export async function graphRows(srv: TestServer, ...ids: string[]) {
  const db = srv.deps.db.db;
  const relations = await db
    .selectFrom("relations")
    .selectAll()
    .where((eb) => eb.or([eb("user_a", "in", ids), eb("user_b", "in", ids)]))
    .orderBy("user_a")
    .orderBy("user_b")
    .execute();
  const blocks = await db
    .selectFrom("blocks")
    .selectAll()
    .where((eb) => eb.or([eb("blocker_id", "in", ids), eb("blocked_id", "in", ids)]))
    .orderBy("blocker_id")
    .orderBy("blocked_id")
    .execute();
  const dismissals = await db
    .selectFrom("recommendation_dismissals")
    .selectAll()
    .where((eb) => eb.or([eb("user_id", "in", ids), eb("dismissed_id", "in", ids)]))
    .orderBy("user_id")
    .orderBy("dismissed_id")
    .execute();
  const norm = <T extends Record<string, unknown>>(rows: T[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k.endsWith("_at") ? Number(v) : v])));
  return { relations: norm(relations), blocks: norm(blocks), dismissals: norm(dismissals) };
}

/** The relation rows of one pair, whichever order the database keeps them in. */
export async function pairRows(srv: TestServer, x: string, y: string) {
  return srv.deps.db.db
    .selectFrom("relations")
    .selectAll()
    .where((eb) => eb.or([eb.and([eb("user_a", "=", x), eb("user_b", "=", y)]), eb.and([eb("user_a", "=", y), eb("user_b", "=", x)])]))
    .execute();
}

/** The next friend.status frame on `sock` about `aboutId` with this event (a generous deadline). */
export function statusFrame(sock: TestSocket, aboutId: string, event: string) {
  return sock.next(is("friend.status", (e) => e.person.id === aboutId && e.event === event));
}

/** A post of this person's. */
export async function postOf(p: Person, fields: { title?: string; body?: string; tags?: string[] } = {}) {
  return p.client.trpc.posts.create.mutate({ title: fields.title ?? "Пост", body: fields.body ?? "Текст", tags: fields.tags ?? [], links: [], imageIds: [] });
}
