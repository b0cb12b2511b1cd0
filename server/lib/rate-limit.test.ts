import { describe, expect, test } from "bun:test";
import { createMemoryRateLimiter } from "./rate-limit.ts";

describe("rate limits", () => {
  test("a window starts at the first hit and says how long to wait once it is full", async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    const limit = { name: "t", max: 2, windowMs: 60_000 };
    expect(await limiter.hit(limit, "k")).toBe(0);
    now += 10_000;
    expect(await limiter.hit(limit, "k")).toBe(0);
    expect(await limiter.hit(limit, "k")).toBe(50_000);
    expect(await limiter.hit(limit, "other")).toBe(0);
    now += 50_000;
    expect(await limiter.hit(limit, "k")).toBe(0);
    limiter.close();
  });
});
