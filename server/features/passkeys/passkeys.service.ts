/**
 * Passkeys (#17): WebAuthn credentials a person adds in settings and signs in with — without a
 * password (a discoverable credential, the browser offers the account) or as the second factor
 * after a password (with the sign-in ticket). @simplewebauthn/server does the WebAuthn checks
 * (CBOR, COSE, signatures, origin, RP ID, challenge, counter); this file keeps the ceremonies'
 * challenges in webauthn_challenges (any instance may finish a ceremony another began; each is
 * used once and lives PASSKEY_LIMITS.challengeTtlMinutes) and the credentials in passkeys.
 *
 * RP ID: PUBLIC_URL's host name (WebAuthn refuses IP addresses); expected origins: the app's
 * allowed origins (PUBLIC_URL and ALLOWED_ORIGINS).
 */
import type {
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import type { Selectable } from "kysely";
import type { SignInResult } from "../../../shared/auth.ts";
import { PASSKEY_LIMITS, type Passkey, type PasskeyCeremony } from "../../../shared/passkeys.ts";
import type { z } from "zod";
import type { authenticationResponseSchema, registrationResponseSchema } from "../../../shared/passkeys.ts";
import type { PasskeysTable } from "../../db/schema.ts";
import { toMs } from "../../db/schema.ts";
import { randomId } from "../../lib/crypto.ts";
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from "../../lib/errors.ts";
import { enforce, type Limit } from "../../lib/rate-limit.ts";
import { mailSender, type AccountDeps } from "../auth/account-deps.ts";
import { reauthenticate } from "../auth/reauth.ts";
import type { Authenticated, RequestMeta } from "../auth/auth.service.ts";
import { passkeyAddedMail } from "../auth/security.mails.ts";

const MIN = 60_000;
/**
 * The WebAuthn library, loaded on the first ceremony: it (CBOR, ASN.1, COSE) is the heaviest
 * module the server has, and a start-up that evaluates it for nobody costs every start
 * (issue 12: the compiled binary's time to /healthz).
 */
let webauthnLib: Promise<typeof import("@simplewebauthn/server")> | undefined;
const webauthn = () => (webauthnLib ??= import("@simplewebauthn/server"));
const RP_NAME = "World IT";
/** The same bucket as settings' re-authentication (settings.service.ts): one budget of password guesses per person. */
/** Passkey sign-in ceremonies (options and answers) from one address. */
const signInIpLimit: Limit = { name: "passkey-signin:ip", max: 60, windowMs: 15 * MIN };
const TRANSPORTS = new Set<string>(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

type RegistrationResponse = z.output<typeof registrationResponseSchema>;
type AuthenticationResponse = z.output<typeof authenticationResponseSchema>;
type Purpose = "register" | "authenticate";

const toPasskey = (r: Selectable<PasskeysTable>): Passkey => ({
  id: r.id,
  name: r.name,
  createdAt: toMs(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : toMs(r.last_used_at),
  backedUp: r.backed_up === 1,
});

const transportsOf = (json: string): AuthenticatorTransportFuture[] => {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? (list.filter((t) => typeof t === "string" && TRANSPORTS.has(t)) as AuthenticatorTransportFuture[]) : [];
  } catch {
    return [];
  }
};

export function createPasskeysService(d: AccountDeps) {
  const db = d.db.db;
  const { clock, limiter, hasher } = d;
  const rpID = new URL(d.env.PUBLIC_URL).hostname;
  const expectedOrigin = [...d.env.allowedOrigins];
  const sendMail = mailSender(d);

  /** Stores a ceremony's challenge; expired ones of anyone go on the way (the table stays small). */
  async function saveChallenge(purpose: Purpose, userId: string | null, challenge: string): Promise<string> {
    const now = clock();
    await db.deleteFrom("webauthn_challenges").where("expires_at", "<=", now).execute();
    const id = randomId();
    await db
      .insertInto("webauthn_challenges")
      .values({ id, user_id: userId, purpose, challenge, expires_at: now + PASSKEY_LIMITS.challengeTtlMinutes * MIN })
      .execute();
    return id;
  }

  /** Takes (deletes) a live challenge of this purpose: a ceremony finishes once, whatever its outcome. */
  async function takeChallenge(id: string, purpose: Purpose) {
    const row = await db
      .deleteFrom("webauthn_challenges")
      .where("id", "=", id)
      .where("purpose", "=", purpose)
      .returning(["user_id", "challenge", "expires_at"])
      .executeTakeFirst();
    if (!row || toMs(row.expires_at) <= clock()) return null;
    return row;
  }

  const ownPasskeys = (userId: string) =>
    db.selectFrom("passkeys").selectAll().where("user_id", "=", userId).orderBy("created_at", "asc").orderBy("id", "asc").execute();

  async function countOf(userId: string): Promise<number> {
    const row = await db.selectFrom("passkeys").select((eb) => eb.fn.countAll<number | string>().as("n")).where("user_id", "=", userId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async function findUser(userId: string) {
    const user = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
    if (!user) throw new UnauthorizedError();
    return user;
  }

  return {
    /** Nothing runs in the background: expired challenges are swept when new ones are stored. */
    start() {},
    async stop() {},

    async list(auth: Authenticated): Promise<Passkey[]> {
      return (await ownPasskeys(auth.user.id)).map(toPasskey);
    },

    /** The first half of adding a passkey: the password again (rate-limited per person), then the browser's options. */
    async registerOptions(auth: Authenticated, input: { password: string }): Promise<PasskeyCeremony<PublicKeyCredentialCreationOptionsJSON>> {
      const user = await reauthenticate({ db, limiter, hasher }, auth.user.id, input.password);
      const existing = await ownPasskeys(user.id);
      if (existing.length >= PASSKEY_LIMITS.perPerson) throw new ConflictError("passkeys.tooMany", { max: PASSKEY_LIMITS.perPerson });
      const options = await (await webauthn()).generateRegistrationOptions({
        rpName: RP_NAME,
        rpID,
        // Stable per person (the authenticator replaces its own older passkey of the same account).
        userID: new TextEncoder().encode(user.id),
        userName: user.email,
        userDisplayName: `${user.first_name} ${user.last_name}`.trim() || `@${user.username}`,
        timeout: PASSKEY_LIMITS.challengeTtlMinutes * MIN,
        attestationType: "none",
        excludeCredentials: existing.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
        authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "preferred" },
      });
      return { challengeId: await saveChallenge("register", user.id, options.challenge), options };
    },

    /** The second half: the browser's answer checked against the stored challenge, the passkey kept, the owner told by mail. */
    async register(auth: Authenticated, input: { challengeId: string; name: string; response: RegistrationResponse }): Promise<Passkey> {
      const challenge = await takeChallenge(input.challengeId, "register");
      if (!challenge || challenge.user_id !== auth.user.id) throw new BadRequestError("passkeys.challengeInvalid");
      const transports = (input.response.response.transports ?? []).filter((t): t is AuthenticatorTransportFuture => TRANSPORTS.has(t));
      let verification;
      try {
        verification = await (await webauthn()).verifyRegistrationResponse({
          response: { ...input.response, response: { ...input.response.response, transports } },
          expectedChallenge: challenge.challenge,
          expectedOrigin,
          expectedRPID: rpID,
          requireUserVerification: false,
        });
      } catch (error) {
        d.log.debug("passkey registration refused", { error: String(error) });
        throw new BadRequestError("passkeys.verificationFailed");
      }
      if (!verification.verified) throw new BadRequestError("passkeys.verificationFailed");
      const info = verification.registrationInfo;
      if ((await countOf(auth.user.id)) >= PASSKEY_LIMITS.perPerson) throw new ConflictError("passkeys.tooMany", { max: PASSKEY_LIMITS.perPerson });
      const row = {
        id: info.credential.id,
        user_id: auth.user.id,
        name: input.name,
        public_key: Buffer.from(info.credential.publicKey).toString("base64url"),
        counter: info.credential.counter,
        transports: JSON.stringify(transports),
        backed_up: info.credentialBackedUp ? 1 : 0,
        created_at: clock(),
        last_used_at: null,
      };
      const inserted = await db.insertInto("passkeys").values(row).onConflict((oc) => oc.column("id").doNothing()).returning("id").executeTakeFirst();
      if (!inserted) throw new ConflictError("passkeys.alreadyAdded");
      const user = await findUser(auth.user.id);
      await sendMail(passkeyAddedMail(user.email, d.publicUrl, input.name));
      return toPasskey(row);
    },

    async rename(auth: Authenticated, input: { id: string; name: string }): Promise<Passkey> {
      const row = await db
        .updateTable("passkeys")
        .set({ name: input.name })
        .where("id", "=", input.id)
        .where("user_id", "=", auth.user.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError("passkeys.notFound");
      return toPasskey(row);
    },

    async remove(auth: Authenticated, input: { id: string }): Promise<void> {
      const res = await db.deleteFrom("passkeys").where("id", "=", input.id).where("user_id", "=", auth.user.id).executeTakeFirst();
      if (Number(res.numDeletedRows) !== 1) throw new NotFoundError("passkeys.notFound");
    },

    /**
     * A sign-in ceremony. Without a ticket: passwordless, the browser offers any passkey it holds
     * for this site (discoverable credentials, no allowCredentials). With a ticket (the password
     * was right, a second factor is due): the ticket's person's passkeys only.
     */
    async signInOptions(input: { ticket?: string }, meta: RequestMeta): Promise<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>> {
      await enforce(limiter, signInIpLimit, meta.ip);
      const userId = input.ticket ? await d.auth.tickets.peek(input.ticket) : null;
      const allowCredentials = userId
        ? (await ownPasskeys(userId)).map((p) => ({ id: p.id, transports: transportsOf(p.transports) }))
        : undefined;
      if (allowCredentials && allowCredentials.length === 0) throw new BadRequestError("passkeys.noneForAccount");
      const options = await (await webauthn()).generateAuthenticationOptions({
        rpID,
        allowCredentials,
        userVerification: "preferred",
        timeout: PASSKEY_LIMITS.challengeTtlMinutes * MIN,
      });
      return { challengeId: await saveChallenge("authenticate", userId, options.challenge), options };
    },

    /**
     * Finishes a passkey sign-in the way every sign-in ends (auth.completeSignIn). Passwordless,
     * the authenticator must have verified the person (PIN, biometrics): the passkey then stands
     * for both factors. As a second factor, the passkey must be the ticket's person's, and the
     * ticket is spent.
     */
    async signIn(
      input: { challengeId: string; response: AuthenticationResponse; ticket?: string },
      meta: RequestMeta,
    ): Promise<{ result: Extract<SignInResult, { status: "signed_in" }>; cookies: string[] }> {
      await enforce(limiter, signInIpLimit, meta.ip);
      // A wrong passkey for a ticket costs one of its attempts, like a wrong code.
      const ticketUser = input.ticket ? await d.auth.tickets.attempt(input.ticket) : null;
      const challenge = await takeChallenge(input.challengeId, "authenticate");
      if (!challenge || challenge.user_id !== ticketUser) throw new UnauthorizedError("passkeys.challengeInvalid");
      const passkey = await db.selectFrom("passkeys").selectAll().where("id", "=", input.response.id).executeTakeFirst();
      if (!passkey) throw new UnauthorizedError("passkeys.unknown");
      if (ticketUser !== null && passkey.user_id !== ticketUser) throw new UnauthorizedError("passkeys.notYours");
      let verification;
      try {
        verification = await (await webauthn()).verifyAuthenticationResponse({
          response: input.response,
          expectedChallenge: challenge.challenge,
          expectedOrigin,
          expectedRPID: rpID,
          credential: {
            id: passkey.id,
            publicKey: new Uint8Array(Buffer.from(passkey.public_key, "base64url")),
            counter: Number(toMs(passkey.counter)),
            transports: transportsOf(passkey.transports),
          },
          requireUserVerification: ticketUser === null,
        });
      } catch (error) {
        d.log.debug("passkey sign-in refused", { error: String(error) });
        throw new UnauthorizedError("passkeys.verificationFailed");
      }
      if (!verification.verified) throw new UnauthorizedError("passkeys.verificationFailed");
      const info = verification.authenticationInfo;
      // The counter moves forward only (a cloned authenticator would repeat or lag it); a
      // concurrent sign-in with the same assertion loses here.
      const updated = await db
        .updateTable("passkeys")
        .set({ counter: info.newCounter, last_used_at: clock(), backed_up: info.credentialBackedUp ? 1 : 0 })
        .where("id", "=", passkey.id)
        .where("counter", "=", passkey.counter)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new UnauthorizedError("passkeys.verificationFailed");
      if (input.ticket && !(await d.auth.tickets.consume(input.ticket))) throw new UnauthorizedError("auth.ticketInvalid");
      return d.auth.completeSignIn(await findUser(passkey.user_id), meta);
    },
  };
}

export type PasskeysService = ReturnType<typeof createPasskeysService>;
