import { expect, test } from "bun:test";
import { trimOldest } from "./bounded.ts";

test("over its bound, a set or map loses its oldest entries down to 90 % and keeps the newest", () => {
  const ids = new Set<number>();
  for (let i = 1; i <= 100; i++) ids.add(i);
  trimOldest(ids, 100);
  expect(ids.size).toBe(100);
  ids.add(101);
  trimOldest(ids, 100);
  expect([...ids]).toEqual(Array.from({ length: 90 }, (_, i) => i + 12));

  const recent = new Map([["a", 1], ["b", 2], ["c", 3]]);
  trimOldest(recent, 2);
  expect([...recent.keys()]).toEqual(["c"]);
});
