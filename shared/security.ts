/**
 * Two-factor sign-in (#17): the ticket a right password earns on an account with a second factor,
 * TOTP codes and recovery codes. Passkeys: shared/passkeys.ts.
 */
import { z } from "zod";
import { codeSchema, existingPasswordSchema } from "./auth.ts";

export const SECURITY_LIMITS = {
  /** A ticket finishes a sign-in within this many minutes... */
  ticketTtlMinutes: 10,
  /** ...and after this many wrong codes it is spent (the password must be entered again). */
  ticketAttempts: 5,
  totpPeriodSeconds: 30,
  totpDigits: 6,
  /** Codes of the step before and after the current one are accepted (clock drift). */
  totpDriftSteps: 1,
  recoveryCodeCount: 10,
} as const;

/** The opaque second-factor ticket (base64url). */
export const ticketSchema = z.string({ error: "validation.required" }).regex(/^[A-Za-z0-9_-]{32,64}$/, { error: "auth.ticketInvalid" });

/** A recovery code: ten characters of a-z2-7 shown as "abcde-fghij"; case, spaces and the dash are ignored. */
export const recoveryCodeSchema = z
  .string({ error: "validation.required" })
  .transform((s) => s.toLowerCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[a-z2-7]{10}$/, { error: "validation.secondFactorCode" }));

/** A second-factor code: six digits from the app, or a recovery code. */
export const secondFactorCodeSchema = z
  .string({ error: "validation.required" })
  .trim()
  .max(32, { error: "validation.secondFactorCode" })
  .refine((s) => /^\d{6}$/.test(s.replace(/\s/g, "")) || /^[a-z2-7]{10}$/i.test(s.replace(/[\s-]/g, "")), {
    error: "validation.secondFactorCode",
  });

export const secondFactorInput = z.object({ ticket: ticketSchema, code: secondFactorCodeSchema });

export const totpBeginInput = z.object({ password: existingPasswordSchema });
export const totpEnableInput = z.object({ code: codeSchema });
/** Turning two-factor off (or making new recovery codes) needs the password and a current code. */
export const totpConfirmInput = z.object({ password: existingPasswordSchema, code: secondFactorCodeSchema });

export interface TotpSetup {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** otpauth://totp/… — what the QR code holds. */
  uri: string;
}

export interface SecurityStatus {
  totpEnabled: boolean;
  /** Recovery codes not used yet (0 when two-factor is off). */
  recoveryCodesLeft: number;
}
