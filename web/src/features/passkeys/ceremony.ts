/**
 * What the passkey section and the sign-in button share: whether this browser can do WebAuthn,
 * the browser half of the ceremonies (@simplewebauthn/browser, loaded on first use so it stays
 * out of the entry chunk) and the app error for a ceremony that did not finish.
 */
import { describeUserAgent } from "../../../../shared/user-agent.ts";
import { t } from "../../i18n/index.ts";
import { readError, type AppError } from "../../lib/trpc.ts";

/** WebAuthn is there (a secure context: https, or http://localhost). */
export const supportsPasskeys = () => typeof window !== "undefined" && typeof window.PublicKeyCredential === "function";

export const loadWebAuthn = () => import("@simplewebauthn/browser");

/** Names the ceremonies' own failures (cancelled, already on this device); anything else is a call's failure. */
export function ceremonyFailure(error: unknown): AppError {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED") return { reason: "passkeys.cancelled" };
  if (name === "InvalidStateError" || code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return { reason: "passkeys.alreadyOnDevice" };
  if (error instanceof Error && (code?.startsWith("ERROR_") || name === "SecurityError" || name === "NotSupportedError")) {
    return { reason: "passkeys.browserFailed" };
  }
  return readError(error);
}

/** A name for a new passkey from this browser, e.g. "Chrome на Linux". */
export function defaultPasskeyName(): string {
  const [browser = "", os] = describeUserAgent(navigator.userAgent).split(" · ");
  const bare = browser.replace(/\s+\d+$/, "");
  return os ? t("passkeys.defaultName", { browser: bare, os }) : bare || t("passkeys.title");
}
