import { expect, test } from "bun:test";
import { loadedSignal, loadOnce } from "./load-once.ts";

test("a load is shared while pending and after it succeeds; a failed one is tried again at the next call", async () => {
  let calls = 0;
  let fail = true;
  const load = loadOnce(async () => {
    calls++;
    if (fail) throw new Error("offline");
    return "chunk";
  });
  await expect(load()).rejects.toThrow("offline");
  fail = false;
  const [a, b] = [load(), load()];
  expect(a).toBe(b);
  expect(await a).toBe("chunk");
  expect(await load()).toBe("chunk");
  expect(calls).toBe(2);
});

test("a loaded signal is undefined until a load succeeds, then holds the value; a failed load is tried again", async () => {
  let fail = true;
  const Part = () => "part";
  const { value, load } = loadedSignal(async () => {
    if (fail) throw new Error("offline");
    return Part;
  });
  expect(value()).toBeUndefined();
  await expect(load()).rejects.toThrow("offline");
  expect(value()).toBeUndefined();
  fail = false;
  await load();
  // A function is stored as the value, not called as an updater.
  expect(value()).toBe(Part);
});
