/**
 * The tRPC client (same-origin, the browser sends the session cookie) and readError(), which
 * turns anything a call can throw into the app's error shape: i18n keys, never raw messages.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../../server/trpc/router.ts";
import { AppFailure, readErrorData, type AppError } from "./app-error.ts";

export type { AppError };

export const trpc = createTRPCClient<AppRouter>({
  links: [httpLink({ url: "/trpc" })],
});

export function readError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.failure;
  if (!(error instanceof TRPCClientError)) return { reason: "errors.network" };
  // No data: the request never reached the API or the answer was not tRPC JSON (proxy down, offline).
  return readErrorData(error.data) ?? { reason: "errors.network" };
}
