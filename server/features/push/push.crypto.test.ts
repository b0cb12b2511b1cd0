import { describe, expect, test } from "bun:test";
import { createECDH, createPublicKey, verify } from "node:crypto";
import { b64u, encryptPayload, generateVapidKeys, vapidAuthorization } from "./push.crypto.ts";

/** RFC 8291 Appendix A, copied verbatim from the RFC. */
const RFC8291 = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  authSecret: "BTBZMqHH6r4Tts7J_aSIgg",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  body:
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

describe("web push cryptography", () => {
  test("the RFC 8291 Appendix A example encrypts to the RFC's body, byte for byte", () => {
    const body = encryptPayload(
      Buffer.from(RFC8291.plaintext),
      { p256dh: b64u.decode(RFC8291.uaPublic), auth: b64u.decode(RFC8291.authSecret) },
      { senderPrivateKey: b64u.decode(RFC8291.asPrivate), salt: b64u.decode(RFC8291.salt) },
    );
    expect(b64u.encode(body)).toBe(RFC8291.body);
    // The header names the sender's public key of the example.
    expect(b64u.encode(body.subarray(21, 86))).toBe(RFC8291.asPublic);
  });

  test("without fixed values every message gets a fresh salt and sender key", () => {
    const ua = createECDH("prime256v1");
    ua.generateKeys();
    const sub = { p256dh: ua.getPublicKey(), auth: new Uint8Array(16).fill(7) };
    const a = encryptPayload(Buffer.from("hi"), sub);
    const b = encryptPayload(Buffer.from("hi"), sub);
    expect(a.subarray(0, 16).equals(b.subarray(0, 16))).toBe(false);
    expect(a.subarray(21, 86).equals(b.subarray(21, 86))).toBe(false);
  });

  test("the VAPID header carries an ES256 JWT for the endpoint's origin, at most 24 hours long, that the public key verifies", () => {
    const keys = generateVapidKeys();
    const now = Date.UTC(2026, 11, 7, 12);
    const header = vapidAuthorization(keys, "https://push.example.test:8443/send/abc?x=1", "mailto:ops@world-it.test", now);
    const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header)!;
    expect(m).not.toBeNull();
    expect(m[4]).toBe(keys.publicKey);
    expect(JSON.parse(b64u.decode(m[1]!).toString())).toEqual({ typ: "JWT", alg: "ES256" });
    const claims = JSON.parse(b64u.decode(m[2]!).toString());
    expect(claims.aud).toBe("https://push.example.test:8443");
    expect(claims.sub).toBe("mailto:ops@world-it.test");
    expect(claims.exp).toBeGreaterThan(now / 1000);
    expect(claims.exp).toBeLessThanOrEqual(now / 1000 + 24 * 3600);
    const pub = b64u.decode(keys.publicKey);
    const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64u.encode(pub.subarray(1, 33)), y: b64u.encode(pub.subarray(33)) }, format: "jwk" });
    const signature = b64u.decode(m[3]!);
    expect(signature.length).toBe(64);
    expect(verify("sha256", Buffer.from(`${m[1]}.${m[2]}`), { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
    expect(verify("sha256", Buffer.from(`${m[1]}.${m[2]}x`), { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(false);
  });
});
