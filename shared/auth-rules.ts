/**
 * The accounts' limits, without zod: web pages that only show them import them from here, so zod
 * loads only with a form that checks its input (bench/web.ts); shared/auth.ts re-exports them with
 * its schemas.
 */
export const AUTH_LIMITS = {
  passwordMin: 8,
  passwordMax: 128,
  usernameMin: 3,
  usernameMax: 30,
  nameMax: 50,
  emailMax: 254,
  codeLength: 6,
  codeTtlMinutes: 15,
  /** An unconfirmed registration (and the username it holds) is gone after this. */
  registrationTtlMinutes: 60,
  codeMaxAttempts: 5,
  resendCooldownSeconds: 60,
  resetTokenTtlMinutes: 60,
  sessionDays: 30,
} as const;
