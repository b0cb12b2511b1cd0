/** Human text for an AppError in the current language. */
import { t, tKey } from "../i18n/index.ts";
import type { AppError } from "./trpc.ts";

export function errorText(error: AppError): string {
  // Validation that no form field shows (an upload, a list action): say what was wrong.
  const fieldKey = Object.values(error.fieldErrors ?? {}).flat()[0];
  if ((!error.reason || error.reason === "errors.invalidInput") && fieldKey) return tKey(fieldKey);
  const reason = error.reason ?? "errors.invalidInput";
  if (reason === "errors.rateLimited") {
    const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds ?? 60));
    // Long waits (hourly limits) read better in minutes than as "3599 s".
    return seconds >= 120
      ? t("errors.rateLimitedMinutes", { minutes: Math.ceil(seconds / 60) })
      : t("errors.rateLimited", { seconds });
  }
  if (reason === "auth.codeInvalid" && error.attemptsLeft !== undefined) {
    return `${t("auth.codeInvalid")} ${t("auth.attemptsLeft", { n: error.attemptsLeft })}`;
  }
  return tKey(reason);
}
