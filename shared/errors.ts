/**
 * The error model seen by clients: tRPC's `error.data.code` (BAD_REQUEST, UNAUTHORIZED,
 * FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, PAYLOAD_TOO_LARGE, ...) plus an optional
 * `reason` (an i18n key) and `fieldErrors` (field → i18n keys) for validation failures.
 */
export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PAYLOAD_TOO_LARGE"
  /** The database is briefly unreachable (reason errors.unavailable): try again shortly. */
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export interface ErrorData {
  code: ErrorCode | string;
  httpStatus: number;
  reason?: string;
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
  requestId?: string;
  /** auth.suspended: when the suspension ends (null: for good). */
  suspendedUntil?: number | null;
}
