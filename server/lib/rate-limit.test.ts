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

  test("a window that starts over counts afresh, and expired windows are dropped a few at each hit, oldest first", async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    const limit = { name: "t", max: 1, windowMs: 60_000 };
    for (let i = 0; i < 10; i++) expect(await limiter.hit(limit, `k${i}`)).toBe(0);
    expect(await limiter.hit(limit, "k5")).toBe(60_000);
    expect(limiter.openWindows()).toBe(10);
    now += 60_000;
    // k5 starts over: a new window, counted from 1, moved behind the others (it now closes last).
    // The same hit dropped the four oldest expired windows, k0…k3.
    expect(await limiter.hit(limit, "k5")).toBe(0);
    expect(limiter.openWindows()).toBe(6);
    expect(await limiter.hit(limit, "k5")).toBe(60_000);
    // Four more: k4, k6, k7, k8; then k9. k5's open window is never dropped.
    expect(limiter.openWindows()).toBe(2);
    await limiter.hit(limit, "k5");
    expect(limiter.openWindows()).toBe(1);
    now += 59_999;
    expect(await limiter.hit(limit, "k5")).toBe(1);
    expect(limiter.openWindows()).toBe(1);
    limiter.close();
  });

  test("limits of one name with different windows still count right and expire", async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter(() => now);
    expect(await limiter.hit({ name: "m", max: 1, windowMs: 10_000 }, "a")).toBe(0);
    expect(await limiter.hit({ name: "m", max: 1, windowMs: 1_000 }, "b")).toBe(0);
    expect(await limiter.hit({ name: "m", max: 1, windowMs: 1_000 }, "b")).toBe(1_000);
    now += 1_000;
    expect(await limiter.hit({ name: "m", max: 1, windowMs: 1_000 }, "b")).toBe(0);
    expect(await limiter.peek({ name: "m", max: 1, windowMs: 10_000 }, "a")).toBe(9_000);
    limiter.close();
  });
});
