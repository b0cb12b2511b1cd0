import { describe, expect, test } from "bun:test";
import { coarseIp } from "./coarse-ip.ts";

describe("coarseIp", () => {
  test("an IPv4 address keeps its first three octets", () => {
    expect(coarseIp("203.0.113.57")).toBe("203.0.113.x");
    expect(coarseIp("127.0.0.1")).toBe("127.0.0.x");
  });

  test("an IPv6 address keeps its first three groups, however it is written", () => {
    expect(coarseIp("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).toBe("2001:db8:85a3…");
    expect(coarseIp("2001:db8::8a2e:370:7334")).toBe("2001:db8:0…");
    expect(coarseIp("[2001:DB8:1:2::1]")).toBe("2001:db8:1…");
    expect(coarseIp("fe80::1%eth0")).toBe("fe80:0:0…");
    expect(coarseIp("::1")).toBe("0:0:0…");
  });

  test("an IPv4 client seen through an IPv6 socket reads as IPv4", () => {
    expect(coarseIp("::ffff:198.51.100.23")).toBe("198.51.100.x");
    expect(coarseIp("::ffff:c633:6417")).toBe("198.51.100.x");
  });

  test("anything that is not an address is null", () => {
    for (const bad of [null, undefined, "", "unknown", "1.2.3", "256.1.1.1", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "::g"]) {
      expect(coarseIp(bad)).toBeNull();
    }
  });
});
