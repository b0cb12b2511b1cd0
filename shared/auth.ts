/**
 * Account and session contracts shared by the server and the web client.
 * Every validation message is an i18n key (see web/src/i18n); the server returns
 * the same keys in `error.data.fieldErrors`, so both sides show the same words.
 */
import { z } from "zod";
import { AUTH_LIMITS } from "./auth-rules.ts";
export { AUTH_LIMITS } from "./auth-rules.ts";
import type { Role } from "./moderation.ts";
import { isCommonPassword } from "./common-passwords.ts";
import { oneLine } from "./text.ts";

export const emailSchema = z
  .string({ error: "validation.required" })
  .trim()
  .toLowerCase()
  .min(1, { error: "validation.required" })
  .max(AUTH_LIMITS.emailMax, { error: "validation.emailTooLong" })
  .pipe(z.email({ error: "validation.email" }));

export const usernameSchema = z
  .string({ error: "validation.required" })
  .trim()
  .toLowerCase()
  .min(AUTH_LIMITS.usernameMin, { error: "validation.usernameTooShort" })
  .max(AUTH_LIMITS.usernameMax, { error: "validation.usernameTooLong" })
  .regex(/^[a-z][a-z0-9_.]*$/, { error: "validation.usernameFormat" });

export const personNameSchema = z
  .string({ error: "validation.required" })
  .overwrite(oneLine)
  .trim()
  .min(1, { error: "validation.required" })
  .max(AUTH_LIMITS.nameMax, { error: "validation.nameTooLong" });

export const newPasswordSchema = z
  .string({ error: "validation.required" })
  .min(AUTH_LIMITS.passwordMin, { error: "validation.passwordTooShort" })
  .max(AUTH_LIMITS.passwordMax, { error: "validation.passwordTooLong" })
  .refine((value) => !isCommonPassword(value), { error: "validation.passwordCommon" });

/** Sign-in accepts any stored password; only the length cap guards the hasher. */
export const existingPasswordSchema = z
  .string({ error: "validation.required" })
  .min(1, { error: "validation.required" })
  .max(AUTH_LIMITS.passwordMax, { error: "validation.passwordTooLong" });

export const codeSchema = z
  .string({ error: "validation.required" })
  .trim()
  .regex(/^\d{6}$/, { error: "validation.codeFormat" });

export const registerInput = z.object({
  email: emailSchema,
  username: usernameSchema,
  firstName: personNameSchema,
  lastName: personNameSchema,
  password: newPasswordSchema,
});
export type RegisterInput = z.input<typeof registerInput>;

export const signInInput = z.object({ email: emailSchema, password: existingPasswordSchema });
export const verifyEmailInput = z.object({ email: emailSchema, code: codeSchema });
export const emailOnlyInput = z.object({ email: emailSchema });
export const resetPasswordInput = z.object({
  token: z
    .string({ error: "validation.required" })
    .regex(/^[A-Za-z0-9_-]{20,100}$/, { error: "auth.resetTokenInvalid" }),
  password: newPasswordSchema,
});
export const sessionIdInput = z.object({
  id: z.string().regex(/^[a-f0-9]{64}$/, { error: "validation.sessionId" }),
});

/** What the server tells about the signed-in person. */
export interface Me {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  /** Active avatar media id (`/media/<id>/s96.webp`), or null for the initials avatar. */
  avatarId: string | null;
  /** member | moderator | admin (shared/moderation.ts). */
  role: Role;
}

/** The answer to register/resend: identical whether or not the email is taken. */
export interface CodeSent {
  email: string;
  resendAfterSeconds: number;
}

/** A second factor that finishes a password sign-in (shared/security.ts). */
export type SecondFactorMethod = "totp" | "passkey";

export type SignInResult =
  /** `deletionCancelled`: the account was waiting to be deleted and this sign-in cancelled that. */
  | { status: "signed_in"; user: Me; deletionCancelled: boolean }
  | { status: "verify_email"; email: string; resendAfterSeconds: number }
  /** The password was right; finish with `auth.secondFactor` (code) or a passkey, handing back the ticket. */
  | { status: "second_factor"; ticket: string; methods: SecondFactorMethod[] };

export interface SessionInfo {
  /** Opaque handle (a hash of the cookie token, never the token itself). */
  id: string;
  browser: string;
  /** Where it signed in from, coarsened on the server ("203.0.113.x", "2001:db8:85a3…"); null if unknown. */
  ip: string | null;
  /** First seen (the sign-in) and last seen, ms. */
  createdAt: number;
  lastActiveAt: number;
  current: boolean;
}
