/**
 * TOTP maths (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 30-second steps, 6 digits) and base32
 * (RFC 4648, no padding). Pure functions: the database side is in totp-check.ts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { SECURITY_LIMITS } from "../../../shared/security.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and padding; throws on other characters. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=]/g, "");
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error("base32: invalid character");
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

/** RFC 4226 HOTP of a counter, as a zero-padded string of `digits` digits. */
export function hotp(key: Uint8Array, counter: number, digits: number = SECURITY_LIMITS.totpDigits): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin =
    ((mac[offset]! & 0x7f) << 24) | ((mac[offset + 1]! & 0xff) << 16) | ((mac[offset + 2]! & 0xff) << 8) | (mac[offset + 3]! & 0xff);
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** The 30-second step a moment (ms since the epoch) falls into. */
export function totpStep(ms: number): number {
  return Math.floor(ms / 1000 / SECURITY_LIMITS.totpPeriodSeconds);
}

/** The TOTP code of a base32 secret at a moment (ms). */
export function totpCode(secret: string, ms: number, digits: number = SECURITY_LIMITS.totpDigits): string {
  return hotp(base32Decode(secret), totpStep(ms), digits);
}

/**
 * The steps within the allowed drift around `ms` whose code equals `code`, latest first.
 * Compared in constant time.
 */
export function matchingTotpSteps(secret: string, code: string, ms: number): number[] {
  const key = base32Decode(secret);
  const given = Buffer.from(code);
  const now = totpStep(ms);
  const steps: number[] = [];
  for (let step = now + SECURITY_LIMITS.totpDriftSteps; step >= now - SECURITY_LIMITS.totpDriftSteps; step--) {
    const expected = Buffer.from(hotp(key, step));
    if (expected.length === given.length && timingSafeEqual(expected, given)) steps.push(step);
  }
  return steps;
}
