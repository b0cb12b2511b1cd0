/**
 * HTTP helpers of the media routes: the tRPC-shaped error body (so the web client handles an
 * upload error exactly like a procedure error), and reading a request body with a byte cap that
 * holds while streaming, not only when Content-Length is honest.
 */
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import type { ErrorData } from "../../../shared/errors.ts";
import { DomainError, RateLimitedError } from "../../lib/errors.ts";

const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** `{ error: { message, code, data: { code, httpStatus, reason, … } } }` as tRPC answers. */
export function errorResponse(code: keyof typeof TRPC_ERROR_CODES_BY_KEY, reason: string, extra: Partial<ErrorData> = {}): Response {
  const httpStatus = HTTP_STATUS[code] ?? 500;
  const data: ErrorData = { code, httpStatus, reason, ...extra };
  const headers: Record<string, string> = {};
  if (extra.retryAfterSeconds) headers["Retry-After"] = String(extra.retryAfterSeconds);
  return Response.json({ error: { message: reason, code: TRPC_ERROR_CODES_BY_KEY[code], data } }, { status: httpStatus, headers });
}

/** A DomainError as that response; anything else is null (the caller logs it and answers 500). */
export function domainErrorResponse(error: unknown): Response | null {
  if (!(error instanceof DomainError)) return null;
  const extra = error instanceof RateLimitedError ? { retryAfterSeconds: error.retryAfterSeconds } : error.details;
  return errorResponse(error.code, error.reason, extra);
}

export class BodyTooLargeError extends Error {}

/** The whole body, refusing (without buffering the rest) as soon as it passes `maxBytes`. */
export async function readBodyCapped(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw new BodyTooLargeError();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
