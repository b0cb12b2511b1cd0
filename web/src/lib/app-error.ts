/**
 * The app's error shape (i18n keys, never raw server messages) and the parser for the `data`
 * object that tRPC errors and the /api routes both carry. `AppFailure` is an Error holding one,
 * for code that is not a tRPC call (uploads) but must fail the same way.
 */

export interface AppError {
  /** i18n key for the whole failure, e.g. "auth.invalidCredentials" or "errors.network". */
  reason?: string;
  /** Field name → i18n keys, from server-side validation. */
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
  attemptsLeft?: number;
  /** The field a domain error is about (e.g. "username" for auth.usernameTaken). */
  field?: string;
  /** tRPC error code such as "UNAUTHORIZED" or "TOO_MANY_REQUESTS"; "ABORTED" for a cancelled upload. */
  code?: string;
}

export class AppFailure extends Error {
  constructor(readonly failure: AppError) {
    super(failure.reason ?? failure.code ?? "error");
    this.name = "AppFailure";
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readFieldErrors(value: unknown): Record<string, string[]> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, keys] of Object.entries(value)) {
    if (Array.isArray(keys)) out[field] = keys.filter((k): k is string => typeof k === "string");
  }
  return Object.keys(out).length ? out : undefined;
}

/** `error.data` of a tRPC-shaped error → AppError; null when it is not that shape at all. */
export function readErrorData(data: unknown): AppError | null {
  if (!isRecord(data)) return null;
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
