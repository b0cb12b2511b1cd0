/**
 * Which database errors mean "Postgres is (briefly) unreachable", and which statements may be
 * run again after one. Bun's Postgres client reports a dropped or refused connection with its own
 * codes (`ERR_POSTGRES_CONNECTION_CLOSED`, `…_FAILED`, `…_TIMEOUT`, …); a restarting server
 * ends its sessions with SQLSTATE 57P01 admin_shutdown (or 57P02/57P03, class 08).
 *
 * What is retried (bun-sql-dialect.ts) is only what cannot have taken effect twice: getting a
 * connection, `begin`, and a single read outside a transaction. Anything else that meets such an
 * error fails at once; the edges (tRPC, websocket frames, Hono) answer it as "database
 * unavailable, try again" (503 / errors.unavailable), never as a stack trace.
 */
import { DomainError, ServiceUnavailableError } from "../lib/errors.ts";

/** Bun's own codes for a connection that broke, never came up, or timed out connecting. */
const CONNECTION_CODES = new Set([
  "ERR_POSTGRES_CONNECTION_CLOSED",
  "ERR_POSTGRES_CONNECTION_FAILED",
  "ERR_POSTGRES_CONNECTION_TIMEOUT",
  "ERR_POSTGRES_CONNECTION_REFUSED",
  "ERR_POSTGRES_IDLE_TIMEOUT",
  "ERR_POSTGRES_LIFETIME_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** SQLSTATEs of a server that is going away or not accepting sessions yet. */
const SERVER_STATES = new Set([
  "57P01", // admin_shutdown (a restart or pg_terminate_backend)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovering)
  "53300", // too_many_connections
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (typeof errno === "string" && (SERVER_STATES.has(errno) || errno.startsWith("08"))) return true;
  }
  return false;
}

/**
 * A statement that only reads and so may run again on a fresh connection: it starts with
 * select/with/show/values and names nothing that writes (`for update`, a CTE that inserts,
 * `nextval`). Word boundaries keep columns such as `updated_at` or `deleted_at` from counting.
 */
export function isReadOnlyStatement(sql: string): boolean {
  return /^\s*(select|with|show|values)\b/i.test(sql) && !/\b(insert|update|delete|merge|nextval|setval|lock)\b/i.test(sql);
}

/** The error as callers should see it: "database unavailable, try again" for a transient one, else itself. */
export function asUnavailable(error: unknown): unknown {
  return error instanceof DomainError || !isDatabaseUnavailable(error) ? error : new ServiceUnavailableError();
}
