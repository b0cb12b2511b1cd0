/**
 * One error model. Services throw DomainError subclasses; the tRPC layer maps them to
 * TRPCError with the same `code`, plus `reason` (an i18n key) for the client to show.
 * Anything else becomes INTERNAL_SERVER_ERROR without details.
 */
import type { ErrorCode } from "../../shared/errors.ts";

export type DomainErrorCode = Exclude<ErrorCode, "INTERNAL_SERVER_ERROR">;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** i18n key the client translates, e.g. "auth.invalidCredentials". */
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(reason);
    this.name = "DomainError";
  }
}

export class BadRequestError extends DomainError {
  constructor(reason: string, details?: Record<string, unknown>) {
    super("BAD_REQUEST", reason, details);
  }
}
export class UnauthorizedError extends DomainError {
  constructor(reason = "auth.signInRequired") {
    super("UNAUTHORIZED", reason);
  }
}
export class ForbiddenError extends DomainError {
  constructor(reason = "errors.forbidden", details?: Record<string, unknown>) {
    super("FORBIDDEN", reason, details);
  }
}
export class NotFoundError extends DomainError {
  constructor(reason = "errors.notFound") {
    super("NOT_FOUND", reason);
  }
}
export class ConflictError extends DomainError {
  constructor(reason: string, details?: Record<string, unknown>) {
    super("CONFLICT", reason, details);
  }
}
export class RateLimitedError extends DomainError {
  /** `reason`: a more telling key than the generic one ("chats.slowMode", "errors.newAccountLimit"). */
  constructor(
    readonly retryAfterSeconds: number,
    reason = "errors.rateLimited",
  ) {
    super("TOO_MANY_REQUESTS", reason, { retryAfterSeconds });
  }
}

/** The database (or another backing service) is briefly unreachable: nothing is wrong with the request, try again shortly. */
export class ServiceUnavailableError extends DomainError {
  constructor(reason = "errors.unavailable") {
    super("SERVICE_UNAVAILABLE", reason);
  }
}
