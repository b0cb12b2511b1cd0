/**
 * Helpers of the moderation suites (moderation-*.test.ts): staff made by setting users.role in the
 * database (the command line is the product's path; moderation-roles.test.ts covers it), the audit
 * log's rows as stored, refusals as "<code> <reason>", and the visible state of a post for one reader.
 */
import { afterAll, beforeAll } from "bun:test";
import type { LogRow } from "../../server/features/moderation/moderation.repository.ts";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import type { ReportReason, ReportTarget } from "../../shared/friends.ts";
import type { Role } from "../../shared/moderation.ts";
import type { Backend } from "../helpers/backends.ts";
import { sendOk } from "../helpers/chat.ts";
import { rejection, type TestClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import type { TestSocket } from "../helpers/ws.ts";
import { named, postOf, type Named } from "./friends-kit.ts";

export { named, postOf, type Named };

/** Sets someone's role straight in the database. */
export async function setRoleInDb(srv: TestServer, userId: string, role: Role) {
  await srv.deps.db.db.updateTable("users").set({ role }).where("id", "=", userId).execute();
}

/** A new person with this role. */
export async function staff(srv: TestServer, role: Role, firstName = role === "admin" ? "Адміністраторка" : "Модератор"): Promise<Named> {
  const p = await named(srv, firstName, "Команди");
  await setRoleInDb(srv, p.user.id, role);
  return p;
}

/**
 * A server on `backend` and a moderator on it, started before the suite's tests and stopped after
 * them (`suite.srv` and `suite.moderator` are set once `beforeAll` ran).
 */
export function useModerationServer(backend: Backend): { srv: TestServer; moderator: Named } {
  const suite = {} as { srv: TestServer; moderator: Named };
  beforeAll(async () => {
    suite.srv = await startTestServer({ backend });
    suite.moderator = await staff(suite.srv, "moderator");
  });
  afterAll(() => suite.srv.stop());
  return suite;
}

/** "<code> <reason>" of a refused call (fails if it succeeded). */
export async function refused(call: Promise<unknown>): Promise<string> {
  const e = await rejection(call);
  return `${e.data?.code} ${e.data?.reason}`;
}

/** The field errors of a refused call ("BAD_REQUEST" with fieldErrors), or the refusal when not one. */
export async function fieldErrors(call: Promise<unknown>): Promise<Record<string, string[]> | string> {
  const e = await rejection(call);
  const data = e.data as { code?: string; reason?: string; fieldErrors?: Record<string, string[]> } | undefined;
  return data?.code === "BAD_REQUEST" && data.fieldErrors ? data.fieldErrors : `${data?.code} ${data?.reason}`;
}

/** An audit log row as stored (the repository's row with its id). */
export interface StoredLogRow extends LogRow {
  id: number;
}

/** Every row of the audit log as stored, oldest first (numbers normalised across backends). */
export async function logRows(srv: TestServer): Promise<StoredLogRow[]> {
  const rows = await srv.deps.db.db.selectFrom("moderation_log").selectAll().orderBy("id").execute();
  return rows.map((r) => ({
    id: Number(r.id),
    actor_id: r.actor_id,
    action: r.action,
    target_kind: r.target_kind,
    target_key: r.target_key,
    target_owner_id: r.target_owner_id,
    reason: r.reason,
    details: JSON.parse(r.details) as Record<string, unknown>,
    created_at: Number(r.created_at),
  }));
}

/** Runs `step`; resolves with its result and the audit log rows appended meanwhile (the rows before must stay as they were). */
export async function appended<T>(srv: TestServer, step: () => Promise<T>): Promise<{ result: T; rows: Array<Omit<StoredLogRow, "id" | "created_at">> }> {
  const before = await logRows(srv);
  const result = await step();
  const after = await logRows(srv);
  const kept = after.slice(0, before.length);
  if (JSON.stringify(kept) !== JSON.stringify(before)) throw new Error(`the audit log's earlier rows changed:\n${JSON.stringify(before)}\n${JSON.stringify(kept)}`);
  return { result, rows: after.slice(before.length).map(({ id: _id, created_at: _at, ...rest }) => rest) };
}

/** What `reader` sees of the post: in the feed, by id, its comments (each as "ok" or the refusal). */
export async function postAsSeenBy(reader: TestClient, postId: number) {
  const feed = await reader.trpc.posts.feed.query({ limit: 50 });
  const byId = await reader.trpc.posts.byId.query({ id: postId }).then(
    (p) => (p.hidden ? `hidden: ${p.hidden.reason}` : "ok"),
    async (e) => refused(Promise.reject(e)),
  );
  return { inFeed: feed.items.some((p) => p.id === postId), byId };
}

/** Reports `target` as `who` for `reason`. */
export const report = (who: Named, target: ReportTarget, reason: ReportReason = "spam", text?: string) =>
  who.client.trpc.reports.create.mutate({ target, reason, text });

/** A public chat message of this person's. */
export const publicMessage = (p: Named, body: string) => sendOk(p.sock, GLOBAL_CHAT_ID, body);

/** A count(*) of the post's comments others see (not hidden by a moderator), and its stored counter. */
export async function commentCounts(srv: TestServer, postId: number) {
  const db = srv.deps.db.db;
  const visible = await db
    .selectFrom("comments")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("post_id", "=", postId)
    .where("hidden_at", "is", null)
    .executeTakeFirstOrThrow();
  const stored = await db.selectFrom("posts").select("comments_count").where("id", "=", postId).executeTakeFirstOrThrow();
  return { counter: Number(stored.comments_count), visible: Number(visible.n) };
}

/** Resolves the promise with "ok" or the refusal. */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (e) {
    return refused(Promise.reject(e));
  }
}

/** How the socket closed, waiting a generous while; fails the test if it stays open. */
export async function closeOf(sock: TestSocket, ms = 20_000): Promise<{ code: number }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the socket was still open after ${ms} ms`)), ms);
  });
  try {
    const { code } = await Promise.race([sock.closed, timeout]);
    return { code };
  } finally {
    clearTimeout(timer);
  }
}
