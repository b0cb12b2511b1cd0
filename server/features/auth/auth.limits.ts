import type { Limit } from "../../lib/rate-limit.ts";
import { AUTH_LIMITS } from "../../../shared/auth.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Rate limits on every auth entry point (docs/security.md explains the sign-in ones). */
export const authLimits = {
  registerIp: { name: "register:ip", max: 10, windowMs: HOUR },
  /** Every sign-in attempt from one address, right or wrong. */
  signInIp: { name: "signin:ip", max: 30, windowMs: 15 * MIN },
  /** Wrong passwords for one email from one address: that address waits, nobody else does. */
  signInFailEmailIp: { name: "signin:fail:email-ip", max: 10, windowMs: 15 * MIN },
  /**
   * Wrong passwords for one email from anywhere: past this, only devices that signed in to the
   * account before (the wit_device cookie) may still try; the owner can always reset by email.
   */
  signInFailEmail: { name: "signin:fail:email", max: 20, windowMs: 15 * MIN },
  codeIp: { name: "code:ip", max: 30, windowMs: 15 * MIN },
  /** One code mail per address per cooldown (email changes; "already registered" notices). */
  codeMail: { name: "code:mail", max: 1, windowMs: AUTH_LIMITS.resendCooldownSeconds * 1000 },
  /** One code mail per registration per cooldown (register, resend, sign-in of a pending one). */
  registrationMail: { name: "code:registration", max: 1, windowMs: AUTH_LIMITS.resendCooldownSeconds * 1000 },
  /** Registration code mails to one address, whoever asks: no mail-bombing through sign-ups. */
  registrationMailAddress: { name: "code:registration-address", max: 6, windowMs: 15 * MIN },
  resendIp: { name: "resend:ip", max: 20, windowMs: HOUR },
  resetIp: { name: "reset:ip", max: 10, windowMs: HOUR },
  resetEmail: { name: "reset:email", max: 3, windowMs: HOUR },
  resetConfirmIp: { name: "reset-confirm:ip", max: 20, windowMs: HOUR },
  /** Second-factor codes (auth.secondFactor) from one address, right or wrong. */
  secondFactorIp: { name: "second-factor:ip", max: 30, windowMs: 15 * MIN },
  /**
   * Second-factor codes for one person from anywhere: new tickets (the password again) buy no
   * more guesses than this.
   */
  secondFactorUser: { name: "second-factor:user", max: 10, windowMs: 15 * MIN },
} satisfies Record<string, Limit>;
