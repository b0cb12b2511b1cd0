import { describe, expect, test } from "bun:test";
import { base32Decode, base32Encode, hotp, matchingTotpSteps, totpCode, totpStep } from "./totp.ts";

const SECRET_BYTES = new TextEncoder().encode("12345678901234567890");
const SECRET = base32Encode(SECRET_BYTES);

// RFC 6238 Appendix B, SHA-1 column (8-digit values).
const VECTORS: Array<[number, string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("totp", () => {
  test("base32 follows RFC 4648 without padding and round-trips", () => {
    expect(base32Encode(new TextEncoder().encode("foobar"))).toBe("MZXW6YTBOI");
    expect(base32Encode(new TextEncoder().encode("f"))).toBe("MY");
    expect(SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(Array.from(base32Decode(SECRET.toLowerCase()))).toEqual(Array.from(SECRET_BYTES));
    expect(new TextDecoder().decode(base32Decode("MZXW6YTBOI======"))).toBe("foobar");
  });

  test("the codes match the SHA-1 vectors of RFC 6238 Appendix B", () => {
    for (const [seconds, eight] of VECTORS) {
      expect(hotp(SECRET_BYTES, totpStep(seconds * 1000), 8)).toBe(eight);
      expect(totpCode(SECRET, seconds * 1000)).toBe(eight.slice(-6));
    }
  });

  test("a code is accepted one step early or late and not two", () => {
    const at = 1111111111 * 1000;
    const code = totpCode(SECRET, at);
    expect(matchingTotpSteps(SECRET, code, at)).toEqual([totpStep(at)]);
    expect(matchingTotpSteps(SECRET, code, at + 30_000)).toEqual([totpStep(at)]);
    expect(matchingTotpSteps(SECRET, code, at - 30_000)).toEqual([totpStep(at)]);
    expect(matchingTotpSteps(SECRET, code, at + 60_000)).toEqual([]);
    expect(matchingTotpSteps(SECRET, "12345", at)).toEqual([]);
  });
});
