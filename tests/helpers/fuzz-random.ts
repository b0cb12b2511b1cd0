/**
 * The fuzz suite's randomness: a seeded PRNG (mulberry32) so a failure replays with its seed, and
 * the nasty values it draws from. A value may hold `Raw` JSON text (1e400 parses to Infinity, a
 * 10,000-level nesting), which only `jsonText` writes; JSON.stringify could not.
 */

/** FUZZ_SEED when set (a failure prints it), otherwise a fresh one. */
export const fuzzSeed = (() => {
  const fromEnv = process.env.FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== "") {
    const n = Number(fromEnv);
    if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, got ${fromEnv}`);
    return n >>> 0;
  }
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
})();

/** How many random cases each fuzz loop sends (FUZZ_CASES raises it locally). */
export function fuzzCases(fallback: number): number {
  const n = Number(process.env.FUZZ_CASES);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Its own stream per label, so one loop's draws never shift another's (replay stays exact). */
  static derive(seed: number, label: string): Rng {
    return new Rng(Number(Bun.hash.crc32(`${seed}:${label}`)));
  }
  /** mulberry32: a float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }
  bytes(n: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(0, 15)];
    return s;
  }
}

/** JSON text written as is: non-finite numbers and nestings JSON.stringify cannot make. */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may contain Raw parts. */
export function jsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : jsonText(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`);
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export const deepArray = (levels: number) => new Raw("[".repeat(levels) + "]".repeat(levels));
export const deepObject = (levels: number) => new Raw('{"a":'.repeat(levels) + "1" + "}".repeat(levels));

/** Strings that break naive code: control and NUL bytes, lone surrogates, bidi and zero-width, injection-ish. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202eevil\u202c",
  "\u200b\u200c\u200d\ufeff",
  "שלום עולם",
  "👩‍👩‍👧‍👦🔥",
  "e\u0301\u0301\u0301",
  "\r\n\t\u000b\u001f\u007f",
  "' OR 1=1 --",
  '"; drop table users; --',
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00%2e%2e%2f",
  "__proto__",
  "constructor",
  "NaN",
  "Infinity",
  "-0",
  "1e308",
  "null",
  "true",
  "global",
  "000000000000000000000000",
  "ffffffffffffffffffffffff",
  "FFFFFFFFFFFFFFFFFFFFFFFF",
];

/** Numbers at and past every boundary; the Raw ones are non-finite or beyond double precision once parsed. */
export const NASTY_NUMBERS: readonly unknown[] = [
  0,
  -0,
  -1,
  1,
  1.5,
  -1.5,
  0.1,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  new Raw("1e400"),
  new Raw("-1e400"),
  new Raw("123456789012345678901234567890"),
  new Raw("-0.0"),
  new Raw("1E+2"),
];

/** One character drawn from a mix of ASCII, Cyrillic, CJK, emoji and the troublemakers above. */
export function randomString(rng: Rng, length: number): string {
  const alphabets = ["abcxyz019_-.", "ОленаКоваль", "世界你好", "😀🔥👍", "\u0000\u200b\u202e\ud800\n\t", " "];
  let s = "";
  while (s.length < length) s += rng.pick([...rng.pick(alphabets)]);
  return s.slice(0, length);
}

/** Any JSON-ish value of any type, sometimes huge, deep or non-finite. */
export function anyValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 2 ? 5 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NASTY_NUMBERS);
    case 3:
      return rng.pick(NASTY_STRINGS);
    case 4:
      return randomString(rng, rng.int(0, 40));
    case 5:
      return rng.chance(0.5) ? rng.hex(24) : rng.int(-5, 5);
    case 6:
      return Array.from({ length: rng.int(0, 4) }, () => anyValue(rng, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: rng.int(0, 4) }, () => [rng.pick(["a", "id", "__proto__", "constructor", "chatId", ""]), anyValue(rng, depth + 1)]));
    case 8:
      return rng.pick([deepArray(10_000), deepObject(10_000), deepArray(rng.int(50, 500))]);
    default:
      return rng.chance(0.3) ? "x".repeat(1024 * 1024 + rng.int(0, 10)) : randomString(rng, rng.int(100, 5000));
  }
}
