import { describe, expect, test } from "bun:test";
import { registerInput } from "./auth.ts";
import { isCommonPassword } from "./common-passwords.ts";
import { describeUserAgent } from "./user-agent.ts";

describe("shared auth schemas", () => {
  test("emails and usernames are trimmed and lower-cased before they reach the server", () => {
    const parsed = registerInput.parse({
      email: "  Olena@Example.COM ",
      username: " Olena_K ",
      firstName: " Олена ",
      lastName: "Коваль",
      password: "violet-Stapler-42",
    });
    expect(parsed).toMatchObject({ email: "olena@example.com", username: "olena_k", firstName: "Олена" });
  });

  test("common and trivially guessable passwords are refused, ordinary ones pass", () => {
    for (const p of ["password123", "QWERTYUIOP", "12345678", "aaaaaaaaaa", "abcdefghij", "987654321"]) {
      expect(isCommonPassword(p)).toBeTrue();
    }
    for (const p of ["violet-Stapler-42", "correct horse battery", "Київ-весна-2026"]) {
      expect(isCommonPassword(p)).toBeFalse();
    }
  });

  test("user agents become short labels for the sessions page", () => {
    expect(describeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1")).toBe("Safari 18 · iOS");
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 Edg/130.0")).toBe("Edge 130 · Windows");
    expect(describeUserAgent(null)).toBe("Unknown");
  });
});
