/**
 * A software WebAuthn authenticator for the integration tests (test-only; the server never
 * imports it): it answers the options passkeys.registerOptions / passkeys.signInOptions return
 * the way a browser with a platform authenticator would, so the tests register and sign in
 * through real HTTP and the server's real WebAuthn checks.
 *
 * Keys: ECDSA P-256 (COSE alg -7, "ES256") from WebCrypto. Registration answers with "none"
 * attestation. Each credential is discoverable (kept with its user handle) and counts its uses.
 *
 * Byte layouts (WebAuthn Level 2, §6.1 and §6.5):
 *   authenticatorData = sha256(rpId) [32] | flags [1] | signCount [4, big-endian]
 *                       | (registration only) aaguid [16] | credIdLength [2] | credId | COSE key
 *   attestationObject = CBOR { "fmt": "none", "attStmt": {}, "authData": bytes }
 *   signature         = ECDSA-SHA256(authenticatorData | sha256(clientDataJSON)), DER-encoded
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const fromB64url = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const sha256 = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Flags of authenticatorData: user present, user verified, attested credential data included. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

// ---- A minimal CBOR encoder (RFC 8949): just the types attestation objects and COSE keys use.
type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor>;

/** A major type with its argument (the length, or the value of an unsigned integer). */
function head(major: number, n: number): Uint8Array {
  const m = major << 5;
  if (n < 24) return new Uint8Array([m | n]);
  if (n < 0x100) return new Uint8Array([m | 24, n]);
  if (n < 0x10000) return new Uint8Array([m | 25, n >> 8, n & 255]);
  return new Uint8Array([m | 26, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
}

export function cbor(value: Cbor): Uint8Array {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const bytes = utf8(value);
    return concat(head(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(head(2, value.length), value);
  if (Array.isArray(value)) return concat(head(4, value.length), ...value.map(cbor));
  const parts = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return concat(...parts);
}

/** WebCrypto signs ECDSA as r|s (32 bytes each); WebAuthn wants the ASN.1 DER SEQUENCE of two INTEGERs. */
function derSignature(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const body = b[i]! & 0x80 ? concat(new Uint8Array([0]), b.slice(i)) : b.slice(i);
    return concat(new Uint8Array([0x02, body.length]), body);
  };
  const seq = concat(int(raw.slice(0, 32)), int(raw.slice(32)));
  return concat(new Uint8Array([0x30, seq.length]), seq);
}

interface Credential {
  id: Uint8Array;
  rpId: string;
  userHandle: Uint8Array;
  privateKey: CryptoKey;
  counter: number;
}

/** A platform credential's JSON as the browser hands it over, around a ceremony's `response`. */
function credentialJson<R>(credential: Credential, response: R) {
  const id = b64url(credential.id);
  return {
    id,
    rawId: id,
    type: "public-key" as const,
    clientExtensionResults: {},
    authenticatorAttachment: "platform" as const,
    response,
  };
}

export interface CeremonyOverrides {
  /** The page's origin the browser would write into clientDataJSON (default: the authenticator's). */
  origin?: string;
  /** Whether the person was verified (PIN, biometrics); default true. */
  userVerified?: boolean;
  /** Sign with this credential even if the options did not ask for it. */
  credentialId?: string;
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  /** `origin`: the web app's origin (http://localhost:<port>: WebAuthn needs a host name, not an IP). */
  constructor(readonly origin: string) {}

  private clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string) {
    return utf8(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): a new discoverable ES256 credential for the options' RP and user. */
  async create(options: PublicKeyCredentialCreationOptionsJSON, o: CeremonyOverrides = {}): Promise<RegistrationResponseJSON> {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (this.credentials.some((c) => c.rpId === rpId && excluded.has(b64url(c.id)))) {
      throw new DOMException("this authenticator already holds a passkey of that account", "InvalidStateError");
    }
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const jwk = await crypto.subtle.exportKey("jwk", keys.publicKey);
    // COSE_Key (RFC 9053): kty 2 (EC2), alg -7 (ES256), crv 1 (P-256), x, y.
    const coseKey = cbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, fromB64url(jwk.x!)],
        [-3, fromB64url(jwk.y!)],
      ]),
    );
    const credential: Credential = {
      id: crypto.getRandomValues(new Uint8Array(32)),
      rpId,
      userHandle: fromB64url(options.user.id),
      privateKey: keys.privateKey,
      counter: 0,
    };
    const idLength = new Uint8Array([credential.id.length >> 8, credential.id.length & 255]);
    const authData = concat(
      await sha256(utf8(rpId)),
      new Uint8Array([UP | AT | (o.userVerified === false ? 0 : UV)]),
      new Uint8Array(4), // signCount 0
      new Uint8Array(16), // aaguid: all zeros ("none" attestation)
      idLength,
      credential.id,
      coseKey,
    );
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    this.credentials.push(credential);
    return credentialJson(credential, {
      clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge, o.origin ?? this.origin)),
      attestationObject: b64url(attestationObject),
      transports: ["internal" as const],
    });
  }

  /**
   * navigator.credentials.get(): signs the challenge with a credential the options allow (with
   * an empty allow list, any discoverable one of the RP: the newest, or `credentialId`).
   */
  async get(options: PublicKeyCredentialRequestOptionsJSON, o: CeremonyOverrides = {}): Promise<AuthenticationResponseJSON> {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const candidates = this.credentials.filter(
      (c) => (o.credentialId ? b64url(c.id) === o.credentialId : c.rpId === rpId && (allowed.size === 0 || allowed.has(b64url(c.id)))),
    );
    const credential = candidates.at(-1);
    if (!credential) throw new DOMException("no passkey for this site here", "NotAllowedError");
    credential.counter += 1;
    const c = credential.counter;
    const authData = concat(
      await sha256(utf8(rpId)),
      new Uint8Array([UP | (o.userVerified === false ? 0 : UV)]),
      new Uint8Array([(c >>> 24) & 255, (c >> 16) & 255, (c >> 8) & 255, c & 255]),
    );
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, o.origin ?? this.origin);
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, credential.privateKey, signed));
    return credentialJson(credential, {
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authData),
      signature: b64url(derSignature(raw)),
      userHandle: b64url(credential.userHandle),
    });
  }
}
