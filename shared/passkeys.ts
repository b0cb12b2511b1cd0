/**
 * Passkeys (#17, WebAuthn): the inputs of passkeys.* and what the server answers. The browser's
 * ceremony results (from @simplewebauthn/browser) are checked here for shape and size before the
 * server's WebAuthn library reads them: ids and binary fields are base64url with bounded lengths.
 */
import { z } from "zod";
import { existingPasswordSchema } from "./auth.ts";
import { oneLine } from "./text.ts";
import { ticketSchema } from "./security.ts";

export const PASSKEY_LIMITS = {
  nameMax: 60,
  /** Passkeys one person may have. */
  perPerson: 20,
  /** A ceremony (its challenge) must finish within this many minutes. */
  challengeTtlMinutes: 5,
} as const;

/** base64url of at most `max` characters (no padding). */
const b64url = (max: number, min = 1) =>
  z
    .string({ error: "passkeys.malformed" })
    .min(min, { error: "passkeys.malformed" })
    .max(max, { error: "passkeys.malformed" })
    .regex(/^[A-Za-z0-9_-]+$/, { error: "passkeys.malformed" });

/** A credential id: 16..1023 bytes by the spec; base64url of up to 1023 bytes is 1364 characters. */
export const credentialIdSchema = b64url(1400, 16);
/** A ceremony's handle: the webauthn_challenges row. */
export const challengeIdSchema = z.string({ error: "passkeys.challengeInvalid" }).regex(/^[a-f0-9]{24}$/, { error: "passkeys.challengeInvalid" });

export const passkeyNameSchema = z
  .string({ error: "validation.required" })
  .overwrite(oneLine)
  .trim()
  .min(1, { error: "validation.required" })
  .max(PASSKEY_LIMITS.nameMax, { error: "passkeys.nameTooLong" });

const clientExtensionResults = z
  .object({ credProps: z.object({ rk: z.boolean().optional() }).optional() })
  .catch({})
  .default({});

/** What both ceremonies' credentials carry besides their `response`. */
const publicKeyCredential = z.object({
  id: credentialIdSchema,
  rawId: credentialIdSchema,
  type: z.literal("public-key", { error: "passkeys.malformed" }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults,
});

/** What navigator.credentials.create() gave, as @simplewebauthn/browser's startRegistration returns it. */
export const registrationResponseSchema = publicKeyCredential.extend({
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16_384),
    authenticatorData: b64url(8192).optional(),
    /** Unknown transports are dropped by the server. */
    transports: z.array(z.string().max(32)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4096).optional(),
  }),
});

/** What navigator.credentials.get() gave, as startAuthentication returns it. */
export const authenticationResponseSchema = publicKeyCredential.extend({
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(8192),
    signature: b64url(1024),
    userHandle: b64url(256).optional(),
  }),
});

export const passkeyIdInput = z.object({ id: credentialIdSchema });
export const registerOptionsInput = z.object({ password: existingPasswordSchema });
export const registerPasskeyInput = z.object({
  challengeId: challengeIdSchema,
  name: passkeyNameSchema,
  response: registrationResponseSchema,
});
export const renamePasskeyInput = z.object({ id: credentialIdSchema, name: passkeyNameSchema });
export const signInOptionsInput = z.object({ ticket: ticketSchema.optional() }).default({});
export const passkeySignInInput = z.object({
  challengeId: challengeIdSchema,
  response: authenticationResponseSchema,
  ticket: ticketSchema.optional(),
});

export interface Passkey {
  /** The credential id (base64url). */
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** Synced to the person's other devices (a cloud keychain) rather than bound to one. */
  backedUp: boolean;
}

/**
 * A ceremony to run in the browser: `options` is PublicKeyCredentialCreationOptionsJSON
 * (registerOptions) or PublicKeyCredentialRequestOptionsJSON (signInOptions), handed to
 * @simplewebauthn/browser as is; `challengeId` goes back with the result.
 */
export interface PasskeyCeremony<Options> {
  challengeId: string;
  options: Options;
}
