/** Human text for an AppError in the current language. */
import { t, tKey } from "../i18n/index.ts";
import type { AppError } from "./trpc.ts";

export function errorText(error: AppError): string {
  const reason = error.reason ?? "errors.invalidInput";
  if (reason === "errors.rateLimited") {
    return t("errors.rateLimited", { seconds: error.retryAfterSeconds ?? 60 });
  }
  if (reason === "auth.codeInvalid" && error.attemptsLeft !== undefined) {
    return `${t("auth.codeInvalid")} ${t("auth.attemptsLeft", { n: error.attemptsLeft })}`;
  }
  return tKey(reason);
}
