/**
 * initTRPC, once. Exports only `router`, `publicProcedure`, `authedProcedure`.
 * Error model: DomainError → TRPCError with the same code; `data.reason` (i18n key),
 * `data.fieldErrors` for input validation, `data.retryAfterSeconds` for rate limits; internal
 * errors get a generic message and a request id — never a stack.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { ErrorData } from "../../shared/errors.ts";
import { asUnavailable } from "../db/db-errors.ts";
import { DomainError, UnauthorizedError } from "../lib/errors.ts";
import type { Context } from "./context.ts";

interface IssueLike {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

function fieldErrorsOf(cause: unknown): Record<string, string[]> | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  const out: Record<string, string[]> = {};
  for (const issue of issues as IssueLike[]) {
    const first = issue.path?.[0];
    const key = first === undefined ? "_" : String(typeof first === "object" ? first.key : first);
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const data: ErrorData = { code: shape.data.code, httpStatus: shape.data.httpStatus };
    let message = shape.message;
    const cause = error.cause;
    if (cause instanceof DomainError) {
      data.reason = cause.reason;
      Object.assign(data, cause.details);
    } else if (error.code === "BAD_REQUEST" && fieldErrorsOf(cause)) {
      data.reason = "errors.invalidInput";
      data.fieldErrors = fieldErrorsOf(cause);
      message = "Invalid input";
    } else if (error.code === "PARSE_ERROR" || error.code === "BAD_REQUEST") {
      data.code = "BAD_REQUEST";
      data.reason = "errors.malformedRequest";
      message = "Malformed request";
    } else if (error.code === "INTERNAL_SERVER_ERROR") {
      data.reason = "errors.internal";
      data.requestId = ctx?.requestId;
      message = "Internal server error";
    }
    return { message, code: shape.code, data };
  },
});

/**
 * Turns DomainErrors thrown by services into TRPCErrors with their own code; a database that is
 * briefly unreachable becomes SERVICE_UNAVAILABLE (503, errors.unavailable), not an internal error.
 */
const domainErrors = t.middleware(async function mapDomainErrors({ next }) {
  const result = await next();
  const cause = result.ok ? null : asUnavailable(result.error.cause);
  if (!result.ok && cause instanceof DomainError) {
    return { ...result, error: new TRPCError({ code: cause.code, message: cause.reason, cause }) };
  }
  return result;
});

const requireAuth = t.middleware(function requireAuth({ ctx, next }) {
  if (!ctx.auth) throw new UnauthorizedError();
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);
export const authedProcedure = publicProcedure.use(requireAuth);
export const createCallerFactory = t.createCallerFactory;
