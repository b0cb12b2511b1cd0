import { describe, expect, test } from "bun:test";
import { clientIdSchema, newClientId } from "./chats.ts";

describe("client ids for messages", () => {
  test("a new client id passes the schema and is different every time", () => {
    const ids = Array.from({ length: 1000 }, () => newClientId());
    for (const id of ids) expect(clientIdSchema.safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("client ids sort by the time they were made, across digit boundaries and for centuries", () => {
    const times = [0, 35, 36, 1_000, 1_763_700_000_000, 1_763_700_000_001, 1_763_700_060_000, 4_102_444_800_000, 60_000_000_000_000];
    const ids = times.map((t) => newClientId(t));
    expect([...ids].sort()).toEqual(ids);
    // Fixed width: the time part never grows into the random part.
    expect(new Set(ids.map((id) => id.indexOf("-"))).size).toBe(1);
  });
});
