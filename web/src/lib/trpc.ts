/**
 * The tRPC client (same-origin, the browser sends the session cookie) and readError(), which
 * turns anything a call can throw into the app's error shape: i18n keys, never raw messages.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../../server/trpc/router.ts";

export const trpc = createTRPCClient<AppRouter>({
  links: [httpLink({ url: "/trpc" })],
});

export interface AppError {
  /** i18n key for the whole failure, e.g. "auth.invalidCredentials" or "errors.network". */
  reason?: string;
  /** Field name → i18n keys, from server-side validation. */
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
  attemptsLeft?: number;
  /** The field a domain error is about (e.g. "username" for auth.usernameTaken). */
  field?: string;
  /** tRPC error code such as "UNAUTHORIZED" or "TOO_MANY_REQUESTS". */
  code?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readFieldErrors(value: unknown): Record<string, string[]> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, keys] of Object.entries(value)) {
    if (Array.isArray(keys)) out[field] = keys.filter((k): k is string => typeof k === "string");
  }
  return Object.keys(out).length ? out : undefined;
}

export function readError(error: unknown): AppError {
  if (!(error instanceof TRPCClientError)) return { reason: "errors.network" };
  const data: unknown = error.data;
  // No data: the request never reached the API or the answer was not tRPC JSON (proxy down, offline).
  if (!isRecord(data)) return { reason: "errors.network" };
  const out: AppError = {};
  if (typeof data.code === "string") out.code = data.code;
  if (typeof data.reason === "string") out.reason = data.reason;
  const fieldErrors = readFieldErrors(data.fieldErrors);
  if (fieldErrors) out.fieldErrors = fieldErrors;
  if (typeof data.retryAfterSeconds === "number") out.retryAfterSeconds = data.retryAfterSeconds;
  if (typeof data.attemptsLeft === "number") out.attemptsLeft = data.attemptsLeft;
  if (typeof data.field === "string") out.field = data.field;
  if (!out.reason && !out.fieldErrors) out.reason = "errors.internal";
  return out;
}
