/**
 * The cryptography of web push, on node:crypto only:
 * - VAPID (RFC 8292): the application server's P-256 key pair and an ES256 JWT per push service origin;
 * - message encryption (RFC 8291) in one aes128gcm record (RFC 8188).
 */
import { createECDH, createPrivateKey, createCipheriv, hkdfSync, randomBytes, sign, type KeyObject } from "node:crypto";

export const b64u = {
  encode: (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url"),
  decode: (text: string): Buffer => Buffer.from(text, "base64url"),
};

/** The application server's VAPID keys: `publicKey` is what browsers get (applicationServerKey). */
export interface VapidKeys {
  /** Uncompressed P-256 point, base64url (65 bytes). */
  publicKey: string;
  /** The private scalar, base64url (32 bytes). */
  privateKey: string;
}

export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { publicKey: b64u.encode(ecdh.getPublicKey()), privateKey: b64u.encode(ecdh.getPrivateKey()) };
}

function signingKey(keys: VapidKeys): KeyObject {
  const pub = b64u.decode(keys.publicKey);
  return createPrivateKey({
    key: { kty: "EC", crv: "P-256", d: keys.privateKey, x: b64u.encode(pub.subarray(1, 33)), y: b64u.encode(pub.subarray(33, 65)) },
    format: "jwk",
  });
}

/** The largest `exp` RFC 8292 allows is 24 h ahead; we sign for 12 h. */
export const VAPID_TTL_SECONDS = 12 * 3600;

/**
 * The `Authorization` header for a push to `endpoint`: `vapid t=<JWT>, k=<public key>`, the JWT
 * (ES256) for the endpoint's origin, valid VAPID_TTL_SECONDS from `nowMs`, naming `subject`
 * (a mailto: or https: URL the push service can reach us at).
 */
export function vapidAuthorization(keys: VapidKeys, endpoint: string, subject: string, nowMs: number): string {
  const header = b64u.encode(Buffer.from(JSON.stringify({ typ: "JWT", alg: "ES256" })));
  const claims = { aud: new URL(endpoint).origin, exp: Math.floor(nowMs / 1000) + VAPID_TTL_SECONDS, sub: subject };
  const input = `${header}.${b64u.encode(Buffer.from(JSON.stringify(claims)))}`;
  const signature = sign("sha256", Buffer.from(input), { key: signingKey(keys), dsaEncoding: "ieee-p1363" });
  return `vapid t=${input}.${b64u.encode(signature)}, k=${keys.publicKey}`;
}

/** The record size written in the aes128gcm header; one record holds the whole (small) message. */
const RECORD_SIZE = 4096;

/**
 * RFC 8291: encrypts `plaintext` for a subscription (its `p256dh` public key and `auth` secret)
 * into an aes128gcm body (RFC 8188 header: salt, record size, the sender's ephemeral public key;
 * then one record: plaintext, the 0x02 last-record delimiter, the GCM tag). `sender` and `salt`
 * are fresh random ones unless given (the RFC's test vector gives them).
 */
export function encryptPayload(
  plaintext: Uint8Array,
  subscription: { p256dh: Uint8Array; auth: Uint8Array },
  fixed: { senderPrivateKey?: Uint8Array; salt?: Uint8Array } = {},
): Buffer {
  if (plaintext.length + 1 + 16 > RECORD_SIZE - 86) throw new Error("push payload too large for one record");
  const ecdh = createECDH("prime256v1");
  if (fixed.senderPrivateKey) ecdh.setPrivateKey(fixed.senderPrivateKey);
  else ecdh.generateKeys();
  const senderPublic = ecdh.getPublicKey();
  const salt = fixed.salt ?? randomBytes(16);
  if (salt.length !== 16) throw new Error("push salt must be 16 bytes");
  const shared = ecdh.computeSecret(subscription.p256dh);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), subscription.p256dh, senderPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, subscription.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const cipher = createCipheriv("aes-128-gcm", cek, nonce);
  const body = Buffer.concat([cipher.update(plaintext), cipher.update(Buffer.from([2])), cipher.final(), cipher.getAuthTag()]);
  const header = Buffer.alloc(21);
  Buffer.from(salt).copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header.writeUInt8(senderPublic.length, 20);
  return Buffer.concat([header, senderPublic, body]);
}
