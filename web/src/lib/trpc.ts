/**
 * The tRPC client (same-origin, the browser sends the session cookie) and readError(), which
 * turns anything a call can throw into the app's error shape: i18n keys, never raw messages.
 *
 * The calls speak tRPC's HTTP protocol themselves (ADR 0031): `trpc.a.b.query(input)` is
 * `GET /trpc/a.b?input=<JSON>`, `trpc.a.b.mutate(input)` is `POST /trpc/a.b` with the JSON body,
 * one request per call, no transformer — what @trpc/client's httpLink sends — and the answer is
 * `{ result: { data } }` or `{ error: { message, data } }`. The types are @trpc/client's (type
 * only), so every call stays checked against the server's router; the library's runtime (links,
 * observables, the WebSocket client the app never uses: ~6 KB gzip) is not in the first load.
 */
import type { CreateTRPCClient } from "@trpc/client";
import type { AppRouter } from "../../../server/trpc/router.ts";
import { AppFailure, isRecord, readErrorData, type AppError } from "./app-error.ts";

export type { AppError };

/** What a failed call throws: the server's error (`data` as tRPC sends it), or none when no tRPC answer came. */
export class TRPCClientError extends Error {
  constructor(
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "TRPCClientError";
  }
}

async function call(path: string, type: string, input: unknown): Promise<unknown> {
  if (type !== "query" && type !== "mutate") throw new Error(`trpc: ${path}.${type} is not supported`);
  const query = type === "query";
  const url = `/trpc/${path}${query && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ""}`;
  let body: unknown;
  try {
    const init: RequestInit = query ? {} : { method: "POST", headers: { "content-type": "application/json" } };
    if (!query && input !== undefined) init.body = JSON.stringify(input);
    body = await (await fetch(url, init)).json();
  } catch (cause) {
    // Offline, or an answer that is not JSON (a proxy's error page): no data, read as a network failure.
    throw new TRPCClientError(cause instanceof Error ? cause.message : String(cause));
  }
  if (isRecord(body) && isRecord(body.error)) throw new TRPCClientError(String(body.error.message ?? ""), body.error.data);
  if (isRecord(body) && isRecord(body.result)) return body.result.data;
  throw new TRPCClientError("not a tRPC answer");
}

/** `trpc.a.b.query(input)` → call("a.b", "query", input), for any depth of routers. */
function procedures(path: string[]): unknown {
  return new Proxy(() => undefined, {
    get: (_target, key) => (typeof key === "string" ? procedures([...path, key]) : undefined),
    apply: (_target, _this, args: unknown[]) => call(path.slice(0, -1).join("."), path.at(-1) ?? "", args[0]),
  });
}

export const trpc = procedures([]) as CreateTRPCClient<AppRouter>;

export function readError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.failure;
  if (!(error instanceof TRPCClientError)) return { reason: "errors.network" };
  // No data: the request never reached the API or the answer was not tRPC JSON (proxy down, offline).
  return readErrorData(error.data) ?? { reason: "errors.network" };
}
