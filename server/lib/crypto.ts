import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");

/** URL-safe random token; 32 bytes = 256 bits. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

/** Uniform 6-digit code, leading zeros kept. */
export const randomCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");

/** Random row id: 24 hex characters (96 bits). */
export const randomId = () => randomBytes(12).toString("hex");

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
