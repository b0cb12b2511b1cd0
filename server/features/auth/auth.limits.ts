import type { Limit } from "../../lib/rate-limit.ts";
import { AUTH_LIMITS } from "../../../shared/auth.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Rate limits on every auth entry point. */
export const authLimits = {
  registerIp: { name: "register:ip", max: 10, windowMs: HOUR },
  signInIp: { name: "signin:ip", max: 30, windowMs: 15 * MIN },
  signInEmail: { name: "signin:email", max: 10, windowMs: 15 * MIN },
  codeIp: { name: "code:ip", max: 30, windowMs: 15 * MIN },
  /** One code mail per address per cooldown (registration, sign-in of an unverified account, resend). */
  codeMail: { name: "code:mail", max: 1, windowMs: AUTH_LIMITS.resendCooldownSeconds * 1000 },
  resendIp: { name: "resend:ip", max: 20, windowMs: HOUR },
  resetIp: { name: "reset:ip", max: 10, windowMs: HOUR },
  resetEmail: { name: "reset:email", max: 3, windowMs: HOUR },
  resetConfirmIp: { name: "reset-confirm:ip", max: 20, windowMs: HOUR },
} satisfies Record<string, Limit>;
