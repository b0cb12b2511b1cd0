/**
 * A local push service for tests: Bun.serve on port 0 that records every POST, checks its VAPID
 * JWT (ES256 signature by the key in `k`, `aud` = this origin, `exp` within 24 h) and decrypts its
 * aes128gcm body (RFC 8291, RFC 8188) with the private key of the device it was sent to — devices
 * made here as a browser makes them: a P-256 key pair and a 16-byte auth secret.
 */
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { pushPayloadSchema, type PushPayload } from "../../shared/push.ts";

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const unb64u = (s: string) => Buffer.from(s, "base64url");

export interface ReceivedPush {
  path: string;
  headers: Record<string, string>;
  /** The VAPID key (`k`) the JWT was signed with; null when the header was missing or invalid. */
  vapidKey: string | null;
  /** Why the VAPID header failed, or null. */
  vapidError: string | null;
  payload: PushPayload;
}

export interface TestDevice {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** What reached this device (decrypted), oldest first. */
  received: ReceivedPush[];
  /** The status the service answers for this device (201; 410 = gone). */
  status: number;
}

function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const senderPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (record.length > rs) throw new Error("more than one record");
  const shared = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with 0x02, then zero padding: strip from the end.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return padded.subarray(0, end);
}

function checkVapid(header: string | null, origin: string): { key: string | null; error: string | null } {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header ?? "");
  if (!m) return { key: null, error: `bad Authorization header: ${header}` };
  const [, h, c, s, k] = m as unknown as [string, string, string, string, string];
  const pub = unb64u(k);
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33)) }, format: "jwk" });
  if (!verify("sha256", Buffer.from(`${h}.${c}`), { key, dsaEncoding: "ieee-p1363" }, unb64u(s))) return { key: null, error: "bad signature" };
  if (JSON.parse(unb64u(h).toString()).alg !== "ES256") return { key: null, error: "not ES256" };
  const claims = JSON.parse(unb64u(c).toString());
  const now = Date.now() / 1000;
  if (claims.aud !== origin) return { key: null, error: `aud ${claims.aud} is not ${origin}` };
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600 + 60)) return { key: null, error: `exp ${claims.exp} out of range` };
  if (!/^(mailto:|https:)/.test(claims.sub ?? "")) return { key: null, error: `sub ${claims.sub}` };
  return { key: k, error: null };
}

export async function startPushEndpoint() {
  const devices = new Map<string, { device: TestDevice; ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  /** Requests for no known device, or that failed to decrypt. */
  const errors: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const entry = devices.get(url.pathname);
      if (req.method !== "POST" || !entry) {
        errors.push(`${req.method} ${url.pathname}: no such device`);
        return new Response(null, { status: 404 });
      }
      try {
        const body = Buffer.from(await req.arrayBuffer());
        if (req.headers.get("content-encoding") !== "aes128gcm") throw new Error(`content-encoding ${req.headers.get("content-encoding")}`);
        const vapid = checkVapid(req.headers.get("authorization"), url.origin);
        const payload = pushPayloadSchema.parse(JSON.parse(decrypt(body, entry.ecdh, entry.auth).toString()));
        entry.device.received.push({ path: url.pathname, headers: Object.fromEntries(req.headers), vapidKey: vapid.key, vapidError: vapid.error, payload });
      } catch (error) {
        errors.push(`${url.pathname}: ${(error as Error).message}`);
        return new Response(null, { status: 400 });
      }
      return new Response(null, { status: entry.device.status });
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    origin,
    errors,
    /** A new device, as pushManager.subscribe would make one. */
    device(): TestDevice {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${crypto.randomUUID()}`;
      const device: TestDevice = { endpoint: `${origin}${path}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) }, received: [], status: 201 };
      devices.set(path, { device, ecdh, auth });
      return device;
    },
    stop: () => server.stop(true),
  };
}
export type PushEndpoint = Awaited<ReturnType<typeof startPushEndpoint>>;
